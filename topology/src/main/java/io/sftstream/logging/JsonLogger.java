package io.sftstream.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Writes each event as one JSON object on one line (see {@link JsonLogProvider}). */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    private final transient Level threshold;
    private final transient PrintStream target;

    JsonLogger(final String name, final Level threshold, final PrintStream target) {
        this.name = name;
        this.threshold = threshold;
        this.target = target;
    }

    private boolean enabled(final Level level) {
        return threshold != null && level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(final Level level, final Marker marker,
                                               final String pattern, final Object[] arguments,
                                               final Throwable throwable) {
        final StringWriter line = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("level", level.name());
            g.writeStringField("logger", name);
            g.writeStringField("thread", Thread.currentThread().getName());
            g.writeStringField("message", MessageFormatter.basicArrayFormat(pattern, arguments));
            if (throwable != null) {
                final StringWriter trace = new StringWriter();
                throwable.printStackTrace(new PrintWriter(trace));
                g.writeStringField("exception", trace.toString());
            }
            g.writeEndObject();
        } catch (final IOException e) {
            return; // a StringWriter does not fail
        }
        synchronized (target) {
            target.println(line);
        }
    }
}
