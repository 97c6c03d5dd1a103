package io.sftstream.serdes;

import java.util.Objects;

/**
 * One message of a {@link Conversation}, exactly as decoded from the record. The parser's
 * order rules (SPEC section 1) hold for every conversation it returns: user and assistant
 * messages alternate, starting with a user message and ending with an assistant message.
 *
 * <p>SPEC section 9 adds a {@code Tool} message (a tool result) and, on {@link Assistant},
 * tool calls, reasoning and a training weight; they come as new permitted types and new record
 * components, so that every switch over messages has to say what it does with them.
 */
public sealed interface Message permits Message.User, Message.Assistant {

    /** The message text; never null for the current message types. */
    String content();

    /** A user message: a prompt, never trained on. */
    record User(String content) implements Message {
        public User {
            Objects.requireNonNull(content, "content");
        }
    }

    /** An assistant message: a response, trained on. */
    record Assistant(String content) implements Message {
        public Assistant {
            Objects.requireNonNull(content, "content");
        }
    }
}
