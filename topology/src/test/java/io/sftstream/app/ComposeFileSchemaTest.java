package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose.yaml is a valid Compose file by the Compose Specification's own JSON schema
 * (test resource compose-spec/compose-spec.json; see its NOTICE), so `docker compose up` will not
 * refuse it; no Docker daemon needed.
 */
class ComposeFileSchemaTest {

    private Schema schema;

    @BeforeEach
    void loadSchema() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/compose-spec/compose-spec.json")) {
            // The schema's relative $id needs an absolute base; nothing is fetched from it.
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(SchemaLocation.of("classpath:compose-spec/compose_spec.json"),
                            new ObjectMapper().readTree(in));
        }
    }

    /** The Compose file with its YAML aliases resolved (Jackson's tree model keeps them as text). */
    private static JsonNode compose() throws IOException {
        final Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(
                Files.readString(DeployYaml.DEPLOY.resolve("compose.yaml")));
        return new ObjectMapper().valueToTree(loaded);
    }

    @Test
    void shouldBeAValidComposeFile() throws IOException {
        final List<Error> errors = schema.validate(compose());
        assertEquals(List.of(), errors.stream().map(e -> e.getInstanceLocation() + ": "
                + e.getMessage()).toList());
    }

    @Test
    void shouldCatchAMistakeTheSchemaKnows() throws IOException {
        final JsonNode compose = compose();
        final ObjectNode kafka = (ObjectNode) compose.at("/services/kafka");
        kafka.set("enviroment", kafka.get("environment"));
        kafka.put("restart", 3);
        final List<Error> errors = schema.validate(compose);
        assertFalse(errors.isEmpty());
        assertEquals(2, errors.stream().map(e -> e.getInstanceLocation().toString()).distinct()
                .count(), errors.toString());
    }
}
