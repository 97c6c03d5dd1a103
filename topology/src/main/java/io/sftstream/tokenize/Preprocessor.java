package io.sftstream.tokenize;

import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.Message;
import io.sftstream.serdes.ParseResult;
import io.sftstream.serdes.ParsedRecord;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The preprocessing step: record value bytes in, {@link Outcome} out, with no Kafka types. It is
 * the one place where behaviour lives; the topology, file mode, {@code explain} and the benchmarks
 * all call it.
 *
 * <p>Checks run in the contract's order: the parser's checks, then the template's limits, then
 * the guarded added tokens inside texts, then the template's encoding (length, labels), then the
 * invariants every released record keeps.
 *
 * <p>Immutable and safe to call from several threads. Exceptions from the tokenizer are not
 * caught here: callers route them to the dead-letter topic as {@code PROCESSING_ERROR}.
 *
 * <p>The step owns its tokenizer: {@link #close()} frees it, after the last call has returned.
 * Whoever builds a step closes it (try-with-resources); nobody closes the tokenizer itself.
 */
public final class Preprocessor implements AutoCloseable {

    private final RecordParser parser;
    private final TokenizerBundle tokenizer;
    private final Template template;
    private final SpecialTokenScanner scanner;
    private final SequenceLimits limits;
    private final List<OutputHeader> outputHeaders;

    public Preprocessor(final RecordParser parser, final TokenizerBundle tokenizer,
                        final Template template, final int maxTokens, final Overlong overlong,
                        final boolean trainOnPrompt) {
        this(parser, tokenizer, template, new SequenceLimits(maxTokens, overlong, trainOnPrompt));
    }

    /**
     * @param limits the length, truncation and label settings ({@code --train-turns} among them)
     */
    public Preprocessor(final RecordParser parser, final TokenizerBundle tokenizer,
                        final Template template, final SequenceLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.template = Objects.requireNonNull(template, "template");
        this.scanner = new SpecialTokenScanner(template.guardedTokens());
        final List<OutputHeader> headers = new ArrayList<>();
        headers.add(new OutputHeader(SftHeaders.TOKENIZER, tokenizer.sha256Hex()));
        headers.addAll(template.headers());
        this.outputHeaders = List.copyOf(headers);
    }

    /** The tokenizer, for reading (ids, pieces, hash); {@link #close()} closes it. */
    public TokenizerBundle tokenizer() {
        return tokenizer;
    }

    public Template template() {
        return template;
    }

    public int maxTokens() {
        return limits.maxTokens();
    }

    public Overlong overlong() {
        return limits.overlong();
    }

    public boolean trainOnPrompt() {
        return limits.trainOnPrompt();
    }

    /** The length, truncation and label settings. */
    public SequenceLimits limits() {
        return limits;
    }

    public RecordParser parser() {
        return parser;
    }

    /**
     * The headers every accepted record carries, in order: {@code sftstream.tokenizer}, then the
     * template's own ({@link Template#headers()}).
     */
    public List<OutputHeader> outputHeaders() {
        return outputHeaders;
    }

    /**
     * Processes one record value (null for a tombstone).
     *
     * @param value     the record value bytes
     * @param defaultId the id to use when the record has none ({@code <topic>-<partition>-<offset>})
     */
    public Outcome process(final byte[] value, final String defaultId) {
        return process(parser.parse(value), defaultId);
    }

    /** Processes {@code value[0..length)}; see {@link #process(byte[], String)}. */
    public Outcome process(final byte[] value, final int length, final String defaultId) {
        return process(parser.parse(value, length), defaultId);
    }

    private Outcome process(final ParseResult parsed, final String defaultId) {
        if (parsed instanceof Rejection rejection) {
            return new Outcome.Rejected(rejection);
        }
        final ParsedRecord record = (ParsedRecord) parsed;
        return tokenize(record.conversation(), record.id() != null ? record.id() : defaultId);
    }

    /** Applies template limits, the added-token scan, the template's encoding and invariants. */
    public Outcome tokenize(final Conversation conversation, final String id) {
        final Template.Prepared prepared = template.prepare(conversation, limits);
        if (prepared.rejection() != null) {
            return new Outcome.Rejected(prepared.rejection());
        }
        final Rejection injected = scanTexts(conversation);
        if (injected != null) {
            return new Outcome.Rejected(injected);
        }
        final Outcome outcome = template.encode(prepared, id, limits);
        if (outcome instanceof Outcome.Accepted accepted) {
            final String broken = brokenInvariant(accepted.record());
            if (broken != null) {
                return new Outcome.Rejected(Rejection.of(Reason.PROCESSING_ERROR,
                        "internal invariant broken, record withheld: " + broken));
            }
        }
        return outcome;
    }

    /**
     * The special-token check over every text a template may use (SPEC sections 2 and 9):
     * the system text, every message's content, reasoning, tool calls (ids, names, arguments)
     * and tool results with their ids and names, and every string inside {@code tools}.
     */
    private Rejection scanTexts(final Conversation conversation) {
        if (conversation.hasSystem()) {
            final Rejection r = scan(conversation.system(), "the system text", 0, 1);
            if (r != null) {
                return r;
            }
        }
        final int turns = conversation.turnCount();
        int turn = -1;
        for (final Message message : conversation.messages()) {
            Rejection r = null;
            if (message instanceof Message.User user) {
                turn++;
                r = scan(user.content(), "the user text", turn, turns);
            } else if (message instanceof Message.Assistant assistant) {
                r = scan(assistant.content(), "the assistant text", turn, turns);
                r = r != null ? r : scan(assistant.reasoning(), "the reasoning_content", turn,
                        turns);
                for (final Message.ToolCall call : assistant.toolCalls()) {
                    r = r != null ? r : scan(call.id(), "a tool call id", turn, turns);
                    r = r != null ? r : scan(call.name(), "a tool call name", turn, turns);
                    for (final String text : call.arguments()) {
                        r = r != null ? r : scan(text, "the arguments of a tool call", turn,
                                turns);
                    }
                }
            } else if (message instanceof Message.Tool tool) {
                r = scan(tool.content(), "a tool result", turn, turns);
                r = r != null ? r : scan(tool.toolCallId(), "a tool result's tool_call_id",
                        turn, turns);
                r = r != null ? r : scan(tool.name(), "a tool result's name", turn, turns);
            }
            if (r != null) {
                return r;
            }
        }
        for (final String text : conversation.toolTexts()) {
            final Rejection r = scan(text, "the tools list", 0, 1);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** The rejection for a guarded token in the text, or null; the message is built only then. */
    private Rejection scan(final String text, final String what, final int turn,
                           final int turns) {
        if (text == null) {
            return null;
        }
        final String token = scanner.findFirst(text);
        if (token == null) {
            return null;
        }
        final String where = turns == 1 ? what : what + " of turn " + (turn + 1);
        final String id = tokenizer.tokenId(token).isPresent()
                ? " (id " + tokenizer.tokenId(token).getAsInt() + ")" : "";
        return Rejection.of(Reason.SPECIAL_TOKEN_IN_TEXT, where + " contains \"" + token
                + "\", an added token of this tokenizer" + id + "; the tokenizer would turn it "
                + "into that token instead of plain text");
    }

    /** Frees the tokenizer; no thread may process afterwards. Idempotent. */
    @Override
    public void close() {
        tokenizer.close();
    }

    private String brokenInvariant(final TrainingRecord record) {
        final int[] ids = record.inputIds();
        if (ids.length == 0) {
            return "empty sequence";
        }
        if (record.numTrainedTokens() < 1) {
            return "no trained token";
        }
        final String templateRule = template.brokenInvariant(record);
        if (templateRule != null) {
            return templateRule;
        }
        if (record.truncated() && ids.length > limits.maxTokens()) {
            return "truncated sequence is longer than max.tokens";
        }
        for (final int id : ids) {
            if (id < 0) {
                return "negative token id " + id;
            }
        }
        return null;
    }
}
