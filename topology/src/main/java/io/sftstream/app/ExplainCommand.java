package io.sftstream.app;

import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.ParsedRecord;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.tokenize.ModelTemplate;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.SequenceLimits;
import io.sftstream.tokenize.Template;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TokenizerBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sftstream explain}: shows what one record (or one text) becomes, token by token, with
 * the resolved tokenizer, template, BOS and end-of-turn ids, and which positions are trained.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show what one record becomes, token by token: id, label, the raw "
                + "vocabulary piece and the text it stands for (or what a text encodes to with "
                + "--text). Exit status 1 when the record is rejected.")
public final class ExplainCommand implements Callable<Integer> {

    /** Exit status when the record is rejected (the reason is printed). */
    static final int REJECTED = 1;

    @Mixin
    CoreOptions core;

    @Parameters(arity = "0..1", paramLabel = "RECORD",
            description = "the record value (JSON); read from --file or standard input if absent")
    String record;

    @Option(names = "--file", paramLabel = "FILE", description = "read the record from FILE")
    Path file;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "show what TEXT encodes to instead (e.g. --text \"</s>\")")
    String text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final CoreSettings settings = core.resolve(System.getenv());
        final PrintWriter out = spec.commandLine().getOut();
        if (text != null) {
            try (TokenizerBundle tokenizer = TokenizerBundle.load(settings.tokenizer())) {
                header(out, tokenizer, null, settings);
                explainText(out, tokenizer, text);
            }
            out.flush();
            return 0;
        }
        final byte[] value = recordBytes();
        try (Preprocessor preprocessor = settings.buildPreprocessor()) {
            header(out, preprocessor.tokenizer(), preprocessor.template(), settings);
            final Outcome outcome = preprocessor.process(value, "explain-0-0");
            if (outcome instanceof Outcome.Rejected rejected) {
                out.printf("outcome      REJECTED %s: %s%n", rejected.rejection().reason(),
                        rejected.rejection().message());
                out.flush();
                return REJECTED;
            }
            if (preprocessor.template() instanceof ModelTemplate model
                    && preprocessor.parser().parse(value) instanceof ParsedRecord parsed) {
                rendered(out, model, parsed.conversation(), preprocessor.limits());
            }
            table(out, preprocessor, ((Outcome.Accepted) outcome).record());
        }
        out.flush();
        return 0;
    }

    private byte[] recordBytes() throws IOException {
        if (record != null) {
            return record.getBytes(StandardCharsets.UTF_8);
        }
        final byte[] raw = file != null ? Files.readAllBytes(file) : System.in.readAllBytes();
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') {
            end--;
        }
        return Arrays.copyOf(raw, end);
    }

    private static void header(final PrintWriter out, final TokenizerBundle tokenizer,
                               final Template template, final CoreSettings settings) {
        out.printf("tokenizer    %s (sha256 %s)%n", tokenizer.source(), tokenizer.sha256Hex());
        if (template != null) {
            out.printf("template     %s   BOS %s   end-of-turn \"%s\" = %d%n",
                    template.name(),
                    template.bosId().isPresent()
                            ? "\"" + tokenizer.tokenPiece(template.bosId().getAsInt()) + "\" = "
                            + template.bosId().getAsInt() : "none",
                    template.endOfTurnToken(), template.endOfTurnId());
            out.printf("settings     %s%n", settings.describe());
        }
    }

    /**
     * The rendered conversation with each trained span between « and », and per assistant
     * message whether it is trained and why not.
     */
    private static void rendered(final PrintWriter out, final ModelTemplate model,
                                 final Conversation conversation, final SequenceLimits limits) {
        final ModelTemplate.View view = model.view(conversation, limits);
        if (view == null) {
            return;
        }
        out.printf("chat template %s; end-of-turn found by the probe: \"%s\" = %d%n",
                model.source(), escape(model.endOfTurnToken()), model.endOfTurnId());
        out.println("rendered     (trained spans between « and »; tools, tool calls, tool results "
                + "and reasoning as the template writes them)");
        final StringBuilder marked = new StringBuilder();
        final String text = view.text();
        int cp = 0;
        int span = 0;
        for (int i = 0; i < text.length(); ) {
            if (span < view.starts().length && cp == view.starts()[span]) {
                marked.append(view.trained()[span] ? "«" : "‹");
            }
            final int c = text.codePointAt(i);
            marked.appendCodePoint(c);
            i += Character.charCount(c);
            cp++;
            if (span < view.ends().length && cp == view.ends()[span]) {
                marked.append(view.trained()[span] ? "»" : "›");
                span++;
            }
        }
        for (final String line : marked.toString().split("\n", -1)) {
            out.println("  | " + line);
        }
        final List<Map<String, Object>> shown = conversation.templateMessages();
        for (int k = 0; k < view.messageIndexes().length; k++) {
            final int index = view.messageIndexes()[k];
            final String why;
            if (view.trained()[k]) {
                why = "trained";
            } else if (shown.get(index).get("weight") instanceof Number w && w.intValue() == 0) {
                why = "untrained: weight 0 (between ‹ and ›)";
            } else {
                why = "untrained: not the last assistant message (--train-turns last; between "
                        + "‹ and ›)";
            }
            out.printf("messages[%d]  assistant, %s%n", index, why);
        }
        for (int i = 0; i < shown.size(); i++) {
            if ("tool".equals(shown.get(i).get("role"))) {
                out.printf("messages[%d]  tool result, never trained%n", i);
            }
        }
        out.println();
    }

    static void explainText(final PrintWriter out, final TokenizerBundle tokenizer,
                            final String text) {
        final int[] ids = tokenizer.encode(text);
        out.printf("text         \"%s\" encodes to %d id%s %s%n", escape(text), ids.length,
                ids.length == 1 ? "" : "s", Arrays.toString(ids));
        final boolean single = ids.length == 1 && tokenizer.tokenId(text).isPresent()
                && tokenizer.tokenId(text).getAsInt() == ids[0];
        out.println(single ? "verdict      a single token of this tokenizer: safe to insert by id"
                : "verdict      NOT a single token: appended as text it teaches the model to "
                        + "print these " + ids.length + " pieces, never the id it stands for");
        out.println();
        out.printf("%6s %8s  %-18s  %s%n", "pos", "id", "piece", "text");
        final String[] texts = TokenTexts.of(tokenizer, ids);
        for (int i = 0; i < ids.length; i++) {
            out.printf("%6d %8d  %-18s  %s%n", i, ids[i], escape(tokenizer.tokenPiece(ids[i])),
                    texts[i]);
        }
    }

    private static void table(final PrintWriter out, final Preprocessor preprocessor,
                              final TrainingRecord record) {
        final TokenizerBundle tokenizer = preprocessor.tokenizer();
        final Template template = preprocessor.template();
        out.printf("outcome      accepted: id \"%s\", %d tokens, %d trained, %s%n", record.id(),
                record.numTokens(), record.numTrainedTokens(),
                record.truncated() ? "TRUNCATED (last response cut, no end-of-turn)"
                        : "not truncated");
        out.println();
        out.printf("%6s %8s  %-8s  %-18s  %s%n", "pos", "id", "label", "piece", "text");
        final int[] ids = record.inputIds();
        final int[] labels = record.labels();
        final int bos = template.bosId().orElse(-1);
        final String[] texts = TokenTexts.of(tokenizer, ids);
        for (int i = 0; i < ids.length; i++) {
            final boolean trained = labels[i] != TrainingRecord.IGNORE_INDEX;
            final String mark;
            if (i == 0 && template.bosId().isPresent() && ids[i] == template.bosId().getAsInt()
                    || TemplateName.LLAMA2.cliName().equals(template.name()) && ids[i] == bos) {
                mark = "   <== BOS (by id)";
            } else if (ids[i] == template.endOfTurnId() && trained) {
                mark = "   <== end-of-turn (by id)";
            } else {
                mark = "";
            }
            out.printf("%6d %8d  %-8s  %-18s  %s%s%n", i, ids[i],
                    trained ? "train" : "[prompt]",
                    escape(tokenizer.tokenPiece(ids[i])), texts[i], mark);
        }
    }

    static String escape(final String s) {
        final StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
