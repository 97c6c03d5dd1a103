package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sftstream.monitoring.MonitoringServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus Operator files say what deploy/monitoring says, and the dashboard finds its
 * data source both when imported and when provisioned from a file.
 */
class PrometheusOperatorFilesTest {

    @Test
    void shouldCarryExactlyTheAlertRulesInThePrometheusRule() throws IOException {
        final JsonNode rule = DeployYaml.one("prometheus-operator/prometheusrule.yaml");
        assertEquals("monitoring.coreos.com/v1", rule.get("apiVersion").asText());
        assertEquals("PrometheusRule", rule.get("kind").asText());
        assertEquals(DeployYaml.one("monitoring/sftstream-alerts.yaml").get("groups"),
                rule.at("/spec/groups"),
                "run deploy/prometheus-operator/generate-rule.sh after changing the alerts");
    }

    @Test
    void shouldAlertWhenTheScrapeTargetIsDown() throws IOException {
        final List<String> alerts = new ArrayList<>();
        String targetDown = null;
        for (final JsonNode rule : DeployYaml.one("monitoring/sftstream-alerts.yaml")
                .at("/groups/0/rules")) {
            alerts.add(rule.get("alert").asText());
            if (rule.get("expr").asText().contains("up{")) {
                targetDown = rule.get("expr").asText().trim();
            }
        }
        assertEquals("up{job=\"sftstream\"} == 0", targetDown);
        assertEquals(7, alerts.size(), alerts.toString());
        final String job = DeployYaml.one("monitoring/prometheus.yml")
                .at("/scrape_configs/0/job_name").asText();
        assertEquals("sftstream", job);
    }

    @Test
    void shouldTestEveryAlertInAPromtoolFileOfItsOwn() throws IOException {
        final Map<String, String> testedIn = new TreeMap<>();
        try (Stream<Path> files = Files.list(DeployYaml.DEPLOY.resolve("monitoring/tests"))) {
            for (final Path file : files.sorted().toList()) {
                final JsonNode test = DeployYaml.one("monitoring/tests/" + file.getFileName());
                assertEquals("[\"../sftstream-alerts.yaml\"]", test.get("rule_files").toString());
                final Set<String> names = new TreeSet<>();
                test.findValues("alertname").forEach(n -> names.add(n.asText()));
                assertEquals(1, names.size(), file + " tests " + names);
                assertEquals(null, testedIn.put(names.iterator().next(), file.toString()));
            }
        }
        final Set<String> alerts = new TreeSet<>();
        for (final JsonNode rule : DeployYaml.one("monitoring/sftstream-alerts.yaml")
                .at("/groups/0/rules")) {
            alerts.add(rule.get("alert").asText());
        }
        assertEquals(alerts, testedIn.keySet());
    }

    @Test
    void shouldScrapeThePodsLikeTheComposeSetUp() throws IOException {
        final JsonNode monitor = DeployYaml.one("prometheus-operator/podmonitor.yaml");
        assertEquals("PodMonitor", monitor.get("kind").asText());
        final JsonNode pod = DeployYaml.one("k8s/deployment.yaml").at("/spec/template");
        final String jobLabel = monitor.at("/spec/jobLabel").asText();
        // The job label is the pod label's value: the alert rules' job="sftstream".
        assertEquals("sftstream", pod.at("/metadata/labels").get(jobLabel).asText());
        monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(e -> assertEquals(
                e.getValue().asText(), pod.at("/metadata/labels").path(e.getKey()).asText(),
                e.getKey()));
        final JsonNode endpoint = monitor.at("/spec/podMetricsEndpoints/0");
        assertEquals(pod.at("/spec/containers/0/ports/0/name").asText(),
                endpoint.get("port").asText());
        assertEquals(MonitoringServer.METRICS_PATH, endpoint.get("path").asText());
        assertEquals(List.of("podmonitor.yaml", "prometheusrule.yaml"), new ObjectMapper()
                .convertValue(DeployYaml.one("prometheus-operator/kustomization.yaml")
                        .get("resources"), List.class));
    }

    @Test
    void shouldFindTheDataSourceImportedAndProvisioned() throws IOException {
        final String text = Files.readString(DeployYaml.DEPLOY
                .resolve("monitoring/sftstream-dashboard.json"));
        assertFalse(text.contains("${DS_"), "file provisioning never fills ${DS_...} inputs");
        final JsonNode dashboard = new ObjectMapper().readTree(text);
        assertFalse(dashboard.has("__inputs"));
        final JsonNode variable = dashboard.at("/templating/list/0");
        assertEquals("datasource", variable.get("name").asText());
        assertEquals("datasource", variable.get("type").asText());
        assertEquals("prometheus", variable.get("query").asText());
        final List<JsonNode> references = new ArrayList<>();
        collectDatasources(dashboard, references);
        assertTrue(references.size() > 20, "datasource references: " + references.size());
        for (final JsonNode reference : references) {
            assertEquals("prometheus", reference.get("type").asText());
            assertEquals("${datasource}", reference.get("uid").asText());
        }
        // Provisioned: the variable's default is the default data source, which this is.
        final JsonNode provisioned = DeployYaml.one("monitoring/grafana-datasource.yaml")
                .at("/datasources/0");
        assertEquals("prometheus", provisioned.get("type").asText());
        assertTrue(provisioned.get("isDefault").asBoolean());
    }

    private static void collectDatasources(final JsonNode node, final List<JsonNode> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("datasource") && e.getValue().isObject()) {
                    out.add(e.getValue());
                } else {
                    collectDatasources(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectDatasources(child, out));
        }
    }
}
