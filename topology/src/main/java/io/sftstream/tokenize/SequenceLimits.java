package io.sftstream.tokenize;

import java.util.Objects;

/**
 * The settings that decide how a sequence ends up: {@code max.tokens} (a sequence of exactly
 * that many tokens fits), {@code overlong} and {@code train.on.prompt}.
 */
public record SequenceLimits(int maxTokens, Overlong overlong, boolean trainOnPrompt) {

    public SequenceLimits {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max.tokens must be at least 1, not " + maxTokens);
        }
        Objects.requireNonNull(overlong, "overlong");
    }

    /** Whether a sequence of this many tokens is longer than allowed. */
    public boolean exceeded(final int tokens) {
        return tokens > maxTokens;
    }
}
