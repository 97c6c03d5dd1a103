package io.sftstream.topology;

import io.sftstream.serdes.Rejection;
import io.sftstream.tokenize.OutputHeader;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Runs the preprocessing step on each raw record and routes it: accepted records carry the
 * step's output headers ({@link Preprocessor#outputHeaders()}),
 * rejected ones their original value and the error headers. Key, timestamp and the input's own
 * headers are kept. Exceptions propagate to the processing exception handler.
 */
final class PreprocessProcessor implements FixedKeyProcessor<byte[], byte[], Routed> {

    private final Preprocessor preprocessor;
    private final RecordListener listener;
    private FixedKeyProcessorContext<byte[], Routed> context;

    PreprocessProcessor(final Preprocessor preprocessor, final RecordListener listener) {
        this.preprocessor = preprocessor;
        this.listener = listener;
    }

    @Override
    public void init(final FixedKeyProcessorContext<byte[], Routed> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<byte[], byte[]> record) {
        final RecordMetadata source = context.recordMetadata().orElse(null);
        final String topic = source == null ? "unknown" : source.topic();
        final int partition = source == null ? -1 : source.partition();
        final long offset = source == null ? -1 : source.offset();
        final long started = System.nanoTime();
        final Outcome outcome = preprocessor.process(record.value(),
                topic + "-" + partition + "-" + offset);
        listener.processed(outcome, System.nanoTime() - started);
        final Headers headers = record.headers();
        if (outcome instanceof Outcome.Accepted accepted) {
            for (final OutputHeader header : preprocessor.outputHeaders()) {
                DeadLetters.put(headers, header.name(), header.value());
            }
            context.forward(record.withValue(new Routed.ToOutput(accepted.record())));
        } else {
            final Rejection rejection = ((Outcome.Rejected) outcome).rejection();
            DeadLetters.addErrorHeaders(headers, rejection.reason(), rejection.message(), topic,
                    partition, offset);
            context.forward(record.withValue(new Routed.ToDlq(record.value(), rejection.reason())));
        }
    }
}
