package io.sftstream.chattemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The methods of Python's {@code str} that templates call ({@code s.strip('\n')}, ...). */
final class PyStringMethods {

    private PyStringMethods() {
    }

    static Object call(final String s, final String name, final List<Object> args,
                       final Map<String, Object> kwargs) {
        return switch (name) {
            case "strip" -> PyStrings.strip(s, chars(args, kwargs));
            case "lstrip" -> PyStrings.lstrip(s, chars(args, kwargs));
            case "rstrip" -> PyStrings.rstrip(s, chars(args, kwargs));
            case "split", "rsplit" -> {
                final String sep = Args.stringOrNone(
                        Args.positional(args, kwargs, 0, "sep", null, false), "sep");
                final long max = Args.integer(
                        Args.positional(args, kwargs, 1, "maxsplit", -1L, false), "maxsplit");
                yield name.equals("split") ? PyStrings.split(s, sep, max)
                        : PyStrings.rsplit(s, sep, max);
            }
            case "splitlines" -> splitlines(s, PyOps.truthy(
                    Args.positional(args, kwargs, 0, "keepends", false, false)));
            case "startswith", "endswith" -> affix(s, name.equals("startswith"), args);
            case "upper" -> PyStrings.upper(s);
            case "lower", "casefold" -> PyStrings.lower(s);
            case "swapcase" -> swapcase(s);
            case "title" -> PyStrings.title(s);
            case "capitalize" -> PyStrings.capitalize(s);
            case "replace" -> PyStrings.replace(s,
                    Args.string(Args.positional(args, kwargs, 0, "old", null, true), "old"),
                    Args.string(Args.positional(args, kwargs, 1, "new", null, true), "new"),
                    Args.integer(Args.positional(args, kwargs, 2, "count", -1L, false),
                            "count"));
            case "join" -> join(s, Args.positional(args, kwargs, 0, "iterable", null, true));
            case "format" -> PyFormat.format(s, args, kwargs);
            case "find", "index" -> find(s, args, false, name.equals("index"));
            case "rfind", "rindex" -> find(s, args, true, name.equals("rindex"));
            case "count" -> count(s, Args.string(args.get(0), "count() argument"));
            case "isdigit", "isdecimal", "isnumeric" -> !s.isEmpty()
                    && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty()
                    && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && PyStrings.isAllSpace(s, 0);
            case "islower" -> cased(s) && s.equals(PyStrings.lower(s));
            case "isupper" -> cased(s) && s.equals(PyStrings.upper(s));
            case "zfill" -> zfill(s, Args.integer(args.get(0), "width"));
            case "center", "ljust", "rjust" -> pad(s, name, args);
            case "partition", "rpartition" -> partition(s, Args.string(args.get(0), "sep"),
                    name.equals("rpartition"));
            case "removeprefix" -> {
                final String p = Args.string(args.get(0), "prefix");
                yield s.startsWith(p) ? s.substring(p.length()) : s;
            }
            case "removesuffix" -> {
                final String p = Args.string(args.get(0), "suffix");
                yield !p.isEmpty() && s.endsWith(p) ? s.substring(0, s.length() - p.length())
                        : s;
            }
            default -> throw PyOps.typeError("'str' object has no method " + name);
        };
    }

    private static String chars(final List<Object> args, final Map<String, Object> kwargs) {
        return Args.stringOrNone(Args.positional(args, kwargs, 0, "chars", null, false),
                "strip arg");
    }

    private static boolean affix(final String s, final boolean prefix, final List<Object> args) {
        if (args.isEmpty()) {
            throw PyOps.typeError((prefix ? "startswith" : "endswith")
                    + "() takes at least 1 argument (0 given)");
        }
        String target = s;
        if (args.size() > 1) {
            final int[] idx = PySlice.indices(PyStrings.length(s),
                    args.get(1) == null ? null : PyOps.index(args.get(1), "slice indices"),
                    args.size() > 2 && args.get(2) != null
                            ? PyOps.index(args.get(2), "slice indices") : null, 1L);
            target = idx.length == 0 ? "" : PyStrings.slice(s, (long) idx[0],
                    (long) idx[idx.length - 1] + 1, 1L);
        }
        final Object what = args.get(0);
        if (what instanceof PyTuple t) {
            for (final Object o : t) {
                final String p = Args.string(o, "tuple for " + (prefix ? "startswith"
                        : "endswith"));
                if (prefix ? target.startsWith(p) : target.endsWith(p)) {
                    return true;
                }
            }
            return false;
        }
        if (!(what instanceof String p)) {
            throw PyOps.typeError((prefix ? "startswith" : "endswith") + " first arg must be "
                    + "str or a tuple of str, not " + PyOps.typeName(what));
        }
        return prefix ? target.startsWith(p) : target.endsWith(p);
    }

    static String join(final String sep, final Object iterable) {
        final StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (final Object o : PyOps.iterate(iterable)) {
            if (!(o instanceof String str)) {
                throw PyOps.typeError("sequence item: expected str instance, "
                        + PyOps.typeName(o) + " found");
            }
            if (!first) {
                sb.append(sep);
            }
            sb.append(str);
            first = false;
        }
        return sb.toString();
    }

    private static List<Object> splitlines(final String s, final boolean keepends) {
        final List<Object> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            final char c = s.charAt(i);
            int eol = -1;
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                eol = i + 2;
            } else if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c
                    || c == 0x1d || c == 0x1e || c == 0x85 || c == 0x2028 || c == 0x2029) {
                eol = i + 1;
            }
            if (eol < 0) {
                i++;
                continue;
            }
            out.add(s.substring(start, keepends ? eol : i));
            start = eol;
            i = eol;
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    private static Object find(final String s, final List<Object> args, final boolean last,
                               final boolean raise) {
        final String sub = Args.string(args.get(0), "find() argument");
        final int at = last ? s.lastIndexOf(sub) : s.indexOf(sub);
        if (at < 0 && raise) {
            throw new ChatTemplateException("ValueError: substring not found");
        }
        return at < 0 ? -1L : (long) s.codePointCount(0, at);
    }

    private static long count(final String s, final String sub) {
        if (sub.isEmpty()) {
            return PyStrings.length(s) + 1L;
        }
        long n = 0;
        int from = 0;
        while (true) {
            final int k = s.indexOf(sub, from);
            if (k < 0) {
                return n;
            }
            n++;
            from = k + sub.length();
        }
    }

    private static boolean cased(final String s) {
        return s.codePoints().anyMatch(cp -> Character.isUpperCase(cp)
                || Character.isLowerCase(cp) || Character.isTitleCase(cp));
    }

    private static String swapcase(final String s) {
        final StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.isUpperCase(cp)
                ? Character.toLowerCase(cp) : Character.isLowerCase(cp)
                ? Character.toUpperCase(cp) : cp));
        return sb.toString();
    }

    private static String zfill(final String s, final long width) {
        final int len = PyStrings.length(s);
        if (width <= len) {
            return s;
        }
        final String zeros = "0".repeat((int) (width - len));
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            return s.charAt(0) + zeros + s.substring(1);
        }
        return zeros + s;
    }

    private static String pad(final String s, final String how, final List<Object> args) {
        final long width = Args.integer(args.get(0), "width");
        final String fill = args.size() > 1 ? Args.string(args.get(1), "fillchar") : " ";
        final int len = PyStrings.length(s);
        if (width <= len) {
            return s;
        }
        final int total = (int) (width - len);
        final int left = switch (how) {
            case "ljust" -> 0;
            case "rjust" -> total;
            default -> total / 2 + (total & (int) width & 1);
        };
        return fill.repeat(left) + s + fill.repeat(total - left);
    }

    private static PyTuple partition(final String s, final String sep, final boolean last) {
        final int k = last ? s.lastIndexOf(sep) : s.indexOf(sep);
        if (k < 0) {
            return last ? new PyTuple("", "", s) : new PyTuple(s, "", "");
        }
        return new PyTuple(s.substring(0, k), sep, s.substring(k + sep.length()));
    }
}
