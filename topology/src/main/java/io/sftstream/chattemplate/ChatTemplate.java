package io.sftstream.chattemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Hugging Face chat template (Jinja), compiled once and rendered with the semantics of
 * transformers' {@code render_jinja_template}: jinja2's {@code ImmutableSandboxedEnvironment}
 * with {@code trim_blocks} and {@code lstrip_blocks}, loop controls, the {@code generation}
 * block, {@code raise_exception}, {@code strftime_now}, {@code tojson} as Python's
 * {@code json.dumps(x, ensure_ascii=False)}, and Python semantics for values, operators and
 * string, dict and list methods.
 *
 * <p>Values are plain Java objects as a JSON parser gives them: {@code Map} (insertion order
 * kept), {@code List}, {@code String}, {@code Boolean}, {@code Integer}/{@code Long}/
 * {@code BigInteger}, {@code Double}/{@code BigDecimal}, and {@code null} for Python's
 * {@code None}. A key absent from a map stays undefined ({@code is defined} is false), which is
 * not the same as a key whose value is null. Values are never modified and never interpreted
 * as template text: a message containing <code>{{ 7*7 }}</code> renders verbatim.
 *
 * <p>Immutable and thread-safe; {@link #render} does no work that does not depend on its input
 * (the template is parsed once, by {@link #compile}).
 */
public final class ChatTemplate {

    private final String source;
    private final String sha256Hex;
    private final List<Stmt> body;
    private final Map<String, Object> globals;

    private ChatTemplate(final String source, final List<Stmt> body,
                         final Map<String, Object> globals) {
        this.source = source;
        this.sha256Hex = sha256Hex(source);
        this.body = body;
        this.globals = globals;
    }

    /**
     * Parses a template.
     *
     * @param source      the template text
     * @param description where it comes from, for the error message (e.g. a file name)
     * @throws ChatTemplateSyntaxException when it does not parse, naming the line
     */
    public static ChatTemplate compile(final String source, final String description) {
        return compile(source, description, Clock.systemDefaultZone());
    }

    /** As {@link #compile(String, String)}, with the clock that {@code strftime_now} reads. */
    public static ChatTemplate compile(final String source, final String description,
                                       final Clock clock) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(clock, "clock");
        final List<Stmt> body;
        try {
            body = Parser.parse(source);
        } catch (final Lexer.SyntaxError e) {
            throw new ChatTemplateSyntaxException("the chat template " + description
                    + " does not parse: " + e.getMessage() + " (line " + e.line() + ")",
                    e.line());
        }
        return new ChatTemplate(source, body, globals(clock));
    }

    private static Map<String, Object> globals(final Clock clock) {
        final Map<String, Object> g = new HashMap<>();
        g.put("raise_exception", (PyCallable) (args, kwargs) -> {
            throw new ChatTemplateRaisedException(PyOps.str(
                    Args.positional(args, kwargs, 0, "message", null, true)));
        });
        g.put("strftime_now", (PyCallable) (args, kwargs) -> Strftime.format(
                ZonedDateTime.now(clock),
                Args.string(Args.positional(args, kwargs, 0, "format", null, true), "format")));
        g.put("namespace", (PyCallable) (args, kwargs) -> {
            final Namespace ns = new Namespace();
            for (final Object a : args) {
                if (a instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> ns.attributes.put(PyOps.str(k), v));
                }
            }
            ns.attributes.putAll(kwargs);
            return ns;
        });
        g.put("dict", (PyCallable) (args, kwargs) -> {
            final Map<Object, Object> d = new LinkedHashMap<>();
            if (!args.isEmpty() && args.get(0) instanceof Map<?, ?> m) {
                d.putAll(m);
            }
            d.putAll(kwargs);
            return d;
        });
        g.put("range", (PyCallable) (args, kwargs) -> range(args));
        return Map.copyOf(g);
    }

    private static List<Object> range(final List<Object> args) {
        long start = 0;
        long stop;
        long step = 1;
        if (args.size() == 1) {
            stop = Args.integer(args.get(0), "range");
        } else if (args.size() >= 2) {
            start = Args.integer(args.get(0), "range");
            stop = Args.integer(args.get(1), "range");
            if (args.size() > 2) {
                step = Args.integer(args.get(2), "range");
            }
        } else {
            throw PyOps.typeError("range expected at least 1 argument, got 0");
        }
        if (step == 0) {
            throw new ChatTemplateException("ValueError: range() arg 3 must not be zero");
        }
        final List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (out.size() >= 100_000) {
                throw new ChatTemplateException("OverflowError: Range too big. The sandbox "
                        + "blocks ranges larger than MAX_RANGE (100000).");
            }
            out.add(i);
        }
        return out;
    }

    /**
     * Renders with exactly these variables (besides the template globals), as jinja2's
     * {@code template.render(**variables)} would.
     *
     * @throws ChatTemplateRaisedException when the template calls {@code raise_exception}
     * @throws ChatTemplateException       when rendering fails in any other way
     */
    public String render(final Map<String, ?> variables) {
        final Scope top = new Scope(new Scope(globals));
        for (final Map.Entry<String, ?> e : variables.entrySet()) {
            top.set(e.getKey(), e.getValue());
        }
        return run(top);
    }

    /** The globals with these constants added (constants win), for {@link #render(Map, List,
     *  List, boolean)}. */
    Map<String, Object> withGlobals(final Map<String, ?> constants) {
        final Map<String, Object> merged = new HashMap<>(globals);
        merged.putAll(constants);
        return merged;
    }

    String render(final Map<String, Object> fixed, final List<?> messages, final List<?> tools,
                  final boolean addGenerationPrompt) {
        final Scope top = new Scope(new Scope(fixed));
        top.set("messages", messages);
        top.set("tools", tools);
        top.set("documents", null);
        top.set("add_generation_prompt", addGenerationPrompt);
        return run(top);
    }

    private String run(final Scope top) {
        final StringBuilder out = new StringBuilder(256 + source.length() / 2);
        try {
            Stmt.execAll(body, out, top);
        } catch (final ChatTemplateException e) {
            throw e;
        } catch (final Stmt.LoopControl e) {
            throw new ChatTemplateException("break or continue outside of a loop");
        } catch (final RuntimeException | StackOverflowError e) {
            throw new ChatTemplateException("the chat template failed: " + e, e);
        }
        return out.toString();
    }

    /** The template text, as given to {@link #compile}. */
    public String source() {
        return source;
    }

    /** The hex SHA-256 of the template text's UTF-8 bytes. */
    public String sha256Hex() {
        return sha256Hex;
    }

    /** The hex SHA-256 of the UTF-8 bytes of a text. */
    public static String sha256Hex(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
