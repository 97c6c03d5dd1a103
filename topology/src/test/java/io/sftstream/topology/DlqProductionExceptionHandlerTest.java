package io.sftstream.topology;

import io.sftstream.topology.stats.StatsCounts;
import io.sftstream.topology.stats.StatsPartials;
import io.sftstream.topology.stats.TallyHandoff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordJson;
import io.sftstream.tokenize.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DlqProductionExceptionHandlerTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RAW = "{\"prompt\":\"p\",\"response\":\"r\"}"
            .getBytes(StandardCharsets.UTF_8);

    /** The context Kafka Streams hands the handler for a record read from raw-3@77. */
    private static ErrorHandlerContext context() {
        final Headers headers = new RecordHeaders().add("origin", "x".getBytes(StandardCharsets.UTF_8));
        return new ErrorHandlerContext() {
            public String topic() {
                return "raw";
            }

            public int partition() {
                return 3;
            }

            public long offset() {
                return 77;
            }

            public Headers headers() {
                return headers;
            }

            public String processorNodeId() {
                return SftTopology.OUTPUT_SINK;
            }

            public TaskId taskId() {
                return new TaskId(0, 3);
            }

            public long timestamp() {
                return 123L;
            }

            public byte[] sourceRawKey() {
                return KEY;
            }

            public byte[] sourceRawValue() {
                return RAW;
            }
        };
    }

    private static DlqProductionExceptionHandler handler() {
        final DlqProductionExceptionHandler handler = new DlqProductionExceptionHandler();
        handler.configure(Map.of(DlqProcessingExceptionHandler.DLQ_TOPIC_CONFIG, "raw-dlq"));
        return handler;
    }

    private static String header(final Headers headers, final String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldSendSourceOfRefusedOutputToDlqAndResume() {
        final ProducerRecord<byte[], byte[]> tooLarge = new ProducerRecord<>("tokens", KEY,
                new byte[10]);
        final ProductionExceptionHandler.Response response = handler().handleError(context(),
                tooLarge, new RecordTooLargeException("The message is 2000000 bytes"));
        assertEquals(ProductionExceptionHandler.Result.RESUME, response.result());
        final List<ProducerRecord<byte[], byte[]>> dead = response.deadLetterQueueRecords();
        assertEquals(1, dead.size());
        final ProducerRecord<byte[], byte[]> record = dead.get(0);
        assertEquals("raw-dlq", record.topic());
        assertArrayEquals(KEY, record.key());
        assertArrayEquals(RAW, record.value());
        assertEquals(123L, record.timestamp());
        assertEquals("PROCESSING_ERROR", header(record.headers(), SftHeaders.ERROR_REASON));
        assertEquals("the broker refused the output record: "
                + "org.apache.kafka.common.errors.RecordTooLargeException: The message is "
                + "2000000 bytes", header(record.headers(), SftHeaders.ERROR_MESSAGE));
        assertEquals("raw", header(record.headers(), SftHeaders.ERROR_TOPIC));
        assertEquals("3", header(record.headers(), SftHeaders.ERROR_PARTITION));
        assertEquals("77", header(record.headers(), SftHeaders.ERROR_OFFSET));
        assertEquals("x", header(record.headers(), "origin"));
    }

    @Test
    void shouldRetryRetriableErrorsAndFailWhenTheDlqItselfRefuses() {
        assertEquals(ProductionExceptionHandler.Result.RETRY, handler().handleError(context(),
                new ProducerRecord<>("tokens", KEY, RAW), new NotEnoughReplicasException("x"))
                .result());
        final ProductionExceptionHandler.Response dlqRefused = handler().handleError(context(),
                new ProducerRecord<>("raw-dlq", KEY, RAW), new RecordTooLargeException("big"));
        assertEquals(ProductionExceptionHandler.Result.FAIL, dlqRefused.result());
        assertTrue(dlqRefused.deadLetterQueueRecords().isEmpty());
    }

    @Test
    void shouldMoveARefusedOutputRecordFromAcceptedToProcessingErrorInMetricsAndStats() {
        final List<Reason> reported = new ArrayList<>();
        final RecordListener listener = new RecordListener() {
            @Override
            public void processed(final Outcome outcome, final long n) {
            }

            @Override
            public void deadLettered(final Reason reason) {
                reported.add(reason);
            }
        };
        final DlqProductionExceptionHandler handler = new DlqProductionExceptionHandler();
        handler.configure(Map.of(DlqProcessingExceptionHandler.DLQ_TOPIC_CONFIG, "raw-dlq",
                StreamsConfigs.METRICS_CONFIG, listener,
                StatsPartials.STATS_TOPIC_CONFIG, "tokens-stats",
                "application.id", "app"));
        final TrainingRecord output = new TrainingRecord(
                "a", new int[] {1, 2, 3, 4}, new int[] {-100, -100, 3, 4}, 2, false);
        final byte[] json = TrainingRecordJson.write(output);
        // Reported on the producer's I/O thread, after the tally counted the record as accepted.
        final ProductionExceptionHandler.Response response = handler.handleError(context(),
                new ProducerRecord<>("tokens", KEY, json), new RecordTooLargeException("big"));
        assertEquals(ProductionExceptionHandler.Result.RESUME, response.result());
        final List<ProducerRecord<byte[], byte[]>> records = response.deadLetterQueueRecords();
        assertEquals(2, records.size());
        assertEquals("raw-dlq", records.get(0).topic());
        final ProducerRecord<byte[], byte[]> correction = records.get(1);
        assertEquals("app-sftstream-stats-partials-repartition", correction.topic());
        assertEquals(0, correction.partition());
        assertEquals(StatsPartials.UNLABELLED, StatsPartials.windowOf(correction.key()));
        final StatsCounts counts = StatsCounts.fromBytes(correction.value());
        assertEquals(-1, counts.accepted());
        assertEquals(-4, counts.tokens());
        assertEquals(-2, counts.trainedTokens());
        assertEquals(1, counts.rejected(Reason.PROCESSING_ERROR));
        assertEquals(0, counts.records());
        assertEquals(List.of(Reason.PROCESSING_ERROR), reported);

        // During the tally's forward the tally counts it: no correction record.
        TallyHandoff.enter();
        final ProductionExceptionHandler.Response claimed = handler.handleError(context(),
                new ProducerRecord<>("tokens", KEY, json), new RecordTooLargeException("big"));
        assertTrue(TallyHandoff.exit());
        assertEquals(1, claimed.deadLetterQueueRecords().size());

        for (final String statsFlow : List.of("tokens-stats",
                "app-sftstream-stats-partials-repartition",
                "app-sftstream-stats-task-counts-changelog")) {
            assertEquals(ProductionExceptionHandler.Result.FAIL, handler.handleError(context(),
                    new ProducerRecord<>(statsFlow, KEY, RAW), new RecordTooLargeException("x"))
                    .result(), statsFlow);
        }
    }
}
