package io.sftstream.tokenize;

/** What to do with a sequence longer than {@code max.tokens} ({@code overlong}). */
public enum Overlong {
    /** Send it to the dead-letter topic as {@code TOO_LONG}. */
    REJECT("reject"),
    /** Cut the last response to fit, without its end-of-turn id, and mark it truncated. */
    TRUNCATE("truncate");

    private final String cliName;

    Overlong(final String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Overlong fromCliName(final String name) {
        for (final Overlong value : values()) {
            if (value.cliName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not one of reject, truncate");
    }
}
