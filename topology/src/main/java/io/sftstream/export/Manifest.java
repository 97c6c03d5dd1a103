package io.sftstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@value #FILE_NAME} in an export directory: the topic, the shard format and the
 * {@link Provenance} of the records its shards hold, written before the first shard is
 * complete, so that a later export into the same directory can refuse other data.
 *
 * @param topic      the source topic
 * @param format     {@link ShardFormat#cliName()} plus {@code .gz} for gzip
 * @param provenance what made the records
 */
record Manifest(String topic, String format, Provenance provenance) {

    static final String FILE_NAME = "sftstream-export.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String formatName(final ShardFormat format) {
        return format == ShardFormat.JSONL_GZIP ? "jsonl.gz" : format.cliName();
    }

    /** Reads the manifest of {@code dir}, or empty when it has none. */
    static Optional<Manifest> read(final Path dir) {
        final Path file = dir.resolve(FILE_NAME);
        try {
            final JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
            final JsonNode chat = root.path("chat_template_sha256");
            return Optional.of(new Manifest(root.path("topic").asText(),
                    root.path("format").asText(), new Provenance(
                    root.path("tokenizer_sha256").asText(), root.path("template").asText(),
                    root.path("eos_id").asInt(), chat.isTextual() ? chat.asText() : null)));
        } catch (final NoSuchFileException e) {
            return Optional.empty();
        } catch (final IOException | RuntimeException e) {
            throw new ExportException(file + " cannot be read (" + e.getMessage()
                    + "); it is not an sftstream export manifest, so use another --output-dir");
        }
    }

    /** Writes the manifest atomically (temporary file, fsync, rename). */
    void write(final Path dir) throws IOException {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("topic", topic);
        root.put("format", format);
        root.put("tokenizer_sha256", provenance.tokenizerSha256());
        root.put("template", provenance.template());
        root.put("eos_id", provenance.eosId());
        root.put("chat_template_sha256", provenance.chatTemplateSha256());
        final byte[] bytes = (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                + "\n").getBytes(StandardCharsets.UTF_8);
        Durable.writeAtomically(dir, FILE_NAME, bytes);
    }
}
