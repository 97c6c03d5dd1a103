package io.sftstream.tokenize.bpe;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pure-Java encoder for the byte-level BPE family of tokenizer.json pipelines (GPT-2,
 * Qwen2/Qwen3, Llama 3 / 3.1, DeepSeek V3) that gives the ids of the HuggingFace tokenizers
 * library (0.21) with {@code add_special_tokens=false}, without truncation or padding.
 *
 * <p>Steps, as the library runs them: added tokens are split out of the raw text (those with
 * {@code normalized=false}); each remaining piece is normalized (NFC or nothing) and the
 * {@code normalized=true} added tokens are split out of it; each remaining piece is cut by the
 * {@code Split} regexes (hand-written scanners, see {@link SplitRules}) and, with
 * {@code use_regex}, the ByteLevel regex; each word's UTF-8 bytes are merged by
 * {@link BytePairModel}.
 *
 * <p>Built once per tokenizer ({@link #build}); immutable apart from a bounded word cache and
 * thread-safe. An encode call allocates only its result (and, for text that NFC changes, the
 * normalized copy); the rest is per-thread scratch.
 */
public final class ByteLevelBpe {

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final char[] BYTE_CHARS = byteChars();

    private final boolean nfc;
    private final SplitRule[] splits;
    private final boolean prefixSpace;
    private final boolean exactOffsets;
    private final AddedTokenMatcher rawTokens;
    private final AddedTokenMatcher normalizedTokens;
    private final BytePairModel model;

    private ByteLevelBpe(final PipelineReader r) throws PipelineReader.Unsupported {
        this.nfc = r.nfc;
        this.splits = r.splits.toArray(new SplitRule[0]);
        this.prefixSpace = r.prefixSpace;
        this.exactOffsets = !r.offsetsTrimmed && !r.prefixSpace;
        final List<AddedTokenSpec> raw = new ArrayList<>();
        final List<String> rawPatterns = new ArrayList<>();
        final List<AddedTokenSpec> normalized = new ArrayList<>();
        final List<String> normalizedPatterns = new ArrayList<>();
        for (final AddedTokenSpec t : r.addedTokens) {
            if (t.normalized()) {
                final String pattern = nfc ? LibraryNfc.normalize(t.content()) : t.content();
                if (!pattern.isEmpty()) {
                    normalized.add(t);
                    normalizedPatterns.add(pattern);
                }
            } else {
                raw.add(t);
                rawPatterns.add(t.content());
            }
        }
        this.rawTokens = raw.isEmpty() ? null : new AddedTokenMatcher(raw, rawPatterns);
        this.normalizedTokens = normalized.isEmpty()
                ? null : new AddedTokenMatcher(normalized, normalizedPatterns);
        this.model = buildModel(r);
    }

    private static BytePairModel buildModel(final PipelineReader r)
            throws PipelineReader.Unsupported {
        final Map<String, Integer> vocab = r.vocab;
        final int[] byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            final Integer id = vocab.get(String.valueOf(BYTE_CHARS[b]));
            if (id == null) {
                throw new PipelineReader.Unsupported("a byte-level vocabulary without the token "
                        + "of byte " + b);
            }
            byteIds[b] = id;
        }
        final int[] charToByte = new int[0x200];
        Arrays.fill(charToByte, -1);
        for (int b = 0; b < 256; b++) {
            charToByte[BYTE_CHARS[b]] = b;
        }
        final List<byte[]> tokenBytes = new ArrayList<>(vocab.size());
        final int[] ids = new int[vocab.size()];
        int n = 0;
        for (final Map.Entry<String, Integer> e : vocab.entrySet()) {
            final String token = e.getKey();
            final byte[] bytes = new byte[token.length()];
            boolean byteLevel = true;
            for (int i = 0; i < token.length() && byteLevel; i++) {
                final char c = token.charAt(i);
                byteLevel = c < charToByte.length && charToByte[c] >= 0;
                if (byteLevel) {
                    bytes[i] = (byte) charToByte[c];
                }
            }
            // A token that is not made of byte characters can never be produced.
            if (byteLevel && bytes.length > 0) {
                tokenBytes.add(bytes);
                ids[n++] = e.getValue();
            }
        }
        final int[][] merges = new int[r.merges.size()][];
        for (int i = 0; i < merges.length; i++) {
            final String[] m = r.merges.get(i);
            final Integer a = vocab.get(m[0]);
            final Integer b = vocab.get(m[1]);
            final Integer ab = vocab.get(m[0] + m[1]);
            if (a == null || b == null || ab == null) {
                throw new PipelineReader.Unsupported("the BPE merge '" + m[0] + " " + m[1]
                        + "' of tokens outside the vocabulary");
            }
            merges[i] = new int[] {a, b, ab};
        }
        return new BytePairModel(byteIds, tokenBytes.toArray(new byte[0][]),
                Arrays.copyOf(ids, n), merges, r.ignoreMerges);
    }

    /**
     * Whether the Java encoder implements this tokenizer.json's pipeline exactly: empty when
     * it does, else a sentence naming the first part it does not implement.
     */
    public static Optional<String> unsupportedPart(final byte[] tokenizerJson) {
        try {
            final ByteLevelBpe ignored = new ByteLevelBpe(
                    PipelineReader.read(PipelineReader.parse(tokenizerJson)));
            return Optional.empty();
        } catch (final PipelineReader.Unsupported e) {
            return Optional.of(e.getMessage());
        } catch (final IOException | RuntimeException e) {
            return Optional.of("a tokenizer.json that cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Builds the encoder of a tokenizer.json.
     *
     * @throws UnsupportedPipelineException naming the first part the encoder does not
     *                                      implement
     */
    public static ByteLevelBpe build(final byte[] tokenizerJson) {
        final JsonNode root;
        try {
            root = PipelineReader.parse(tokenizerJson);
        } catch (final IOException e) {
            throw new UnsupportedPipelineException("a tokenizer.json that cannot be read ("
                    + e.getMessage() + ")");
        }
        try {
            return new ByteLevelBpe(PipelineReader.read(root));
        } catch (final PipelineReader.Unsupported e) {
            throw new UnsupportedPipelineException(e.getMessage());
        }
    }

    /** The ids of the text. */
    public int[] encode(final String text) {
        final Scratch s = SCRATCH.get();
        run(text, s, false);
        return s.ids();
    }

    /**
     * The ids of the text with, for each, the span {@code [start, end)} in Unicode code points
     * of the input that the token comes from (a token holding part of a character's bytes
     * spans the whole character). Exact when the text is already in NFC (always, for
     * pipelines without a normalizer); in a piece that NFC changes, every token spans the
     * whole piece between added tokens.
     */
    public Encoded encodeWithOffsets(final String text) {
        if (!exactOffsets) {
            throw new UnsupportedOperationException("offsets of a pipeline that trims them or "
                    + "adds a prefix space");
        }
        final Scratch s = SCRATCH.get();
        run(text, s, true);
        return new Encoded(s.ids(), s.starts(), s.ends());
    }

    /** Whether {@link #encodeWithOffsets} gives offsets for this pipeline. */
    public boolean hasOffsets() {
        return exactOffsets;
    }

    private void run(final String text, final Scratch s, final boolean offsets) {
        s.reset();
        if (offsets) {
            s.indexCodePoints(text);
        }
        final int length = text.length();
        final int[] found = s.match;
        int pos = 0;
        while (pos < length) {
            final boolean hit = rawTokens != null && rawTokens.find(text, pos, 0, length, found);
            final int gapEnd = hit ? found[0] : length;
            if (gapEnd > pos) {
                normalizedPiece(text, pos, gapEnd, s, offsets);
            }
            if (!hit) {
                break;
            }
            s.addWhole(found[2], cp(s, found[0], offsets), cp(s, found[1], offsets));
            pos = found[1];
        }
    }

    private void normalizedPiece(final String text, final int start, final int end,
                                 final Scratch s, final boolean offsets) {
        if (!nfc || LibraryNfc.isNormalized(text, start, end)) {
            tokensOrWords(text, start, end, s, offsets, -1, -1);
            return;
        }
        final String normalized = LibraryNfc.normalize(text.substring(start, end));
        tokensOrWords(normalized, 0, normalized.length(), s, offsets, cp(s, start, offsets),
                cp(s, end, offsets));
    }

    /**
     * Splits the normalized added tokens out of {@code text[start, end)} and encodes the rest.
     * With {@code fixedStart >= 0} (text that NFC changed) every token gets the span
     * {@code [fixedStart, fixedEnd)} of the input.
     */
    private void tokensOrWords(final String text, final int start, final int end,
                               final Scratch s, final boolean offsets, final int fixedStart,
                               final int fixedEnd) {
        final boolean inputPositions = fixedStart < 0;
        final int[] found = s.match2;
        int pos = start;
        while (pos < end) {
            final boolean hit = normalizedTokens != null
                    && normalizedTokens.find(text, pos, start, end, found);
            final int gapEnd = hit ? found[0] : end;
            if (gapEnd > pos) {
                final int first = s.size();
                words(text, pos, gapEnd, s, offsets && inputPositions);
                if (offsets && !inputPositions) {
                    s.fixSpans(first, fixedStart, fixedEnd);
                }
            }
            if (!hit) {
                break;
            }
            if (inputPositions) {
                s.addWhole(found[2], cp(s, found[0], offsets), cp(s, found[1], offsets));
            } else {
                s.addWhole(found[2], fixedStart, fixedEnd);
            }
            pos = found[1];
        }
    }

    /** Pre-tokenizes {@code text[start, end)} and merges each word. */
    private void words(final String text, final int start, final int end, final Scratch s,
                       final boolean offsets) {
        final int cpBase = offsets ? cp(s, start, offsets) : 0;
        s.ensureText(end - start + 1);
        s.ensureBytes(3 * (end - start) + 4);
        final int[] cps = s.cps;
        final byte[] cls = s.cls;
        final byte[] utf8 = s.utf8;
        final int[] byteCp = s.byteCp;
        final int[] cpByte = s.cpByte(end - start + 2);
        int n = 0;
        int b = 0;
        if (prefixSpace && text.charAt(start) != ' ') {
            cps[0] = ' ';
            cls[0] = (byte) CodePointClasses.of(' ');
            cpByte[0] = 0;
            utf8[b] = ' ';
            byteCp[b++] = cpBase;
            n = 1;
        }
        final int shift = n;
        for (int i = start; i < end; ) {
            int cp = text.charAt(i++);
            if (Character.isHighSurrogate((char) cp) && i < end
                    && Character.isLowSurrogate(text.charAt(i))) {
                cp = Character.toCodePoint((char) cp, text.charAt(i++));
            } else if (Character.isSurrogate((char) cp)) {
                cp = 0xFFFD;
            }
            cps[n] = cp;
            cls[n] = (byte) CodePointClasses.of(cp);
            cpByte[n] = b;
            final int cpAt = cpBase + n - shift;
            if (cp < 0x80) {
                utf8[b] = (byte) cp;
                byteCp[b++] = cpAt;
            } else if (cp < 0x800) {
                utf8[b] = (byte) (0xC0 | (cp >> 6));
                byteCp[b++] = cpAt;
                utf8[b] = (byte) (0x80 | (cp & 0x3F));
                byteCp[b++] = cpAt;
            } else if (cp < 0x10000) {
                utf8[b] = (byte) (0xE0 | (cp >> 12));
                byteCp[b++] = cpAt;
                utf8[b] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                byteCp[b++] = cpAt;
                utf8[b] = (byte) (0x80 | (cp & 0x3F));
                byteCp[b++] = cpAt;
            } else {
                utf8[b] = (byte) (0xF0 | (cp >> 18));
                byteCp[b++] = cpAt;
                utf8[b] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                byteCp[b++] = cpAt;
                utf8[b] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                byteCp[b++] = cpAt;
                utf8[b] = (byte) (0x80 | (cp & 0x3F));
                byteCp[b++] = cpAt;
            }
            n++;
        }
        cpByte[n] = b;
        split(0, 0, n, s, offsets);
    }

    private void split(final int level, final int from, final int to, final Scratch s,
                       final boolean offsets) {
        if (level == splits.length) {
            word(from, to, s, offsets);
            return;
        }
        final SplitRule rule = splits[level];
        final int[] cps = s.cps;
        final byte[] cls = s.cls;
        int pos = from;
        int gap = from;
        while (pos < to) {
            final int e = rule.matchEnd(cps, cls, pos, to);
            if (e < 0) {
                pos++;
                continue;
            }
            if (gap < pos) {
                split(level + 1, gap, pos, s, offsets);
            }
            split(level + 1, pos, e, s, offsets);
            pos = e;
            gap = e;
        }
        if (gap < to) {
            split(level + 1, gap, to, s, offsets);
        }
    }

    private void word(final int from, final int to, final Scratch s, final boolean offsets) {
        final int[] cpByte = s.cpByteArray();
        final int byteFrom = cpByte[from];
        final int byteTo = cpByte[to];
        final int first = s.size();
        s.beginWord(byteFrom);
        model.encodeWord(s.utf8, byteFrom, byteTo, s);
        if (offsets) {
            s.finishWordOffsets(first, byteTo, s.byteCp);
        }
    }

    private static int cp(final Scratch s, final int charIndex, final boolean offsets) {
        return offsets ? s.cpOf(charIndex) : 0;
    }

    /** The byte-to-character table of the library's ByteLevel (GPT-2's). */
    private static char[] byteChars() {
        final char[] map = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            final boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC)
                    || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) (256 + n++);
        }
        return map;
    }

    /**
     * Ids and their code point spans.
     *
     * @param ids    the token ids
     * @param starts the first code point of each token
     * @param ends   one past the last code point of each token
     */
    public record Encoded(int[] ids, int[] starts, int[] ends) {
    }
}
