package io.sftstream.it;

import io.sftstream.topology.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Instances of {@code run} in separate JVMs sharing one application id, each known by its
 * index; an instance that is killed or stopped can be started again under the same index
 * (and, with static membership, the same {@code --instance-id}). Extra {@code run} arguments
 * for every instance come from the system property {@code sftstream.it.run-args}
 * (space-separated), so that group settings can be measured without editing the tests.
 */
final class InstanceGroup implements AutoCloseable {

    /** The property with extra arguments for every instance. */
    static final String EXTRA_ARGS_PROPERTY = "sftstream.it.run-args";

    private final String servers;
    private final Topics topics;
    private final String appId;
    private final List<String> args;
    private final ChildInstance[] instances;
    private final int[] generations;

    InstanceGroup(final String servers, final Topics topics, final String appId,
                  final int size, final String... args) {
        this.servers = servers;
        this.topics = topics;
        this.appId = appId;
        final List<String> all = new ArrayList<>(List.of(args));
        final String extra = System.getProperty(EXTRA_ARGS_PROPERTY, "").strip();
        if (!extra.isEmpty()) {
            all.addAll(Arrays.asList(extra.split("\\s+")));
        }
        this.args = List.copyOf(all);
        this.instances = new ChildInstance[size];
        this.generations = new int[size];
    }

    /** Starts instance {@code i} (again). */
    ChildInstance start(final int i) throws IOException {
        final List<String> these = new ArrayList<>(args);
        for (int k = 0; k < these.size(); k++) {
            these.set(k, these.get(k).replace("{i}", Integer.toString(i)));
        }
        instances[i] = ChildInstance.launch(servers, topics, appId,
                appId + "-" + i + "-" + generations[i]++, these);
        return instances[i];
    }

    /** Starts every instance and waits until each is RUNNING. */
    void startAll(final Duration timeout) throws IOException, InterruptedException {
        for (int i = 0; i < instances.length; i++) {
            start(i);
        }
        for (int i = 0; i < instances.length; i++) {
            if (instances[i].awaitRunningSinceStart(timeout) == null) {
                throw new AssertionError("instance " + i + " not RUNNING within " + timeout
                        + ":\n" + instances[i].output());
            }
        }
    }

    ChildInstance get(final int i) {
        return instances[i];
    }

    int size() {
        return instances.length;
    }

    @Override
    public void close() {
        for (final ChildInstance instance : instances) {
            if (instance != null) {
                instance.close();
            }
        }
    }
}
