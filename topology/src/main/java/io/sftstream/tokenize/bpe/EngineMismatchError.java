package io.sftstream.tokenize.bpe;

import java.util.Arrays;

/**
 * The Java and DJL engines gave different ids for a text while they were being compared
 * ({@code --tokenizer-verify}). An {@link Error}, not an exception: no record handler may turn
 * it into a dead-letter record, because every later record could be wrong too; the
 * application stops.
 */
public final class EngineMismatchError extends Error {

    private static final long serialVersionUID = 1L;

    /** Creates the error for one text and the two engines' ids. */
    public EngineMismatchError(final String tokenizer, final String text, final int[] javaIds,
                               final int[] djlIds) {
        super("the java and djl tokenizer engines give different ids for a text with "
                + tokenizer + " (java " + head(javaIds) + ", djl " + head(djlIds)
                + ", text " + quote(text) + "); run with the tokenizer engine djl and report "
                + "the text");
    }

    /** Whether the throwable or one of its causes is this error. */
    public static boolean isCauseOf(final Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof EngineMismatchError) {
                return true;
            }
        }
        return false;
    }

    private static String head(final int[] ids) {
        return ids.length <= 40 ? Arrays.toString(ids)
                : Arrays.toString(Arrays.copyOf(ids, 40)) + " of " + ids.length;
    }

    private static String quote(final String text) {
        final String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return "\"" + cut.replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
}
