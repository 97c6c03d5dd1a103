package io.sftstream.chattemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The renders of {@code src/test/python/render_reference.py} (jinja2 set up as transformers
 * sets it up): the templates with their special tokens, the conversation cases and the
 * Python-semantics snippets, as plain Java values.
 */
final class ReferenceRenders {

    private static final String RESOURCE = "/chattemplate/reference-renders.json.gz";

    private ReferenceRenders() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load() {
        try (InputStream in = ReferenceRenders.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            return new ObjectMapper().readValue(new GZIPInputStream(in), Map.class);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> templates(final Map<String, Object> all) {
        return (Map<String, Map<String, Object>>) all.get("templates");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases(final Map<String, Object> all) {
        return (List<Map<String, Object>>) all.get("cases");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> snippets(final Map<String, Object> all) {
        return (List<Map<String, Object>>) all.get("snippets");
    }
}
