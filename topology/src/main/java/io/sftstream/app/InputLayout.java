package io.sftstream.app;

/**
 * How a file run's input holds its records ({@code --input-layout}): one record value per line,
 * the elements of one top-level JSON array, or whichever the first byte that is not whitespace
 * says ({@code [}: an array).
 */
enum InputLayout {
    JSONL("jsonl"),
    JSON_ARRAY("json-array"),
    AUTO("auto");

    private final String cliName;

    InputLayout(final String cliName) {
        this.cliName = cliName;
    }

    String cliName() {
        return cliName;
    }

    static InputLayout fromCliName(final String name) {
        for (final InputLayout layout : values()) {
            if (layout.cliName.equals(name)) {
                return layout;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
