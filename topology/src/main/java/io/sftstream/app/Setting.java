package io.sftstream.app;

import java.util.Objects;
import java.util.function.Function;

/**
 * One setting, declared once: its flag, its environment variable, its default, how its text
 * is parsed and what is allowed. The help text ({@link #help()}), the refusal sentences
 * ({@link #parse}) and the list of known variables ({@link EnvironmentNames}) all come from
 * here. The declarations are in {@link SettingsTable}.
 *
 * @param flag         the command-line flag ({@code --max-tokens}), or null for a variable only
 * @param env          the environment variable ({@code SFTSTREAM_MAX_TOKENS})
 * @param defaultValue the default as text, parsed like any value; null for "none"
 * @param allowed      what is allowed, as the refusal sentences write it
 * @param helpText     the help text; {@code {env}} stands for the variable,
 *                     {@code {default}} for the default
 * @param parser       text to value; throws {@link IllegalArgumentException} for a bad value
 *                     ({@link SettingsException} when it writes its own sentence)
 * @param <T>          the type of the value
 */
public record Setting<T>(String flag, String env, String defaultValue, String allowed,
                         String helpText, Function<String, T> parser) {

    public Setting {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(helpText, "helpText");
        Objects.requireNonNull(parser, "parser");
    }

    /** A free text; only an explicitly empty flag value is refused. */
    static Setting<String> text(final String flag, final String env, final String defaultValue,
                                final String help) {
        final String name = flag + " (" + env + ")";
        return new Setting<>(flag, env, defaultValue, "any text", help, value -> {
            if (value.isEmpty()) {
                throw new SettingsException(name + " is empty; leave it out or give a value");
            }
            return value;
        });
    }

    /** One of a set of names. */
    static <T> Setting<T> choice(final String flag, final String env, final String defaultValue,
                                 final String allowed, final Function<String, T> parser,
                                 final String help) {
        return new Setting<>(flag, env, defaultValue, allowed, help, parser);
    }

    /** A whole number from {@code min} to {@code max}. */
    static Setting<Integer> integer(final String flag, final String env,
                                    final String defaultValue, final int min, final int max,
                                    final String help) {
        final String allowed = max == Integer.MAX_VALUE ? "a whole number from " + min
                : "a whole number from " + min + " to " + max;
        final String name = flag + " (" + env + ")";
        return new Setting<>(flag, env, defaultValue, allowed, help, value -> {
            final long parsed;
            try {
                parsed = Long.parseLong(value.trim());
            } catch (final NumberFormatException e) {
                throw new SettingsException(name + " has the value '" + value
                        + "', which is not a whole number; allowed: " + allowed);
            }
            if (parsed < min || parsed > max) {
                throw new SettingsException(name + " has the value '" + value
                        + "', which is out of range; allowed: " + allowed);
            }
            return (int) parsed;
        });
    }

    /** A switch: {@code true} or {@code false}, off by default. */
    static Setting<Boolean> bool(final String flag, final String env, final String help) {
        return new Setting<>(flag, env, "false", "true, false", help, value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(value);
        });
    }

    /** How messages name the setting: {@code --max-tokens (SFTSTREAM_MAX_TOKENS)}. */
    public String label() {
        return flag == null ? env : flag + " (" + env + ")";
    }

    /** The help text of the flag. */
    public String help() {
        return helpText.replace("{env}", env)
                .replace("{default}", defaultValue == null ? "none" : defaultValue);
    }

    /**
     * The value of a text.
     *
     * @throws SettingsException naming the setting, the value and what is allowed
     */
    public T parse(final String value) {
        try {
            return parser.apply(value);
        } catch (final IllegalArgumentException e) {
            throw new SettingsException(label() + " has the value '" + value
                    + "', which is not allowed; allowed: " + allowed);
        }
    }
}
