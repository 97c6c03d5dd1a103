package io.sftstream.bench;

import static io.sftstream.sample.RecordJson.id;
import static io.sftstream.sample.RecordJson.message;
import static io.sftstream.sample.RecordJson.object;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's data set generator: instruction-tuning records with a realistic length mix
 * and a share of bad records. The same arguments give the same records.
 *
 * <ul>
 *   <li>Lengths, in (estimated) tokens per turn: prompt 20-300, response 50-1,000, both
 *       long-tailed (most short, a few long): {@code min + (max - min) * u^2.2}, u uniform.
 *       A fifth of the role-based records and a quarter of the alpaca ones have 2-3 turns.</li>
 *   <li>All four shapes in equal parts (alpaca, prompt-response, messages, sharegpt), with
 *       system texts, alpaca {@code input} and {@code history}, and string, integer or no
 *       {@code id}.</li>
 *   <li>English prose mixed with Chinese/Japanese sentences and code blocks; one record in
 *       eight is mostly Chinese.</li>
 *   <li>{@code badFraction} of the records are bad, spread over the rejection reasons the way
 *       a real feed has them: mostly broken JSON, blank or special-token texts, overlong
 *       records, rarely a record over {@code max.record.bytes}.</li>
 * </ul>
 *
 * <p>{@link #longRecords} makes records near {@code max.tokens} for the memory check.
 */
final class BenchRecords {

    /** Bad kinds, by weight out of 100. */
    private static final String[] BAD_CYCLE = badCycle();

    private final Random random;
    private final TextSource text;
    private final String specialToken;
    private final int maxTokens;
    private final int maxRecordBytes;

    private BenchRecords(final long seed, final String specialToken, final int maxTokens,
                         final int maxRecordBytes) {
        this.random = new Random(seed);
        this.text = new TextSource(random);
        this.specialToken = specialToken;
        this.maxTokens = maxTokens;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Generates the mixed data set.
     *
     * @param count          how many records
     * @param badFraction    share of bad records (0.02 = 2%)
     * @param seed           random seed
     * @param specialToken   an added token of the tokenizer, for SPECIAL_TOKEN_IN_TEXT records
     * @param maxTokens      {@code max.tokens}, for TOO_LONG records
     * @param maxRecordBytes {@code max.record.bytes}, for RECORD_TOO_LARGE records
     */
    static DataSet generate(final int count, final double badFraction, final long seed,
                            final String specialToken, final int maxTokens,
                            final int maxRecordBytes) {
        final BenchRecords gen = new BenchRecords(seed, specialToken, maxTokens, maxRecordBytes);
        final List<byte[]> keys = new ArrayList<>(count);
        final List<byte[]> values = new ArrayList<>(count);
        final long every = badFraction <= 0 ? Long.MAX_VALUE : Math.round(1 / badFraction);
        int bad = 0;
        for (int i = 0; i < count; i++) {
            keys.add(("user-" + gen.random.nextInt(1000)).getBytes(StandardCharsets.UTF_8));
            if ((i + 1) % every == 0) {
                values.add(gen.bad(BAD_CYCLE[bad++ % BAD_CYCLE.length]));
            } else {
                values.add(gen.good(i));
            }
        }
        return new DataSet("generated (seed " + seed + ", " + Math.round(badFraction * 1000) / 10.0
                + "% bad)", keys, values, true);
    }

    /**
     * Records whose sequence is near {@code maxTokens} (about 85-99% of it by estimate, so a
     * few may go over and be TOO_LONG): one or two long turns, all shapes.
     */
    static DataSet longRecords(final int count, final long seed, final String specialToken,
                               final int maxTokens) {
        final BenchRecords gen = new BenchRecords(seed, specialToken, maxTokens, 1 << 20);
        final List<byte[]> keys = new ArrayList<>(count);
        final List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(("long-" + i).getBytes(StandardCharsets.UTF_8));
            final int total = (int) (maxTokens * (0.80 + 0.14 * gen.random.nextDouble()));
            final int prompt = 100 + gen.random.nextInt(300);
            final String user = gen.text.text(prompt, 0.1);
            final String assistant = gen.text.text(total - prompt - 40, 0.1);
            values.add(switch (i % 4) {
                case 0 -> object(g -> {
                    g.writeStringField("instruction", user);
                    g.writeStringField("output", assistant);
                });
                case 1 -> object(g -> {
                    g.writeStringField("prompt", user);
                    g.writeStringField("response", assistant);
                });
                case 2 -> object(g -> {
                    g.writeArrayFieldStart("messages");
                    message(g, "role", "content", "user", user);
                    message(g, "role", "content", "assistant", assistant);
                    g.writeEndArray();
                });
                default -> object(g -> {
                    g.writeArrayFieldStart("conversations");
                    message(g, "from", "value", "human", user);
                    message(g, "from", "value", "gpt", assistant);
                    g.writeEndArray();
                });
            });
        }
        return new DataSet("near " + maxTokens + " tokens", keys, values, true);
    }

    private String prompt(final double cjk) {
        return text.text(longTail(20, 300), cjk);
    }

    private String response(final double cjk) {
        return text.text(longTail(50, 1000), cjk);
    }

    private int longTail(final int min, final int max) {
        return min + (int) ((max - min) * Math.pow(random.nextDouble(), 2.2));
    }

    private String system(final double cjk) {
        return random.nextDouble() < cjk * 2 ? "你是一个乐于助人的助手，请用简洁、准确的中文回答。"
                : switch (random.nextInt(4)) {
                    case 0 -> "You are a helpful assistant.";
                    case 1 -> "You are a concise assistant. Answer in at most three sentences.";
                    case 2 -> "You are an expert software engineer. Explain your reasoning "
                            + "step by step and show code where it helps.";
                    default -> text.text(20 + random.nextInt(60), 0.0);
                };
    }

    private byte[] good(final int i) {
        final double cjk = random.nextInt(8) == 0 ? 0.85 : 0.08;
        final String id = switch (i % 5) {
            case 0 -> null;
            case 1 -> Integer.toString(i);
            default -> "rec-" + i;
        };
        return switch (i % 4) {
            case 0 -> object(g -> {
                id(g, id);
                g.writeStringField("instruction", prompt(cjk));
                g.writeStringField("input", random.nextInt(3) == 0
                        ? text.text(10 + random.nextInt(80), cjk) : "");
                g.writeStringField("output", response(cjk));
                if (random.nextInt(4) == 0) {
                    g.writeArrayFieldStart("history");
                    for (int t = random.nextInt(2) + 1; t > 0; t--) {
                        g.writeStartArray();
                        g.writeString(prompt(cjk));
                        g.writeString(response(cjk));
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                if (random.nextInt(5) == 0) {
                    g.writeStringField("system", system(cjk));
                }
            });
            case 1 -> object(g -> {
                id(g, id);
                g.writeStringField("prompt", prompt(cjk));
                g.writeStringField("response", response(cjk));
                if (random.nextInt(3) == 0) {
                    g.writeStringField("system", system(cjk));
                }
            });
            case 2 -> roles(id, cjk, "messages", "role", "content", "user", "assistant");
            default -> roles(id, cjk, "conversations", "from", "value", "human", "gpt");
        };
    }

    private byte[] roles(final String id, final double cjk, final String field,
                         final String roleKey, final String contentKey, final String user,
                         final String assistant) {
        return object(g -> {
            id(g, id);
            g.writeArrayFieldStart(field);
            if (random.nextBoolean()) {
                message(g, roleKey, contentKey, "system", system(cjk));
            }
            final int turns = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
            for (int t = 0; t < turns; t++) {
                message(g, roleKey, contentKey, user, prompt(cjk));
                message(g, roleKey, contentKey, assistant, response(cjk));
            }
            g.writeEndArray();
        });
    }

    private byte[] bad(final String kind) {
        return switch (kind) {
            case "EMPTY_RECORD" -> new byte[0];
            case "RECORD_TOO_LARGE" -> ("{\"prompt\":\"p\",\"response\":\""
                    + "a".repeat(maxRecordBytes) + "\"}").getBytes(StandardCharsets.UTF_8);
            case "INVALID_JSON" -> switch (random.nextInt(4)) {
                case 0 -> ("{\"prompt\":\"" + prompt(0.1).replace("\"", "'").replace("\n", "\\n"))
                        .getBytes(StandardCharsets.UTF_8);
                case 1 -> "{\"prompt\":\"p\",\"response\":\"r\"} trailing"
                        .getBytes(StandardCharsets.UTF_8);
                case 2 -> new byte[] {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, '"', '}'};
                default -> "{'prompt': 'single quotes', 'response': 'are not JSON'}"
                        .getBytes(StandardCharsets.UTF_8);
            };
            case "UNKNOWN_FORMAT" -> object(g -> {
                g.writeStringField("question", prompt(0.1));
                g.writeStringField("answer", response(0.1));
            });
            case "MISSING_FIELD" -> object(g -> g.writeStringField("instruction", prompt(0.1)));
            case "WRONG_TYPE" -> object(g -> {
                g.writeStringField("prompt", prompt(0.1));
                g.writeNumberField("response", random.nextInt(100));
            });
            case "EMPTY_TEXT" -> object(g -> {
                g.writeStringField("instruction", prompt(0.1));
                g.writeStringField("output", random.nextBoolean() ? "" : " \n\t ");
            });
            case "BAD_CONVERSATION" -> object(g -> {
                g.writeArrayFieldStart("messages");
                message(g, "role", "content", "user", prompt(0.1));
                message(g, "role", "content", "assistant", response(0.1));
                message(g, "role", "content", "user", prompt(0.1));
                g.writeEndArray();
            });
            case "SPECIAL_TOKEN_IN_TEXT" -> object(g -> {
                g.writeStringField("prompt", prompt(0.1));
                g.writeStringField("response", response(0.1) + specialToken
                        + text.text(20, 0.0));
            });
            case "TOO_LONG" -> object(g -> {
                g.writeStringField("prompt", prompt(0.1));
                g.writeStringField("response", text.text(maxTokens + 200, 0.05));
            });
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String[] badCycle() {
        final List<String> cycle = new ArrayList<>(100);
        add(cycle, "INVALID_JSON", 20);
        add(cycle, "EMPTY_TEXT", 15);
        add(cycle, "SPECIAL_TOKEN_IN_TEXT", 12);
        add(cycle, "TOO_LONG", 10);
        add(cycle, "MISSING_FIELD", 10);
        add(cycle, "WRONG_TYPE", 10);
        add(cycle, "BAD_CONVERSATION", 10);
        add(cycle, "UNKNOWN_FORMAT", 7);
        add(cycle, "EMPTY_RECORD", 5);
        add(cycle, "RECORD_TOO_LARGE", 1);
        // Interleave so that a short run still sees every common kind.
        final String[] out = new String[cycle.size()];
        for (int i = 0, stride = 37; i < out.length; i++) {
            out[i] = cycle.get((int) ((long) i * stride % out.length));
        }
        return out;
    }

    private static void add(final List<String> cycle, final String kind, final int weight) {
        for (int i = 0; i < weight; i++) {
            cycle.add(kind);
        }
    }
}
