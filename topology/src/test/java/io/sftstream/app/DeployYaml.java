package io.sftstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the YAML documents of a file under deploy/ (tests run in the topology module). */
final class DeployYaml {

    static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployYaml() {
    }

    /** Every non-empty document of {@code deploy/<relative>}. */
    static List<JsonNode> documents(final String relative) throws IOException {
        final List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(DEPLOY.resolve(relative)
                .toFile())) {
            while (it.hasNext()) {
                final JsonNode doc = (JsonNode) it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /** The one document of {@code deploy/<relative>}. */
    static JsonNode one(final String relative) throws IOException {
        final List<JsonNode> docs = documents(relative);
        if (docs.size() != 1) {
            throw new AssertionError(relative + " has " + docs.size() + " documents, not 1");
        }
        return docs.get(0);
    }

    /** The field names of an object node, in order. */
    static List<String> fieldNames(final JsonNode object) {
        final List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
