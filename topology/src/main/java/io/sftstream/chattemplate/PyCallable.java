package io.sftstream.chattemplate;

import java.util.List;
import java.util.Map;

/** Something a template can call: a global function, a macro or a bound method. */
@FunctionalInterface
interface PyCallable {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
