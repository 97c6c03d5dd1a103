package io.sftstream.tokenize;

import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.Message;
import io.sftstream.serdes.PyWhitespace;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The five built-in chat templates ({@link TemplateName}) bound to the ids of one tokenizer: a
 * conversation becomes {@link Segment segments} exactly as SPEC section 3 writes them, each
 * text segment encoded on its own ({@link SegmentEncoder}, which holds the label and truncation
 * rules). Immutable and thread-safe.
 *
 * <p>Sequence order: BOS (if any), the system part (its own prompt segment; for {@code llama2}
 * inside turn 1's prompt segment), then per turn the prompt text, the response text and the
 * end-of-turn id (response side). For {@code llama2} every turn starts with its own BOS id. The
 * separator before turn k&gt;1 ({@code \n} for chatml, {@code \n\n} for alpaca) starts that
 * turn's prompt segment. Only {@code llama3} trims texts, with Python's {@code str.strip()}
 * ({@link PyWhitespace}). Template markers such as {@code <|im_start|>} are written into the
 * prompt texts; the tokenizer's added-token matching turns them into their ids.
 */
public final class BuiltinTemplate implements Template {

    private final TemplateName name;
    private final OptionalInt bosId;
    private final int endOfTurnId;
    private final String endOfTurnToken;
    private final List<String> guardedTokens;
    private final SegmentEncoder encoder;
    private final List<OutputHeader> headers;

    private BuiltinTemplate(final TokenizerBundle tokenizer, final TemplateName name,
                            final EndOfTurnResolver.Resolved ids) {
        this.name = name;
        this.bosId = ids.bosId();
        this.endOfTurnId = ids.endOfTurnId();
        this.endOfTurnToken = ids.endOfTurnToken();
        final List<String> written = new ArrayList<>(literals(name));
        written.add(endOfTurnToken);
        this.guardedTokens = GuardedTokens.of(tokenizer, written);
        this.encoder = new SegmentEncoder(tokenizer);
        this.headers = List.of(new OutputHeader(SftHeaders.TEMPLATE, name.cliName()),
                new OutputHeader(SftHeaders.EOS_ID, Integer.toString(endOfTurnId)));
    }

    /**
     * Binds the template to the tokenizer, resolving its end-of-turn id (first) and BOS id.
     *
     * @param eosTokenOverride {@code --eos-token}: replaces the end-of-turn string, or null
     * @param eosIdOverride    {@code --eos-id}: the end-of-turn id to use as is, or null
     * @throws TokenizerLoadException   when the end-of-turn or BOS string is not a token of the
     *                                  tokenizer (the message shows what it encodes to) or the
     *                                  id is not one of its ids
     * @throws IllegalArgumentException when both overrides are given
     */
    public static BuiltinTemplate resolve(final TokenizerBundle tokenizer,
                                          final TemplateName name,
                                          final String eosTokenOverride,
                                          final Integer eosIdOverride) {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(name, "name");
        if (name == TemplateName.MODEL) {
            throw new IllegalArgumentException("template 'model' is a ModelTemplate");
        }
        final EndOfTurnResolver.Resolved ids =
                EndOfTurnResolver.resolve(tokenizer, name, eosTokenOverride, eosIdOverride);
        return new BuiltinTemplate(tokenizer, name, ids);
    }

    @Override
    public String name() {
        return name.cliName();
    }

    /** The BOS id that starts the sequence (for llama2: every turn), if the template has one. */
    @Override
    public OptionalInt bosId() {
        return bosId;
    }

    @Override
    public int endOfTurnId() {
        return endOfTurnId;
    }

    @Override
    public String endOfTurnToken() {
        return endOfTurnToken;
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
     * The limits step: tools and reasoning need {@code --template model}, {@code raw} takes one
     * turn without a system text, and some position must be trained.
     */
    @Override
    public Prepared prepare(final Conversation conversation, final SequenceLimits limits) {
        Rejection rejection = checkLimits(conversation);
        final boolean[] trained = limits.trainedMessages(conversation);
        if (rejection == null) {
            rejection = limits.untrained(trained);
        }
        return rejection != null ? new Refused(conversation, rejection)
                : new Fits(conversation, trained);
    }

    @Override
    public Outcome encode(final Prepared prepared, final String id,
                          final SequenceLimits limits) {
        final Conversation conversation = prepared.conversation();
        final boolean[] trained = prepared instanceof Fits fits ? fits.trained()
                : limits.trainedMessages(conversation);
        final List<Segment> segments = segments(conversation);
        final boolean[] silenced = new boolean[segments.size()];
        int message = -1;
        for (int i = 0; i < segments.size(); i++) {
            final Segment segment = segments.get(i);
            if (segment instanceof Segment.Text text && text.trained()) {
                message++;
            }
            silenced[i] = segment.trained() && !trained[message];
        }
        return encoder.encode(segments, silenced, id, limits);
    }

    /** A conversation the template can write, with which of its answers are trained. */
    private record Fits(Conversation conversation, boolean[] trained) implements Prepared {
        @Override
        public Rejection rejection() {
            return null;
        }
    }

    /** The strings the template writes itself (SPEC section 3), for the guarded tokens. */
    static List<String> literals(final TemplateName name) {
        return switch (name) {
            case CHATML -> List.of("<|im_start|>system\n", "<|im_end|>\n", "\n",
                    "<|im_start|>user\n", "<|im_end|>\n<|im_start|>assistant\n");
            case LLAMA3 -> List.of("<|start_header_id|>system<|end_header_id|>\n\n",
                    "<|eot_id|>", "<|start_header_id|>user<|end_header_id|>\n\n",
                    "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
            case LLAMA2 -> List.of("[INST] ", "<<SYS>>\n", "\n<</SYS>>\n\n", " [/INST]");
            case ALPACA -> List.of("\n\n", "### Instruction:\n", "\n\n### Response:\n");
            case RAW, MODEL -> List.of();
        };
    }

    /** An untruncated sequence ends with the end-of-turn id of its last response. */
    @Override
    public String brokenInvariant(final TrainingRecord record) {
        final int[] ids = record.inputIds();
        if (!record.truncated() && ids[ids.length - 1] != endOfTurnId) {
            return "sequence does not end with the end-of-turn id " + endOfTurnId;
        }
        return null;
    }

    /**
     * The template's own limits: no tools or reasoning (SPEC section 9), and {@code raw} takes no
     * system text and one turn only.
     *
     * @return null when the conversation fits, else a {@link Reason#BAD_CONVERSATION} rejection
     */
    public Rejection checkLimits(final Conversation conversation) {
        final String agentField = conversation.agentField();
        if (agentField != null) {
            return Rejection.of(Reason.BAD_CONVERSATION, "the record has " + agentField
                    + ", which only a model's own chat template writes: run with --template "
                    + "model (template '" + name.cliName() + "' has no place for it)");
        }
        if (name != TemplateName.RAW) {
            return null;
        }
        if (conversation.hasSystem()) {
            return Rejection.of(Reason.BAD_CONVERSATION,
                    "template 'raw' does not allow a system text");
        }
        final int turns = conversation.turnCount();
        if (turns > 1) {
            return Rejection.of(Reason.BAD_CONVERSATION, "template 'raw' allows one turn, "
                    + "the record has " + turns);
        }
        return null;
    }

    /**
     * The segments of the conversation, in sequence order.
     *
     * @throws IllegalArgumentException when {@link #checkLimits} rejects the conversation
     */
    public List<Segment> segments(final Conversation conversation) {
        final Rejection rejection = checkLimits(conversation);
        if (rejection != null) {
            throw new IllegalArgumentException(rejection.message());
        }
        final List<Message> messages = conversation.messages();
        final List<Segment> out = new ArrayList<>(messages.size() * 3 / 2 + 2);
        if (bosId.isPresent()) {
            out.add(new Segment.SpecialId(bosId.getAsInt(), false));
        }
        if (conversation.hasSystem() && name != TemplateName.LLAMA2) {
            out.add(new Segment.Text(systemPart(conversation.system()), false));
        }
        int k = 0;
        for (final Message message : messages) {
            if (message instanceof Message.User user) {
                if (name == TemplateName.LLAMA2 && k > 0) {
                    out.add(new Segment.SpecialId(bosId.orElseThrow(), false));
                }
                final String system = k == 0 ? conversation.system() : null;
                out.add(new Segment.Text(prompt(k, user.content(), system), false));
                k++;
            } else if (message instanceof Message.Assistant assistant) {
                out.add(new Segment.Text(response(assistant.content()), true));
                out.add(new Segment.SpecialId(endOfTurnId, true));
            } else {
                throw new IllegalStateException("no built-in template writes " + message);
            }
        }
        return out;
    }

    private String systemPart(final String system) {
        return switch (name) {
            case CHATML -> "<|im_start|>system\n" + system + "<|im_end|>\n";
            case LLAMA3 -> "<|start_header_id|>system<|end_header_id|>\n\n"
                    + PyWhitespace.strip(system) + "<|eot_id|>";
            case ALPACA -> system + "\n\n";
            case LLAMA2, RAW, MODEL -> throw new IllegalStateException("no system part in "
                    + name);
        };
    }

    /** The prompt segment of turn k (0-based); system is the system text for llama2's turn 1. */
    private String prompt(final int k, final String user, final String system) {
        return switch (name) {
            case CHATML -> (k > 0 ? "\n" : "")
                    + "<|im_start|>user\n" + user + "<|im_end|>\n<|im_start|>assistant\n";
            case LLAMA3 -> "<|start_header_id|>user<|end_header_id|>\n\n"
                    + PyWhitespace.strip(user)
                    + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
            case LLAMA2 -> "[INST] "
                    + (system != null ? "<<SYS>>\n" + system + "\n<</SYS>>\n\n" : "")
                    + user + " [/INST]";
            case ALPACA -> (k > 0 ? "\n\n" : "")
                    + "### Instruction:\n" + user + "\n\n### Response:\n";
            case RAW -> user;
            case MODEL -> throw new IllegalStateException("model renders its own template");
        };
    }

    private String response(final String assistant) {
        return name == TemplateName.LLAMA3 ? PyWhitespace.strip(assistant) : assistant;
    }

    @Override
    public String toString() {
        return "Template[" + name.cliName() + ", bos=" + (bosId.isPresent() ? bosId.getAsInt()
                : "none") + ", endOfTurn=" + endOfTurnId + " " + endOfTurnToken + "]";
    }
}
