package io.sftstream.sample;

import java.util.Random;

/**
 * Makes plausible instruction and answer texts: English prose, some Chinese and Japanese, and
 * code blocks, with a long-tailed length mix (most answers short, a few long).
 */
final class TextMaker {

    private static final String[] WORDS = ("the a model data stream token record partition "
            + "learning training answer question explain write describe list compare summarize "
            + "why how what when where because therefore however example function value "
            + "system user language network kafka python java memory fast slow careful simple "
            + "result error table number string people city river history science music art "
            + "health energy water plan step first second finally important clear short long "
            + "new old good better best small large quickly often never always between within")
            .split(" ");
    private static final String[] CJK = {"机器学习是人工智能的一个分支。", "请用简单的语言解释这个概念。",
        "数据流处理需要低延迟和高吞吐量。", "这个问题的答案取决于上下文。", "東京は日本の首都です。",
        "モデルは文章を生成します。", "训练数据的质量决定了模型的表现。"};
    private static final String[] CODE = {
        "```python\ndef add(a, b):\n    return a + b\n```",
        "```java\nfinal int total = values.stream().mapToInt(Integer::intValue).sum();\n```",
        "```sql\nSELECT city, COUNT(*) FROM people GROUP BY city;\n```",
        "```bash\nkcat -b localhost:9092 -C -t tokens -e\n```"};
    private static final String[] SYSTEMS = {"You are a helpful assistant.",
        "You are a concise assistant. Answer in at most three sentences.",
        "你是一个乐于助人的助手。", "You are an expert Kafka engineer."};

    private final Random random;
    private int budget = Integer.MAX_VALUE;

    TextMaker(final Random random) {
        this.random = random;
    }

    /** Caps the words of the texts made until the next call, so a record stays within limits. */
    void budget(final int words) {
        budget = words;
    }

    String words(final int n) {
        final StringBuilder sb = new StringBuilder(n * 7);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    String sentence() {
        final String s = words(4 + random.nextInt(14));
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    String system() {
        return SYSTEMS[random.nextInt(SYSTEMS.length)];
    }

    /** About 10 to 200 words, mostly short. */
    String prompt() {
        return paragraph(longTail(10, 200));
    }

    /** About 30 to 700 words, long-tailed. */
    String response(final double scale) {
        return paragraph((int) Math.max(5, longTail(30, 700) * scale));
    }

    private int longTail(final int min, final int max) {
        final double u = random.nextDouble();
        return min + (int) ((max - min) * u * u * u);
    }

    private String paragraph(final int wantedWords) {
        final int targetWords = Math.max(3, Math.min(wantedWords, budget));
        final StringBuilder sb = new StringBuilder(targetWords * 7);
        int words = 0;
        while (words < targetWords) {
            if (sb.length() > 0) {
                sb.append(random.nextInt(6) == 0 ? "\n\n" : " ");
            }
            final int kind = random.nextInt(20);
            if (kind == 0) {
                sb.append(CJK[random.nextInt(CJK.length)]);
                words += 8;
            } else if (kind == 1) {
                sb.append(CODE[random.nextInt(CODE.length)]);
                words += 10;
            } else {
                final String s = sentence();
                sb.append(s);
                words += s.split(" ").length;
            }
        }
        budget = Math.max(0, budget - words);
        return sb.toString();
    }
}
