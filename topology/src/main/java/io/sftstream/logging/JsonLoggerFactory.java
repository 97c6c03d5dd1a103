package io.sftstream.logging;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link JsonLogger} per name, its level fixed when it is created (as slf4j-simple does). */
final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LogLevels levels;
    private final PrintStream target;

    JsonLoggerFactory(final LogLevels levels, final PrintStream target) {
        this.levels = levels;
        this.target = target;
    }

    @Override
    public Logger getLogger(final String name) {
        return loggers.computeIfAbsent(name,
                n -> new JsonLogger(n, levels.levelOf(n), target));
    }
}
