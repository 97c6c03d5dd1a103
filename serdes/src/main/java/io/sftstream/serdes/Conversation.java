package io.sftstream.serdes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated conversation: an optional system text and its messages, oldest first, and for the
 * {@code messages} shape the record-level {@code tools} and the messages as the record wrote them
 * (SPEC section 9), which a model's own chat template receives unchanged.
 *
 * <p>A user message and the assistant messages (and tool results) after it form one
 * <em>turn</em>.
 *
 * @param system           the system text, or {@code null} when the record has no system part
 *                         (absent, null, empty or whitespace-only system texts all mean "no
 *                         system part")
 * @param messages         one or more messages; user texts and tool results are never blank
 * @param tools            the record's {@code tools} as plain JSON values (maps, lists, strings,
 *                         numbers, booleans, null), or null when absent or null
 * @param recordMessages   the messages as plain JSON values, the system message first when there
 *                         is a system part, content parts joined; null for shapes that have no
 *                         such messages (then {@link #templateMessages()} builds them)
 */
public record Conversation(String system, List<Message> messages, List<Object> tools,
                           List<Map<String, Object>> recordMessages) {

    public Conversation {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a conversation has at least one message");
        }
        messages = List.copyOf(messages);
    }

    /** A conversation of plain messages, without tools. */
    public Conversation(final String system, final List<Message> messages) {
        this(system, messages, null, null);
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

    /**
     * What only a model's own chat template can render (SPEC section 9): {@code tools}, a tool
     * call, a tool result or {@code reasoning_content}; null when the conversation has none.
     */
    public String agentField() {
        if (tools != null) {
            return "tools";
        }
        for (final Message message : messages) {
            if (message instanceof Message.Tool) {
                return "a tool message";
            }
            if (message instanceof Message.Assistant a && a.callsTools()) {
                return "tool_calls";
            }
            if (message instanceof Message.Assistant a && a.reasoning() != null) {
                return "reasoning_content";
            }
        }
        return null;
    }

    /**
     * Every string inside {@code tools}, object keys included, in order (for the special-token
     * check); empty when the record has no tools.
     */
    public List<String> toolTexts() {
        final List<String> texts = new ArrayList<>();
        if (tools != null) {
            MessagesReader.collectStrings(tools, texts);
        }
        return texts;
    }

    /**
     * The messages a chat template receives: the record's own for the {@code messages} shape,
     * else {@code {"role", "content"}} objects (the system text first when there is one).
     */
    public List<Map<String, Object>> templateMessages() {
        if (recordMessages != null) {
            return recordMessages;
        }
        final List<Map<String, Object>> out = new ArrayList<>(messages.size() + 1);
        if (system != null) {
            out.add(roleContent("system", system));
        }
        for (final Message message : messages) {
            final String role = message instanceof Message.User ? "user"
                    : message instanceof Message.Assistant ? "assistant" : "tool";
            out.add(roleContent(role, message.content()));
        }
        return out;
    }

    private static Map<String, Object> roleContent(final String role, final String content) {
        final Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("role", role);
        map.put("content", content);
        return map;
    }
}
