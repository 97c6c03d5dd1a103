package io.sftstream.tokenize;

import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.TrainingRecord;
import java.util.List;
import java.util.OptionalInt;

/**
 * A chat template bound to one tokenizer: it writes a conversation as token ids and labels and
 * owns the rules that depend on how it writes (which positions are trained, how a sequence that
 * is too long is cut, which added tokens a text may not contain). {@link BuiltinTemplate} is the
 * five templates of SPEC section 3; a rendered chat template (SPEC section 8) is a second
 * implementation beside it.
 *
 * <p>The {@link Preprocessor} calls, per record and in this order: {@link #prepare} (the
 * template's limits step), the special-token scan over {@link #guardedTokens()},
 * {@link #encode}, then its invariant checks with {@link #brokenInvariant} among them. Implementations are immutable and thread-safe; they
 * do not own the tokenizer they were bound to.
 */
public interface Template {

    /** The name in the {@code sftstream.template} header and in logs ({@code chatml}, ...). */
    String name();

    /** The BOS id the template places, if it places one (for display and metrics). */
    OptionalInt bosId();

    /** The id that ends every response. */
    int endOfTurnId();

    /** The end-of-turn token as a string, for display. */
    String endOfTurnToken();

    /**
     * The template's own limits (SPEC section 2's "template limits" step): whatever the
     * template can tell from the conversation before anything is encoded. What it finds out
     * (for a rendered template: the rendering and its trained spans) is handed to
     * {@link #encode}.
     *
     * @return never null; its {@link Prepared#rejection()} is null when the conversation fits
     */
    Prepared prepare(Conversation conversation, SequenceLimits limits);

    /**
     * The contents of the added tokens that no text of a record may contain
     * ({@code SPECIAL_TOKEN_IN_TEXT}). Read once, when the preprocessing step is built.
     */
    List<String> guardedTokens();

    /**
     * The training record of a conversation that passed {@link #prepare} and the special-token
     * scan, or its {@code TOO_LONG} rejection.
     *
     * @param prepared what {@link #prepare} returned for it, with no rejection
     * @param id       the output record's id
     */
    Outcome encode(Prepared prepared, String id, SequenceLimits limits);

    /**
     * The template's own rule for a finished record (e.g. that an untruncated sequence ends with
     * the end-of-turn id), checked before the record is released.
     *
     * @return null when the record keeps the rule, else what is wrong
     */
    String brokenInvariant(TrainingRecord record);

    /**
     * The output headers that name this template ({@code sftstream.template},
     * {@code sftstream.eos.id}, ...), in the order they are written. Built once.
     */
    List<OutputHeader> headers();

    /** A conversation after the template's limits step. */
    interface Prepared {
        /** The conversation. */
        Conversation conversation();

        /** Why the template cannot write the conversation, or null when it can. */
        Rejection rejection();
    }

    /** The limits step's rejection. */
    record Refused(Conversation conversation, Rejection rejection) implements Prepared {
    }
}
