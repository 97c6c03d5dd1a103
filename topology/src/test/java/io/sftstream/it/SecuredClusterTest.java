package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.app.CommittedReader;
import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured cluster: the in-process broker with a SASL_SSL listener (SCRAM-SHA-512, a
 * self-signed certificate made here with the JDK's {@code keytool}). {@code run} and
 * {@code stats} (separate JVMs) connect with {@code KAFKA_*} variables only; a wrong password
 * and an untrusted certificate each end within 30 s with exit status 2 and one sentence naming
 * the cause; the password never appears in the output.
 */
class SecuredClusterTest {

    private static final String STORE_PASSWORD = "store-secret-1f3a";
    private static final String PASSWORD = "scram-secret-9c2e";
    private static final Duration FAIL_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static Path trustStore;

    @BeforeAll
    static void startBroker() throws Exception {
        final Path keyStore = dir.resolve("broker.p12");
        trustStore = dir.resolve("trust.p12");
        final Path cert = dir.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext",
                "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass",
                STORE_PASSWORD);
        broker = EmbeddedKafkaBroker.startSaslSsl(0, new EmbeddedKafkaBroker.SaslSsl(keyStore,
                STORE_PASSWORD, "sft", PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static void keytool(final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }

    private static Map<String, String> env(final String password, final boolean trusted) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_JAAS_CONFIG", new EmbeddedKafkaBroker.SaslSsl(dir, "", "sft",
                password).clientJaasConfig());
        if (trusted) {
            env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", trustStore.toString());
            env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", STORE_PASSWORD);
            env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        }
        return env;
    }

    /** The client properties the variables stand for, for the test's own clients. */
    private static Map<String, String> clientProps() {
        final Map<String, String> props = new HashMap<>();
        env(PASSWORD, true).forEach((k, v) -> props.put(
                k.substring(6).toLowerCase().replace('_', '.'), v));
        return props;
    }

    private static void assertNoSecrets(final String output) {
        assertFalse(output.contains(PASSWORD), "the SCRAM password appears in the output");
        assertFalse(output.contains(STORE_PASSWORD), "the store password appears in the output");
    }

    @Test
    void shouldRunAndReportStatsOnASaslSslClusterWithVariablesOnly() throws Exception {
        final Topics topics = new Topics("secure-raw", "secure-tokens", "secure-dlq");
        RealBrokerStreamingTest.createTopics(broker, topics, 2);
        final int records = 200;
        final StreamingAccounting accounting = new StreamingAccounting(
                RealBrokerStreamingTest.samples(71, records), topics.input(), topics.output());
        final Map<String, Object> producerProps = new HashMap<>(clientProps());
        producerProps.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps,
                new ByteArraySerializer(), new ByteArraySerializer())) {
            accounting.produce(producer, 0, records, 2);
        }
        try (ChildInstance run = ChildInstance.launch(broker.bootstrapServers(), topics,
                "it-secure", "it-secure-run", List.of(), env(PASSWORD, true));
             CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                     clientProps(), topics.output(), topics.dlq())) {
            assertNotNull(run.awaitRunningSinceStart(Duration.ofMinutes(2)),
                    "RUNNING on SASL_SSL:\n" + run.output());
            reader.pollUntil(records, Duration.ofMinutes(2));
            accounting.assertExactlyOnce(reader.drain(Duration.ofSeconds(2)));
            final ChildInstance stats = ChildInstance.command("it-secure-stats",
                    env(PASSWORD, true), List.of("stats", "--bootstrap-servers",
                            broker.bootstrapServers(), "--output-topic", topics.output(),
                            "--once"));
            assertEquals(0, stats.awaitExit(Duration.ofMinutes(1)), stats.output());
            assertTrue(stats.output().contains("window"), stats.output());
            assertNoSecrets(stats.output());
            assertEquals(143, run.terminate(Duration.ofSeconds(20)));
            final String output = run.output();
            assertTrue(output.contains("sasl.jaas.config=[hidden]"), "the resolved settings "
                    + "are logged, masked");
            assertNoSecrets(output);
        }
    }

    @Test
    void shouldNameAWrongPasswordInOneSentence() throws Exception {
        final String output = failedRun("it-secure-badpass", env("not-the-password", true));
        assertTrue(output.contains("refused the login"), output);
        assertTrue(output.contains("KAFKA_SASL_JAAS_CONFIG"), output);
        assertFalse(output.contains("not-the-password"), output);
    }

    @Test
    void shouldNameAnUntrustedCertificateInOneSentence() throws Exception {
        final String output = failedRun("it-secure-untrusted", env(PASSWORD, false));
        assertTrue(output.contains("is not trusted; set KAFKA_SSL_TRUSTSTORE_LOCATION"),
                output);
    }

    private static String failedRun(final String name, final Map<String, String> env)
            throws Exception {
        final Topics topics = new Topics("secure-raw", "secure-tokens", "secure-dlq");
        final long started = System.nanoTime();
        final ChildInstance run = ChildInstance.launch(broker.bootstrapServers(), topics,
                "it-secure-fail", name, List.of(), env);
        final Integer status = run.awaitExit(Duration.ofMinutes(2));
        final Duration took = Duration.ofNanos(System.nanoTime() - started);
        final String output = run.output();
        run.close();
        System.out.printf("%s: exit %s after %d ms%n", name, status, took.toMillis());
        assertEquals(2, status, output);
        assertTrue(took.compareTo(FAIL_WITHIN) <= 0, "ended after " + took);
        final List<String> errors = output.lines().filter(l -> l.startsWith("sftstream: "))
                .toList();
        assertEquals(1, errors.size(), output);
        assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
        assertFalse(output.contains("Exception"), "no exception names:\n" + output);
        assertNoSecrets(output);
        return errors.get(0);
    }
}
