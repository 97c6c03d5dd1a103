package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sftstream.topology.KafkaProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests and the image as a platform team runs them: Strimzi's v1 API, the
 * ACLs exactly-once Streams needs, no service links, a seccomp profile, KEDA owning the replica
 * count, and base images pinned by digest.
 */
class ClusterDeployFilesTest {

    /** The fields of KafkaTopic's v1 spec (io.strimzi:api 1.2.0, KafkaTopicSpec). */
    private static final Set<String> TOPIC_SPEC = Set.of("topicName", "partitions", "replicas",
            "config");
    /** The operations of Strimzi's v1 ACL rules (StrimziAclOperation). */
    private static final Set<String> OPERATIONS = Set.of("Read", "Write", "Create", "Delete",
            "Alter", "Describe", "ClusterAction", "AlterConfigs", "DescribeConfigs",
            "IdempotentWrite", "All");

    @Test
    void shouldUseStrimziV1ForEveryTopicAndUser() throws IOException {
        final List<JsonNode> resources = new ArrayList<>(DeployYaml.documents("k8s/topics.yaml"));
        resources.addAll(DeployYaml.documents("k8s-scram/kafkauser.yaml"));
        assertEquals(6, resources.size());
        for (final JsonNode resource : resources) {
            assertEquals("kafka.strimzi.io/v1", resource.get("apiVersion").asText(),
                    resource.at("/metadata/name").asText());
            assertEquals("my-cluster", resource.at("/metadata/labels/strimzi.io~1cluster")
                    .asText());
            if (resource.get("kind").asText().equals("KafkaTopic")) {
                assertTrue(TOPIC_SPEC.containsAll(DeployYaml.fieldNames(resource.get("spec"))),
                        resource.toString());
            }
        }
    }

    /** The ACL rules of a user as {@code type:name:patternType:operation} strings. */
    private static Set<String> acls(final JsonNode user) {
        assertEquals("scram-sha-512", user.at("/spec/authentication/type").asText());
        assertEquals("simple", user.at("/spec/authorization/type").asText());
        final Set<String> rules = new TreeSet<>();
        for (final JsonNode rule : user.at("/spec/authorization/acls")) {
            assertFalse(rule.has("operation"), "v1 has only 'operations': " + rule);
            final JsonNode resource = rule.get("resource");
            for (final JsonNode operation : rule.get("operations")) {
                assertTrue(OPERATIONS.contains(operation.asText()), operation.asText());
                rules.add(resource.get("type").asText() + ":" + resource.path("name").asText("")
                        + ":" + resource.path("patternType").asText("") + ":"
                        + operation.asText());
            }
        }
        return rules;
    }

    @Test
    void shouldGrantExactlyWhatExactlyOnceStreamsAndReplayNeed() throws IOException {
        final List<JsonNode> users = DeployYaml.documents("k8s-scram/kafkauser.yaml");
        final JsonNode config = DeployYaml.one("k8s/configmap.yaml").get("data");
        final String appId = config.get("SFTSTREAM_APPLICATION_ID").asText();
        assertEquals("sftstream", users.get(0).at("/metadata/name").asText());
        assertEquals(new TreeSet<>(List.of(
                "topic:" + config.get("SFTSTREAM_INPUT_TOPIC").asText() + ":literal:Read",
                "topic:sft-raw:literal:Describe",
                "topic:" + config.get("SFTSTREAM_OUTPUT_TOPIC").asText() + ":literal:Write",
                "topic:sft-tokens:literal:Describe",
                "topic:" + config.get("SFTSTREAM_DLQ_TOPIC").asText() + ":literal:Write",
                "topic:sft-dlq:literal:Describe",
                "topic:" + config.get("SFTSTREAM_STATS_TOPIC").asText() + ":literal:Write",
                "topic:sft-tokens-stats:literal:Describe",
                "topic:" + appId + "-:prefix:Create", "topic:sftstream-:prefix:Delete",
                "topic:sftstream-:prefix:Read", "topic:sftstream-:prefix:Write",
                "topic:sftstream-:prefix:Describe", "topic:sftstream-:prefix:DescribeConfigs",
                "group:" + appId + ":literal:Read", "group:sftstream:literal:Describe",
                "transactionalId:" + appId + ":prefix:Write",
                "transactionalId:sftstream:prefix:Describe",
                "cluster:::IdempotentWrite")), acls(users.get(0)));
        assertEquals("sftstream-replay", users.get(1).at("/metadata/name").asText());
        assertEquals(new TreeSet<>(List.of("topic:sft-dlq:literal:Read",
                "topic:sft-dlq:literal:Describe", "topic:sft-raw:literal:Write",
                "topic:sft-raw:literal:Describe",
                "group:" + ReplayCommand.DEFAULT_GROUP + ":literal:Read",
                "group:sftstream-replay:literal:Describe",
                "transactionalId:sftstream-replay:prefix:Write",
                "transactionalId:sftstream-replay:prefix:Describe",
                "cluster:::IdempotentWrite")), acls(users.get(1)));
    }

    @Test
    void shouldTakeTheScramPasswordFromTheUsersSecret() throws IOException {
        final JsonNode container = DeployYaml.one("k8s-scram/deployment-scram.yaml")
                .at("/spec/template/spec/containers/0");
        final List<String> names = new ArrayList<>();
        for (final JsonNode var : container.get("env")) {
            names.add(var.get("name").asText());
            if (var.get("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                assertEquals("sftstream", var.at("/valueFrom/secretKeyRef/name").asText());
                assertEquals("sasl.jaas.config", var.at("/valueFrom/secretKeyRef/key").asText());
            }
        }
        assertEquals(List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE",
                "KAFKA_SSL_TRUSTSTORE_LOCATION"), names);
        for (final String name : names) {
            assertTrue(EnvironmentNames.isKafkaProperty(
                    KafkaProperties.propertyName(name)), name);
        }
    }

    @Test
    void shouldHardenThePodAndLeaveReplicasToKeda() throws IOException {
        final JsonNode deployment = DeployYaml.one("k8s/deployment.yaml");
        assertFalse(deployment.at("/spec").has("replicas"),
                "a fixed replica count fights the KEDA autoscaler");
        final JsonNode pod = deployment.at("/spec/template/spec");
        assertFalse(pod.get("enableServiceLinks").asBoolean(true));
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        final JsonNode scaled = DeployYaml.one("k8s/scaledobject.yaml").get("spec");
        assertTrue(scaled.get("minReplicaCount").asInt() >= 1);
        assertFalse(scaled.has("cooldownPeriod"),
                "cooldownPeriod only delays scaling to zero, which minReplicaCount >= 1 never does");
        assertEquals(300, scaled.at("/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown"
                + "/stabilizationWindowSeconds").asInt());
    }

    @Test
    void shouldPinEveryBaseImageByDigestAndLabelTheImage() throws IOException {
        final String dockerfile = Files.readString(DeployYaml.DEPLOY.resolve("Dockerfile"));
        final Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
        int images = 0;
        while (from.find()) {
            images++;
            assertTrue(from.group(1).matches("[^@\\s]+:[^@\\s]+@sha256:[0-9a-f]{64}"),
                    from.group(1));
        }
        assertEquals(2, images);
        for (final String label : List.of("title", "description", "version", "revision",
                "base.name")) {
            assertTrue(dockerfile.contains("org.opencontainers.image." + label + "="), label);
        }
        assertTrue(dockerfile.contains("/src/topology/target/sftstream-run.jar /app/sftstream.jar"));
        final String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.matches("(?s).*<from>\\s*<image>[^<@]+@sha256:[0-9a-f]{64}</image>.*"),
                "jib's base image is pinned by digest");
    }
}
