package io.sftstream.tokenize.bpe;

/**
 * One {@code added_tokens} entry of a tokenizer.json, with the id the library gives it.
 *
 * @param content    the token's text
 * @param id         its id
 * @param special    whether it is a special token (matters only for decoding)
 * @param singleWord matched only when no word character touches it
 * @param lstrip     takes the whitespace before it
 * @param rstrip     takes the whitespace after it
 * @param normalized matched on the normalized text (its content normalized too) instead of
 *                   the raw text
 */
record AddedTokenSpec(String content, int id, boolean special, boolean singleWord,
                      boolean lstrip, boolean rstrip, boolean normalized) {
}
