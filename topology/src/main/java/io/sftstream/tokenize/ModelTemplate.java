package io.sftstream.tokenize;

import io.sftstream.chattemplate.ChatTemplate;
import io.sftstream.chattemplate.ChatTemplateException;
import io.sftstream.chattemplate.ChatTemplateRenderer;
import io.sftstream.chattemplate.ChatTemplateSettingsException;
import io.sftstream.chattemplate.ChatTemplateSource;
import io.sftstream.chattemplate.ChatTemplateSyntaxException;
import io.sftstream.chattemplate.ChatTemplateVariables;
import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The model's own chat template (SPEC section 8, {@code --template model}): the conversation is
 * rendered as transformers' {@code apply_chat_template} renders it, the rendering {@code R} is
 * encoded in one piece, and a token is trained when its character span overlaps the span of a
 * trained assistant message ({@link TrainedSpans}, {@link SpanLabels}).
 *
 * <p>The limits step ({@link #prepare}) renders {@code R} and, per assistant message, the
 * conversation before it with and without a generation prompt, and finds the spans; a template
 * that raises, fails or cannot be labelled rejects the record with {@code BAD_CONVERSATION}
 * before the special-token check. The end-of-turn token is found once at startup by
 * {@link EndOfTurnProbe} unless {@code --eos-token} or {@code --eos-id} names it. Immutable and
 * thread-safe.
 */
public final class ModelTemplate implements Template {

    private final TokenizerBundle tokenizer;
    private final ChatTemplateRenderer renderer;
    private final String source;
    private final int endOfTurnId;
    private final String endOfTurnToken;
    private final List<String> guardedTokens;
    private final List<OutputHeader> headers;

    private ModelTemplate(final TokenizerBundle tokenizer, final ChatTemplateRenderer renderer,
                          final ChatTemplateSource source, final int endOfTurnId,
                          final String endOfTurnToken) {
        this.tokenizer = tokenizer;
        this.renderer = renderer;
        this.source = source.description();
        this.endOfTurnId = endOfTurnId;
        this.endOfTurnToken = endOfTurnToken;
        this.guardedTokens = GuardedTokens.of(tokenizer, List.of(source.text()));
        this.headers = List.of(new OutputHeader(SftHeaders.TEMPLATE, TemplateName.MODEL.cliName()),
                new OutputHeader(SftHeaders.EOS_ID, Integer.toString(endOfTurnId)),
                new OutputHeader(SftHeaders.CHAT_TEMPLATE, source.sha256Hex()));
    }

    /**
     * Finds, compiles and probes the chat template.
     *
     * @param tokenizerSpec    the {@code --tokenizer} value (null for the bundled one), whose
     *                         directory may hold a {@code chat_template.jinja}
     * @param chatTemplateFile {@code --chat-template}, or null
     * @param kwargsJson       {@code --chat-template-kwargs}, or null
     * @param eosTokenOverride {@code --eos-token}, or null
     * @param eosIdOverride    {@code --eos-id}, or null
     * @throws TokenizerLoadException with one sentence when the template cannot be used
     */
    public static ModelTemplate resolve(final TokenizerBundle tokenizer,
                                        final String tokenizerSpec,
                                        final String chatTemplateFile, final String kwargsJson,
                                        final String eosTokenOverride,
                                        final Integer eosIdOverride) {
        final Map<String, Object> config = tokenizer.configValues();
        final ChatTemplateSource source;
        final ChatTemplate compiled;
        final Map<String, Object> kwargs;
        try {
            source = ChatTemplateSource.resolve(
                    chatTemplateFile == null ? null : Path.of(chatTemplateFile),
                    TokenizerFiles.directoryOf(tokenizerSpec), config.get("chat_template"));
            compiled = source.compile();
            kwargs = ChatTemplateVariables.parseKwargs(kwargsJson);
        } catch (final ChatTemplateSettingsException | ChatTemplateSyntaxException e) {
            throw new TokenizerLoadException(e.getMessage(), e);
        }
        final ChatTemplateRenderer renderer = new ChatTemplateRenderer(compiled,
                ChatTemplateVariables.specialTokens(config), kwargs);
        final int id;
        final String token;
        if (eosIdOverride != null || eosTokenOverride != null) {
            final EndOfTurnResolver.Resolved given = EndOfTurnResolver.resolve(tokenizer,
                    TemplateName.CHATML, eosTokenOverride, eosIdOverride);
            id = given.endOfTurnId();
            token = given.endOfTurnToken();
        } else {
            final EndOfTurnProbe.Found found = EndOfTurnProbe.find(
                    (messages, generation) -> renderer.render(messages, generation),
                    tokenizer.specialTokenContents(), tokenizer);
            id = found.id();
            token = found.token();
        }
        return new ModelTemplate(tokenizer, renderer, source, id, token);
    }

    @Override
    public String name() {
        return TemplateName.MODEL.cliName();
    }

    /** A chat template writes its BOS as text, if it has one; none is placed by id. */
    @Override
    public OptionalInt bosId() {
        return OptionalInt.empty();
    }

    @Override
    public int endOfTurnId() {
        return endOfTurnId;
    }

    @Override
    public String endOfTurnToken() {
        return endOfTurnToken;
    }

    /** Where the chat template came from, for the startup log. */
    public String source() {
        return source;
    }

    @Override
    public List<String> guardedTokens() {
        return guardedTokens;
    }

    @Override
    public List<OutputHeader> headers() {
        return headers;
    }

    /**
     * {@code R}: the whole conversation rendered without a generation prompt, the text that is
     * encoded (for {@code explain} and the benchmark's limit).
     *
     * @throws ChatTemplateException when the template raises or fails on it
     */
    public String render(final Conversation conversation) {
        return renderer.render(conversation.templateMessages(), conversation.tools(), false);
    }

    /**
     * What {@code explain} shows of a conversation: the rendering, each assistant message's
     * span in code points, its index in {@code messages} and whether it is trained.
     */
    public record View(String text, int[] starts, int[] ends, int[] messageIndexes,
                       boolean[] trained) {
    }

    /**
     * The view of a conversation, or null when the limits step rejects it.
     */
    public View view(final Conversation conversation, final SequenceLimits limits) {
        if (!(prepare(conversation, limits) instanceof Rendered rendered)) {
            return null;
        }
        final List<Map<String, Object>> messages = conversation.templateMessages();
        final int[] indexes = new int[rendered.trained().length];
        int k = 0;
        for (int i = 0; i < messages.size() && k < indexes.length; i++) {
            if ("assistant".equals(messages.get(i).get("role"))) {
                indexes[k++] = i;
            }
        }
        return new View(rendered.text(), rendered.spans().starts(), rendered.spans().ends(),
                indexes, rendered.trained());
    }

    /** A rendered conversation whose spans were found. */
    private record Rendered(Conversation conversation, String text,
                            TrainedSpans.Spans spans, boolean[] trained) implements Prepared {
        @Override
        public Rejection rejection() {
            return null;
        }
    }

    /**
     * Renders the conversation and finds its trained spans.
     *
     * @return the rendering, or a {@code BAD_CONVERSATION} refusal
     */
    @Override
    public Prepared prepare(final Conversation conversation, final SequenceLimits limits) {
        final List<Map<String, Object>> messages = conversation.templateMessages();
        final List<Object> tools = conversation.tools();
        final String rendered;
        final List<TrainedSpans.Prompt> prompts = new ArrayList<>();
        try {
            rendered = renderer.render(messages, tools, false);
            for (int i = 0; i < messages.size(); i++) {
                if ("assistant".equals(messages.get(i).get("role"))) {
                    final List<Map<String, Object>> before = messages.subList(0, i);
                    prompts.add(new TrainedSpans.Prompt(i, renderer.render(before, tools, true),
                            renderer.render(before, tools, false)));
                }
            }
        } catch (final ChatTemplateException e) {
            return refuse(conversation, "the chat template failed on this conversation: "
                    + e.getMessage());
        }
        final TrainedSpans.Result spans = TrainedSpans.find(rendered, prompts, endOfTurnToken);
        if (spans instanceof TrainedSpans.Invalid invalid) {
            return refuse(conversation, invalid.message());
        }
        final boolean[] trained = limits.trainedMessages(conversation);
        final Rejection untrained = limits.untrained(trained);
        if (untrained != null) {
            return new Refused(conversation, untrained);
        }
        return new Rendered(conversation, rendered, (TrainedSpans.Spans) spans, trained);
    }

    private static Prepared refuse(final Conversation conversation, final String message) {
        return new Refused(conversation, Rejection.of(Reason.BAD_CONVERSATION, message));
    }

    /**
     * Encodes the rendering in one piece and labels it; with {@code overlong=truncate} keeps the
     * first {@code max.tokens} tokens when a trained token of the last assistant message stays.
     */
    @Override
    public Outcome encode(final Prepared prepared, final String id,
                          final SequenceLimits limits) {
        if (!(prepared instanceof Rendered rendered)) {
            throw new IllegalArgumentException("not prepared by this template: " + prepared);
        }
        final EncodedText encoded = tokenizer.encodeWithOffsets(rendered.text());
        final int[] ids = encoded.ids();
        final int[] owner = SpanLabels.spanOfToken(encoded.starts(), encoded.ends(),
                rendered.spans());
        int length = ids.length;
        boolean truncated = false;
        if (limits.exceeded(length)) {
            final int last = rendered.spans().size() - 1;
            if (limits.overlong() == Overlong.REJECT) {
                return tooLong("sequence is " + length + " tokens, longer than max.tokens="
                        + limits.maxTokens());
            }
            if (!keepsTrainedToken(owner, limits.maxTokens(), last,
                    limits.trainOnPrompt() || rendered.trained()[last])) {
                return tooLong("sequence is " + length + " tokens, longer than max.tokens="
                        + limits.maxTokens() + ", and its first " + limits.maxTokens()
                        + " tokens hold no trained token of the last assistant message");
            }
            length = limits.maxTokens();
            truncated = true;
        }
        final int[] labels = SpanLabels.labels(ids, length, owner, rendered.trained(),
                limits.trainOnPrompt());
        int trainedCount = 0;
        for (final int label : labels) {
            if (label != TrainingRecord.IGNORE_INDEX) {
                trainedCount++;
            }
        }
        final int[] kept = length == ids.length ? ids : Arrays.copyOf(ids, length);
        return new Outcome.Accepted(new TrainingRecord(id, kept, labels, trainedCount,
                truncated));
    }

    private static boolean keepsTrainedToken(final int[] owner, final int keep, final int last,
                                             final boolean lastTrained) {
        if (!lastTrained) {
            return false;
        }
        for (int t = 0; t < keep; t++) {
            if (owner[t] == last) {
                return true;
            }
        }
        return false;
    }

    private static Outcome tooLong(final String message) {
        return new Outcome.Rejected(Rejection.of(Reason.TOO_LONG, message));
    }

    /** An untruncated sequence holds the end-of-turn id of its last answer. */
    @Override
    public String brokenInvariant(final TrainingRecord record) {
        if (record.truncated()) {
            return null;
        }
        for (final int id : record.inputIds()) {
            if (id == endOfTurnId) {
                return null;
            }
        }
        return "sequence holds no end-of-turn id " + endOfTurnId;
    }

    @Override
    public String toString() {
        return "ModelTemplate[" + source + ", endOfTurn=" + endOfTurnId + " " + endOfTurnToken
                + "]";
    }
}
