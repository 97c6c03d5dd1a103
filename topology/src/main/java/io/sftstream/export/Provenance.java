package io.sftstream.export;

import io.sftstream.serdes.SftHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What made a training record, from its headers: the tokenizer's hash, the template name, the
 * end-of-turn id and, with {@code --template model}, the chat template's hash. Records made with
 * different values are not interchangeable in one training run.
 *
 * @param tokenizerSha256    hex SHA-256 of tokenizer.json ({@code sftstream.tokenizer})
 * @param template           the template name ({@code sftstream.template})
 * @param eosId              the end-of-turn id ({@code sftstream.eos.id})
 * @param chatTemplateSha256 hex SHA-256 of the chat template ({@code sftstream.chat_template}),
 *                           or null
 */
public record Provenance(String tokenizerSha256, String template, int eosId,
                         String chatTemplateSha256) {

    public Provenance {
        Objects.requireNonNull(tokenizerSha256, "tokenizerSha256");
        Objects.requireNonNull(template, "template");
    }

    /**
     * Reads the headers of an output record.
     *
     * @throws ExportException when a required header is missing or the end-of-turn id is not
     *                         a number
     */
    public static Provenance fromHeaders(final Headers headers, final int partition,
                                         final long offset) {
        final String tokenizer = last(headers, SftHeaders.TOKENIZER);
        final String template = last(headers, SftHeaders.TEMPLATE);
        final String eos = last(headers, SftHeaders.EOS_ID);
        if (tokenizer == null || template == null || eos == null) {
            throw new ExportException("the record at partition " + partition + " offset "
                    + offset + " has no " + (tokenizer == null ? SftHeaders.TOKENIZER
                    : template == null ? SftHeaders.TEMPLATE : SftHeaders.EOS_ID)
                    + " header; export reads the output topic of sftstream run");
        }
        final int eosId;
        try {
            eosId = Integer.parseInt(eos);
        } catch (final NumberFormatException e) {
            throw new ExportException("the record at partition " + partition + " offset "
                    + offset + " has the " + SftHeaders.EOS_ID + " header '" + eos
                    + "', which is not a whole number");
        }
        return new Provenance(tokenizer, template, eosId, last(headers, SftHeaders.CHAT_TEMPLATE));
    }

    private static String last(final Headers headers, final String name) {
        final Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The values in words, for an error message. */
    public String describe() {
        return "tokenizer " + tokenizerSha256 + ", template " + template + ", end-of-turn id "
                + eosId + (chatTemplateSha256 == null ? ""
                : ", chat template " + chatTemplateSha256);
    }
}
