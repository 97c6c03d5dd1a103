package io.sftstream.serdes;

import io.sftstream.serdes.RecordParser.InvalidRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code messages} shape with the fields of SPEC section 9: record-level
 * {@code tools}; assistant {@code tool_calls}, {@code reasoning_content} and {@code weight};
 * {@code tool} messages; content as a string or a list of text parts. Checks run in stages over
 * the whole record, as for every shape: presence and types ({@code MISSING_FIELD},
 * {@code WRONG_TYPE}), then roles ({@code BAD_CONVERSATION}), then blank texts
 * ({@code EMPTY_TEXT}), then order ({@code BAD_CONVERSATION}).
 */
final class MessagesReader {

    private static final String FIELD = "messages";

    /** What the type stage learned about one message. */
    private record Item(String role, String content, List<Message.ToolCall> calls,
                        String reasoning, boolean trained, String toolCallId, String name) {
    }

    private MessagesReader() {
    }

    static Conversation read(final Map<String, Object> root) throws InvalidRecord {
        if (!root.containsKey(FIELD)) {
            throw new InvalidRecord(Reason.MISSING_FIELD, "field '" + FIELD + "' is missing");
        }
        final Object value = root.get(FIELD);
        if (!(value instanceof List<?> list)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, "field '" + FIELD
                    + "' must be an array, not " + StrictJson.typeName(value));
        }
        final List<Object> tools = tools(root.get("tools"));
        final int n = list.size();
        final Item[] items = new Item[n];
        for (int i = 0; i < n; i++) {
            items[i] = typed(list.get(i), FIELD + "[" + i + "]");
        }
        for (int i = 0; i < n; i++) {
            final String role = items[i].role();
            if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")
                    && !role.equals("tool")) {
                throw new InvalidRecord(Reason.BAD_CONVERSATION, FIELD + "[" + i + "].role is '"
                        + role + "', which is not one of 'system', 'user', 'assistant', "
                        + "'tool' (roles are case-sensitive)");
            }
        }
        for (int i = 0; i < n; i++) {
            blank(items[i], FIELD + "[" + i + "].content");
        }
        final String system = n > 0 && items[0].role().equals("system")
                && !PyWhitespace.isBlank(items[0].content()) ? items[0].content() : null;
        final int first = n > 0 && items[0].role().equals("system") ? 1 : 0;
        final List<Message> messages = ordered(items, first);
        final List<Map<String, Object>> view = new ArrayList<>(n);
        for (int i = system == null ? first : 0; i < n; i++) {
            view.add(templateView((Map<?, ?>) list.get(i), items[i].content()));
        }
        return new Conversation(system, messages, tools, Collections.unmodifiableList(view));
    }

    private static List<Object> tools(final Object value) throws InvalidRecord {
        if (value == null || value == StrictJson.NULL) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, "field 'tools' must be an array of "
                    + "objects, not " + StrictJson.typeName(value));
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw new InvalidRecord(Reason.WRONG_TYPE, "tools[" + i + "] must be an object, "
                        + "not " + StrictJson.typeName(list.get(i)));
            }
        }
        return (List<Object>) plain(list);
    }

    private static Item typed(final Object value, final String where) throws InvalidRecord {
        if (!(value instanceof Map<?, ?> message)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, where + " must be an object, not "
                    + StrictJson.typeName(value));
        }
        final String role = ShapeReader.memberString(message, "role", where);
        if (!role.equals("assistant")) {
            final String content = content(message, where, false);
            return role.equals("tool")
                    ? new Item(role, content, List.of(), null, false,
                            optional(message, "tool_call_id", where),
                            optional(message, "name", where))
                    : new Item(role, content, List.of(), null, false, null, null);
        }
        final List<Message.ToolCall> calls = toolCalls(message.get("tool_calls"), where);
        final String content = content(message, where, !calls.isEmpty());
        final String reasoning = optional(message, "reasoning_content", where);
        return new Item(role, content, calls, reasoning, weight(message.get("weight"), where),
                null, null);
    }

    /** The content as one string; null only when {@code mayBeNull} and it is absent or null. */
    private static String content(final Map<?, ?> message, final String where,
                                  final boolean mayBeNull) throws InvalidRecord {
        final Object value = message.get("content");
        if (mayBeNull && (value == null || value == StrictJson.NULL)) {
            return null;
        }
        if (!message.containsKey("content")) {
            throw new InvalidRecord(Reason.MISSING_FIELD, where + ".content is missing");
        }
        if (value instanceof String text) {
            return text;
        }
        if (!(value instanceof List<?> parts)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, where + ".content must be a string, not "
                    + StrictJson.typeName(value));
        }
        final StringBuilder joined = new StringBuilder();
        for (int p = 0; p < parts.size(); p++) {
            final String at = where + ".content[" + p + "]";
            if (!(parts.get(p) instanceof Map<?, ?> part)) {
                throw new InvalidRecord(Reason.WRONG_TYPE, at + " must be a {\"type\": \"text\", "
                        + "\"text\": ...} object, not " + StrictJson.typeName(parts.get(p)));
            }
            final Object type = part.get("type");
            if (!"text".equals(type)) {
                throw new InvalidRecord(Reason.WRONG_TYPE, at + " is a part of type "
                        + (type instanceof String s ? "'" + s + "'" : StrictJson.typeName(type))
                        + ", but only 'text' parts are accepted");
            }
            joined.append(ShapeReader.memberString(part, "text", at));
        }
        return joined.toString();
    }

    private static List<Message.ToolCall> toolCalls(final Object value, final String where)
            throws InvalidRecord {
        if (value == null || value == StrictJson.NULL) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, where + ".tool_calls must be an array, "
                    + "not " + StrictJson.typeName(value));
        }
        final List<Message.ToolCall> calls = new ArrayList<>(list.size());
        for (int c = 0; c < list.size(); c++) {
            final String at = where + ".tool_calls[" + c + "]";
            if (!(list.get(c) instanceof Map<?, ?> call)) {
                throw new InvalidRecord(Reason.WRONG_TYPE, at + " must be an object, not "
                        + StrictJson.typeName(list.get(c)));
            }
            final String type = ShapeReader.memberString(call, "type", at);
            if (!type.equals("function")) {
                throw new InvalidRecord(Reason.WRONG_TYPE, at + ".type must be 'function', not '"
                        + type + "'");
            }
            final String id = optional(call, "id", at);
            if (!call.containsKey("function")) {
                throw new InvalidRecord(Reason.MISSING_FIELD, at + ".function is missing");
            }
            if (!(call.get("function") instanceof Map<?, ?> function)) {
                throw new InvalidRecord(Reason.WRONG_TYPE, at + ".function must be an object, "
                        + "not " + StrictJson.typeName(call.get("function")));
            }
            final String name = ShapeReader.memberString(function, "name", at + ".function");
            if (!function.containsKey("arguments")) {
                throw new InvalidRecord(Reason.MISSING_FIELD, at + ".function.arguments is "
                        + "missing");
            }
            final Object arguments = function.get("arguments");
            final List<String> texts = new ArrayList<>();
            if (arguments instanceof String text) {
                texts.add(text);
            } else if (arguments instanceof Map) {
                collectStrings(arguments, texts);
            } else {
                throw new InvalidRecord(Reason.WRONG_TYPE, at + ".function.arguments must be an "
                        + "object or a string, not " + StrictJson.typeName(arguments));
            }
            calls.add(new Message.ToolCall(id, name, texts));
        }
        return calls;
    }

    private static boolean weight(final Object value, final String where) throws InvalidRecord {
        if (value == null || value == StrictJson.NULL) {
            return true;
        }
        if (value instanceof StrictJson.Num num && num.integral()
                && (num.text().equals("0") || num.text().equals("1"))) {
            return num.text().equals("1");
        }
        final String shown = value instanceof StrictJson.Num num ? num.text()
                : StrictJson.typeName(value);
        throw new InvalidRecord(Reason.WRONG_TYPE, "field '" + where + ".weight' must be 0 or "
                + "1, not " + shown);
    }

    private static void blank(final Item item, final String what) throws InvalidRecord {
        final String text = item.content();
        switch (item.role()) {
            case "system" -> {
                // a blank system text means no system part
            }
            case "assistant" -> {
                if (item.calls().isEmpty() && PyWhitespace.isBlank(text)) {
                    throw new InvalidRecord(Reason.EMPTY_TEXT, what + " (assistant text) is "
                            + (text.isEmpty() ? "empty" : "blank"));
                }
            }
            default -> {
                if (PyWhitespace.isBlank(text)) {
                    throw new InvalidRecord(Reason.EMPTY_TEXT, what + " (" + item.role()
                            + (item.role().equals("tool") ? " result" : " text") + ") is "
                            + (text.isEmpty() ? "empty" : "blank"));
                }
            }
        }
    }

    /** The order rules of SPEC section 9 over {@code items[first..]}. */
    private static List<Message> ordered(final Item[] items, final int first)
            throws InvalidRecord {
        final int n = items.length;
        if (n == first) {
            throw new InvalidRecord(Reason.BAD_CONVERSATION, "field '" + FIELD + "' holds no "
                    + "turn at all (no 'user' and 'assistant' messages)");
        }
        final List<Message> messages = new ArrayList<>(n - first);
        String expected = "user";
        for (int i = first; i < n; i++) {
            final Item item = items[i];
            final String role = item.role();
            final String at = FIELD + "[" + i + "]";
            if (role.equals("system")) {
                throw new InvalidRecord(Reason.BAD_CONVERSATION, at + " has role 'system', but "
                        + "only the first message may have it");
            }
            final boolean fits = role.equals(expected)
                    || expected.equals("tool or assistant")
                    && (role.equals("tool") || role.equals("assistant"));
            if (!fits && !role.equals("tool") && !expected.startsWith("tool")) {
                throw new InvalidRecord(Reason.BAD_CONVERSATION, at + " has role '" + role
                        + "' where '" + expected + "' was expected (roles must alternate, "
                        + "starting with 'user')");
            }
            if (!fits) {
                throw new InvalidRecord(Reason.BAD_CONVERSATION, at + " should be " + expected
                        + " but is " + role + " (tool results come only after an assistant "
                        + "message that calls tools, and such a message is followed by them)");
            }
            switch (role) {
                case "user" -> {
                    messages.add(new Message.User(item.content()));
                    expected = "assistant";
                }
                case "tool" -> {
                    messages.add(new Message.Tool(item.content(), item.toolCallId(),
                            item.name()));
                    expected = "tool or assistant";
                }
                default -> {
                    messages.add(new Message.Assistant(item.content(), item.calls(),
                            item.reasoning(), item.trained()));
                    expected = item.calls().isEmpty() ? "user" : "tool";
                }
            }
        }
        if (expected.equals("assistant")) {
            throw new InvalidRecord(Reason.BAD_CONVERSATION, "field '" + FIELD
                    + "' does not end with a message of role 'assistant'");
        }
        if (!expected.equals("user")) {
            throw new InvalidRecord(Reason.BAD_CONVERSATION, "the conversation does not end "
                    + "with an assistant message without tool calls");
        }
        return messages;
    }

    /** The record's message as plain values, with its content parts joined. */
    private static Map<String, Object> templateView(final Map<?, ?> message,
                                                    final String content) {
        final Map<String, Object> out = new LinkedHashMap<>(message.size() * 2);
        for (final Map.Entry<?, ?> e : message.entrySet()) {
            final String key = (String) e.getKey();
            out.put(key, key.equals("content") && e.getValue() instanceof List
                    ? content : plain(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A parsed JSON value as plain Java values: {@code null} for JSON null, {@link Long} or
     * {@link BigInteger} for integers, {@link Double} for other numbers, unmodifiable maps (in
     * the record's key order) and lists.
     */
    static Object plain(final Object value) {
        if (value == StrictJson.NULL) {
            return null;
        }
        if (value instanceof StrictJson.Num num) {
            if (!num.integral()) {
                return Double.parseDouble(num.text());
            }
            final BigInteger big = new BigInteger(num.text());
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            map.forEach((k, v) -> out.put((String) k, plain(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            final List<Object> out = new ArrayList<>(list.size());
            for (final Object item : list) {
                out.add(plain(item));
            }
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    /** Every string inside a JSON value, object keys included, in order. */
    static void collectStrings(final Object value, final List<String> out) {
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                out.add((String) k);
                collectStrings(v, out);
            });
        } else if (value instanceof List<?> list) {
            for (final Object item : list) {
                collectStrings(item, out);
            }
        }
    }

    private static String optional(final Map<?, ?> object, final String key, final String where)
            throws InvalidRecord {
        final Object value = object.get(key);
        if (value == null || value == StrictJson.NULL) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, where + "." + key + " must be a string, "
                    + "not " + StrictJson.typeName(value));
        }
        return text;
    }
}
