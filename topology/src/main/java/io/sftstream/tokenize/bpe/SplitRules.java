package io.sftstream.tokenize.bpe;

import static io.sftstream.tokenize.bpe.CodePointClasses.LETTER;
import static io.sftstream.tokenize.bpe.CodePointClasses.MARK;
import static io.sftstream.tokenize.bpe.CodePointClasses.NUMBER;
import static io.sftstream.tokenize.bpe.CodePointClasses.PUNCTUATION;
import static io.sftstream.tokenize.bpe.CodePointClasses.SPACE;
import static io.sftstream.tokenize.bpe.CodePointClasses.SYMBOL;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code Split} regexes of the byte-level BPE family, each with its hand-written scanner.
 * A pattern is recognised only when its text is exactly one of these; any other regex keeps the
 * tokenizer on the library.
 */
final class SplitRules {

    /** Qwen2, Qwen2.5 and Qwen3: single digits. */
    static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** Llama 3 and 3.1 (and OpenAI's cl100k): digits in groups of up to three. */
    static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** GPT-2 (the ByteLevel pre-tokenizer's own regex with {@code use_regex}). */
    static final String GPT2 =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    /** DeepSeek V3, first split: digits in groups of up to three. */
    static final String DIGITS_1_3 = "\\p{N}{1,3}";
    /** DeepSeek V3, second split: CJK ideographs, hiragana and katakana. */
    static final String DEEPSEEK_CJK = "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+";
    /** DeepSeek V3, third split: words, punctuation runs, line breaks and spaces. */
    static final String DEEPSEEK_WORDS = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+"
            + "|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+"
            + "|\\s+(?!\\S)|\\s+";

    private static final Map<String, SplitRule> RULES = Map.of(
            QWEN2, SplitRules::qwen2,
            LLAMA3, SplitRules::llama3,
            GPT2, SplitRules::gpt2,
            DIGITS_1_3, SplitRules::digits1to3,
            DEEPSEEK_CJK, SplitRules::cjk,
            DEEPSEEK_WORDS, SplitRules::deepSeekWords);

    private SplitRules() {
    }

    /** The scanner of a regex, when it is one of the known ones. */
    static Optional<SplitRule> forRegex(final String regex) {
        return Optional.ofNullable(RULES.get(regex));
    }

    private static int qwen2(final int[] cps, final byte[] cls, final int pos, final int end) {
        return contractionsLettersDigits(cps, cls, pos, end, 1);
    }

    private static int llama3(final int[] cps, final byte[] cls, final int pos, final int end) {
        return contractionsLettersDigits(cps, cls, pos, end, 3);
    }

    private static int contractionsLettersDigits(final int[] cps, final byte[] cls, final int pos,
                                                 final int end, final int maxDigits) {
        final int c = cps[pos];
        final int k = cls[pos];
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (c == '\'' && pos + 1 < end) {
            final int n = contraction(cps, pos + 1, end, true);
            if (n > 0) {
                return pos + 1 + n;
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if ((k & LETTER) != 0) {
            return run(cls, pos + 1, end, LETTER);
        }
        if (c != '\r' && c != '\n' && (k & NUMBER) == 0 && pos + 1 < end
                && (cls[pos + 1] & LETTER) != 0) {
            return run(cls, pos + 2, end, LETTER);
        }
        // \p{N} or \p{N}{1,3}
        if ((k & NUMBER) != 0) {
            int e = pos + 1;
            while (e < end && e - pos < maxDigits && (cls[e] & NUMBER) != 0) {
                e++;
            }
            return e;
        }
        //  ?[^\s\p{L}\p{N}]+[\r\n]*
        final int other = SPACE | LETTER | NUMBER;
        int p = pos;
        if (c == ' ' && pos + 1 < end && (cls[pos + 1] & other) == 0) {
            p = pos + 1;
        }
        if ((cls[p] & other) == 0) {
            return lineBreaks(cps, runOutside(cls, p + 1, end, other), end);
        }
        // What is left starts with \s.
        return spaces(cps, cls, pos, end, true);
    }

    private static int gpt2(final int[] cps, final byte[] cls, final int pos, final int end) {
        final int c = cps[pos];
        if (c == '\'' && pos + 1 < end) {
            final int n = contraction(cps, pos + 1, end, false);
            if (n > 0) {
                return pos + 1 + n;
            }
        }
        final int p = c == ' ' && pos + 1 < end ? pos + 1 : pos;
        final int other = SPACE | LETTER | NUMBER;
        //  ?\p{L}+ |  ?\p{N}+ |  ?[^\s\p{L}\p{N}]+
        if ((cls[p] & LETTER) != 0) {
            return run(cls, p + 1, end, LETTER);
        }
        if ((cls[pos] & LETTER) != 0) {
            return run(cls, pos + 1, end, LETTER);
        }
        if ((cls[p] & NUMBER) != 0) {
            return run(cls, p + 1, end, NUMBER);
        }
        if ((cls[pos] & NUMBER) != 0) {
            return run(cls, pos + 1, end, NUMBER);
        }
        if ((cls[p] & other) == 0) {
            return runOutside(cls, p + 1, end, other);
        }
        if ((cls[pos] & other) == 0) {
            return runOutside(cls, pos + 1, end, other);
        }
        return spaces(cps, cls, pos, end, false);
    }

    private static int digits1to3(final int[] cps, final byte[] cls, final int pos,
                                  final int end) {
        if ((cls[pos] & NUMBER) == 0) {
            return -1;
        }
        int e = pos + 1;
        while (e < end && e - pos < 3 && (cls[e] & NUMBER) != 0) {
            e++;
        }
        return e;
    }

    private static int cjk(final int[] cps, final byte[] cls, final int pos, final int end) {
        int e = pos;
        while (e < end && isDeepSeekCjk(cps[e])) {
            e++;
        }
        return e > pos ? e : -1;
    }

    private static boolean isDeepSeekCjk(final int c) {
        return (c >= 0x4E00 && c <= 0x9FA5) || (c >= 0x3040 && c <= 0x309F)
                || (c >= 0x30A0 && c <= 0x30FF);
    }

    private static int deepSeekWords(final int[] cps, final byte[] cls, final int pos,
                                     final int end) {
        final int c = cps[pos];
        final int k = cls[pos];
        // [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+
        if (isAsciiPunctuation(c) && pos + 1 < end && isAsciiLetter(cps[pos + 1])) {
            int e = pos + 2;
            while (e < end && isAsciiLetter(cps[e])) {
                e++;
            }
            return e;
        }
        // [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
        final int word = LETTER | MARK;
        if ((k & word) != 0) {
            return run(cls, pos + 1, end, word);
        }
        if (c != '\r' && c != '\n' && (k & (PUNCTUATION | SYMBOL)) == 0 && pos + 1 < end
                && (cls[pos + 1] & word) != 0) {
            return run(cls, pos + 2, end, word);
        }
        //  ?[\p{P}\p{S}]+[\r\n]*
        final int punct = PUNCTUATION | SYMBOL;
        int p = pos;
        if (c == ' ' && pos + 1 < end && (cls[pos + 1] & punct) != 0) {
            p = pos + 1;
        }
        if ((cls[p] & punct) != 0) {
            return lineBreaks(cps, run(cls, p + 1, end, punct), end);
        }
        if ((k & SPACE) != 0) {
            return spaces(cps, cls, pos, end, true);
        }
        return -1;
    }

    private static boolean isAsciiPunctuation(final int c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`')
                || (c >= '{' && c <= '~');
    }

    private static boolean isAsciiLetter(final int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /**
     * The whitespace alternatives at a position holding {@code \s}:
     * {@code \s*[\r\n]+} (when {@code lineBreakRule}), then {@code \s+(?!\S)}, then {@code \s+}.
     */
    private static int spaces(final int[] cps, final byte[] cls, final int pos, final int end,
                              final boolean lineBreakRule) {
        final int runEnd = run(cls, pos, end, SPACE);
        if (lineBreakRule) {
            // \s* backs off until [\r\n]+ can match: the match ends after the run's last break.
            for (int j = runEnd - 1; j >= pos; j--) {
                if (cps[j] == '\r' || cps[j] == '\n') {
                    return j + 1;
                }
            }
        }
        if (runEnd == end || runEnd - pos == 1) {
            return runEnd;
        }
        return runEnd - 1;
    }

    /** The length of a contraction after an apostrophe at {@code pos}, or 0. */
    private static int contraction(final int[] cps, final int pos, final int end,
                                   final boolean ignoreCase) {
        final int a = cps[pos];
        if (is(a, 's', ignoreCase) || is(a, 't', ignoreCase) || is(a, 'm', ignoreCase)
                || is(a, 'd', ignoreCase)) {
            return 1;
        }
        if (pos + 1 < end) {
            final int b = cps[pos + 1];
            if ((is(a, 'r', ignoreCase) && is(b, 'e', ignoreCase))
                    || (is(a, 'v', ignoreCase) && is(b, 'e', ignoreCase))
                    || (is(a, 'l', ignoreCase) && is(b, 'l', ignoreCase))) {
                return 2;
            }
        }
        return 0;
    }

    /** Whether {@code c} is the lower-case ASCII letter {@code lower} (or, with case, folds). */
    private static boolean is(final int c, final int lower, final boolean ignoreCase) {
        if (c == lower) {
            return true;
        }
        if (!ignoreCase) {
            return false;
        }
        // Case folding: LATIN SMALL LETTER LONG S folds to s.
        return c == lower - 32 || (lower == 's' && c == 0x17F);
    }

    private static int run(final byte[] cls, final int from, final int end, final int bits) {
        int e = from;
        while (e < end && (cls[e] & bits) != 0) {
            e++;
        }
        return e;
    }

    private static int runOutside(final byte[] cls, final int from, final int end,
                                  final int bits) {
        int e = from;
        while (e < end && (cls[e] & bits) == 0) {
            e++;
        }
        return e;
    }

    private static int lineBreaks(final int[] cps, final int from, final int end) {
        int e = from;
        while (e < end && (cps[e] == '\r' || cps[e] == '\n')) {
            e++;
        }
        return e;
    }
}
