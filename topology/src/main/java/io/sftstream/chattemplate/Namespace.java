package io.sftstream.chattemplate;

import java.util.LinkedHashMap;
import java.util.Map;

/** jinja2's {@code namespace(...)}: a mutable attribute holder that outlives loop scopes. */
final class Namespace {

    final Map<String, Object> attributes = new LinkedHashMap<>();

    @Override
    public String toString() {
        return "<Namespace " + PyOps.repr(attributes) + ">";
    }
}
