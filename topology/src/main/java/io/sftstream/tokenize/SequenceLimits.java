package io.sftstream.tokenize;

import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.Message;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.Rejection;
import java.util.List;
import java.util.Objects;

/**
 * The settings that decide how a sequence ends up: {@code max.tokens} (a sequence of exactly
 * that many tokens fits), {@code overlong}, {@code train.on.prompt} and {@code train.turns}
 * ({@code lastTurnOnly}: only the last assistant message is trained, SPEC section 9).
 */
public record SequenceLimits(int maxTokens, Overlong overlong, boolean trainOnPrompt,
                             boolean lastTurnOnly) {

    /** Every assistant message trained ({@code --train-turns all}). */
    public SequenceLimits(final int maxTokens, final Overlong overlong,
                          final boolean trainOnPrompt) {
        this(maxTokens, overlong, trainOnPrompt, false);
    }

    public SequenceLimits {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max.tokens must be at least 1, not " + maxTokens);
        }
        Objects.requireNonNull(overlong, "overlong");
    }

    /**
     * Which assistant messages are trained: those without {@code "weight": 0}, and with
     * {@code lastTurnOnly} only the last one.
     *
     * @return per assistant message, in order, whether it is trained
     */
    public boolean[] trainedMessages(final Conversation conversation) {
        final List<Message> messages = conversation.messages();
        int count = 0;
        for (final Message message : messages) {
            if (message instanceof Message.Assistant) {
                count++;
            }
        }
        final boolean[] trained = new boolean[count];
        int k = 0;
        for (final Message message : messages) {
            if (message instanceof Message.Assistant assistant) {
                trained[k] = assistant.trained() && (!lastTurnOnly || k == count - 1);
                k++;
            }
        }
        return trained;
    }

    /**
     * The rejection of a conversation in which no position is trained (every assistant message
     * that could be trained has weight 0), or null. With {@code train.on.prompt} every
     * position is trained.
     */
    public Rejection untrained(final boolean[] trainedMessages) {
        if (trainOnPrompt) {
            return null;
        }
        for (final boolean trained : trainedMessages) {
            if (trained) {
                return null;
            }
        }
        return Rejection.of(Reason.BAD_CONVERSATION, "no position of the record is trained "
                + "(every assistant message that could be trained has weight 0)");
    }

    /** Whether a sequence of this many tokens is longer than allowed. */
    public boolean exceeded(final int tokens) {
        return tokens > maxTokens;
    }
}
