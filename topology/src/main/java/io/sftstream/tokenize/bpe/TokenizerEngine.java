package io.sftstream.tokenize.bpe;

import java.util.Locale;
import java.util.Optional;

/**
 * Which implementation encodes text: {@link #JAVA} (the pure-Java {@link ByteLevelBpe}), {@link
 * #DJL} (the HuggingFace tokenizers library through DJL) or {@link #AUTO} (Java when the
 * tokenizer's whole pipeline is one it implements, else DJL). Both give the same ids.
 */
public enum TokenizerEngine {
    AUTO, JAVA, DJL;

    /** The engine of a setting value ({@code auto}, {@code java}, {@code djl}; any case). */
    public static TokenizerEngine parse(final String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("tokenizer engine '" + value
                    + "' is not one of auto, java, djl", e);
        }
    }

    /**
     * The engine that runs for a tokenizer, with the reason, given what the Java encoder found
     * unsupported in its pipeline (empty when nothing).
     *
     * @throws UnsupportedPipelineException when this is {@link #JAVA} and the pipeline has a
     *                                      part the Java encoder does not implement
     */
    public Choice choose(final Optional<String> unsupportedPart) {
        return switch (this) {
            case DJL -> new Choice(DJL, "djl was asked for");
            case JAVA -> {
                if (unsupportedPart.isPresent()) {
                    throw new UnsupportedPipelineException(unsupportedPart.get());
                }
                yield new Choice(JAVA, "java was asked for; the pipeline is byte-level BPE");
            }
            case AUTO -> unsupportedPart
                    .map(part -> new Choice(DJL, "auto: the Java encoder does not implement "
                            + part))
                    .orElseGet(() -> new Choice(JAVA, "auto: the whole pipeline is byte-level "
                            + "BPE that the Java encoder implements"));
        };
    }

    /** The value as a setting spells it. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A resolved choice.
     *
     * @param engine {@link #JAVA} or {@link #DJL}
     * @param reason why, for the startup log
     */
    public record Choice(TokenizerEngine engine, String reason) {
    }
}
