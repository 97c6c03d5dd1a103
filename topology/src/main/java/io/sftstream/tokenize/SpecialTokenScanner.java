package io.sftstream.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, in one pass over a text, whether it contains the content of any added token
 * (case-sensitive, exact). Built once from {@link TokenizerBundle#addedTokenContents()}; immutable
 * and thread-safe.
 *
 * <p>An Aho-Corasick automaton over UTF-16 chars, compiled into a dense DFA whose columns are
 * the chars that occur in some token (every other char leads back to the root). For a token set
 * so large that the dense table would exceed about four million cells (16 MB), the trie's own
 * transitions and failure links are walked instead; both give the same answers.
 */
public final class SpecialTokenScanner {

    static final int MAX_DENSE_CELLS = 1 << 22;

    /** Up to this many distinct first chars, the scan jumps between them with indexOf. */
    static final int MAX_SKIP_CHARS = 4;

    private final String[] patterns;
    private final int maxLength;
    /** Per state: the index of the longest pattern that ends in this state, or -1. */
    private final int[] matchOf;
    /** Char → column (1..width-1); 0 for chars that occur in no pattern. */
    private final char[] column;
    private final int width;
    /** Dense transitions, state * width + column, or null when {@link #sparse} is used. */
    private final int[] next;
    private final Trie sparse;
    /**
     * The distinct first chars of the patterns when there are at most {@link #MAX_SKIP_CHARS}
     * of them (every added token of Qwen3, Llama 3 and Mistral starts with {@code <}), else null.
     */
    private final char[] firstChars;

    /** Compiles the automaton; empty strings and duplicates among the contents are ignored. */
    public SpecialTokenScanner(final Collection<String> tokenContents) {
        this(tokenContents, MAX_DENSE_CELLS);
    }

    SpecialTokenScanner(final Collection<String> tokenContents, final int maxDenseCells) {
        final Set<String> unique = new LinkedHashSet<>();
        for (final String content : tokenContents) {
            if (content != null && !content.isEmpty()) {
                unique.add(content);
            }
        }
        this.patterns = unique.toArray(new String[0]);
        this.column = new char[Character.MAX_VALUE + 1];
        int columns = 1;
        int longest = 0;
        for (final String pattern : patterns) {
            longest = Math.max(longest, pattern.length());
            for (int i = 0; i < pattern.length(); i++) {
                if (column[pattern.charAt(i)] == 0) {
                    column[pattern.charAt(i)] = (char) columns++;
                }
            }
        }
        this.width = columns;
        this.maxLength = longest;
        final StringBuilder firsts = new StringBuilder();
        for (final String pattern : patterns) {
            if (firsts.indexOf(pattern.substring(0, 1)) < 0) {
                firsts.append(pattern.charAt(0));
            }
        }
        this.firstChars = firsts.length() <= MAX_SKIP_CHARS
                ? firsts.toString().toCharArray() : null;
        final Trie trie = new Trie(patterns);
        this.matchOf = trie.matchOf;
        if ((long) trie.size() * width <= maxDenseCells) {
            this.next = trie.toDense(column, width);
            this.sparse = null;
        } else {
            this.next = null;
            this.sparse = trie;
        }
    }

    /** A scanner for every added token of the tokenizer, special or not. */
    public static SpecialTokenScanner of(final TokenizerBundle tokenizer) {
        return new SpecialTokenScanner(tokenizer.addedTokenContents());
    }

    /**
     * The token content that occurs leftmost in the text (among several starting there, the
     * longest), or null when none occurs.
     */
    public String findFirst(final CharSequence text) {
        if (patterns.length == 0) {
            return null;
        }
        if (firstChars != null && text instanceof String string) {
            return findFirstSkipping(string);
        }
        int state = 0;
        int bestStart = Integer.MAX_VALUE;
        int bestPattern = -1;
        final int length = text.length();
        for (int end = 0; end < length; end++) {
            // A match ending here or later starts after bestStart: the answer is final.
            if (bestPattern >= 0 && end - maxLength + 1 > bestStart) {
                break;
            }
            state = step(state, text.charAt(end));
            final int found = matchOf[state];
            if (found >= 0 && beats(found, end, bestStart, bestPattern)) {
                bestStart = end - patterns[found].length() + 1;
                bestPattern = found;
            }
        }
        return bestPattern < 0 ? null : patterns[bestPattern];
    }

    /**
     * {@link #findFirst} for a String, jumping over text that cannot start a match. In the root
     * state (no pattern prefix pending) a char that starts no pattern leaves the automaton in the
     * root, so the scan moves straight to the next first char that {@link String#indexOf(int,
     * int)} (vectorized by the JIT) finds; between matches it steps as {@link #findFirst} does.
     */
    private String findFirstSkipping(final String text) {
        final int length = text.length();
        final int[] nextAt = new int[firstChars.length];
        Arrays.fill(nextAt, -2);
        int state = 0;
        int bestStart = Integer.MAX_VALUE;
        int bestPattern = -1;
        int end = 0;
        while (end < length) {
            if (state == 0) {
                // Nothing pending: a later match starts at or after end, after bestStart.
                if (bestPattern >= 0) {
                    break;
                }
                end = nextFirstChar(text, end, nextAt);
                if (end < 0) {
                    break;
                }
            } else if (bestPattern >= 0 && end - maxLength + 1 > bestStart) {
                break;
            }
            state = step(state, text.charAt(end));
            final int found = matchOf[state];
            if (found >= 0 && beats(found, end, bestStart, bestPattern)) {
                bestStart = end - patterns[found].length() + 1;
                bestPattern = found;
            }
            end++;
        }
        return bestPattern < 0 ? null : patterns[bestPattern];
    }

    /** The automaton's state after reading {@code c} in {@code state}. */
    private int step(final int state, final char c) {
        return next != null ? next[state * width + column[c]] : sparse.step(state, c);
    }

    /**
     * Whether pattern {@code found}, ending at {@code end}, is a better answer than the best so
     * far: it starts further left, or at the same place and is longer.
     */
    private boolean beats(final int found, final int end, final int bestStart,
                          final int bestPattern) {
        final int start = end - patterns[found].length() + 1;
        return start < bestStart || (start == bestStart
                && patterns[found].length() > patterns[bestPattern].length());
    }

    /** The first index at or after {@code from} of a first char, or -1; caches per char. */
    private int nextFirstChar(final String text, final int from, final int[] nextAt) {
        int best = -1;
        for (int k = 0; k < firstChars.length; k++) {
            int at = nextAt[k];
            if (at != -1 && at < from) {
                at = text.indexOf(firstChars[k], from);
                nextAt[k] = at;
            }
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Whether the text contains any of the token contents. */
    public boolean containsAny(final CharSequence text) {
        return findFirst(text) != null;
    }

    /** How many distinct non-empty token contents the scanner looks for. */
    public int size() {
        return patterns.length;
    }

    /** Whether the dense transition table is used (false for very large token sets). */
    boolean isDense() {
        return next != null;
    }

    /** The trie of the patterns with failure links. */
    private static final class Trie {

        private final List<Map<Character, Integer>> children = new ArrayList<>();
        private final int[] fail;
        private final int[] matchOf;
        /** The states in breadth-first order: a state's failure state comes before it. */
        private final int[] bfs;

        Trie(final String[] patterns) {
            final List<Integer> ends = new ArrayList<>();
            children.add(new HashMap<>());
            ends.add(-1);
            for (int p = 0; p < patterns.length; p++) {
                int state = 0;
                for (int i = 0; i < patterns[p].length(); i++) {
                    final char c = patterns[p].charAt(i);
                    Integer child = children.get(state).get(c);
                    if (child == null) {
                        child = children.size();
                        children.add(new HashMap<>(4));
                        ends.add(-1);
                        children.get(state).put(c, child);
                    }
                    state = child;
                }
                ends.set(state, p);
            }
            fail = new int[children.size()];
            matchOf = ends.stream().mapToInt(Integer::intValue).toArray();
            bfs = new int[children.size()];
            int head = 0;
            int tail = 1;
            while (head < tail) {
                final int state = bfs[head++];
                // Own match if terminal, else the longest one among the proper suffixes.
                if (state != 0 && matchOf[state] < 0) {
                    matchOf[state] = matchOf[fail[state]];
                }
                for (final Map.Entry<Character, Integer> edge : children.get(state).entrySet()) {
                    final int child = edge.getValue();
                    fail[child] = state == 0 ? 0 : step(fail[state], edge.getKey());
                    bfs[tail++] = child;
                }
            }
        }

        int size() {
            return children.size();
        }

        /** The goto function: follows failure links until a transition on c exists. */
        int step(final int from, final char c) {
            int state = from;
            while (true) {
                final Integer child = children.get(state).get(c);
                if (child != null) {
                    return child;
                }
                if (state == 0) {
                    return 0;
                }
                state = fail[state];
            }
        }

        /** The complete transition table; column 0 (chars in no pattern) stays at the root. */
        int[] toDense(final char[] column, final int width) {
            final char[] charOf = new char[width];
            for (int c = 0; c < column.length; c++) {
                if (column[c] != 0) {
                    charOf[column[c]] = (char) c;
                }
            }
            final int[] dense = new int[size() * width];
            for (final int state : bfs) {
                final Map<Character, Integer> edges = children.get(state);
                for (int col = 1; col < width; col++) {
                    final Integer child = edges.get(charOf[col]);
                    if (child != null) {
                        dense[state * width + col] = child;
                    } else if (state != 0) {
                        dense[state * width + col] = dense[fail[state] * width + col];
                    }
                }
            }
            return dense;
        }
    }
}
