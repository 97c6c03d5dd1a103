package io.sftstream.tokenize.bpe;

/**
 * A tokenizer.json whose pipeline the Java encoder does not implement; the message names the
 * part.
 */
public final class UnsupportedPipelineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnsupportedPipelineException(final String unsupportedPart) {
        super(unsupportedPart);
    }

    /** The part of the pipeline the Java encoder does not implement, e.g. "the model 'Unigram'". */
    public String unsupportedPart() {
        return getMessage();
    }
}
