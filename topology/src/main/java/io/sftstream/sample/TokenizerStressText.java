package io.sftstream.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates texts that probe a tokenizer's corners, for comparing two implementations: code
 * points of every Unicode general category (assigned in Java's tables or not), long runs of
 * one character, digit strings, whitespace runs, emoji sequences, combining marks and Hangul
 * jamo (which NFC reorders and composes), mixed scripts, contractions in any case, and the
 * tokenizer's added tokens with text right next to them. Deterministic for a seed; not
 * thread-safe (one per thread).
 */
public final class TokenizerStressText {

    private static final int[][] BY_CATEGORY = codePointsByCategory();
    /** Code points whose category or normalization differs between Unicode versions. */
    private static final int[] VERSION_SENSITIVE = versionSensitive();
    private static final String[] WORDS = {"the", "model", "Hello", "WORLD", "don't", "I'M",
        "we'll", "they'VE", "it'S", "you'd", "'s", "'t", "'re", "'ll", "'ſ", "naïve", "café",
        "Straße", "ﬁne", "Ωmega", "привет", "Москва", "مرحبا", "שלום", "नमस्ते", "สวัสดี",
        "日本語", "東京", "ひらがな", "カタカナ", "中文测试", "你好", "世界", "한국어", "안녕하세요",
        "ελληνικά", "Ꭰꭰ", "x²", "½", "Ⅻ", "١٢٣", "१२३", "𝟘𝟙𝟚", "𝐀𝐁𝐂", "é", "é", "Å", "Å"};
    private static final String[] EMOJI = {"😀", "👍🏽", "👨‍👩‍👧‍👦", "🇩🇪", "🇺🇸", "1️⃣", "❤️", "🏳️‍🌈",
        "🧑🏿‍💻", "👩‍❤️‍💋‍👨", "🫠", "🪿", "☺", "✌🏻", "#️⃣"};
    private static final String PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»¿¡—–…‘’“”、。「」【】《》";
    private static final String SPACES = " \t\n\r\u000B\u000C\u0085\u00A0\u1680\u2000\u2007"
            + "\u200A\u2028\u2029\u202F\u205F\u3000\u001C\u001F\u180E\u200B\uFEFF";
    private static final int[] MARKS = {0x300, 0x301, 0x302, 0x303, 0x308, 0x30A, 0x323, 0x327,
        0x328, 0x31B, 0x345, 0x5B4, 0x64B, 0x93C, 0x94D, 0x9BC, 0xE31, 0xE48, 0x1AB0, 0x1DC0,
        0x20D0, 0x20E3, 0x302A, 0x3099, 0x309A, 0xFE0F, 0xFE20, 0x1D165, 0x1E944, 0x16FF0,
        0x10EFD, 0x1E4EC, 0x11F00};

    private final Random random;
    private final List<String> addedTokens;

    /**
     * @param seed        generator seed
     * @param addedTokens contents of the tokenizer's added tokens, placed into some texts
     */
    public TokenizerStressText(final long seed, final List<String> addedTokens) {
        this.random = new Random(seed);
        this.addedTokens = List.copyOf(addedTokens);
    }

    /** The next text: between 0 and a few hundred characters, now and then a few thousand. */
    public String next() {
        final StringBuilder b = new StringBuilder();
        final int parts = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            part(b);
        }
        return b.toString();
    }

    private void part(final StringBuilder b) {
        switch (random.nextInt(15)) {
            case 0, 1 -> {
                final int n = 1 + random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    final int[] pool = BY_CATEGORY[random.nextInt(BY_CATEGORY.length)];
                    b.appendCodePoint(pool[random.nextInt(pool.length)]);
                }
            }
            case 2 -> {
                final String unit = random.nextBoolean()
                        ? String.valueOf(SPACES.charAt(random.nextInt(SPACES.length())))
                        : pick(" ", "a", "\n", "1", "!", "中", "😀", "'", "-", "=", "é", "\r\n",
                                "\t", "ab", " a", "。", "\u0301", "ー");
                final int n = random.nextInt(20) == 0 ? 500 + random.nextInt(3000)
                        : 1 + random.nextInt(40);
                b.append(unit.repeat(n));
            }
            case 3 -> {
                final int n = 1 + random.nextInt(random.nextInt(8) == 0 ? 40 : 8);
                for (int i = 0; i < n; i++) {
                    b.append((char) ('0' + random.nextInt(10)));
                }
            }
            case 4 -> {
                final int n = 1 + random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    b.append(SPACES.charAt(random.nextInt(SPACES.length())));
                }
            }
            case 5 -> {
                final int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(EMOJI[random.nextInt(EMOJI.length)]);
                }
            }
            case 6 -> {
                b.append(pick("a", "e", "o", "A", "u", "n", "c", "ω", "и", "ק", "ा", " ", "1",
                        "가", "\u1100", "か"));
                final int n = 1 + random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    b.appendCodePoint(MARKS[random.nextInt(MARKS.length)]);
                }
            }
            case 7 -> {
                // Hangul jamo: leading, vowel, trailing, in and out of order.
                final int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    switch (random.nextInt(4)) {
                        case 0 -> b.append((char) (0x1100 + random.nextInt(19)));
                        case 1 -> b.append((char) (0x1161 + random.nextInt(21)));
                        case 2 -> b.append((char) (0x11A7 + random.nextInt(28)));
                        default -> b.append((char) (0xAC00 + random.nextInt(11172)));
                    }
                }
            }
            case 8, 9 -> {
                final int n = 1 + random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    b.append(random.nextInt(3) == 0 ? "" : " ").append(
                            WORDS[random.nextInt(WORDS.length)]);
                }
            }
            case 10 -> {
                final int n = 1 + random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    b.append(PUNCT.charAt(random.nextInt(PUNCT.length())));
                }
                if (random.nextBoolean()) {
                    b.append(pick("\n", "\r\n", "\n\n", " ", "a", "Word"));
                }
            }
            case 11 -> {
                if (!addedTokens.isEmpty()) {
                    b.append(pick("", " ", "  ", "\n", "a", "'"));
                    b.append(addedTokens.get(random.nextInt(addedTokens.size())));
                    b.append(pick("", " ", "  ", "\n", "a", "'s"));
                }
            }
            case 12 -> {
                // Any code point at all, surrogates excepted.
                int cp;
                do {
                    cp = random.nextInt(Character.MAX_CODE_POINT + 1);
                } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                b.appendCodePoint(cp);
            }
            case 13 -> {
                b.append(pick("", "a", " ", "1", "'"));
                b.appendCodePoint(VERSION_SENSITIVE[random.nextInt(VERSION_SENSITIVE.length)]);
                if (random.nextBoolean()) {
                    b.appendCodePoint(random.nextBoolean() ? 0x301
                            : VERSION_SENSITIVE[random.nextInt(VERSION_SENSITIVE.length)]);
                }
                b.append(pick("", "a", " ", "1", "\n"));
            }
            default -> b.append(pick("Hello, world!", " 12345 apples", "x = y + 1;\n",
                    "<|im_start|>", "</s>", "<s>", "[INST]", "I'm here.\r\n\r\n", "  leading",
                    "trailing  ", "tab\there", "a\u00A0b", "e\u0301", "\u1E9B\u0323", "ΐ",
                    "ﬀ", "Ǆ", "\u0958", "\uFB2A", "\u2126", "\u212B", "\u0344", "\u0F73"));
        }
    }

    private String pick(final String... options) {
        return options[random.nextInt(options.length)];
    }

    private static int[] versionSensitive() {
        final List<Integer> cps = new ArrayList<>();
        for (final String table : List.of("regex-class-overrides.txt",
                "nfc-newer-than-library.txt")) {
            try (InputStream in = TokenizerStressText.class.getResourceAsStream(
                    "/io/sftstream/tokenize/bpe/" + table)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + table);
                }
                for (final String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                        .split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    final String[] parts = line.strip().split(" ");
                    final int first = Integer.parseInt(parts[0], 16);
                    final int last = Integer.parseInt(parts[1], 16);
                    for (int cp = first; cp <= last && cp - first < 64; cp++) {
                        cps.add(cp);
                    }
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cps.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[][] codePointsByCategory() {
        final List<List<Integer>> byType = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            byType.add(new ArrayList<>());
        }
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            final int type = Character.getType(cp);
            final List<Integer> list = byType.get(type);
            // Keep the pools small: every 7th code point of the big categories.
            if (list.size() < 4000 || cp % 7 == 0) {
                list.add(cp);
            }
        }
        final List<int[]> pools = new ArrayList<>();
        for (final List<Integer> list : byType) {
            if (!list.isEmpty()) {
                pools.add(list.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return pools.toArray(new int[0][]);
    }
}
