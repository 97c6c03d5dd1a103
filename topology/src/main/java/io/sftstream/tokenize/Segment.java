package io.sftstream.tokenize;

import java.util.Objects;

/**
 * One piece of a templated conversation, in sequence order: either a text that is encoded on its
 * own with {@code add_special_tokens=false}, or a special token inserted by id. {@code trained}
 * is true on the response side (response texts and their end-of-turn ids) and false on the
 * prompt side (BOS, system part, prompt segments).
 */
public sealed interface Segment permits Segment.Text, Segment.SpecialId {

    /** Whether the positions of this segment are response positions (labels = ids). */
    boolean trained();

    /** A text to encode on its own. */
    record Text(String text, boolean trained) implements Segment {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A special token placed by its id, never by text. */
    record SpecialId(int id, boolean trained) implements Segment {
    }
}
