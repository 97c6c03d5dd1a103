package io.sftstream.app;

import io.sftstream.logging.JsonLogProvider;
import java.util.List;
import java.util.Map;

/**
 * Chooses the log format and level before the first logger exists (SLF4J binds once, at the
 * first {@code getLogger}, and slf4j-simple fixes each logger's level when it is created):
 * {@code --log-format json} (or {@code SFTSTREAM_LOG_FORMAT=json}) selects
 * {@link JsonLogProvider} through the {@code slf4j.provider} system property;
 * {@code SFTSTREAM_LOG_LEVEL} sets the default level of both formats. A {@code -D} given on
 * the java command line wins.
 */
final class LogSetup {

    private static final String FLAG = SettingsTable.LOG_FORMAT.flag();

    private LogSetup() {
    }

    /** @throws SettingsException for a bad format or level */
    static void apply(final List<String> args, final Map<String, String> env) {
        final SettingSource s = new SettingSource(env);
        final String format = s.get(SettingsTable.LOG_FORMAT, flagValue(args));
        final String level = env.get(SettingsTable.LOG_LEVEL.env());
        if (level != null && !level.isEmpty()) {
            final String parsed = SettingsTable.LOG_LEVEL.parse(level);
            if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", parsed);
            }
        }
        if ("json".equals(format) && System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", JsonLogProvider.class.getName());
            // SLF4J's own note that it loads the named provider is not a JSON line.
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    /** The value of the flag on the command line, before picocli parses it; null if absent. */
    private static String flagValue(final List<String> args) {
        String value = null;
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if (arg.equals(FLAG) && i + 1 < args.size()) {
                value = args.get(i + 1);
            } else if (arg.startsWith(FLAG + "=")) {
                value = arg.substring(FLAG.length() + 1);
            }
        }
        return value;
    }
}
