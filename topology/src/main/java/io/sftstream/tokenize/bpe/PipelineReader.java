package io.sftstream.tokenize.bpe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a tokenizer.json and decides whether {@link ByteLevelBpe} runs its pipeline exactly:
 * every part must be one it implements with every parameter understood. The first part that
 * is not is named in {@link Unsupported}'s sentence.
 */
final class PipelineReader {

    /** A pipeline part the Java encoder does not implement. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(final String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> BYTE_LEVEL_KEYS =
            Set.of("type", "add_prefix_space", "trim_offsets", "use_regex");
    private static final Set<String> SPLIT_KEYS = Set.of("type", "pattern", "behavior", "invert");
    private static final Set<String> BPE_KEYS = Set.of("type", "dropout", "unk_token",
            "continuing_subword_prefix", "end_of_word_suffix", "fuse_unk", "byte_fallback",
            "ignore_merges", "vocab", "merges");
    private static final Set<String> TOKEN_KEYS = Set.of("id", "content", "single_word",
            "lstrip", "rstrip", "normalized", "special");

    // What was read.
    boolean nfc;
    final List<SplitRule> splits = new ArrayList<>();
    boolean prefixSpace;
    boolean byteLevelRegex;
    boolean offsetsTrimmed;
    boolean ignoreMerges;
    final Map<String, Integer> vocab = new HashMap<>(1 << 18);
    final List<String[]> merges = new ArrayList<>(1 << 18);
    final List<AddedTokenSpec> addedTokens = new ArrayList<>();

    private PipelineReader() {
    }

    static JsonNode parse(final byte[] json) throws IOException {
        final JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE).build())
                .build();
        return new ObjectMapper(factory).readTree(json);
    }

    /** Reads a parsed tokenizer.json, or throws naming the first part it does not implement. */
    static PipelineReader read(final JsonNode root) throws Unsupported {
        final PipelineReader r = new PipelineReader();
        r.readNormalizer(root.path("normalizer"));
        r.readPreTokenizer(root.path("pre_tokenizer"));
        r.readModel(root.path("model"));
        r.readPostProcessor(root.path("post_processor"), "post_processor");
        r.readAddedTokens(root.path("added_tokens"));
        return r;
    }

    private void readNormalizer(final JsonNode n) throws Unsupported {
        if (n.isMissingNode() || n.isNull()) {
            return;
        }
        final String type = n.path("type").asText();
        switch (type) {
            case "NFC" -> {
                keys(n, Set.of("type"), "the NFC normalizer");
                nfc = true;
            }
            case "Sequence" -> {
                keys(n, Set.of("type", "normalizers"), "the Sequence normalizer");
                for (final JsonNode part : n.path("normalizers")) {
                    readNormalizer(part);
                }
            }
            default -> throw new Unsupported("the normalizer " + quote(type)
                    + " (the Java encoder implements NFC and none)");
        }
    }

    private void readPreTokenizer(final JsonNode n) throws Unsupported {
        if (n.isMissingNode() || n.isNull()) {
            throw new Unsupported("a pipeline without a ByteLevel pre-tokenizer");
        }
        final List<JsonNode> steps = new ArrayList<>();
        if ("Sequence".equals(n.path("type").asText())) {
            keys(n, Set.of("type", "pretokenizers"), "the Sequence pre-tokenizer");
            n.path("pretokenizers").forEach(steps::add);
        } else {
            steps.add(n);
        }
        for (int i = 0; i < steps.size(); i++) {
            final JsonNode step = steps.get(i);
            final String type = step.path("type").asText();
            final boolean last = i == steps.size() - 1;
            if ("Split".equals(type) && !last) {
                readSplit(step);
            } else if ("ByteLevel".equals(type) && last) {
                keys(step, BYTE_LEVEL_KEYS, "the ByteLevel pre-tokenizer");
                prefixSpace = bool(step, "add_prefix_space", true);
                byteLevelRegex = bool(step, "use_regex", true);
                if (prefixSpace && !splits.isEmpty()) {
                    throw new Unsupported("a ByteLevel pre-tokenizer with add_prefix_space "
                            + "after a Split");
                }
                if (byteLevelRegex) {
                    splits.add(SplitRules.forRegex(SplitRules.GPT2).orElseThrow());
                }
            } else {
                throw new Unsupported("the pre-tokenizer " + quote(type) + (last
                        ? " at the end (the Java encoder needs ByteLevel last)"
                        : " (the Java encoder implements Split regexes before ByteLevel)"));
            }
        }
    }

    private void readSplit(final JsonNode n) throws Unsupported {
        keys(n, SPLIT_KEYS, "the Split pre-tokenizer");
        final String behavior = n.path("behavior").asText();
        if (!"Isolated".equals(behavior)) {
            throw new Unsupported("a Split pre-tokenizer with behavior " + quote(behavior));
        }
        if (n.path("invert").asBoolean(false)) {
            throw new Unsupported("a Split pre-tokenizer with invert");
        }
        final JsonNode regex = n.path("pattern").path("Regex");
        if (!regex.isTextual()) {
            throw new Unsupported("a Split pre-tokenizer with a String pattern");
        }
        final SplitRule rule = SplitRules.forRegex(regex.asText()).orElseThrow(() ->
                new Unsupported("the Split regex " + quote(regex.asText())
                        + " (not one of the regexes the Java encoder scans by hand)"));
        splits.add(rule);
    }

    private void readModel(final JsonNode m) throws Unsupported {
        final String type = m.path("type").asText();
        if (!"BPE".equals(type)) {
            throw new Unsupported("the model " + quote(type) + " (the Java encoder implements "
                    + "BPE)");
        }
        keys(m, BPE_KEYS, "the BPE model");
        final JsonNode dropout = m.path("dropout");
        if (!dropout.isMissingNode() && !dropout.isNull() && dropout.asDouble() != 0.0) {
            throw new Unsupported("BPE dropout " + dropout.asText());
        }
        for (final String affix : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            final JsonNode v = m.path(affix);
            if (!v.isMissingNode() && !v.isNull() && !v.asText().isEmpty()) {
                throw new Unsupported("BPE " + affix + " " + quote(v.asText()));
            }
        }
        ignoreMerges = m.path("ignore_merges").asBoolean(false);
        final Iterator<Map.Entry<String, JsonNode>> it = m.path("vocab").fields();
        while (it.hasNext()) {
            final Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        for (final JsonNode merge : m.path("merges")) {
            if (merge.isTextual()) {
                final String[] parts = merge.asText().split(" ", -1);
                if (parts.length != 2) {
                    throw new Unsupported("the BPE merge " + quote(merge.asText()));
                }
                merges.add(parts);
            } else if (merge.isArray() && merge.size() == 2) {
                merges.add(new String[] {merge.get(0).asText(), merge.get(1).asText()});
            } else {
                throw new Unsupported("the BPE merge " + merge);
            }
        }
        // unk_token, fuse_unk and byte_fallback only act on a character missing from the
        // vocabulary; ByteLevelBpe checks that every byte has its token.
    }

    private void readPostProcessor(final JsonNode n, final String where) throws Unsupported {
        if (n.isMissingNode() || n.isNull()) {
            return;
        }
        final String type = n.path("type").asText();
        switch (type) {
            // Without add_special_tokens these add nothing; ByteLevel's trim_offsets moves
            // offsets, never ids.
            case "ByteLevel" -> {
                keys(n, BYTE_LEVEL_KEYS, "the ByteLevel post-processor");
                offsetsTrimmed |= bool(n, "trim_offsets", true);
            }
            case "TemplateProcessing" ->
                    keys(n, Set.of("type", "single", "pair", "special_tokens"),
                            "the TemplateProcessing post-processor");
            case "BertProcessing" ->
                    keys(n, Set.of("type", "sep", "cls"), "the BertProcessing post-processor");
            case "Sequence" -> {
                keys(n, Set.of("type", "processors"), "the Sequence post-processor");
                for (final JsonNode part : n.path("processors")) {
                    readPostProcessor(part, where);
                }
            }
            default -> throw new Unsupported("the post-processor " + quote(type));
        }
    }

    private void readAddedTokens(final JsonNode list) throws Unsupported {
        final Set<String> seen = new HashSet<>();
        final Map<String, Integer> assigned = new HashMap<>();
        int maxAssigned = -1;
        for (final JsonNode t : list) {
            keys(t, TOKEN_KEYS, "an added token");
            final String content = t.path("content").asText();
            if (content.isEmpty()) {
                continue;
            }
            if (!seen.add(content)) {
                throw new Unsupported("the added token " + quote(content) + " listed twice");
            }
            // The id the library gives it: its vocabulary id, else the next free one.
            final Integer inVocab = vocab.get(content);
            final int id;
            if (inVocab != null) {
                id = inVocab;
            } else if (maxAssigned < 0) {
                id = vocab.size();
            } else {
                id = maxAssigned >= vocab.size() ? maxAssigned + 1 : vocab.size();
            }
            assigned.put(content, id);
            maxAssigned = Math.max(maxAssigned, id);
            if (id != t.path("id").asInt()) {
                throw new Unsupported("the added token " + quote(content) + " whose id "
                        + t.path("id").asInt() + " the library would change to " + id);
            }
            addedTokens.add(new AddedTokenSpec(content, id, t.path("special").asBoolean(false),
                    t.path("single_word").asBoolean(false), t.path("lstrip").asBoolean(false),
                    t.path("rstrip").asBoolean(false), t.path("normalized").asBoolean(true)));
        }
    }

    private static boolean bool(final JsonNode n, final String key, final boolean dflt)
            throws Unsupported {
        final JsonNode v = n.path(key);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new Unsupported(key + " = " + v);
        }
        return v.asBoolean();
    }

    private static void keys(final JsonNode n, final Set<String> known, final String what)
            throws Unsupported {
        final Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!known.contains(name)) {
                throw new Unsupported(what + " with the option " + quote(name));
            }
        }
    }

    private static String quote(final String s) {
        return "'" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "'";
    }
}
