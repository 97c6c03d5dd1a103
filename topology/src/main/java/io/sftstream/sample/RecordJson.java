package io.sftstream.sample;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes generated raw records as JSON: one object per record, an optional {@code id} and
 * role/content messages. Shared by the demo's sample records and the benchmark's data set.
 */
public final class RecordJson {

    private static final JsonFactory JSON = new JsonFactory();

    private RecordJson() {
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** The UTF-8 bytes of a JSON object whose fields {@code body} writes. */
    public static byte[] object(final Body body) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An {@code id} field: a JSON integer when all digits, else a string; none when null. */
    public static void id(final JsonGenerator g, final String id) throws IOException {
        if (id == null) {
            return;
        }
        if (!id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
            g.writeFieldName("id");
            g.writeNumber(id);
        } else {
            g.writeStringField("id", id);
        }
    }

    /** One message object, e.g. {@code {"role": "user", "content": "..."}}. */
    public static void message(final JsonGenerator g, final String roleKey,
                               final String contentKey, final String role, final String content)
            throws IOException {
        g.writeStartObject();
        g.writeStringField(roleKey, role);
        g.writeStringField(contentKey, content);
        g.writeEndObject();
    }
}
