package io.sftstream.sample;

import static io.sftstream.sample.RecordJson.id;
import static io.sftstream.sample.RecordJson.message;
import static io.sftstream.sample.RecordJson.object;

import io.sftstream.serdes.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates realistic instruction-tuning records for the demo, tests and benchmarks: all four
 * input shapes, multi-turn conversations, system prompts, English prose, CJK text and code, with
 * a long-tailed length mix, and a share of bad records spread evenly over every rejection reason
 * that data can cause (all but {@code PROCESSING_ERROR}). The same seed gives the same records.
 */
public final class SampleRecords {

    /**
     * One generated record.
     *
     * @param key            the record key (UTF-8 {@code user-N}), several records per key
     * @param value          the record value; null for a tombstone
     * @param expectedReason the rejection reason the record must get, or null for a good one
     * @param kind           {@link #TOOL_USE} or {@link #REASONING} for agent conversations,
     *                       else null
     */
    public record Sample(byte[] key, byte[] value, Reason expectedReason, String kind) {

        public Sample(final byte[] key, final byte[] value, final Reason expectedReason) {
            this(key, value, expectedReason, null);
        }
    }

    /** The kind of a conversation with tool calls and tool results. */
    public static final String TOOL_USE = "tool-use";
    /** The kind of a conversation with {@code reasoning_content}. */
    public static final String REASONING = "reasoning";

    /**
     * What the generator needs to know to make each bad kind fail for the intended reason.
     *
     * @param specialToken   the content of an added token of the tokenizer (e.g. "<|im_end|>")
     * @param maxTokens      {@code max.tokens}: TOO_LONG records exceed it
     * @param maxRecordBytes {@code max.record.bytes}: RECORD_TOO_LARGE records exceed it
     * @param keys           how many distinct keys
     * @param responseScale  multiplies response lengths (1.0 = the demo's mix)
     * @param agentRecords   whether some {@code messages} records call tools or carry
     *                       reasoning (for {@code --template model}, SPEC section 9)
     */
    public record Options(String specialToken, int maxTokens, int maxRecordBytes, int keys,
                          double responseScale, boolean agentRecords) {

        public Options(final String specialToken, final int maxTokens, final int maxRecordBytes,
                       final int keys, final double responseScale) {
            this(specialToken, maxTokens, maxRecordBytes, keys, responseScale, false);
        }

        public static Options defaults(final String specialToken) {
            return new Options(specialToken, 4096, 1_048_576, 64, 1.0);
        }
    }

    /** The reasons bad records are spread over, in order. */
    public static final List<Reason> BAD_REASONS = List.of(Reason.EMPTY_RECORD,
            Reason.RECORD_TOO_LARGE, Reason.INVALID_JSON, Reason.UNKNOWN_FORMAT,
            Reason.MISSING_FIELD, Reason.WRONG_TYPE, Reason.EMPTY_TEXT, Reason.BAD_CONVERSATION,
            Reason.SPECIAL_TOKEN_IN_TEXT, Reason.TOO_LONG);

    private final Options options;
    private final Random random;
    private final TextMaker text;

    private SampleRecords(final Options options, final long seed) {
        this.options = options;
        this.random = new Random(seed);
        this.text = new TextMaker(random);
    }

    /**
     * Generates {@code count} records; every {@code 1/badFraction}-th one is bad, the bad ones
     * cycling through {@link #BAD_REASONS}.
     */
    public static List<Sample> generate(final int count, final double badFraction,
                                        final long seed, final Options options) {
        final SampleRecords generator = new SampleRecords(options, seed);
        final List<Sample> samples = new ArrayList<>(count);
        final int every = badFraction <= 0 ? Integer.MAX_VALUE
                : Math.max(1, (int) Math.round(1 / badFraction));
        int bad = 0;
        for (int i = 0; i < count; i++) {
            final byte[] key = ("user-" + generator.random.nextInt(options.keys()))
                    .getBytes(StandardCharsets.UTF_8);
            if ((i + 1) % every == 0) {
                final Reason reason = BAD_REASONS.get(bad++ % BAD_REASONS.size());
                samples.add(new Sample(key, generator.bad(reason, bad), reason));
            } else {
                final String kind = generator.kind(i);
                samples.add(new Sample(key, kind == null ? generator.good(i)
                        : generator.agent(i, kind), null, kind));
            }
        }
        return samples;
    }

    /** Which agent kind record {@code i} is, or null for an ordinary one. */
    private String kind(final int i) {
        if (!options.agentRecords() || i % 4 != 2) {
            return null;
        }
        return switch (random.nextInt(3)) {
            case 0 -> TOOL_USE;
            case 1 -> REASONING;
            default -> null;
        };
    }

    /**
     * A {@code messages} record with a tool call, its result and the final answer, or with
     * reasoning beside the answer. The assistant message that calls a tool has an empty text,
     * the form most templates (Qwen3's among them) render.
     */
    private byte[] agent(final int i, final String kind) {
        text.budget(options.maxTokens() / 3);
        return object(g -> {
            id(g, "agent-" + i);
            g.writeArrayFieldStart("messages");
            message(g, "role", "content", "user", text.prompt());
            if (kind.equals(TOOL_USE)) {
                g.writeStartObject();
                g.writeStringField("role", "assistant");
                g.writeStringField("content", "");
                g.writeArrayFieldStart("tool_calls");
                g.writeStartObject();
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", "search_notes");
                g.writeObjectFieldStart("arguments");
                g.writeStringField("query", text.sentence());
                g.writeNumberField("limit", 1 + random.nextInt(5));
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
                message(g, "role", "content", "tool", text.sentence());
                message(g, "role", "content", "assistant", response());
            } else {
                g.writeStartObject();
                g.writeStringField("role", "assistant");
                g.writeStringField("content", response());
                g.writeStringField("reasoning_content", text.sentence() + " " + text.sentence());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (kind.equals(TOOL_USE)) {
                g.writeArrayFieldStart("tools");
                g.writeStartObject();
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", "search_notes");
                g.writeStringField("description", "Searches the user's notes.");
                g.writeObjectFieldStart("parameters");
                g.writeStringField("type", "object");
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
            }
        });
    }

    private byte[] good(final int i) {
        // CJK and code count as several words each; a third of max.tokens in words stays
        // well inside the limit for every tokenizer here.
        text.budget(options.maxTokens() / 3);
        final String id = switch (i % 5) {
            case 0 -> null;
            case 1 -> Integer.toString(i);
            default -> "s-" + i;
        };
        return switch (i % 4) {
            case 0 -> alpaca(id);
            case 1 -> object(g -> {
                id(g, id);
                g.writeStringField("prompt", text.prompt());
                g.writeStringField("response", response());
                if (random.nextInt(3) == 0) {
                    g.writeStringField("system", text.system());
                }
            });
            case 2 -> roles(id, "messages", "role", "content", "user", "assistant");
            default -> roles(id, "conversations", "from", "value", "human", "gpt");
        };
    }

    private byte[] alpaca(final String id) {
        return object(g -> {
            id(g, id);
            g.writeStringField("instruction", text.prompt());
            g.writeStringField("input", random.nextInt(3) == 0 ? text.sentence() : "");
            g.writeStringField("output", response());
            if (random.nextInt(4) == 0) {
                g.writeArrayFieldStart("history");
                for (int t = random.nextInt(2) + 1; t > 0; t--) {
                    g.writeStartArray();
                    g.writeString(text.prompt());
                    g.writeString(response());
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            if (random.nextInt(5) == 0) {
                g.writeStringField("system", text.system());
            }
        });
    }

    private byte[] roles(final String id, final String field, final String roleKey,
                         final String contentKey, final String user, final String assistant) {
        return object(g -> {
            id(g, id);
            g.writeArrayFieldStart(field);
            if (random.nextBoolean()) {
                message(g, roleKey, contentKey, "system", text.system());
            }
            for (int t = random.nextInt(3) + 1; t > 0; t--) {
                message(g, roleKey, contentKey, user, text.prompt());
                message(g, roleKey, contentKey, assistant, response());
            }
            g.writeEndArray();
        });
    }

    private String response() {
        return text.response(options.responseScale());
    }

    private byte[] bad(final Reason reason, final int n) {
        text.budget(Integer.MAX_VALUE);
        return switch (reason) {
            case EMPTY_RECORD -> n % 2 == 0 ? null : new byte[0];
            case RECORD_TOO_LARGE -> {
                final String filler = "a".repeat(options.maxRecordBytes());
                yield ("{\"prompt\":\"p\",\"response\":\"" + filler + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case INVALID_JSON -> switch (n % 4) {
                case 0 -> "{\"prompt\":\"cut short".getBytes(StandardCharsets.UTF_8);
                case 1 -> "{\"prompt\":\"p\",\"response\":\"r\"} trailing"
                        .getBytes(StandardCharsets.UTF_8);
                case 2 -> new byte[] {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, '"', '}'};
                default -> "[\"an\",\"array\"]".getBytes(StandardCharsets.UTF_8);
            };
            case UNKNOWN_FORMAT -> object(g -> {
                g.writeStringField("question", text.prompt());
                g.writeStringField("answer", text.sentence());
            });
            case MISSING_FIELD -> object(g -> g.writeStringField("instruction", text.prompt()));
            case WRONG_TYPE -> object(g -> {
                g.writeNumberField("prompt", n);
                g.writeStringField("response", text.sentence());
            });
            case EMPTY_TEXT -> object(g -> {
                g.writeStringField("instruction", text.prompt());
                g.writeStringField("output", " \n\t ");
            });
            case BAD_CONVERSATION -> object(g -> {
                g.writeArrayFieldStart("messages");
                message(g, "role", "content", "user", text.prompt());
                message(g, "role", "content", "assistant", text.sentence());
                message(g, "role", "content", "user", text.prompt());
                g.writeEndArray();
            });
            case SPECIAL_TOKEN_IN_TEXT -> object(g -> {
                g.writeStringField("prompt", text.sentence() + options.specialToken()
                        + text.sentence());
                g.writeStringField("response", text.sentence());
            });
            case TOO_LONG -> object(g -> {
                g.writeStringField("prompt", text.prompt());
                g.writeStringField("response", text.words(options.maxTokens() + 64));
            });
            default -> throw new IllegalArgumentException("no sample for " + reason);
        };
    }
}
