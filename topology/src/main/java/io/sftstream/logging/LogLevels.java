package io.sftstream.logging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.event.Level;

/**
 * The level of each logger, from slf4j-simple's settings: the system property, else the line
 * in {@code simplelogger.properties}, of {@code org.slf4j.simpleLogger.log.<name>} for the
 * logger's name and each of its dotted prefixes (longest first), else
 * {@code org.slf4j.simpleLogger.defaultLogLevel}, else {@code info}. {@code off} turns a logger
 * off (null).
 */
final class LogLevels {

    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    private static final String DEFAULT = "org.slf4j.simpleLogger.defaultLogLevel";

    private final Properties file;

    private LogLevels(final Properties file) {
        this.file = file;
    }

    static LogLevels load() {
        final Properties file = new Properties();
        try (InputStream in = LogLevels.class.getClassLoader()
                .getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                file.load(in);
            }
        } catch (final IOException e) {
            // no file: the defaults
        }
        return new LogLevels(file);
    }

    /** The lowest level the logger writes, or null when it is off. */
    Level levelOf(final String name) {
        String current = name;
        while (true) {
            final String value = setting(PREFIX + current);
            if (value != null) {
                return parse(value);
            }
            final int dot = current.lastIndexOf('.');
            if (dot < 0) {
                break;
            }
            current = current.substring(0, dot);
        }
        final String fallback = setting(DEFAULT);
        return fallback == null ? Level.INFO : parse(fallback);
    }

    private String setting(final String key) {
        final String property = System.getProperty(key);
        return property != null ? property : file.getProperty(key);
    }

    private static Level parse(final String value) {
        final String name = value.trim().toUpperCase(Locale.ROOT);
        if ("OFF".equals(name)) {
            return null;
        }
        try {
            return Level.valueOf(name);
        } catch (final IllegalArgumentException e) {
            return Level.INFO;
        }
    }
}
