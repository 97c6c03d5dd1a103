package io.sftstream.tokenize;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Finds the end-of-turn token of a chat template at startup (SPEC section 8, "End-of-turn"):
 * the probe conversation {@code [user "Hi", assistant "Hello"]} is rendered, and the leftmost
 * special added token after the assistant's {@code Hello} (the longest, when two start at the
 * same place) ends the turn. A template that ends turns with plain text, the bug of appending
 * {@code "</s>"} as a string, is refused with what that text would encode to.
 */
public final class EndOfTurnProbe {

    /** Renders messages the way {@code apply_chat_template(tokenize=False)} does. */
    @FunctionalInterface
    public interface Renderer {
        /**
         * @throws Exception when the template raises or fails; the message is shown
         */
        String render(List<Map<String, Object>> messages, boolean addGenerationPrompt)
                throws Exception;
    }

    /** The token that ends an assistant turn, and its id. */
    public record Found(String token, int id) {
    }

    static final String USER_TEXT = "Hi";
    static final String ASSISTANT_TEXT = "Hello";

    private EndOfTurnProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param specialContents the content of every added token marked special
     * @throws TokenizerLoadException with a sentence saying why the template cannot be used
     */
    public static Found find(final Renderer renderer, final Collection<String> specialContents,
                             final TokenizerBundle tokenizer) {
        final Map<String, Object> user = Map.of("role", "user", "content", USER_TEXT);
        final Map<String, Object> assistant =
                Map.of("role", "assistant", "content", ASSISTANT_TEXT);
        final String full;
        final String prompt;
        try {
            full = renderer.render(List.of(user, assistant), false);
            prompt = renderer.render(List.of(user), true);
        } catch (final Exception e) {
            throw refuse("the chat template fails on the probe conversation [user \"Hi\", "
                    + "assistant \"Hello\"] (" + e.getMessage() + ")");
        }
        if (!full.startsWith(prompt)) {
            throw refuse("the chat template's generation prompt for the probe conversation, "
                    + quote(prompt) + ", is not the start of its rendering " + quote(full)
                    + ", so the trained part of an answer cannot be found");
        }
        final int hello = full.indexOf(ASSISTANT_TEXT, prompt.length());
        if (hello < 0) {
            throw refuse("the chat template does not write the assistant's text of the probe "
                    + "conversation after its generation prompt (it renders " + quote(full)
                    + ")");
        }
        final int after = hello + ASSISTANT_TEXT.length();
        String best = null;
        int bestAt = Integer.MAX_VALUE;
        for (final String special : specialContents) {
            final int at = full.indexOf(special, after);
            if (at >= 0 && (at < bestAt || at == bestAt && special.length() > best.length())) {
                best = special;
                bestAt = at;
            }
        }
        if (best == null) {
            final String rest = full.substring(after);
            final int[] ids = tokenizer.encode(rest);
            throw refuse("the chat template ends an assistant turn with " + quote(rest)
                    + ", which holds no special token of this tokenizer: as text it encodes to "
                    + ids.length + " ids " + Arrays.toString(ids) + "; fix the template so "
                    + "that it writes the end-of-turn token, or give it with --eos-token");
        }
        final OptionalInt id = tokenizer.tokenId(best);
        final int[] alone = tokenizer.encode(best);
        if (id.isEmpty() || alone.length != 1 || alone[0] != id.getAsInt()) {
            throw refuse("end-of-turn " + quote(best) + " is not a token of this tokenizer: "
                    + "as text it encodes to " + alone.length + " ids " + Arrays.toString(alone));
        }
        return new Found(best, id.getAsInt());
    }

    private static TokenizerLoadException refuse(final String message) {
        return new TokenizerLoadException(message + ".");
    }

    /** The text in double quotes, with line breaks, tabs and quotes escaped. */
    static String quote(final String text) {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
