package io.sftstream.bench.jmh;

import io.sftstream.bench.TextSource;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Fixed inputs for the JMH benchmarks, made by the benchmark's text generator (seed 42). */
final class JmhTexts {

    private JmhTexts() {
    }

    /** About {@code tokens} tokens of "english", "chinese" or "code". */
    static String text(final String kind, final int tokens) {
        final TextSource source = new TextSource(new Random(42));
        return switch (kind) {
            case "english" -> source.text(tokens, 0.0);
            case "chinese" -> source.text(tokens, 0.95);
            case "code" -> source.code(tokens);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A record value: "alpaca-english", "alpaca-chinese" or "messages". */
    static byte[] record(final String kind) {
        final TextSource source = new TextSource(new Random(42));
        final String json = switch (kind) {
            case "alpaca-english" -> "{\"instruction\":" + quote(source.text(150, 0.0))
                    + ",\"input\":\"\",\"output\":" + quote(source.text(600, 0.0)) + "}";
            case "alpaca-chinese" -> "{\"instruction\":" + quote(source.text(150, 0.95))
                    + ",\"input\":\"\",\"output\":" + quote(source.text(600, 0.95)) + "}";
            case "messages" -> "{\"id\":\"m-1\",\"messages\":[{\"role\":\"system\",\"content\":"
                    + quote("You are a helpful assistant.") + "},{\"role\":\"user\",\"content\":"
                    + quote(source.text(150, 0.1)) + "},{\"role\":\"assistant\",\"content\":"
                    + quote(source.text(600, 0.1)) + "}]}";
            default -> throw new IllegalArgumentException(kind);
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(final String text) {
        final StringBuilder sb = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
