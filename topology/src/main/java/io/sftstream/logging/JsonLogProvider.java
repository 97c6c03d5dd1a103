package io.sftstream.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider that writes one JSON object per line to standard error, for log shippers:
 * {@code {"timestamp":"2026-05-04T10:15:00.123Z","level":"INFO","logger":"...","thread":"...",
 * "message":"..."}} plus {@code "exception"} (the stack trace) when there is one. Levels come
 * from the same {@code org.slf4j.simpleLogger.*} settings as the text format (slf4j-simple), so
 * every level setting applies to both. It is not registered as a service: {@code --log-format
 * json} selects it through the {@code slf4j.provider} system property before the first logger
 * is created, and otherwise slf4j-simple is the only provider SLF4J finds.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private JsonLoggerFactory loggers;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        loggers = new JsonLoggerFactory(LogLevels.load(), System.err);
    }
}
