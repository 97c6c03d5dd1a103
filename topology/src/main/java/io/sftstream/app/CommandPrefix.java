package io.sftstream.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How to start this program again, for commands it prints for the user to paste (the demo's
 * {@code stats} command): the launcher it was started through ({@code bin/sftstream} passes its
 * own path as the system property {@value #LAUNCHER_PROPERTY}), else {@code java -jar} with the
 * running jar, else {@code java -cp} with the class path. Each runs as printed from the folder
 * the user is in.
 */
final class CommandPrefix {

    /** Set by {@code bin/sftstream} to the path it was called by. */
    static final String LAUNCHER_PROPERTY = "sftstream.launcher";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private CommandPrefix() {
    }

    /** The words that start this program, quoted for a POSIX shell. */
    static String current() {
        final String launcher = System.getProperty(LAUNCHER_PROPERTY);
        if (launcher != null && !launcher.isBlank()) {
            return quote(launcher);
        }
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            final Path code = Path.of(Main.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            if (Files.isRegularFile(code) && code.toString().endsWith(".jar")) {
                return quote(java.toString()) + " -jar " + quote(code.toString());
            }
        } catch (final URISyntaxException | SecurityException | NullPointerException e) {
            // fall back to the class path
        }
        return quote(java.toString()) + " -cp " + quote(System.getProperty("java.class.path"))
                + " " + Main.class.getName();
    }

    static String quote(final String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
