package io.sftstream.tokenize;

import io.sftstream.serdes.PyWhitespace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which added tokens a record's texts may not contain (SPEC section 2, "guarded added tokens"):
 * every added token marked special, plus every other one whose content the template itself
 * writes (a built-in template's literal strings; a chat template's source text), except the
 * non-special ones made only of whitespace and {@code ▁}, which mean nothing but spacing. Other
 * added tokens are ordinary vocabulary: a text that contains them is encoded like any text.
 */
final class GuardedTokens {

    private GuardedTokens() {
    }

    /**
     * @param written the template's own text: its literal strings, or its source
     */
    static List<String> of(final TokenizerBundle tokenizer, final Collection<String> written) {
        final Set<String> special = new LinkedHashSet<>(tokenizer.specialTokenContents());
        final List<String> guarded = new ArrayList<>(special);
        for (final String content : tokenizer.addedTokenContents()) {
            if (special.contains(content) || content.isEmpty() || isSpacing(content)) {
                continue;
            }
            for (final String text : written) {
                if (text.contains(content)) {
                    guarded.add(content);
                    break;
                }
            }
        }
        return List.copyOf(new LinkedHashSet<>(guarded));
    }

    private static boolean isSpacing(final String content) {
        for (int i = 0; i < content.length(); ) {
            final int c = content.codePointAt(i);
            if (c != '▁' && !PyWhitespace.isSpace(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
