package io.sftstream.tokenize;

import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.Message;
import io.sftstream.serdes.ParseResult;
import io.sftstream.serdes.ParsedRecord;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.TrainingRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The preprocessing step: record value bytes in, {@link Outcome} out, with no Kafka types. It is
 * the one place where behaviour lives; the topology, file mode, {@code explain} and the benchmarks
 * all call it.
 *
 * <p>Checks run in the contract's order: the parser's checks, then template limits, then added
 * tokens inside texts, then length. Labels are {@code -100} on prompt positions (BOS, system
 * part, prompt segments) and the token id on response positions including each end-of-turn id;
 * with {@code train.on.prompt} every position is trained.
 *
 * <p>Immutable and safe to call from several threads. Exceptions from the tokenizer are not
 * caught here: callers route them to the dead-letter topic as {@code PROCESSING_ERROR}.
 */
public final class Preprocessor {

    private final RecordParser parser;
    private final TokenizerBundle tokenizer;
    private final Template template;
    private final SpecialTokenScanner scanner;
    private final int maxTokens;
    private final Overlong overlong;
    private final boolean trainOnPrompt;

    public Preprocessor(final RecordParser parser, final TokenizerBundle tokenizer,
                        final Template template, final int maxTokens, final Overlong overlong,
                        final boolean trainOnPrompt) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max.tokens must be at least 1, not " + maxTokens);
        }
        this.parser = Objects.requireNonNull(parser, "parser");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.template = Objects.requireNonNull(template, "template");
        this.scanner = new SpecialTokenScanner(tokenizer.addedTokenContents());
        this.maxTokens = maxTokens;
        this.overlong = Objects.requireNonNull(overlong, "overlong");
        this.trainOnPrompt = trainOnPrompt;
    }

    public TokenizerBundle tokenizer() {
        return tokenizer;
    }

    public Template template() {
        return template;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public Overlong overlong() {
        return overlong;
    }

    public boolean trainOnPrompt() {
        return trainOnPrompt;
    }

    public RecordParser parser() {
        return parser;
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

    /** Applies template limits, the added-token scan, templating, encoding and labels. */
    public Outcome tokenize(final Conversation conversation, final String id) {
        final Rejection limit = template.checkLimits(conversation);
        if (limit != null) {
            return new Outcome.Rejected(limit);
        }
        final Rejection injected = scanTexts(conversation);
        if (injected != null) {
            return new Outcome.Rejected(injected);
        }
        final List<Segment> segments = template.segments(conversation);
        final int count = segments.size();
        final int[][] encoded = new int[count][];
        int lastResponse = -1;
        int total = 0;
        for (int i = 0; i < count; i++) {
            final Segment segment = segments.get(i);
            if (segment instanceof Segment.Text text) {
                encoded[i] = tokenizer.encode(text.text());
                if (text.trained()) {
                    lastResponse = i;
                }
            } else {
                encoded[i] = new int[] {((Segment.SpecialId) segment).id()};
            }
            total += encoded[i].length;
        }
        int keepSegments = count;
        int keepOfLast = -1;
        boolean truncated = false;
        if (total > maxTokens) {
            if (overlong == Overlong.REJECT) {
                return tooLong("sequence is " + total + " tokens, longer than max.tokens="
                        + maxTokens);
            }
            int prefix = 0;
            for (int i = 0; i < lastResponse; i++) {
                prefix += encoded[i].length;
            }
            final int room = maxTokens - prefix;
            if (room < 1) {
                return tooLong("sequence is " + total + " tokens and everything before the last "
                        + "response already takes " + prefix + " of max.tokens=" + maxTokens
                        + ", so not one response token fits");
            }
            keepSegments = lastResponse + 1;
            keepOfLast = Math.min(room, encoded[lastResponse].length);
            total = prefix + keepOfLast;
            truncated = true;
        }
        final int[] ids = new int[total];
        final int[] labels = new int[total];
        int pos = 0;
        int trainedCount = 0;
        for (int i = 0; i < keepSegments; i++) {
            final int[] part = encoded[i];
            final int n = i == lastResponse && keepOfLast >= 0 ? keepOfLast : part.length;
            System.arraycopy(part, 0, ids, pos, n);
            if (trainOnPrompt || segments.get(i).trained()) {
                System.arraycopy(part, 0, labels, pos, n);
                trainedCount += n;
            } else {
                Arrays.fill(labels, pos, pos + n, TrainingRecord.IGNORE_INDEX);
            }
            pos += n;
        }
        final TrainingRecord out = new TrainingRecord(id, ids, labels, trainedCount, truncated);
        final String broken = brokenInvariant(out);
        if (broken != null) {
            return new Outcome.Rejected(Rejection.of(Reason.PROCESSING_ERROR,
                    "internal invariant broken, record withheld: " + broken));
        }
        return new Outcome.Accepted(out);
    }

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
            if (message instanceof Message.User) {
                turn++;
            }
            final String what = message instanceof Message.User ? "the user text"
                    : "the assistant text";
            final Rejection r = scan(message.content(), what, turn, turns);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** The rejection for an added token in the text, or null; the message is built only then. */
    private Rejection scan(final String text, final String what, final int turn,
                           final int turns) {
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

    private static Outcome tooLong(final String message) {
        return new Outcome.Rejected(Rejection.of(Reason.TOO_LONG, message));
    }

    private String brokenInvariant(final TrainingRecord record) {
        final int[] ids = record.inputIds();
        if (ids.length == 0) {
            return "empty sequence";
        }
        if (record.numTrainedTokens() < 1) {
            return "no trained token";
        }
        if (!record.truncated() && ids[ids.length - 1] != template.endOfTurnId()) {
            return "sequence does not end with the end-of-turn id " + template.endOfTurnId();
        }
        if (record.truncated() && ids.length > maxTokens) {
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
