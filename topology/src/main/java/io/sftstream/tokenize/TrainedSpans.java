package io.sftstream.tokenize;

import java.util.List;
import java.util.Objects;

/**
 * The trained character spans of a rendered chat template (SPEC section 8, "Trained
 * positions"), found on the rendered strings alone, before anything is encoded.
 *
 * <p>For the assistant message at index {@code i}: {@code H_i} (the conversation before it,
 * rendered without a generation prompt) must be a prefix of the full rendering {@code R}; the span
 * starts at {@code s_i}, the length of the longest common prefix of {@code G_i} (rendered with a
 * generation prompt) and {@code R}, which must be at least {@code len(H_i)}; it ends at
 * {@code e_i}, the end of the first occurrence of the end-of-turn token's content at or after
 * {@code s_i}, which must come no later than the next message's {@code s_{i+1}}. Offsets count
 * Unicode code points, the unit of the tokenizer's offsets.
 */
public final class TrainedSpans {

    /**
     * What the template rendered for one assistant message.
     *
     * @param messageIndex     the message's index in {@code messages}, for messages
     * @param generationPrompt {@code G_i = render(messages[:i], true)}
     * @param history          {@code H_i = render(messages[:i], false)}
     */
    public record Prompt(int messageIndex, String generationPrompt, String history) {
        public Prompt {
            Objects.requireNonNull(generationPrompt, "generationPrompt");
            Objects.requireNonNull(history, "history");
        }
    }

    /** The spans, or why the rendering cannot be labelled. */
    public sealed interface Result permits Spans, Invalid {
    }

    /**
     * One span per assistant message, in message order: {@code [starts[k], ends[k])} in code
     * points of {@code R}, non-overlapping and ascending.
     */
    public record Spans(int[] starts, int[] ends) implements Result {
        public int size() {
            return starts.length;
        }
    }

    /** The rendering breaks a rule of section 8; the message says which, for the DLQ. */
    public record Invalid(String message) implements Result {
    }

    private TrainedSpans() {
    }

    /**
     * Finds the spans.
     *
     * @param rendered  {@code R = render(messages, false)}
     * @param prompts   one entry per assistant message, in message order
     * @param endOfTurn the content of the end-of-turn token
     */
    public static Result find(final String rendered, final List<Prompt> prompts,
                              final String endOfTurn) {
        final int n = prompts.size();
        final int[] starts = new int[n];
        final int[] ends = new int[n];
        final int[] charStarts = new int[n];
        for (int k = 0; k < n; k++) {
            final Prompt prompt = prompts.get(k);
            final String where = "messages[" + prompt.messageIndex() + "]";
            final String history = prompt.history();
            if (!rendered.startsWith(history)) {
                return new Invalid("the chat template renders the conversation before the "
                        + "assistant message " + where + " differently from the start of the "
                        + "whole conversation, so its trained span cannot be found");
            }
            final int start = commonPrefix(prompt.generationPrompt(), rendered);
            if (start < history.length()) {
                return new Invalid("the chat template's generation prompt for " + where
                        + " departs from the rendered conversation before the message begins");
            }
            charStarts[k] = start;
        }
        int codePoints = 0;
        int scanned = 0;
        for (int k = 0; k < n; k++) {
            final String where = "messages[" + prompts.get(k).messageIndex() + "]";
            final int start = charStarts[k];
            final int found = rendered.indexOf(endOfTurn, start);
            final int end = found < 0 ? -1 : found + endOfTurn.length();
            if (found < 0 || k + 1 < n && end > charStarts[k + 1]) {
                return new Invalid("no end-of-turn \"" + endOfTurn + "\" follows the assistant "
                        + "message " + where);
            }
            codePoints += rendered.codePointCount(scanned, start);
            starts[k] = codePoints;
            codePoints += rendered.codePointCount(start, end);
            ends[k] = codePoints;
            scanned = end;
        }
        return new Spans(starts, ends);
    }

    /** The length in chars of the longest common prefix, never ending inside a surrogate pair. */
    static int commonPrefix(final String a, final String b) {
        final int limit = Math.min(a.length(), b.length());
        int i = 0;
        while (i < limit && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i > 0 && i < limit && Character.isHighSurrogate(a.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
