package io.sftstream.chattemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code str} methods on Java strings, counting code points as Python does. Whitespace
 * is the set of {@code str.isspace()}: TAB..CR, U+001C..U+001F, space, U+0085, U+00A0, U+1680,
 * U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
 */
final class PyStrings {

    private PyStrings() {
    }

    static boolean isSpace(final int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || cp >= 0x09 && cp <= 0x0d || cp >= 0x1c && cp <= 0x1f;
        }
        if (cp < 0x85) {
            return false;
        }
        return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || cp >= 0x2000 && cp <= 0x200a
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
    }

    static boolean isAllSpace(final String s, final int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s.strip()} ({@code chars} null) or {@code s.strip(chars)}. */
    static String strip(final String s, final String chars) {
        return rstrip(lstrip(s, chars), chars);
    }

    static String rstrip(final String s) {
        return rstrip(s, null);
    }

    static String lstrip(final String s, final String chars) {
        int i = 0;
        while (i < s.length()) {
            final int cp = s.codePointAt(i);
            if (!strippable(cp, chars)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    static String rstrip(final String s, final String chars) {
        int i = s.length();
        while (i > 0) {
            final int cp = s.codePointBefore(i);
            if (!strippable(cp, chars)) {
                break;
            }
            i -= Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    private static boolean strippable(final int cp, final String chars) {
        return chars == null ? isSpace(cp) : chars.indexOf(cp) >= 0;
    }

    /** {@code s.split(sep, maxsplit)}; {@code sep} null splits on runs of whitespace. */
    static List<Object> split(final String s, final String sep, final long maxsplit) {
        final List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            long splits = 0;
            final int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxsplit >= 0 && splits >= maxsplit) {
                    out.add(s.substring(i));
                    break;
                }
                int j = i;
                while (j < n && !isSpace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                splits++;
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new ChatTemplateException("ValueError: empty separator");
        }
        int start = 0;
        long splits = 0;
        while (maxsplit < 0 || splits < maxsplit) {
            final int k = s.indexOf(sep, start);
            if (k < 0) {
                break;
            }
            out.add(s.substring(start, k));
            start = k + sep.length();
            splits++;
        }
        out.add(s.substring(start));
        return out;
    }

    /** {@code s.rsplit(sep, maxsplit)}. */
    static List<Object> rsplit(final String s, final String sep, final long maxsplit) {
        if (maxsplit < 0) {
            return split(s, sep, -1);
        }
        final List<Object> out = new ArrayList<>();
        if (sep == null) {
            int j = s.length();
            long splits = 0;
            while (true) {
                while (j > 0 && isSpace(s.charAt(j - 1))) {
                    j--;
                }
                if (j <= 0) {
                    break;
                }
                if (splits >= maxsplit) {
                    out.add(0, s.substring(0, j));
                    break;
                }
                int i = j;
                while (i > 0 && !isSpace(s.charAt(i - 1))) {
                    i--;
                }
                out.add(0, s.substring(i, j));
                splits++;
                j = i;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new ChatTemplateException("ValueError: empty separator");
        }
        int end = s.length();
        long splits = 0;
        while (splits < maxsplit) {
            final int k = s.lastIndexOf(sep, end - sep.length());
            if (k < 0) {
                break;
            }
            out.add(0, s.substring(k + sep.length(), end));
            end = k;
            splits++;
        }
        out.add(0, s.substring(0, end));
        return out;
    }

    static String upper(final String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static String lower(final String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Python's {@code str.title()}: a cased letter after an uncased one is title-cased. */
    static String title(final String s) {
        final StringBuilder sb = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            final int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (previousCased) {
                sb.append(lower(new String(Character.toChars(cp))));
            } else {
                sb.append(titleCase(cp));
            }
            previousCased = isCased(cp);
        }
        return sb.toString();
    }

    /** The full title-case mapping of one code point ({@code ß} becomes {@code Ss}). */
    private static String titleCase(final int cp) {
        final int title = Character.toTitleCase(cp);
        if (title != cp) {
            return new String(Character.toChars(title));
        }
        final String upper = upper(new String(Character.toChars(cp)));
        if (upper.codePointCount(0, upper.length()) <= 1) {
            return upper;
        }
        final int first = upper.codePointAt(0);
        return new String(Character.toChars(first))
                + lower(upper.substring(Character.charCount(first)));
    }

    private static boolean isCased(final int cp) {
        return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
    }

    /** Python's {@code str.capitalize()}: the first character title-cased, the rest lowered. */
    static String capitalize(final String s) {
        if (s.isEmpty()) {
            return s;
        }
        final int cp = s.codePointAt(0);
        return titleCase(cp) + lower(s.substring(Character.charCount(cp)));
    }

    static String replace(final String s, final String old, final String replacement,
                          final long count) {
        if (count < 0) {
            if (old.isEmpty()) {
                return replaceEmpty(s, replacement, Long.MAX_VALUE);
            }
            return s.replace(old, replacement);
        }
        if (old.isEmpty()) {
            return replaceEmpty(s, replacement, count);
        }
        final StringBuilder sb = new StringBuilder();
        int start = 0;
        long done = 0;
        while (done < count) {
            final int k = s.indexOf(old, start);
            if (k < 0) {
                break;
            }
            sb.append(s, start, k).append(replacement);
            start = k + old.length();
            done++;
        }
        return sb.append(s, start, s.length()).toString();
    }

    private static String replaceEmpty(final String s, final String replacement,
                                       final long count) {
        final StringBuilder sb = new StringBuilder();
        long done = 0;
        int i = 0;
        while (true) {
            if (done < count) {
                sb.append(replacement);
                done++;
            }
            if (i >= s.length()) {
                break;
            }
            final int cp = s.codePointAt(i);
            sb.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    static boolean hasSurrogates(final String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The number of code points, Python's {@code len(s)}. */
    static int length(final String s) {
        return hasSurrogates(s) ? s.codePointCount(0, s.length()) : s.length();
    }

    /** Python's {@code s[i]} (negative counts from the end); null when out of range. */
    static String charAt(final String s, final long index) {
        if (!hasSurrogates(s)) {
            final long i = index < 0 ? index + s.length() : index;
            return i < 0 || i >= s.length() ? null : String.valueOf(s.charAt((int) i));
        }
        final int[] cps = s.codePoints().toArray();
        final long i = index < 0 ? index + cps.length : index;
        return i < 0 || i >= cps.length ? null : new String(cps, (int) i, 1);
    }

    /** Python's {@code s[start:stop:step]} with Python's slice rules (nulls are omitted parts). */
    static String slice(final String s, final Long start, final Long stop, final Long step) {
        final int[] cps = s.codePoints().toArray();
        final int[] idx = PySlice.indices(cps.length, start, stop, step);
        final StringBuilder sb = new StringBuilder();
        for (final int i : idx) {
            sb.appendCodePoint(cps[i]);
        }
        return sb.toString();
    }

    /** Python's {@code str.isprintable()} for one code point (used by {@code repr}). */
    static boolean isPrintable(final int cp) {
        if (cp == ' ') {
            return true;
        }
        final int type = Character.getType(cp);
        return !(type == Character.CONTROL || type == Character.FORMAT
                || type == Character.SURROGATE || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED || type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR);
    }

    /** Python's {@code repr(s)}. */
    static String repr(final String s) {
        final char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        final StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            final int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp < 0x7f && cp >= 0x20) {
                sb.append((char) cp);
            } else if (isPrintable(cp) && cp != 0x7f) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        }
        return sb.append(quote).toString();
    }
}
