package io.sftstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Kafka broker in KRaft mode (one process acting as broker and
 * controller), for the {@code demo} command and for integration tests. Not for production.
 *
 * <ul>
 *   <li>Listens on loopback only: clients connect with {@link #bootstrapServers()}, which is
 *       {@code 127.0.0.1:<port>} (PLAINTEXT, no authentication; SASL_SSL with
 *       {@link #startSaslSsl}). The controller listens on a
 *       second loopback port picked free at start.</li>
 *   <li>One node: every topic, including the offsets and transaction-state topics, has
 *       replication factor 1 and min.insync.replicas 1, so idempotent and transactional
 *       producers, {@code read_committed} consumers and Kafka Streams exactly-once work.</li>
 *   <li>Topics are not auto-created: create them with {@link #createTopics(int, String...)}.</li>
 *   <li>Data lives in a fresh temporary directory that {@link #close()} deletes. If the JVM exits
 *       (including on SIGTERM) without {@code close()}, a shutdown hook stops the broker and
 *       deletes the directory; that hook runs concurrently with the application's own hooks.</li>
 * </ul>
 *
 * <p>The caller owns the broker and must close it; {@code close()} is idempotent. Starting calls
 * {@link QuietKafkaLogs#apply()} so that Kafka logs only warnings under slf4j-simple.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final long TOPIC_TIMEOUT_MS = 30_000;
    private static final String SCRAM = "SCRAM-SHA-512";

    /**
     * How often the transaction coordinator looks for timed-out transactions to abort
     * ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}): 1 s, so that a
     * crashed instance's transaction is aborted within a second of its timeout.
     */
    public static final int ABORT_CHECK_MS = 1_000;

    /** The largest record batch the broker accepts: 8 MiB. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private final Map<String, String> config;
    private final int port;
    private final String adminServers;
    private final Path logDir;
    private final Thread cleanupHook;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(final KafkaRaftServer server, final Map<String, String> config,
                                final int port, final String adminServers, final Path logDir) {
        this.server = server;
        this.config = config;
        this.port = port;
        this.adminServers = adminServers;
        this.logDir = logDir;
        this.cleanupHook = new Thread(this::stop, "sftstream-embedded-kafka-cleanup");
    }

    /**
     * Formats a new temporary log directory and starts a broker on it; returns once the broker
     * accepts requests.
     *
     * @param port the client port on 127.0.0.1, or 0 to pick a free one
     * @return the running broker, owned by the caller
     * @throws IllegalArgumentException if the port is outside 0-65535
     * @throws IllegalStateException    if the port is already in use, or the broker fails to start
     */
    public static EmbeddedKafkaBroker start(final int port) {
        return start(port, null);
    }

    /**
     * Like {@link #start(int)}, but clients must connect with SASL_SSL: TLS with the given key
     * store, and SCRAM-SHA-512 with the one user created at format time. The broker keeps a
     * PLAINTEXT listener on a second loopback port for its own use (inter-broker traffic and
     * {@link #createTopics}); {@link #bootstrapServers()} is the SASL_SSL one.
     *
     * @param port     the client port on 127.0.0.1, or 0 to pick a free one
     * @param security the key store and the SCRAM user
     */
    public static EmbeddedKafkaBroker startSaslSsl(final int port, final SaslSsl security) {
        return start(port, security);
    }

    /**
     * What a SASL_SSL broker needs.
     *
     * @param keyStore         a PKCS12 key store with the broker's key and certificate (whose
     *                         subject alternative names must include 127.0.0.1)
     * @param keyStorePassword its password (also the key's)
     * @param user             the SCRAM-SHA-512 user created at format time
     * @param password         that user's password
     */
    public record SaslSsl(Path keyStore, String keyStorePassword, String user,
                          String password) {

        /** The value of {@code sasl.jaas.config} a client logs in with as this user. */
        public String clientJaasConfig() {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"" + user + "\" password=\"" + password + "\";";
        }

        @Override
        public String toString() {
            return "SaslSsl[keyStore=" + keyStore + ", user=" + user + "]";
        }
    }

    private static EmbeddedKafkaBroker start(final int port, final SaslSsl security) {
        QuietKafkaLogs.apply();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "Port " + port + " is not a TCP port; use --port with a value from 1 to 65535,"
                            + " or 0 to pick a free one.");
        }
        final long started = System.nanoTime();
        final int[] ports = choosePorts(port);
        final int brokerPort = ports[0];
        final int controllerPort = ports[1];
        final int internalPort = ports[2];

        final Path logDir = createTempDir();
        final Map<String, String> config = brokerConfig(brokerPort, controllerPort, logDir);
        if (security != null) {
            secure(config, brokerPort, internalPort, controllerPort, security);
        }
        final String adminServers = HOST + ":" + (security != null ? internalPort : brokerPort);
        final KafkaRaftServer server;
        try {
            format(logDir, controllerPort, security);
            server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
        } catch (final Exception e) {
            deleteQuietly(logDir);
            throw new IllegalStateException("Could not set up the embedded Kafka broker in "
                    + logDir + ": " + e.getMessage(), e);
        }
        final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, config, brokerPort,
                adminServers, logDir);
        Runtime.getRuntime().addShutdownHook(broker.cleanupHook);
        try {
            server.startup();
        } catch (final RuntimeException e) {
            broker.close();
            if (hasCause(e, BindException.class)) {
                throw portInUse(brokerPort, e);
            }
            throw new IllegalStateException(
                    "The embedded Kafka broker failed to start: " + e.getMessage(), e);
        }
        LOG.info("Embedded Kafka broker ready at {} in {} ms (data in {})",
                broker.bootstrapServers(), millisSince(started), logDir);
        return broker;
    }

    /** @return {@code 127.0.0.1:<port>}, the value for {@code bootstrap.servers} */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** @return the client (PLAINTEXT) port on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** The temporary directory holding the broker's data and metadata logs. */
    Path logDir() {
        return logDir;
    }

    /**
     * Creates topics with the given partition count and replication factor 1, and waits until
     * every partition has a leader.
     *
     * @throws IllegalStateException if a topic already exists, the broker is closed, or the
     *                               topics are not ready within 30 s
     */
    public void createTopics(final int partitions, final String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The embedded Kafka broker is closed.");
            }
        }
        final List<NewTopic> topics = Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
        final Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, adminServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "sftstream-embedded-admin");
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(topics).all().get(TOPIC_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            awaitLeaders(admin, List.of(names), partitions);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + topics, e);
        } catch (final ExecutionException | TimeoutException e) {
            final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Could not create topics " + List.of(names) + ": "
                    + cause.getMessage(), cause);
        }
    }

    /**
     * Stops the broker as a broker restart would (clients see it disappear), keeps it down for
     * {@code downtime}, then starts it again on the same data directory and ports; returns
     * once it accepts requests again. Topics, committed offsets and transactions survive.
     *
     * @throws IllegalStateException if the broker is closed or fails to start again
     */
    public synchronized void restart(final Duration downtime) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("The embedded Kafka broker is closed.");
        }
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker at {} stopped for a restart", bootstrapServers());
        Thread.sleep(downtime.toMillis());
        final long started = System.nanoTime();
        server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
        try {
            server.startup();
        } catch (final RuntimeException e) {
            throw new IllegalStateException("The embedded Kafka broker did not start again on "
                    + bootstrapServers() + ": " + e.getMessage(), e);
        }
        LOG.info("Embedded Kafka broker at {} started again in {} ms", bootstrapServers(),
                millisSince(started));
    }

    /** Stops the broker, waits for it to finish and deletes its data; idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (final IllegalStateException jvmShuttingDown) {
            // close() called from another shutdown hook: ours runs too, and finds nothing to do.
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        final long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteQuietly(logDir);
        }
        LOG.info("Embedded Kafka broker at {} stopped in {} ms", bootstrapServers(),
                millisSince(started));
    }

    private static Map<String, String> brokerConfig(final int port, final int controllerPort,
                                                    final Path logDir) {
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        // Room for records larger than the 1 MiB default, so that oversized samples reach the
        // app and its dead-letter topic instead of being refused at produce time.
        props.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        // A crashed producer's open transaction holds back read_committed readers (and the
        // committed offsets of its input) until the coordinator aborts it: at its timeout plus
        // up to this check interval. Kafka's 10 s default adds up to 10 s to every crash.
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms",
                String.valueOf(ABORT_CHECK_MS));
        return props;
    }

    /** The client listener becomes SASL_SSL; a PLAINTEXT one stays for the broker itself. */
    private static void secure(final Map<String, String> props, final int port,
                               final int internalPort, final int controllerPort,
                               final SaslSsl security) {
        props.put("listeners", "SASL_SSL://" + HOST + ":" + port + ",PLAINTEXT://" + HOST + ":"
                + internalPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "SASL_SSL://" + HOST + ":" + port + ",PLAINTEXT://"
                + HOST + ":" + internalPort);
        props.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,"
                + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("sasl.enabled.mechanisms", SCRAM);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", security.keyStore().toString());
        props.put("ssl.keystore.password", security.keyStorePassword());
        props.put("ssl.key.password", security.keyStorePassword());
    }

    private static void format(final Path logDir, final int controllerPort,
                               final SaslSsl security) throws Exception {
        final Formatter formatter = new Formatter();
        if (security != null) {
            formatter.setScramArguments(List.of(SCRAM + "=[name=" + security.user()
                    + ",password=" + security.password() + "]"));
        }
        formatter
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    /**
     * Returns {brokerPort, controllerPort, internalPort}, distinct and free at the time of the
     * call; the third is used only by a SASL_SSL broker.
     */
    private static int[] choosePorts(final int requested) {
        final InetAddress loopback = loopback();
        try (ServerSocket broker = new ServerSocket();
             ServerSocket controller = new ServerSocket();
             ServerSocket internal = new ServerSocket()) {
            broker.setReuseAddress(true);
            try {
                broker.bind(new InetSocketAddress(loopback, requested));
            } catch (final BindException e) {
                throw portInUse(requested, e);
            }
            controller.setReuseAddress(true);
            controller.bind(new InetSocketAddress(loopback, 0));
            internal.setReuseAddress(true);
            internal.bind(new InetSocketAddress(loopback, 0));
            return new int[] {broker.getLocalPort(), controller.getLocalPort(),
                    internal.getLocalPort()};
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not probe free ports on " + HOST, e);
        }
    }

    private static IllegalStateException portInUse(final int port, final Exception cause) {
        return new IllegalStateException("Port " + port + " on " + HOST + " is already in use;"
                + " stop what is listening there or pass another port with --port (0 picks a"
                + " free one).", cause);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (final UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("sftstream-kafka-");
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for Kafka", e);
        }
    }

    private static boolean hasCause(final Throwable error, final Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void awaitLeaders(final Admin admin, final List<String> names,
                                     final int partitions)
            throws InterruptedException, TimeoutException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TOPIC_TIMEOUT_MS);
        while (true) {
            try {
                final Map<String, TopicDescription> described =
                        admin.describeTopics(names).allTopicNames().get();
                final boolean ready = described.values().stream().allMatch(topic ->
                        topic.partitions().size() == partitions
                                && topic.partitions().stream()
                                        .map(TopicPartitionInfo::leader)
                                        .allMatch(leader -> leader != null && !leader.isEmpty()));
                if (ready) {
                    return;
                }
            } catch (final ExecutionException notYetInMetadata) {
                // the broker's metadata cache lags the controller by a few milliseconds
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topics " + names + " have no leader after "
                        + TOPIC_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
    }

    private static void deleteQuietly(final Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes a)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path d, final IOException e)
                        throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (final NoSuchFileException alreadyGone) {
            // nothing left to delete
        } catch (final IOException e) {
            LOG.warn("Could not delete the embedded Kafka data directory {}: {}", dir, e.toString());
        }
    }

    private static long millisSince(final long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
