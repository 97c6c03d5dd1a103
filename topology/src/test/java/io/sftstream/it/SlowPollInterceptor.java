package io.sftstream.it;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes every non-empty poll of a consumer take 15 ms longer, so that an export of a small data
 * set runs long enough to be killed in the middle. Configured with
 * {@code --kafka interceptor.classes=io.sftstream.it.SlowPollInterceptor}.
 */
public final class SlowPollInterceptor implements ConsumerInterceptor<byte[], byte[]> {

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(final ConsumerRecords<byte[], byte[]> r) {
        if (!r.isEmpty()) {
            try {
                Thread.sleep(15);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return r;
    }

    @Override
    public void onCommit(final Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(final Map<String, ?> configs) {
    }
}
