package io.sftstream.tokenize;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Turns a template's end-of-turn and BOS strings into ids of one tokenizer (SPEC section 3,
 * "EOS resolution"). A string counts as a token only when the exact lookup
 * ({@link TokenizerBundle#tokenId}) finds an id and encoding the string alone gives exactly that
 * one id; otherwise the app must not start, and the message shows what the text would become.
 * The end-of-turn is checked before the BOS.
 */
final class EndOfTurnResolver {

    /** The ids a template places itself. */
    record Resolved(OptionalInt bosId, int endOfTurnId, String endOfTurnToken) {
    }

    private static final String OTHER_EOS =
            "pass --eos-token or --eos-id with this tokenizer's end-of-turn token, "
                    + "or choose another template.";

    private EndOfTurnResolver() {
    }

    /**
     * Resolves the ids for the template.
     *
     * @param eosTokenOverride replaces the template's end-of-turn string (checked the same way)
     * @param eosIdOverride    used as the end-of-turn id as is; must be an id of the tokenizer
     * @throws IllegalArgumentException when both overrides are given
     * @throws TokenizerLoadException   when a string is not a token or the id is unknown
     */
    static Resolved resolve(final TokenizerBundle tokenizer, final TemplateName template,
                            final String eosTokenOverride, final Integer eosIdOverride) {
        if (eosTokenOverride != null && eosIdOverride != null) {
            throw new IllegalArgumentException("--eos-token \"" + eosTokenOverride
                    + "\" and --eos-id " + eosIdOverride + " were both given: pass only one.");
        }
        final int endOfTurnId;
        final String endOfTurnToken;
        if (eosIdOverride != null) {
            endOfTurnId = eosIdOverride;
            if (!tokenizer.isKnownId(endOfTurnId)) {
                throw new TokenizerLoadException("--eos-id " + endOfTurnId + " is not a token id "
                        + "of " + tokenizer.source() + ", whose ids go from 0 to "
                        + tokenizer.maxId() + ": pass the id of one of its tokens.");
            }
            endOfTurnToken = tokenizer.tokenPiece(endOfTurnId);
        } else if (eosTokenOverride != null) {
            endOfTurnToken = eosTokenOverride;
            endOfTurnId = requireToken(tokenizer, "end-of-turn", endOfTurnToken,
                    "Pass --eos-token with a token of this tokenizer, or --eos-id with its id.");
        } else {
            endOfTurnToken = templateEndOfTurn(tokenizer, template);
            final String why = switch (template) {
                case ALPACA, RAW -> "It is the eos_token of tokenizer_config.json that template "
                        + template.cliName() + " ends each response with; ";
                default -> "Template " + template.cliName() + " ends each response with it; ";
            };
            final String advice = tokenizer.chatTemplate().isPresent()
                    ? "This tokenizer ships its own chat template: try --template model, or "
                    + OTHER_EOS : OTHER_EOS;
            endOfTurnId = requireToken(tokenizer, "end-of-turn", endOfTurnToken, why + advice);
        }
        return new Resolved(bos(tokenizer, template), endOfTurnId, endOfTurnToken);
    }

    private static String templateEndOfTurn(final TokenizerBundle tokenizer,
                                            final TemplateName template) {
        return switch (template) {
            case CHATML -> "<|im_end|>";
            case LLAMA3 -> "<|eot_id|>";
            case LLAMA2 -> "</s>";
            case MODEL -> throw new IllegalStateException("model finds its end-of-turn by probe");
            case ALPACA, RAW -> tokenizer.eosToken().orElseThrow(() -> new TokenizerLoadException(
                    "template " + template.cliName() + " ends each response with the "
                            + "tokenizer's eos_token, but " + tokenizer.source() + " has no "
                            + "eos_token in a tokenizer_config.json: pass --eos-token or "
                            + "--eos-id, or choose another template."));
        };
    }

    private static OptionalInt bos(final TokenizerBundle tokenizer, final TemplateName template) {
        final String advice = "Template " + template.cliName()
                + " places it as BOS; choose a template that fits this tokenizer.";
        return switch (template) {
            case CHATML -> OptionalInt.empty();
            case LLAMA3 -> OptionalInt.of(
                    requireToken(tokenizer, "BOS", "<|begin_of_text|>", advice));
            case LLAMA2 -> OptionalInt.of(requireToken(tokenizer, "BOS", "<s>", advice));
            case ALPACA, RAW -> configBos(tokenizer, template);
            case MODEL -> OptionalInt.empty();
        };
    }

    private static OptionalInt configBos(final TokenizerBundle tokenizer,
                                         final TemplateName template) {
        if (!tokenizer.addBosToken()) {
            return OptionalInt.empty();
        }
        final String bos = tokenizer.bosToken().orElseThrow(() -> new TokenizerLoadException(
                "the tokenizer_config.json of " + tokenizer.source() + " sets add_bos_token "
                        + "but has no bos_token, which template " + template.cliName()
                        + " would place: fix tokenizer_config.json or choose another template."));
        return OptionalInt.of(requireToken(tokenizer, "BOS", bos, "It is the bos_token of "
                + "tokenizer_config.json, which sets add_bos_token; fix tokenizer_config.json "
                + "or choose another template."));
    }

    /** The id of the string if it is a token of the tokenizer, else the startup error. */
    static int requireToken(final TokenizerBundle tokenizer, final String role,
                            final String text, final String advice) {
        final OptionalInt id = tokenizer.tokenId(text);
        final int[] ids = tokenizer.encode(text);
        if (id.isPresent() && ids.length == 1 && ids[0] == id.getAsInt()) {
            return ids[0];
        }
        throw new TokenizerLoadException(String.format(Locale.ROOT,
                "%s \"%s\" is not a token of this tokenizer: as text it encodes to %d %s %s. %s",
                role, text, ids.length, ids.length == 1 ? "id" : "ids", Arrays.toString(ids),
                advice));
    }
}
