package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sftstream.monitoring.MonitoringServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The deploy files agree with the app: they parse, and names, ports and paths match. */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> documents(final Path file) throws IOException {
        final List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                final JsonNode doc = (JsonNode) it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static JsonNode one(final String relative) throws IOException {
        final List<JsonNode> docs = documents(DEPLOY.resolve(relative));
        assertEquals(1, docs.size(), relative);
        return docs.get(0);
    }

    private static Map<String, String> strings(final JsonNode object) {
        final Map<String, String> map = new HashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** The image name jib builds, from the parent pom's {@code image.name} property. */
    private static String imageName() throws IOException {
        final Matcher m = Pattern.compile("<image.name>([^<$]+)</image.name>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void shouldParseEveryYamlFile() throws IOException {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")
                    || p.toString().endsWith(".yml")).toList();
        }
        assertTrue(files.size() >= 12, "found " + files);
        for (final Path file : files) {
            assertFalse(documents(file).isEmpty(), file + " is empty");
        }
        for (final Path json : List.of(DEPLOY.resolve("monitoring/sftstream-dashboard.json"))) {
            assertTrue(new ObjectMapper().readTree(json.toFile()).has("panels"), json.toString());
        }
    }

    /** Every variable the compose file and the manifests set, as the app would see it. */
    private static List<Map<String, String>> deployedEnvironments() throws IOException {
        final List<Map<String, String>> envs = new ArrayList<>();
        final JsonNode services = one("compose.yaml").get("services");
        for (final String name : List.of("sftstream-1", "sftstream-2")) {
            final JsonNode service = services.get(name);
            assertTrue(service.has("environment"), name);
            envs.add(strings(service.get("environment")));
        }
        final Map<String, String> k8s = new HashMap<>(strings(one("k8s/configmap.yaml")
                .get("data")));
        for (final JsonNode var : one("k8s/deployment.yaml").at("/spec/template/spec/containers/0"
                + "/env")) {
            k8s.put(var.get("name").asText(), var.get("value").asText());
        }
        envs.add(k8s);
        final Matcher env = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?([A-Z_]+)=(\"[^\"]*\"|\\S+)")
                .matcher(Files.readString(DEPLOY.resolve("Dockerfile")));
        final Map<String, String> image = new HashMap<>();
        while (env.find()) {
            image.put(env.group(1), env.group(2).replace("\"", ""));
        }
        assertTrue(image.containsKey("DJL_CACHE_DIR") && image.containsKey("DJL_OFFLINE")
                && image.containsKey("OPT_OUT_TRACKING"), image.toString());
        envs.add(image);
        return envs;
    }

    @Test
    void shouldSetOnlyVariablesTheAppRecognizesWithValidValues() throws IOException {
        for (final Map<String, String> env : deployedEnvironments()) {
            assertEquals(List.of(), EnvironmentNames.unrecognized(env), env.toString());
            for (final String name : env.keySet()) {
                assertTrue(EnvironmentNames.SFTSTREAM.contains(name)
                        || EnvironmentNames.LIBRARIES.contains(name)
                        || name.startsWith("KAFKA_"), name);
            }
            // The app's own parser accepts every value.
            new CoreOptions().resolve(env);
            final RunSettings settings = new RunOptions().resolve(env, false);
            if (env.containsKey("SFTSTREAM_INPUT_TOPIC")) {
                assertEquals("sft-raw", settings.topics().input());
                assertEquals("sftstream", settings.applicationId());
            }
        }
    }

    @Test
    void shouldUseOneImageNameEverywhere() throws IOException {
        final String image = imageName();
        final JsonNode services = one("compose.yaml").get("services");
        assertEquals(image, services.at("/sftstream-1/image").asText());
        assertEquals(image, services.at("/sftstream-2/image").asText());
        assertEquals(image, one("k8s/deployment.yaml")
                .at("/spec/template/spec/containers/0/image").asText());
        final JsonNode kustomize = one("k8s/kustomization.yaml").at("/images/0");
        assertEquals(image, kustomize.get("name").asText() + ":" + kustomize.get("newTag")
                .asText());
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<image>${image.name}</image>"));
    }

    @Test
    void shouldAgreeOnPortsAndProbePaths() throws IOException {
        final String port = Integer.toString(MonitoringSettings.DEFAULT_METRICS_PORT);
        assertTrue(Files.readString(DEPLOY.resolve("Dockerfile")).contains("EXPOSE " + port));
        assertTrue(Files.readString(DEPLOY.resolve("Dockerfile"))
                .contains("\"http://127.0.0.1:" + port + MonitoringServer.LIVE_PATH + "\""));
        final JsonNode container = one("k8s/deployment.yaml")
                .at("/spec/template/spec/containers/0");
        assertEquals(port, container.at("/ports/0/containerPort").asText());
        assertEquals(MonitoringServer.READY_PATH, container.at("/readinessProbe/httpGet/path").asText());
        assertEquals(MonitoringServer.LIVE_PATH, container.at("/livenessProbe/httpGet/path").asText());
        final JsonNode service = one("k8s/service.yaml");
        assertEquals(port, service.at("/spec/ports/0/port").asText());
        assertEquals(port, service.at("/metadata/annotations/prometheus.io~1port").asText());
        assertEquals(MonitoringServer.METRICS_PATH,
                service.at("/metadata/annotations/prometheus.io~1path").asText());
        assertEquals(port, one("k8s/configmap.yaml").at("/data/SFTSTREAM_METRICS_PORT").asText());
        final JsonNode compose = one("compose.yaml").get("services");
        assertEquals("9401:" + port, compose.at("/sftstream-1/ports/0").asText());
        assertEquals("9402:" + port, compose.at("/sftstream-2/ports/0").asText());
        final JsonNode scrape = one("monitoring/prometheus.yml").at("/scrape_configs/0");
        assertEquals(MonitoringServer.METRICS_PATH, scrape.get("metrics_path").asText());
        assertEquals("[\"sftstream-1:" + port + "\",\"sftstream-2:" + port + "\"]",
                scrape.at("/static_configs/0/targets").toString());
    }

    @Test
    void shouldCapAutoscalingAtTheInputPartitionsAndMatchTopicNames() throws IOException {
        final Map<String, JsonNode> topics = new HashMap<>();
        for (final JsonNode topic : documents(DEPLOY.resolve("k8s/topics.yaml"))) {
            assertEquals("KafkaTopic", topic.get("kind").asText());
            topics.put(topic.at("/metadata/name").asText(), topic);
        }
        final Map<String, String> config = strings(one("k8s/configmap.yaml").get("data"));
        for (final String key : List.of("SFTSTREAM_INPUT_TOPIC", "SFTSTREAM_OUTPUT_TOPIC",
                "SFTSTREAM_DLQ_TOPIC", "SFTSTREAM_STATS_TOPIC")) {
            assertTrue(topics.containsKey(config.get(key)), key);
        }
        final JsonNode input = topics.get(config.get("SFTSTREAM_INPUT_TOPIC"));
        final JsonNode scaled = one("k8s/scaledobject.yaml");
        assertEquals(input.at("/spec/partitions").asInt(),
                scaled.at("/spec/maxReplicaCount").asInt());
        final JsonNode trigger = scaled.at("/spec/triggers/0/metadata");
        assertEquals(config.get("SFTSTREAM_APPLICATION_ID"), trigger.get("consumerGroup").asText());
        assertEquals(config.get("SFTSTREAM_INPUT_TOPIC"), trigger.get("topic").asText());
        assertEquals(config.get("SFTSTREAM_BOOTSTRAP_SERVERS"),
                trigger.get("bootstrapServers").asText());
        final long inputMax = input.at("/spec/config/max.message.bytes").asLong();
        final long dlqMax = topics.get(config.get("SFTSTREAM_DLQ_TOPIC"))
                .at("/spec/config/max.message.bytes").asLong();
        assertTrue(dlqMax >= inputMax, "the DLQ must take whatever the input takes");
        final ObjectNode compose = (ObjectNode) one("compose.yaml").get("services");
        final String create = compose.at("/create-topics/command/0").asText();
        for (final String key : List.of("SFTSTREAM_INPUT_TOPIC", "SFTSTREAM_OUTPUT_TOPIC",
                "SFTSTREAM_DLQ_TOPIC", "SFTSTREAM_STATS_TOPIC")) {
            assertTrue(create.contains(compose.at("/sftstream-1/environment/" + key).asText()),
                    key);
        }
    }
}
