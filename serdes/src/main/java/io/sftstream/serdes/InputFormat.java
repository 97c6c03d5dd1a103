package io.sftstream.serdes;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The input shapes of a record value; {@link #AUTO} detects the shape from the fields. */
public enum InputFormat {
    AUTO("auto"),
    ALPACA("alpaca"),
    PROMPT_RESPONSE("prompt-response"),
    MESSAGES("messages"),
    SHAREGPT("sharegpt");

    private final String cliName;

    InputFormat(final String cliName) {
        this.cliName = cliName;
    }

    /** The name used in settings ({@code --input-format}, {@code SFTSTREAM_INPUT_FORMAT}). */
    public String cliName() {
        return cliName;
    }

    /** Parses a settings value; throws {@link IllegalArgumentException} with the allowed names. */
    public static InputFormat fromCliName(final String name) {
        for (final InputFormat format : values()) {
            if (format.cliName.equals(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("input format '" + name + "' is not one of "
                + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(InputFormat::cliName)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
