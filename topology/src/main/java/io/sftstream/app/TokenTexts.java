package io.sftstream.app;

import io.sftstream.tokenize.TokenizerBundle;
import java.util.Arrays;

/**
 * The text each token of a sequence stands for, for display: what decoding adds when the token
 * is appended (so a byte-level piece such as {@code Ġjava} shows as {@code " java"}), quoted,
 * with line breaks, tabs and other invisible characters escaped ({@code \n}, {@code \t},
 * {@code \u0000}, {@code \\}). A character split over several tokens (a Chinese character in a
 * byte-level vocabulary) is shown on each of them with its share: {@code "好" (1/2)}.
 */
final class TokenTexts {

    /** Tokens of context decoded before the ones shown, so decoders see what precedes them. */
    private static final int CONTEXT = 4;

    private TokenTexts() {
    }

    static String[] of(final TokenizerBundle tokenizer, final int[] ids) {
        final String[] texts = new String[ids.length];
        int pending = 0;
        for (int i = 0; i < ids.length; i++) {
            final int from = Math.max(0, pending - CONTEXT);
            final String base = tokenizer.decode(Arrays.copyOfRange(ids, from, pending));
            final String full = tokenizer.decode(Arrays.copyOfRange(ids, from, i + 1));
            if (full.endsWith("\uFFFD") && i + 1 < ids.length) {
                continue; // part of a character that the next tokens complete
            }
            final String added = full.startsWith(base) ? full.substring(base.length())
                    : tokenizer.decode(Arrays.copyOfRange(ids, pending, i + 1));
            final int parts = i + 1 - pending;
            for (int k = pending; k <= i; k++) {
                texts[k] = quote(added) + (parts > 1 ? " (" + (k - pending + 1) + "/" + parts
                        + ")" : "");
            }
            pending = i + 1;
        }
        return texts;
    }

    /** Quoted, with every character that would not show escaped. */
    static String quote(final String text) {
        final StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> {
                    final int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.FORMAT
                            || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
