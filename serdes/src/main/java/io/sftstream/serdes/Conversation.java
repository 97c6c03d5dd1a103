package io.sftstream.serdes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A validated conversation: an optional system text and its messages, oldest first.
 *
 * <p>The parser returns only conversations whose messages alternate user, assistant, user, ...
 * and end with an assistant message; a user message and the assistant message after it form one
 * <em>turn</em>. SPEC section 9 adds record-level tools as a further component.
 *
 * @param system   the system text, or {@code null} when the record has no system part (absent,
 *                 null, empty or whitespace-only system texts all mean "no system part")
 * @param messages one or more messages; user and assistant texts are never blank
 */
public record Conversation(String system, List<Message> messages) {

    public Conversation {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a conversation has at least one message");
        }
        messages = List.copyOf(messages);
    }

    /**
     * A conversation of alternating user and assistant texts.
     *
     * @param system         the system text or null
     * @param userAssistant  user text, assistant text, user text, ... (an even number)
     */
    public static Conversation ofTurns(final String system, final String... userAssistant) {
        if (userAssistant.length == 0 || userAssistant.length % 2 != 0) {
            throw new IllegalArgumentException("pass user and assistant texts in pairs");
        }
        final List<Message> messages = new ArrayList<>(userAssistant.length);
        for (int i = 0; i < userAssistant.length; i += 2) {
            messages.add(new Message.User(userAssistant[i]));
            messages.add(new Message.Assistant(userAssistant[i + 1]));
        }
        return new Conversation(system, messages);
    }

    public boolean hasSystem() {
        return system != null;
    }

    /** The number of user messages, which is the number of turns. */
    public int turnCount() {
        int count = 0;
        for (final Message message : messages) {
            if (message instanceof Message.User) {
                count++;
            }
        }
        return count;
    }
}
