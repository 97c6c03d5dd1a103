package io.sftstream.topology;

import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Runs the preprocessing step on each raw record and routes it: accepted records carry the
 * output headers ({@code sftstream.tokenizer}, {@code sftstream.template}, {@code sftstream.eos.id}),
 * rejected ones their original value and the error headers. Key, timestamp and the input's own
 * headers are kept. Exceptions propagate to the processing exception handler.
 */
final class PreprocessProcessor implements FixedKeyProcessor<byte[], byte[], Routed> {

    private final Preprocessor preprocessor;
    private final RecordListener listener;
    private final String templateName;
    private final String eosId;
    private FixedKeyProcessorContext<byte[], Routed> context;

    PreprocessProcessor(final Preprocessor preprocessor, final RecordListener listener) {
        this.preprocessor = preprocessor;
        this.listener = listener;
        this.templateName = preprocessor.template().name().cliName();
        this.eosId = Integer.toString(preprocessor.template().endOfTurnId());
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
            DeadLetters.put(headers, SftHeaders.TOKENIZER, preprocessor.tokenizer().sha256Hex());
            DeadLetters.put(headers, SftHeaders.TEMPLATE, templateName);
            DeadLetters.put(headers, SftHeaders.EOS_ID, eosId);
            context.forward(record.withValue(new Routed.ToOutput(accepted.record())));
        } else {
            final Rejection rejection = ((Outcome.Rejected) outcome).rejection();
            DeadLetters.addErrorHeaders(headers, rejection.reason(), rejection.message(), topic,
                    partition, offset);
            context.forward(record.withValue(new Routed.ToDlq(record.value(), rejection.reason())));
        }
    }
}
