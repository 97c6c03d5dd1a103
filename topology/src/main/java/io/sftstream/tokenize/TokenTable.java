package io.sftstream.tokenize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The token strings of a tokenizer.json: its {@code added_tokens} and its {@code model.vocab}
 * (a JSON object token → id for BPE, WordPiece and WordLevel; an array of {@code [piece, score]}
 * pairs, id = position, for Unigram). Read once with a streaming parser (Qwen3's file is 11 MB)
 * and immutable afterwards, so it is safe to share between threads.
 */
final class TokenTable {

    private final Map<String, Integer> addedIds;
    private final Map<String, Integer> vocabIds;
    private final String[] pieces;
    private final List<String> addedContents;
    private final List<String> specialContents;

    private TokenTable(final Map<String, Integer> addedIds, final Map<String, Integer> vocabIds,
                       final List<String> addedContents, final List<String> specialContents) {
        this.addedIds = addedIds;
        this.vocabIds = vocabIds;
        this.addedContents = List.copyOf(addedContents);
        this.specialContents = List.copyOf(specialContents);
        int maxId = -1;
        for (final int id : vocabIds.values()) {
            maxId = Math.max(maxId, id);
        }
        for (final int id : addedIds.values()) {
            maxId = Math.max(maxId, id);
        }
        final String[] byId = new String[maxId + 1];
        vocabIds.forEach((piece, id) -> byId[id] = piece);
        // As in the tokenizers library, an added token wins over a vocabulary entry of its id.
        addedIds.forEach((content, id) -> byId[id] = content);
        this.pieces = byId;
    }

    /**
     * Parses the bytes of a tokenizer.json.
     *
     * @throws TokenizerLoadException when the bytes are not JSON of the expected shape
     */
    static TokenTable parse(final byte[] tokenizerJson, final String source) {
        final JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE).build())
                .build();
        final Map<String, Integer> added = new HashMap<>();
        final List<String> addedContents = new ArrayList<>();
        final List<String> specialContents = new ArrayList<>();
        final Map<String, Integer> vocab = new HashMap<>(1 << 18);
        try (JsonParser parser = factory.createParser(tokenizerJson)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the file");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                final JsonToken value = parser.nextToken();
                if ("added_tokens".equals(field) && value == JsonToken.START_ARRAY) {
                    readAddedTokens(parser, added, addedContents, specialContents);
                } else if ("model".equals(field) && value == JsonToken.START_OBJECT) {
                    readModel(parser, vocab);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (final IOException | IllegalStateException e) {
            final String detail = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new TokenizerLoadException(source + " is not a valid tokenizer.json (" + detail
                    + "): pass the tokenizer.json of a HuggingFace tokenizer.", e);
        }
        return new TokenTable(Map.copyOf(added), vocab, addedContents, specialContents);
    }

    private static void readAddedTokens(final JsonParser parser, final Map<String, Integer> added,
                                        final List<String> contents,
                                        final List<String> special) throws IOException {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            Integer id = null;
            String content = null;
            boolean isSpecial = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                final JsonToken value = parser.nextToken();
                if ("id".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    id = parser.getIntValue();
                } else if ("content".equals(field) && value == JsonToken.VALUE_STRING) {
                    content = parser.getText();
                } else if ("special".equals(field)) {
                    isSpecial = value == JsonToken.VALUE_TRUE;
                } else {
                    parser.skipChildren();
                }
            }
            if (id == null || content == null || id < 0) {
                throw new IllegalStateException("an entry of added_tokens lacks its id or content");
            }
            contents.add(content);
            if (isSpecial) {
                special.add(content);
            }
            added.putIfAbsent(content, id);
        }
    }

    private static void readModel(final JsonParser parser, final Map<String, Integer> vocab)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            final JsonToken value = parser.nextToken();
            if ("vocab".equals(field) && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String piece = parser.currentName();
                    expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT, "model.vocab");
                    final int id = parser.getIntValue();
                    if (id < 0) {
                        throw new IllegalStateException("model.vocab has a negative id");
                    }
                    vocab.put(piece, id);
                }
            } else if ("vocab".equals(field) && value == JsonToken.START_ARRAY) {
                int id = 0;
                while (parser.nextToken() == JsonToken.START_ARRAY) {
                    expect(parser.nextToken(), JsonToken.VALUE_STRING, "model.vocab");
                    vocab.putIfAbsent(parser.getText(), id++);
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static void expect(final JsonToken actual, final JsonToken expected,
                               final String where) {
        if (actual != expected) {
            throw new IllegalStateException("unexpected " + actual + " in " + where);
        }
    }

    /** The id of an added token with exactly this content, else of the vocabulary entry. */
    OptionalInt tokenId(final String content) {
        Integer id = addedIds.get(content);
        if (id == null) {
            id = vocabIds.get(content);
        }
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Whether some added token or vocabulary entry has this id. */
    boolean isKnownId(final int id) {
        return id >= 0 && id < pieces.length && pieces[id] != null;
    }

    /** The token string of the id, or {@code "<id N>"} when no token has it. */
    String piece(final int id) {
        return isKnownId(id) ? pieces[id] : "<id " + id + ">";
    }

    /** The largest id of any token, or -1 for an empty table. */
    int maxId() {
        return pieces.length - 1;
    }

    /** The content of every added_tokens entry, in file order. */
    List<String> addedContents() {
        return addedContents;
    }

    /** The contents of the added tokens marked {@code "special": true}, in file order. */
    List<String> specialContents() {
        return specialContents;
    }

    @Override
    public String toString() {
        return "TokenTable[" + addedContents.size() + " added tokens, " + vocabIds.size()
                + " vocabulary entries]";
    }
}
