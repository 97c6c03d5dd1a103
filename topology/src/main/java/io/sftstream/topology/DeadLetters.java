package io.sftstream.topology;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.SftHeaders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds dead-letter records and their headers. A DLQ record keeps the original key, value,
 * headers and timestamp, and gets {@code sftstream.error.reason}, {@code sftstream.error.message}
 * and {@code __streams.errors.topic/partition/offset} (UTF-8 strings). A dead letter for an
 * exception ({@link #forException}) also gets {@code __streams.errors.exception}, {@code .message}
 * and {@code .stacktrace}, as Kafka Streams' own dead-letter records do; a record rejected for its
 * data carries none of those three. Headers of those names that the input already carried are
 * replaced or removed, so each appears at most once.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** Adds the error headers to {@code headers} in place. */
    public static Headers addErrorHeaders(final Headers headers, final Reason reason,
                                          final String message, final String topic,
                                          final int partition, final long offset) {
        put(headers, SftHeaders.ERROR_REASON, reason.name());
        put(headers, SftHeaders.ERROR_MESSAGE, oneLine(message));
        put(headers, SftHeaders.ERROR_TOPIC, topic == null ? "" : topic);
        put(headers, SftHeaders.ERROR_PARTITION, Integer.toString(partition));
        put(headers, SftHeaders.ERROR_OFFSET, Long.toString(offset));
        // Only an exception has these; forException adds them back.
        headers.remove(SftHeaders.ERROR_EXCEPTION);
        headers.remove(SftHeaders.ERROR_EXCEPTION_MESSAGE);
        headers.remove(SftHeaders.ERROR_STACKTRACE);
        return headers;
    }

    /**
     * Adds the three headers Kafka Streams writes for an exception: its class name, its message
     * (a header without a value when the message is null) and its stack trace as
     * {@link Throwable#printStackTrace()} prints it.
     */
    static void addExceptionHeaders(final Headers headers, final Exception exception) {
        put(headers, SftHeaders.ERROR_EXCEPTION, exception.getClass().getName());
        headers.remove(SftHeaders.ERROR_EXCEPTION_MESSAGE);
        headers.add(SftHeaders.ERROR_EXCEPTION_MESSAGE, exception.getMessage() == null ? null
                : exception.getMessage().getBytes(StandardCharsets.UTF_8));
        final StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            exception.printStackTrace(writer);
        }
        put(headers, SftHeaders.ERROR_STACKTRACE, trace.toString());
    }

    /**
     * A DLQ record for a failure reported through Kafka Streams' exception-handler API: the raw
     * source key and value from {@code context}, reason {@code PROCESSING_ERROR}, the
     * exception's class and message in {@code sftstream.error.message}, and the three
     * {@code __streams.errors.*} exception headers.
     */
    public static ProducerRecord<byte[], byte[]> forException(final String dlqTopic,
                                                              final ErrorHandlerContext context,
                                                              final String what,
                                                              final Exception exception) {
        final Headers headers = new RecordHeaders(context.headers().toArray());
        final Rejection rejection = Rejection.processingError(exception);
        addErrorHeaders(headers, rejection.reason(), what + rejection.message(), context.topic(),
                context.partition(), context.offset());
        addExceptionHeaders(headers, exception);
        return new ProducerRecord<>(dlqTopic, null, context.timestamp(), context.sourceRawKey(),
                context.sourceRawValue(), headers);
    }

    /** Replaces every header named {@code name} with one holding {@code value}. */
    static void put(final Headers headers, final String name, final String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Header values stay on one line, so that line-based tools can print them. */
    static String oneLine(final String message) {
        return message == null ? "null" : message.replace("\r\n", " ").replace('\n', ' ')
                .replace('\r', ' ');
    }
}
