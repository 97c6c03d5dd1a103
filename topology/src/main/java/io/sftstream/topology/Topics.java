package io.sftstream.topology;

import java.util.Objects;

/**
 * The three topics of the app. Keys are any bytes (or null) and pass through unchanged.
 *
 * @param input  raw record values: UTF-8 JSON objects in one of the four input shapes
 * @param output training records ({@code output.format} json or binary), same key as the input
 * @param dlq    rejected records: the original key, value, headers and timestamp, plus the
 *               {@code sftstream.error.*} and {@code __streams.errors.*} headers
 */
public record Topics(String input, String output, String dlq) {

    public Topics {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(dlq, "dlq");
        if (input.equals(output) || input.equals(dlq) || output.equals(dlq)) {
            throw new IllegalArgumentException("the input, output and DLQ topics must be three "
                    + "different topics, not " + input + ", " + output + ", " + dlq);
        }
    }
}
