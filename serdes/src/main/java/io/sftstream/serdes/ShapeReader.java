package io.sftstream.serdes;

import io.sftstream.serdes.RecordParser.InvalidRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the four input shapes out of a parsed JSON object. Each reader runs its checks in stages
 * over the whole record (presence and types, then roles and history item lengths, then blank
 * texts, then role order), so the reason names the earliest stage that fails.
 */
final class ShapeReader {

    /** The field and role names of a role-based shape ({@code messages} or {@code sharegpt}). */
    record RoleShape(String listField, String roleKey, String contentKey, String system,
                     String user, String assistant) {
    }

    static final RoleShape MESSAGES =
            new RoleShape("messages", "role", "content", "system", "user", "assistant");
    static final RoleShape SHAREGPT =
            new RoleShape("conversations", "from", "value", "system", "human", "gpt");

    private ShapeReader() {
    }

    static Conversation alpaca(final Map<String, Object> root) throws InvalidRecord {
        final String instruction = requiredString(root, "instruction");
        final String output = requiredString(root, "output");
        final String input = optionalString(root, "input");
        final String system = optionalString(root, "system");
        final List<List<String>> history = history(root.get("history"));

        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).size() != 2) {
                throw new InvalidRecord(Reason.BAD_CONVERSATION, "history[" + i + "] has "
                        + history.get(i).size() + " items, but each history item must be a "
                        + "[user, assistant] pair");
            }
        }
        final List<Message> messages = new ArrayList<>(2 * history.size() + 2);
        for (int i = 0; i < history.size(); i++) {
            final String user = history.get(i).get(0);
            final String assistant = history.get(i).get(1);
            requireText(user, "history[" + i + "][0] (user text)");
            requireText(assistant, "history[" + i + "][1] (assistant text)");
            messages.add(new Message.User(user));
            messages.add(new Message.Assistant(assistant));
        }
        requireText(instruction, "field 'instruction'");
        requireText(output, "field 'output'");
        final String user = input == null || input.isEmpty() ? instruction
                : instruction + "\n" + input;
        messages.add(new Message.User(user));
        messages.add(new Message.Assistant(output));
        return new Conversation(systemPart(system), messages);
    }

    static Conversation promptResponse(final Map<String, Object> root) throws InvalidRecord {
        final String prompt = requiredString(root, "prompt");
        final String response = requiredString(root, "response");
        final String system = optionalString(root, "system");
        requireText(prompt, "field 'prompt'");
        requireText(response, "field 'response'");
        return new Conversation(systemPart(system),
                List.of(new Message.User(prompt), new Message.Assistant(response)));
    }

    static Conversation roles(final Map<String, Object> root, final RoleShape shape)
            throws InvalidRecord {
        final String field = shape.listField();
        if (!root.containsKey(field)) {
            throw new InvalidRecord(Reason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        final Object value = root.get(field);
        if (!(value instanceof List<?> items)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, "field '" + field
                    + "' must be an array, not " + StrictJson.typeName(value));
        }
        final int n = items.size();
        final String[] roles = new String[n];
        final String[] contents = new String[n];
        for (int i = 0; i < n; i++) {
            final String where = field + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> message)) {
                throw new InvalidRecord(Reason.WRONG_TYPE, where + " must be an object, not "
                        + StrictJson.typeName(items.get(i)));
            }
            roles[i] = memberString(message, shape.roleKey(), where);
            contents[i] = memberString(message, shape.contentKey(), where);
        }
        for (int i = 0; i < n; i++) {
            final String role = roles[i];
            if (!role.equals(shape.system()) && !role.equals(shape.user())
                    && !role.equals(shape.assistant())) {
                throw new InvalidRecord(Reason.BAD_CONVERSATION, field + "[" + i + "]."
                        + shape.roleKey() + " is '" + role + "', which is not one of '"
                        + shape.system() + "', '" + shape.user() + "', '" + shape.assistant()
                        + "' (roles are case-sensitive)");
            }
        }
        for (int i = 0; i < n; i++) {
            if (!roles[i].equals(shape.system())) {
                requireText(contents[i], field + "[" + i + "]." + shape.contentKey() + " ("
                        + roles[i] + " text)");
            }
        }
        return ordered(shape, roles, contents);
    }

    private static Conversation ordered(final RoleShape shape, final String[] roles,
                                        final String[] contents) throws InvalidRecord {
        final String field = shape.listField();
        final int n = roles.length;
        int first = 0;
        String system = null;
        if (n > 0 && roles[0].equals(shape.system())) {
            system = systemPart(contents[0]);
            first = 1;
        }
        final List<Message> messages = new ArrayList<>(n - first);
        for (int i = first; i < n; i++) {
            final String expected = (i - first) % 2 == 0 ? shape.user() : shape.assistant();
            if (roles[i].equals(shape.system())) {
                throw new InvalidRecord(Reason.BAD_CONVERSATION, field + "[" + i + "] has role '"
                        + shape.system() + "', but only the first message may have it");
            }
            if (!roles[i].equals(expected)) {
                throw new InvalidRecord(Reason.BAD_CONVERSATION, field + "[" + i + "] has role '"
                        + roles[i] + "' where '" + expected + "' was expected (roles must "
                        + "alternate, starting with '" + shape.user() + "')");
            }
            messages.add(expected.equals(shape.assistant())
                    ? new Message.Assistant(contents[i]) : new Message.User(contents[i]));
        }
        if (n == first) {
            throw new InvalidRecord(Reason.BAD_CONVERSATION, "field '" + field
                    + "' holds no turn at all (no '" + shape.user() + "' and '"
                    + shape.assistant() + "' messages)");
        }
        if ((n - first) % 2 != 0) {
            throw new InvalidRecord(Reason.BAD_CONVERSATION, "field '" + field
                    + "' does not end with a message of role '" + shape.assistant() + "'");
        }
        return new Conversation(system, messages);
    }

    private static List<List<String>> history(final Object value) throws InvalidRecord {
        if (value == null || value == StrictJson.NULL) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, "field 'history' must be an array of "
                    + "[user, assistant] pairs, not " + StrictJson.typeName(value));
        }
        final List<List<String>> history = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof List<?> pair)) {
                throw new InvalidRecord(Reason.WRONG_TYPE, "history[" + i + "] must be an array "
                        + "of two strings, not " + StrictJson.typeName(items.get(i)));
            }
            final List<String> texts = new ArrayList<>(pair.size());
            for (int j = 0; j < pair.size(); j++) {
                if (!(pair.get(j) instanceof String text)) {
                    throw new InvalidRecord(Reason.WRONG_TYPE, "history[" + i + "][" + j
                            + "] must be a string, not " + StrictJson.typeName(pair.get(j)));
                }
                texts.add(text);
            }
            history.add(texts);
        }
        return history;
    }

    private static String requiredString(final Map<String, Object> root, final String name)
            throws InvalidRecord {
        if (!root.containsKey(name)) {
            throw new InvalidRecord(Reason.MISSING_FIELD, "field '" + name + "' is missing");
        }
        final Object value = root.get(name);
        if (!(value instanceof String text)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, "field '" + name + "' must be a string, "
                    + "not " + StrictJson.typeName(value));
        }
        return text;
    }

    private static String optionalString(final Map<String, Object> root, final String name)
            throws InvalidRecord {
        final Object value = root.get(name);
        if (value == null || value == StrictJson.NULL) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, "field '" + name + "' must be a string, "
                    + "not " + StrictJson.typeName(value));
        }
        return text;
    }

    /** A required string member of a message object; {@code where} names the object. */
    static String memberString(final Map<?, ?> object, final String key,
                                       final String where) throws InvalidRecord {
        if (!object.containsKey(key)) {
            throw new InvalidRecord(Reason.MISSING_FIELD, where + "." + key + " is missing");
        }
        final Object value = object.get(key);
        if (!(value instanceof String text)) {
            throw new InvalidRecord(Reason.WRONG_TYPE, where + "." + key + " must be a string, "
                    + "not " + StrictJson.typeName(value));
        }
        return text;
    }

    private static void requireText(final String text, final String what) throws InvalidRecord {
        if (PyWhitespace.isBlank(text)) {
            throw new InvalidRecord(Reason.EMPTY_TEXT, what + " is "
                    + (text.isEmpty() ? "empty" : "blank"));
        }
    }

    /** A system text that is absent, empty or whitespace-only means no system part. */
    private static String systemPart(final String system) {
        return system == null || PyWhitespace.isBlank(system) ? null : system;
    }
}
