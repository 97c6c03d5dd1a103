package io.sftstream.app;

/**
 * DJL reads its switches from the environment or from system properties. sftstream never loads
 * models, so it turns DJL's network use off unless the user chose otherwise.
 */
final class DjlDefaults {

    private DjlDefaults() {
    }

    static void apply() {
        setIfAbsent("DJL_OFFLINE", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    private static void setIfAbsent(final String name, final String value) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
