package io.sftstream.bench;

import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.ParseResult;
import io.sftstream.serdes.ParsedRecord;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordJson;
import io.sftstream.tokenize.BuiltinTemplate;
import io.sftstream.tokenize.ModelTemplate;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one data set means for one preprocessing configuration, worked out once before anything
 * is timed: the text segments that the template makes of every accepted record (what the limit
 * encodes), how many records are accepted and rejected (by reason), and how many tokens the
 * accepted records hold.
 *
 * @param data             the records
 * @param segments         per accepted record, its text segments in order (null for rejected)
 * @param accepted         accepted records
 * @param rejected         rejected records by reason
 * @param outputTokens     sum of {@code num_tokens} over the accepted records
 * @param segmentTokens    ids that encoding the text segments gives (output tokens minus the
 *                         BOS and end-of-turn ids the template places by id)
 * @param promptTokens     per accepted record, its prompt positions (sorted)
 * @param responseTokens   per accepted record, its trained positions (sorted)
 * @param outputJsonBytes  total size of the accepted records' JSON
 */
record Workload(DataSet data, String[][] segments, int accepted, Map<Reason, Integer> rejected,
                long outputTokens, long segmentTokens, int[] promptTokens, int[] responseTokens,
                long outputJsonBytes) {

    /** Works it out on {@code threads} threads (the step runs once over every record). */
    static Workload of(final DataSet data, final Preprocessor preprocessor, final int threads)
            throws InterruptedException {
        final BuiltinTemplate builtin = preprocessor.template() instanceof BuiltinTemplate b
                ? b : null;
        final ModelTemplate model = preprocessor.template() instanceof ModelTemplate m ? m : null;
        if (builtin == null && model == null) {
            throw new IllegalArgumentException("no stage figures for template "
                    + preprocessor.template().name());
        }
        final int n = data.size();
        final String[][] segments = new String[n][];
        final Reason[] reasons = new Reason[n];
        final int[] prompt = new int[n];
        final int[] response = new int[n];
        final int[] specialIds = new int[n];
        final int[] jsonBytes = new int[n];
        Parallel.run(threads, n, 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                final byte[] value = data.values().get(i);
                final Outcome outcome = preprocessor.process(value, "bench-0-" + i);
                if (outcome instanceof Outcome.Rejected r) {
                    reasons[i] = r.rejection().reason();
                    continue;
                }
                final TrainingRecord record = ((Outcome.Accepted) outcome).record();
                jsonBytes[i] = TrainingRecordJson.write(record).length;
                prompt[i] = record.numTokens() - record.numTrainedTokens();
                response[i] = record.numTrainedTokens();
                final ParseResult parsed = preprocessor.parser().parse(value);
                final Conversation conversation = ((ParsedRecord) parsed).conversation();
                if (model != null) {
                    // The limit of a chat template: encoding the rendering R in one piece.
                    segments[i] = new String[] {model.render(conversation)};
                    continue;
                }
                final List<String> texts = new ArrayList<>();
                for (final Segment segment : builtin.segments(conversation)) {
                    if (segment instanceof Segment.Text text) {
                        texts.add(text.text());
                    } else {
                        specialIds[i]++;
                    }
                }
                segments[i] = texts.toArray(new String[0]);
            }
            return 0;
        });
        final Map<Reason, Integer> rejected = new EnumMap<>(Reason.class);
        final List<Integer> prompts = new ArrayList<>();
        final List<Integer> responses = new ArrayList<>();
        int accepted = 0;
        long tokens = 0;
        long segmentTokens = 0;
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            if (reasons[i] != null) {
                rejected.merge(reasons[i], 1, Integer::sum);
                continue;
            }
            accepted++;
            tokens += prompt[i] + response[i];
            segmentTokens += prompt[i] + response[i] - specialIds[i];
            bytes += jsonBytes[i];
            prompts.add(prompt[i]);
            responses.add(response[i]);
        }
        return new Workload(data, segments, accepted, rejected, tokens, segmentTokens,
                sorted(prompts), sorted(responses), bytes);
    }

    int records() {
        return data.size();
    }

    int rejectedTotal() {
        return rejected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The value at quantile q (0..1) of a sorted array. */
    static int quantile(final int[] sorted, final double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    private static int[] sorted(final List<Integer> values) {
        final int[] out = values.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
    }
}
