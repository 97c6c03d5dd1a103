package io.sftstream.app;

import io.sftstream.topology.ServiceLinks;
import java.util.Map;
import java.util.function.Function;

/**
 * Picks each setting from its flag, else its environment variable, else its default, and
 * validates it. Every refusal is a {@link SettingsException} whose sentence names the flag and
 * the variable, the bad value and what is allowed.
 */
final class SettingSource {

    private final Map<String, String> env;

    SettingSource(final Map<String, String> env) {
        // Kubernetes service links (SFTSTREAM_METRICS_PORT=tcp://...) are not settings.
        this.env = ServiceLinks.without(env);
    }

    private String pick(final String flagValue, final String envName) {
        if (flagValue != null) {
            return flagValue;
        }
        final String fromEnv = env.get(envName);
        return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }

    private static String name(final String flag, final String envName) {
        return flag + " (" + envName + ")";
    }

    String text(final String flag, final String envName, final String flagValue,
                final String fallback) {
        final String value = pick(flagValue, envName);
        if (value != null && value.isEmpty()) {
            throw new SettingsException(name(flag, envName) + " is empty; leave it out or give "
                    + "a value");
        }
        return value == null ? fallback : value;
    }

    <T> T choice(final String flag, final String envName, final String flagValue,
                 final String fallback, final String allowed, final Function<String, T> parse) {
        final String value = pick(flagValue, envName);
        final String chosen = value == null ? fallback : value;
        try {
            return parse.apply(chosen);
        } catch (final IllegalArgumentException e) {
            throw new SettingsException(name(flag, envName) + " has the value '" + chosen
                    + "', which is not allowed; allowed: " + allowed);
        }
    }

    int integer(final String flag, final String envName, final String flagValue,
                final int fallback, final int min, final int max) {
        final Integer value = optionalInteger(flag, envName, flagValue, min, max);
        return value == null ? fallback : value;
    }

    Integer optionalInteger(final String flag, final String envName, final String flagValue,
                            final int min, final int max) {
        final String value = pick(flagValue, envName);
        if (value == null) {
            return null;
        }
        final long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (final NumberFormatException e) {
            throw new SettingsException(name(flag, envName) + " has the value '" + value
                    + "', which is not a whole number; allowed: " + range(min, max));
        }
        if (parsed < min || parsed > max) {
            throw new SettingsException(name(flag, envName) + " has the value '" + value
                    + "', which is out of range; allowed: " + range(min, max));
        }
        return (int) parsed;
    }

    boolean bool(final String flag, final String envName, final String flagValue) {
        final String value = pick(flagValue, envName);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SettingsException(name(flag, envName) + " has the value '"
                    + value + "', which is not allowed; allowed: true, false");
        };
    }

    private static String range(final int min, final int max) {
        return max == Integer.MAX_VALUE ? "a whole number from " + min
                : "a whole number from " + min + " to " + max;
    }
}
