package io.sftstream.serdes;

import java.util.List;
import java.util.Objects;

/**
 * A validated conversation: an optional system text and at least one turn, oldest first.
 *
 * @param system the system text, or {@code null} when the record has no system part (absent,
 *               null, empty or whitespace-only system texts all mean "no system part")
 * @param turns  one or more turns; user and assistant texts are never blank
 */
public record Conversation(String system, List<Turn> turns) {

    public Conversation {
        Objects.requireNonNull(turns, "turns");
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a conversation has at least one turn");
        }
        turns = List.copyOf(turns);
    }

    public boolean hasSystem() {
        return system != null;
    }
}
