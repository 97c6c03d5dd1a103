package io.sftstream.bench;

import java.util.Random;

/**
 * Makes instruction-tuning text of a wanted length in tokens (estimated, about right for the
 * byte-level BPE tokenizers here): English prose with a Zipf-like word mix and a tail of rare
 * words that split into several tokens, Markdown lists and headings, Chinese and Japanese
 * sentences, code blocks with varied identifiers, numbers and the odd emoji. A rich vocabulary
 * matters: a tokenizer's word cache makes a text of 100 distinct words unrealistically cheap.
 * Not thread-safe; the same seed gives the same texts.
 */
public final class TextSource {

    private static final String[] COMMON = ("the of and to a in is that for it as with was on be "
            + "by this are or from at an which but not have has can will one all their more "
            + "also its use may these when been they other such into than some first new only "
            + "used most time two over would any each between data model after where about "
            + "many should both under those however could well then what how during while "
            + "because through number system process example different important result "
            + "results based following including within value values form large small high "
            + "low level type types order case cases set point points part parts work works "
            + "water energy health people city country history science research market "
            + "customer product service team project plan step steps method approach "
            + "information function functions problem problems question answer answers "
            + "language learning training network performance quality design develop "
            + "development support provide provides provided increase reduce improve "
            + "improved create created make makes made help helps need needs using include "
            + "includes ensure consider describe explain summarize compare list write read "
            + "identify analyze generate classify translate rewrite suggest recommend "
            + "environment climate change growth economic social public private local "
            + "global international national community family children students teachers "
            + "business company companies strategy strategies technology technologies "
            + "computer software hardware internet online digital security privacy policy "
            + "government law rights food diet exercise sleep stress mental physical body "
            + "disease treatment patients doctor hospital medicine effective efficient "
            + "simple complex clear specific general common unique significant potential "
            + "possible available necessary essential key main major minor positive "
            + "negative natural human animals plants species ocean river mountain forest "
            + "weather temperature season summer winter morning evening today tomorrow "
            + "yesterday year years month months week day days hour hours minute minutes "
            + "story character poem song music art artist film book books article sentence "
            + "word words paragraph text essay letter email message report review title "
            + "better best good great bad worse worst higher lower faster slower easier "
            + "harder quickly slowly carefully directly finally therefore moreover overall "
            + "additionally furthermore instead although whether either neither every").split(" ");

    private static final String[] SYLLABLES = ("ka lo mi tra ven sol dor ex pri qua zen bel tor "
            + "ning tion ment able ize ful ly ar en ic ous ist ism ology graph phy cro syn bio "
            + "neu ter mon pha gly cyt osm vex brin dal fen gor hul jin kry lum nor pyx rhe "
            + "sku tha uvi wex yor zal").split(" ");

    private static final String CJK_CHARS = "的一是不了人我在有他这为之大来以个中上们到说国和地也"
            + "子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小"
            + "军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知道理想问题数据模型训练学习"
            + "语言处理机器智能系统方法结果重要需要提供使用分析设计开发技术环境社会经济健康科学研究产品"
            + "服务质量能力影响发展变化关系历史文化教育工作生活城市国家世界人们问题解释描述总结比较";
    private static final String KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ"
            + "まみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソタチツテト";
    private static final String[] EMOJI = {"😀", "🚀", "✅", "📊", "🌍", "💡"};

    private final Random random;

    public TextSource(final Random random) {
        this.random = random;
    }

    /** A text of about {@code tokens} tokens; {@code cjkShare} of its pieces are CJK. */
    public String text(final int tokens, final double cjkShare) {
        final StringBuilder sb = new StringBuilder(tokens * 5);
        double estimate = 0;
        boolean first = true;
        while (estimate < tokens) {
            if (!first) {
                final int sep = random.nextInt(8);
                sb.append(sep == 0 ? "\n\n" : sep == 1 ? "\n" : " ");
                estimate += 1;
            }
            first = false;
            final double kind = random.nextDouble();
            if (kind < cjkShare) {
                estimate += cjk(sb, 6 + random.nextInt(30));
            } else if (kind < cjkShare + 0.06) {
                estimate += code(sb);
            } else if (kind < cjkShare + 0.12) {
                estimate += list(sb);
            } else {
                estimate += sentence(sb, 5 + random.nextInt(22));
            }
        }
        return sb.toString();
    }

    /** Code blocks only, about {@code tokens} tokens. */
    public String code(final int tokens) {
        final StringBuilder sb = new StringBuilder(tokens * 4);
        double estimate = 0;
        while (estimate < tokens) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            estimate += code(sb);
        }
        return sb.toString();
    }

    private double sentence(final StringBuilder sb, final int words) {
        double estimate = 1;
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(random.nextInt(12) == 0 ? ", " : " ");
            }
            final String word;
            final int pick = random.nextInt(100);
            if (pick < 84) {
                word = COMMON[zipf(COMMON.length)];
                estimate += 1.05;
            } else if (pick < 95) {
                word = rareWord();
                estimate += 2.6;
            } else if (pick < 99) {
                word = Integer.toString(random.nextInt(random.nextBoolean() ? 100 : 100_000));
                estimate += word.length() * 0.9;
            } else {
                word = EMOJI[random.nextInt(EMOJI.length)];
                estimate += 2;
            }
            if (i == 0 && !word.isEmpty() && Character.isLowerCase(word.charAt(0))) {
                sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                sb.append(word);
            }
        }
        sb.append(random.nextInt(10) == 0 ? "?" : ".");
        return estimate;
    }

    private double list(final StringBuilder sb) {
        double estimate = 0;
        final boolean numbered = random.nextBoolean();
        if (random.nextInt(3) == 0) {
            sb.append("### ");
            estimate += 2 + sentence(sb, 2 + random.nextInt(4));
            sb.append('\n');
        }
        final int items = 2 + random.nextInt(5);
        for (int i = 1; i <= items; i++) {
            sb.append(numbered ? i + ". " : "- ");
            if (random.nextBoolean()) {
                sb.append("**");
                estimate += 2 + sentence(sb, 1 + random.nextInt(3));
                sb.append("** ");
            }
            estimate += 2 + sentence(sb, 4 + random.nextInt(14));
            sb.append('\n');
        }
        return estimate;
    }

    private double cjk(final StringBuilder sb, final int chars) {
        final boolean japanese = random.nextInt(6) == 0;
        for (int i = 0; i < chars; i++) {
            if (japanese && random.nextInt(3) > 0) {
                sb.append(KANA.charAt(random.nextInt(KANA.length())));
            } else {
                sb.append(CJK_CHARS.charAt(zipf(CJK_CHARS.length())));
            }
            if (i > 4 && i < chars - 2 && random.nextInt(12) == 0) {
                sb.append('，');
            }
        }
        sb.append('。');
        return chars * 0.85 + 1;
    }

    private double code(final StringBuilder sb) {
        final String name = identifier();
        final String other = identifier();
        final int n = random.nextInt(1000);
        final String code = switch (random.nextInt(5)) {
            case 0 -> "```python\ndef " + name + "(" + other + ", limit=" + n + "):\n"
                    + "    result = []\n    for item in " + other + ":\n"
                    + "        if item." + identifier() + " > limit:\n"
                    + "            result.append(item)\n    return result\n```";
            case 1 -> "```java\npublic static int " + name + "(final List<Integer> " + other
                    + ") {\n    return " + other + ".stream().mapToInt(Integer::intValue)"
                    + ".filter(v -> v > " + n + ").sum();\n}\n```";
            case 2 -> "```sql\nSELECT " + name + ", COUNT(*) AS " + other + "_count\nFROM "
                    + identifier() + "\nWHERE created_at > NOW() - INTERVAL '" + n
                    + " days'\nGROUP BY " + name + "\nORDER BY 2 DESC;\n```";
            case 3 -> "```bash\nfor f in " + name + "/*.json; do\n  jq '." + other
                    + "' \"$f\" | head -n " + n + "\ndone\n```";
            default -> "```json\n{\"" + name + "\": " + n + ", \"" + other
                    + "\": [\"" + identifier() + "\", true, null]}\n```";
        };
        sb.append(code);
        return code.length() / 3.2;
    }

    private String identifier() {
        final String a = COMMON[zipf(COMMON.length)];
        final String b = random.nextInt(3) == 0 ? rareWord() : COMMON[random.nextInt(COMMON.length)];
        return random.nextBoolean() ? a + "_" + b
                : a + Character.toUpperCase(b.charAt(0)) + b.substring(1);
    }

    private String rareWord() {
        final int parts = 2 + random.nextInt(3);
        final StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < parts; i++) {
            sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return sb.toString();
    }

    /** A rank in [0, n) with probability falling like 1/rank (log-uniform). */
    private int zipf(final int n) {
        return Math.min(n - 1, (int) Math.exp(random.nextDouble() * Math.log(n + 1)) - 1);
    }
}
