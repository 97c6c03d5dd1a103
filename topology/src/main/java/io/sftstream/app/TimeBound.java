package io.sftstream.app;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time for {@code --since}/{@code --until}: an ISO-8601 instant
 * ({@code 2026-12-01T08:00:00Z}, or with an offset such as {@code +01:00}), or a duration before
 * now: a whole number with {@code s}, {@code m}, {@code h} or {@code d} ({@code 90m},
 * {@code 1h}, {@code 7d}), or an ISO-8601 duration ({@code PT1H30M}).
 */
final class TimeBound {

    /** What the refusal sentences list as allowed. */
    static final String ALLOWED = "an ISO-8601 instant such as 2026-12-01T08:00:00Z, or a "
            + "duration before now such as 30m, 1h, 7d or PT1H30M";

    private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})([smhd])");

    private TimeBound() {
    }

    /** The instant {@code value} names, durations counted back from {@code now}. */
    static Instant parse(final String flag, final String value, final Instant now) {
        final String v = value.trim();
        final Matcher m = SHORT.matcher(v);
        if (m.matches()) {
            final long n = Long.parseLong(m.group(1));
            return now.minus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return now.minus(Duration.parse(v));
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (final DateTimeParseException | ArithmeticException e) {
            throw new SettingsException(flag + " has the value '" + value + "', which is not "
                    + "allowed; allowed: " + ALLOWED);
        }
    }
}
