package io.sftstream.tokenize.bpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds added tokens in a text the way the library's added vocabulary does: leftmost-longest
 * matches (its Aho-Corasick automaton's {@code LeftmostLongest} kind), scanned left to right
 * without overlap, then the token's {@code single_word}, {@code lstrip} and {@code rstrip}
 * rules. A character trie with a direct table for the first character. Immutable.
 */
final class AddedTokenMatcher {

    private final int[] rootChild = new int[0x10000];
    private final int[] edgeStart;
    private final char[] edgeChar;
    private final int[] edgeTarget;
    private final int[] terminal;
    private final AddedTokenSpec[] tokens;

    AddedTokenMatcher(final List<AddedTokenSpec> tokens, final List<String> patterns) {
        this.tokens = tokens.toArray(new AddedTokenSpec[0]);
        // Build a pointer trie, then flatten it.
        final List<int[]> children = new ArrayList<>();
        final List<char[]> labels = new ArrayList<>();
        final List<Integer> ends = new ArrayList<>();
        children.add(new int[0]);
        labels.add(new char[0]);
        ends.add(-1);
        for (int t = 0; t < patterns.size(); t++) {
            final String p = patterns.get(t);
            int node = 0;
            for (int i = 0; i < p.length(); i++) {
                final char c = p.charAt(i);
                final char[] l = labels.get(node);
                int next = -1;
                for (int j = 0; j < l.length; j++) {
                    if (l[j] == c) {
                        next = children.get(node)[j];
                    }
                }
                if (next < 0) {
                    next = children.size();
                    children.add(new int[0]);
                    labels.add(new char[0]);
                    ends.add(-1);
                    final int[] ch = Arrays.copyOf(children.get(node), l.length + 1);
                    ch[l.length] = next;
                    final char[] nl = Arrays.copyOf(l, l.length + 1);
                    nl[l.length] = c;
                    children.set(node, ch);
                    labels.set(node, nl);
                }
                node = next;
            }
            ends.set(node, t);
        }
        final int nodes = children.size();
        edgeStart = new int[nodes + 1];
        terminal = new int[nodes];
        int edges = 0;
        for (int n = 0; n < nodes; n++) {
            edges += labels.get(n).length;
        }
        edgeChar = new char[edges];
        edgeTarget = new int[edges];
        int at = 0;
        for (int n = 0; n < nodes; n++) {
            edgeStart[n] = at;
            terminal[n] = ends.get(n);
            final char[] l = labels.get(n);
            final int[] ch = children.get(n);
            final Integer[] order = new Integer[l.length];
            for (int j = 0; j < l.length; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Character.compare(l[a], l[b]));
            for (final int j : order) {
                edgeChar[at] = l[j];
                edgeTarget[at] = ch[j];
                at++;
            }
        }
        edgeStart[nodes] = at;
        Arrays.fill(rootChild, -1);
        for (int e = edgeStart[0]; e < edgeStart[1]; e++) {
            rootChild[edgeChar[e]] = edgeTarget[e];
        }
    }

    boolean isEmpty() {
        return tokens.length == 0;
    }

    private int child(final int node, final char c) {
        int lo = edgeStart[node];
        int hi = edgeStart[node + 1] - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            final char m = edgeChar[mid];
            if (m < c) {
                lo = mid + 1;
            } else if (m > c) {
                hi = mid - 1;
            } else {
                return edgeTarget[mid];
            }
        }
        return -1;
    }

    /**
     * Finds the next added token at or after {@code from} in the piece
     * {@code text[pieceStart, pieceEnd)}. On success returns true and leaves the token's span
     * (after {@code lstrip}/{@code rstrip}) in {@code out[0..1]} and its id in {@code out[2]}.
     */
    boolean find(final CharSequence text, final int from, final int pieceStart,
                 final int pieceEnd, final int[] out) {
        int i = from;
        while (i < pieceEnd) {
            int node = rootChild[text.charAt(i)];
            if (node < 0) {
                i++;
                continue;
            }
            int best = -1;
            int bestEnd = -1;
            int j = i + 1;
            while (true) {
                if (terminal[node] >= 0) {
                    best = terminal[node];
                    bestEnd = j;
                }
                if (j >= pieceEnd) {
                    break;
                }
                node = child(node, text.charAt(j));
                if (node < 0) {
                    break;
                }
                j++;
            }
            if (best < 0) {
                i++;
                continue;
            }
            final AddedTokenSpec token = tokens[best];
            int start = i;
            int stop = bestEnd;
            if (token.singleWord()) {
                final boolean startSpace = start == pieceStart
                        || !RustRegexClasses.isWord(Character.codePointBefore(text, start));
                final boolean stopSpace = stop == pieceEnd
                        || !RustRegexClasses.isWord(Character.codePointAt(text, stop));
                if (!startSpace || !stopSpace) {
                    i = stop;
                    continue;
                }
            }
            if (token.lstrip()) {
                int s = start;
                while (s > pieceStart && RustRegexClasses.isSpace(
                        Character.codePointBefore(text, s))) {
                    s -= Character.charCount(Character.codePointBefore(text, s));
                }
                start = Math.max(s, from);
            }
            if (token.rstrip()) {
                while (stop < pieceEnd && RustRegexClasses.isSpace(
                        Character.codePointAt(text, stop))) {
                    stop += Character.charCount(Character.codePointAt(text, stop));
                }
            }
            out[0] = start;
            out[1] = stop;
            out[2] = token.id();
            return true;
        }
        return false;
    }
}
