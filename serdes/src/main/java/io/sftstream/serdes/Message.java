package io.sftstream.serdes;

import java.util.List;
import java.util.Objects;

/**
 * One message of a {@link Conversation}, exactly as decoded from the record (content given as a
 * list of text parts is joined into one string). The parser's order rules hold for every
 * conversation it returns (SPEC sections 1 and 9): a user message first, an assistant message
 * after each user message, one or more tool results after an assistant message that calls tools,
 * and an assistant message without tool calls at the end.
 */
public sealed interface Message permits Message.User, Message.Assistant, Message.Tool {

    /** The message text; null only for an assistant message that calls tools without one. */
    String content();

    /** A user message: a prompt, never trained on. */
    record User(String content) implements Message {
        public User {
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * An assistant message: a response, trained on unless its {@code weight} is 0.
     *
     * @param content   the text; null when the record has none (absent or null, allowed only
     *                  with tool calls)
     * @param toolCalls the tool calls, in order; empty when the message calls no tool
     * @param reasoning the {@code reasoning_content}, or null when absent
     * @param trained   false when the record gives {@code "weight": 0}
     */
    record Assistant(String content, List<ToolCall> toolCalls, String reasoning, boolean trained)
            implements Message {
        public Assistant {
            toolCalls = List.copyOf(toolCalls);
            if (content == null && toolCalls.isEmpty()) {
                throw new IllegalArgumentException("an assistant message without tool calls "
                        + "has a text");
            }
        }

        /** A plain, trained answer. */
        public Assistant(final String content) {
            this(Objects.requireNonNull(content, "content"), List.of(), null, true);
        }

        public boolean callsTools() {
            return !toolCalls.isEmpty();
        }
    }

    /**
     * A tool result, never trained on.
     *
     * @param toolCallId the {@code tool_call_id}, or null
     * @param name       the {@code name}, or null
     */
    record Tool(String content, String toolCallId, String name) implements Message {
        public Tool {
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * One call of an assistant message's {@code tool_calls}.
     *
     * @param id        the call's {@code id}, or null
     * @param name      {@code function.name}
     * @param arguments {@code function.arguments}: a JSON text, or the texts (keys and string
     *                  values, in order) of an arguments object, for the special-token check
     */
    record ToolCall(String id, String name, List<String> arguments) {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            arguments = List.copyOf(arguments);
        }
    }
}
