package io.sftstream.tokenize;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.TrainingRecord;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a built-in template's {@link Segment segments} into a training record: each text
 * segment encoded on its own, special ids placed as they are, then the truncation rule and the
 * label rule of SPEC section 4. Stateless apart from the tokenizer it encodes with (which it
 * does not own); thread-safe.
 */
final class SegmentEncoder {

    private final TokenizerBundle tokenizer;

    SegmentEncoder(final TokenizerBundle tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * The record of the segments, or its {@code TOO_LONG} rejection.
     *
     * @param silenced per segment, true for a response segment whose message is not trained
     *                 ({@code "weight": 0}, {@code --train-turns last})
     */
    Outcome encode(final List<Segment> segments, final boolean[] silenced, final String id,
                   final SequenceLimits limits) {
        final int[][] encoded = encodeEach(segments);
        final int lastResponse = lastResponse(segments);
        final int total = length(encoded, encoded.length);
        Cut cut = new Cut(encoded.length, -1, total, false);
        if (limits.exceeded(total)) {
            if (limits.overlong() == Overlong.REJECT) {
                return tooLong("sequence is " + total + " tokens, longer than max.tokens="
                        + limits.maxTokens());
            }
            cut = truncate(encoded, lastResponse, limits.maxTokens());
            if (cut == null) {
                return tooLong("sequence is " + total + " tokens and everything before the last "
                        + "response already takes " + length(encoded, lastResponse) + " of "
                        + "max.tokens=" + limits.maxTokens() + ", so not one response token fits");
            }
        }
        return new Outcome.Accepted(label(segments, silenced, encoded, lastResponse, cut, id,
                limits.trainOnPrompt()));
    }

    /**
     * The truncation rule: keep everything before the last response and as many of its tokens
     * as fit, without its end-of-turn id (the response did not end).
     *
     * @return null when not one token of the last response fits
     */
    static Cut truncate(final int[][] encoded, final int lastResponse, final int maxTokens) {
        final int prefix = length(encoded, lastResponse);
        final int room = maxTokens - prefix;
        if (room < 1) {
            return null;
        }
        final int keepOfLast = Math.min(room, encoded[lastResponse].length);
        return new Cut(lastResponse + 1, keepOfLast, prefix + keepOfLast, true);
    }

    /**
     * The label rule: a position is trained when its segment is on the response side (response
     * texts and their end-of-turn ids), or on every position with {@code train.on.prompt}.
     */
    static boolean trained(final Segment segment, final boolean trainOnPrompt) {
        return trainOnPrompt || segment.trained();
    }

    private TrainingRecord label(final List<Segment> segments, final boolean[] silenced,
                                 final int[][] encoded,
                                 final int lastResponse, final Cut cut, final String id,
                                 final boolean trainOnPrompt) {
        final int[] ids = new int[cut.total()];
        final int[] labels = new int[cut.total()];
        int pos = 0;
        int trainedCount = 0;
        for (int i = 0; i < cut.segments(); i++) {
            final int[] part = encoded[i];
            final int n = i == lastResponse && cut.ofLast() >= 0 ? cut.ofLast() : part.length;
            System.arraycopy(part, 0, ids, pos, n);
            if (trainOnPrompt || trained(segments.get(i), false) && !silenced[i]) {
                System.arraycopy(part, 0, labels, pos, n);
                trainedCount += n;
            } else {
                Arrays.fill(labels, pos, pos + n, TrainingRecord.IGNORE_INDEX);
            }
            pos += n;
        }
        return new TrainingRecord(id, ids, labels, trainedCount, cut.truncated());
    }

    private int[][] encodeEach(final List<Segment> segments) {
        final int[][] encoded = new int[segments.size()][];
        for (int i = 0; i < encoded.length; i++) {
            final Segment segment = segments.get(i);
            if (segment instanceof Segment.Text text) {
                encoded[i] = tokenizer.encode(text.text());
            } else if (segment instanceof Segment.SpecialId special) {
                encoded[i] = new int[] {special.id()};
            }
        }
        return encoded;
    }

    private static int lastResponse(final List<Segment> segments) {
        int last = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i) instanceof Segment.Text text && text.trained()) {
                last = i;
            }
        }
        return last;
    }

    /** The number of tokens of the first {@code count} segments. */
    private static int length(final int[][] encoded, final int count) {
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += encoded[i].length;
        }
        return total;
    }

    private static Outcome tooLong(final String message) {
        return new Outcome.Rejected(Rejection.of(Reason.TOO_LONG, message));
    }

    /**
     * How much of the sequence is kept: the first {@code segments} segments, of the last
     * response only {@code ofLast} tokens when that is not -1, {@code total} tokens in all.
     */
    record Cut(int segments, int ofLast, int total, boolean truncated) {
    }
}
