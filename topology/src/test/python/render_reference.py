#!/usr/bin/env python3
"""Writes the reference renders that ChatTemplateReferenceTest compares against.

Renders every (template, conversation, kwargs, add_generation_prompt) case with jinja2 set up
exactly as Hugging Face transformers' ``render_jinja_template`` sets it up (what
``apply_chat_template(..., tokenize=False)`` uses), and Python-semantics snippets with the same
environment. Needs only the standard library and jinja2 (Debian: python3-jinja2).

    python3 topology/src/test/python/render_reference.py \\
        --tokenizers DIR_WITH_qwen3_llama3_llama3_1_gemma3_deepseek_v3 \\
        --mistral-template mistral-example.jinja \\
        --out topology/src/test/resources/chattemplate/reference-renders.json.gz
"""
import argparse
import gzip
import json
import os
from datetime import datetime

import jinja2
from jinja2 import nodes
from jinja2.exceptions import TemplateError
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment


class GenerationBlock(Extension):
    """transformers' AssistantTracker without the tracking: {% generation %} renders its body."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        call = self.call_method("_generation_support")
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _generation_support(self, caller):
        return caller()


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                      sort_keys=sort_keys)


def strftime_now(format):
    return datetime.now().strftime(format)


ENV = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                    extensions=[GenerationBlock, jinja2.ext.loopcontrols])
ENV.filters["tojson"] = tojson
ENV.globals["raise_exception"] = raise_exception
ENV.globals["strftime_now"] = strftime_now


def special_tokens(config):
    out = {}
    for key, value in config.items():
        if not key.endswith("_token"):
            continue
        if value is None or isinstance(value, str):
            out[key] = value
        elif isinstance(value, dict) and isinstance(value.get("content"), str):
            out[key] = value["content"]
    return out


def render(source, messages, tools, kwargs, add_generation_prompt):
    template = ENV.from_string(source)
    try:
        text = template.render(messages=messages, tools=tools, documents=None,
                               add_generation_prompt=add_generation_prompt, **kwargs)
        return {"output": text}
    except TemplateError as e:
        if type(e) is TemplateError:
            return {"raised": str(e)}
        return {"error": type(e).__name__ + ": " + str(e)}
    except Exception as e:  # noqa: BLE001 - any failure is a render failure
        return {"error": type(e).__name__ + ": " + str(e)}


def u(text):
    return {"role": "user", "content": text}


def a(text, **extra):
    m = {"role": "assistant", "content": text}
    m.update(extra)
    return m


def s(text):
    return {"role": "system", "content": text}


TEXTS = [
    ("plain", ["Hi", "Hello! How can I help?", "What is 2+2?", "4.", "Thanks", "You're welcome."]),
    ("padded", ["  Hi there\n\n", "\n Hello \t", "\u3000padded\u3000", "\u00a0nbsp\u00a0",
                "ends with newline\n", "\n\nleading newlines"]),
    ("unicode", ["你好，世界", "你好！我能帮你什么？", "👋🏽 emoji 😀", "e\u0301 combining",
                 "Ünïcödé — dash", "日本語の文"]),
    ("jinja", ["{{ 7*7 }} and {% raw %}x{% endraw %}", "{# not a comment #} {%- if %}",
               "{{ messages }}", "}} %} #}", "{% for %}", "{{- '-' -}}"]),
    ("multiline", ["line one\nline two\n\nline four", "a\n\n\nb", "first\r\nsecond",
                   "tab\tinside", "x", "y"]),
]

SYSTEMS = [None, "You are a helpful assistant.", "  Be brief.\n", "你是一个助手。"]


def plain_conversations():
    convs = []
    for name, texts in TEXTS:
        for system in SYSTEMS[:3] if name == "plain" else SYSTEMS[:2]:
            for turns in (1, 2, 3):
                msgs = [] if system is None else [s(system)]
                for t in range(turns):
                    msgs.append(u(texts[(2 * t) % len(texts)]))
                    msgs.append(a(texts[(2 * t + 1) % len(texts)]))
                convs.append((f"{name}-sys{SYSTEMS.index(system)}-{turns}t", msgs, None))
    convs.append(("unicode-sys3-1t", [s(SYSTEMS[3]), u("你好"), a("你好！")], None))
    return convs


WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Get the weather for a city, e.g. \"Paris\".",
    "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "description": "城市 name"},
        "days": {"type": "integer", "minimum": 1, "maximum": 7, "default": 1.5}},
        "required": ["city"]}}}
TIME_TOOL = {"type": "function", "function": {"name": "get_time", "parameters": {
    "type": "object", "properties": {}}}}


def call(name, arguments, call_id=None):
    c = {"type": "function", "function": {"name": name, "arguments": arguments}}
    if call_id is not None:
        c["id"] = call_id
    return c


def tool_conversations(content_for_calls):
    obj = {"city": "Paris", "days": 2, "unit": None, "flag": True, "note": "é\"\\\n"}
    string_args = '{"city": "Paris"}'
    c = content_for_calls
    return [
        ("tools-object-args", [u("Weather in Paris?"),
                               a(c, tool_calls=[call("get_weather", obj, "call_1")]),
                               {"role": "tool", "content": "Sunny, 21 C", "tool_call_id": "call_1",
                                "name": "get_weather"},
                               a("It is sunny.")], [WEATHER_TOOL, TIME_TOOL]),
        ("tools-string-args", [s("Use tools."), u("Weather?"),
                               a(c, tool_calls=[call("get_weather", string_args)]),
                               {"role": "tool", "content": "{\"temp\": 21}"},
                               a("21 degrees.")], [WEATHER_TOOL]),
        ("tools-two-calls", [u("Weather and time?"),
                             a(c, tool_calls=[call("get_weather", string_args),
                                              call("get_time", "{}")]),
                             {"role": "tool", "content": "Sunny"},
                             {"role": "tool", "content": "10:00"},
                             a("Sunny, and it is ten.")], [WEATHER_TOOL, TIME_TOOL]),
        ("tools-no-schema", [u("Hi"), a("Hello")], [TIME_TOOL]),
        ("tools-text-and-call", [u("Weather?"),
                                 a("Let me check.", tool_calls=[call("get_weather", obj)]),
                                 {"role": "tool", "content": "Rain"}, a("Rain.")], None),
    ]


def qwen3_extra():
    return [
        ("reasoning", [u("Why?"), a("Because.", reasoning_content="Think\nabout it.\n")], None),
        ("reasoning-multi", [s("Sys"), u("Q1"), a("A1", reasoning_content="R1"), u("Q2"),
                             a("A2", reasoning_content="R2")], None),
        ("reasoning-none", [u("Q"), a("A", reasoning_content=None)], None),
        ("think-in-content", [u("Q"), a("<think>\nhidden\n</think>\n\nvisible")], None),
        ("think-in-content-multi", [u("Q1"), a("<think>r1</think>A1"), u("Q2"),
                                    a("<think>r2</think>\nA2")], None),
        ("tool-response-user", [u("<tool_response>x</tool_response>"), a("ok")], None),
        ("null-content", [u("Q"), a(None, tool_calls=[call("get_time", "{}")]),
                          {"role": "tool", "content": "10:00"}, a("Ten.")], [TIME_TOOL]),
        ("system-late", [u("Q"), a("A"), s("Late system"), u("Q2"), a("A2")], None),
    ]


def gemma_extra():
    return [
        ("bad-order", [u("Q"), u("Q again"), a("A")], None),
        ("starts-assistant", [a("A"), u("Q")], None),
        ("tool-message", [u("Q"), a("", tool_calls=[call("get_time", "{}")]),
                          {"role": "tool", "content": "x"}, a("y")], None),
        ("null-content", [u("Q"), a(None)], None),
        ("content-parts", [s([{"type": "text", "text": "Sys parts"}]),
                           u([{"type": "text", "text": " part one "},
                              {"type": "text", "text": "two"}]), a("A")], None),
    ]


def deepseek_extra():
    return [
        ("call-null-content-one", [u("Time?"), a(None, tool_calls=[call("get_time", "{}")]),
                                   {"role": "tool", "content": "10:00"}, a("Ten.")], None),
        ("call-null-content-two", [u("Both?"), a(None, tool_calls=[
            call("get_weather", '{"city": "Paris"}'), call("get_time", "{}")]),
            {"role": "tool", "content": "Sunny"}, {"role": "tool", "content": "10:00"},
            a("Sunny at ten.")], None),
        ("call-object-args", [u("Q"), a(None, tool_calls=[call("get_weather", {"city": "P"})]),
                              {"role": "tool", "content": "x"}, a("y")], None),
        ("two-systems", [s("One"), s("Two"), u("Q"), a("A")], None),
    ]


def mistral_extra():
    return [
        ("with-system", [s("Sys"), u("Q"), a("A")], None),
        ("bad-order", [u("Q"), a("A"), a("B")], None),
    ]


def llama_extra():
    return [
        ("null-content", [u("Q"), a(None, tool_calls=[call("get_time", "{}")]),
                          {"role": "tool", "content": "10:00"}, a("Ten.")], None),
    ]


def cases_for(name, source, tokens, kwarg_sets, convs, out):
    for conv_name, msgs, tools in convs:
        for kwargs in kwarg_sets:
            prefixes = {len(msgs)}
            prefixes.update(i for i, m in enumerate(msgs) if m["role"] == "assistant")
            for n in sorted(prefixes):
                for agp in (False, True):
                    result = render(source, msgs[:n], tools, {**tokens, **kwargs}, agp)
                    case = {"template": name, "conversation": conv_name, "messages": msgs[:n],
                            "kwargs": kwargs, "add_generation_prompt": agp}
                    if tools is not None:
                        case["tools"] = tools
                    case.update(result)
                    out.append(case)


SNIPPETS = [
    # (template, variables)
    ("{{ x.split() }}", {"x": "  a b  \tc\n"}),
    ("{{ x.split(',') }}", {"x": "a,b,,"}),
    ("{{ x.split(',', 1) }}", {"x": "a,b,,c"}),
    ("{{ x.split(None, 1) }}", {"x": "  a  b  c  "}),
    ("{{ x.rsplit(',', 1) }}", {"x": "a,b,c"}),
    ("{{ x.rsplit(None, 1) }}", {"x": "  a  b  c  "}),
    ("{{ x.split('</think>')[-1] }}", {"x": "r</think>\n\nanswer"}),
    ("{{ x.strip() }}|{{ x.lstrip() }}|{{ x.rstrip() }}", {"x": "\u3000\u00a0 x \u2028\u3000"}),
    ("{{ x.strip('x') }}|{{ x.lstrip('x') }}|{{ x.rstrip('x') }}", {"x": "xxhixx"}),
    ("{{ x.strip('\\n') }}|{{ x.strip('ab') }}", {"x": "\n\nab text ba\n"}),
    ("{{ x | trim }}|{{ y | trim }}|{{ n | trim }}", {"x": "\u3000\u2007x\u202f\u0085",
                                                     "y": " \t", "n": None}),
    ("{{ x[::-1] }}|{{ x[1:] }}|{{ x[:-1] }}|{{ x[::2] }}|{{ x[-2:] }}|{{ x[5:1:-1] }}",
     {"x": "abc😀de\u0301"}),
    ("{{ l[::-1] }}|{{ l[1:] }}|{{ l[:1] }}|{{ l[-1] }}|{{ l[10:] }}", {"l": [1, "two", None]}),
    ("{{ x.startswith('ab') }}{{ x.endswith(('z', 'cd')) }}{{ x.startswith('b', 1) }}"
     "{{ x.endswith('q') }}", {"x": "abcd"}),
    ("{{ x.upper() }}|{{ x.lower() }}|{{ x.title() }}|{{ x.capitalize() }}|{{ x | title }}"
     "|{{ x | capitalize }}", {"x": "hello wORLD they're ß-ok (x)"}),
    ("{{ x.replace('a', 'o') }}|{{ x.replace('a', 'o', 1) }}|{{ x.replace('', '-') }}",
     {"x": "banana"}),
    ("{{ ', '.join(l) }}|{{ l | join('-') }}|{{ n | join(',') }}", {"l": ["a", "b"],
                                                                    "n": [1, None, True]}),
    ("{{ '{} and {name}'.format(1, name='x') }}|{{ '%s-%d' % ('a', 3) }}|{{ '%s' % none }}",
     {}),
    ("{{ x.find('c') }}{{ x.count('a') }}{{ x.isdigit() }}{{ '42'.isdigit() }}", {"x": "abca"}),
    ("{{ v }}|{{ none }}|{{ true }}|{{ 1.0 }}|{{ 10 / 4 }}|{{ 7 // 2 }}|{{ -7 // 2 }}"
     "|{{ -7 % 3 }}|{{ 2 ** 10 }}|{{ 1e20 }}|{{ 1.5e-7 }}|{{ 3 * 'ab' }}|{{ [1] * 2 }}",
     {"v": [1, "it's", None, True, 1.5, {"k": [2, 3]}, "q\"'", "\u3000\n"]}),
    ("{{ d }}|{{ d.items() | list }}|{{ d.keys() | list }}|{{ d.values() | list }}"
     "|{{ d.get('a') }}|{{ d.get('z') }}|{{ d.get('z', 5) }}|{{ d['a'] }}|{{ d.a }}",
     {"d": {"a": 1, "b": [None], "c": "x"}}),
    ("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", {"d": {"b": 1, "a": 2}}),
    ("{{ 'a' in x }}{{ 'z' in x }}{{ 1 in l }}{{ 'k' in d }}{{ 'q' not in d }}{{ 'x' in u }}",
     {"x": "abc", "l": [1, 2], "d": {"k": 1}}),
    ("{{ x is string }}{{ x is iterable }}{{ x is mapping }}{{ x is defined }}{{ x is none }}"
     "{{ x is number }}{{ x is sequence }}", {"x": "s"}),
    ("{{ d is mapping }}{{ d is iterable }}{{ l is iterable }}{{ n is none }}{{ n is defined }}"
     "{{ u is defined }}{{ u is iterable }}{{ b is number }}{{ b is boolean }}{{ i is integer }}"
     "{{ f is float }}{{ b is true }}{{ i is odd }}{{ i is divisibleby 3 }}",
     {"d": {}, "l": [], "n": None, "b": True, "i": 3, "f": 1.5}),
    ("{{ l | length }}|{{ x | length }}|{{ d | length }}|{{ l | first }}|{{ l | last }}"
     "|{{ x | list }}|{{ l | reverse | list }}|{{ l | sort }}|{{ l | max }}|{{ l | sum }}",
     {"l": [3, 1, 2], "x": "a😀b", "d": {"a": 1}}),
    ("{{ l | selectattr('role', 'equalto', 'user') | list | length }}|"
     "{{ l | rejectattr('role', 'equalto', 'user') | map(attribute='content') | join(',') }}|"
     "{{ l | map(attribute='role') | list }}|{{ l | selectattr('w') | list | length }}",
     {"l": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b", "w": 1},
            {"role": "user", "content": "c"}]}),
    ("{{ x | tojson }}", {"x": {"a": [1, 2.5, None, True, "é\"\\\n\t\u0001"], "b": {},
                                "c": [], "d": {"e": "f"}, "big": 12345678901234567890}}),
    ("{{ x | tojson(indent=2) }}", {"x": {"a": [1, {"b": None}], "c": [], "d": {}}}),
    ("{{ x | tojson(sort_keys=true) }}|{{ x | tojson(separators=(',', ':')) }}",
     {"x": {"b": 1, "a": [1, 2]}}),
    ("{{ x | tojson(indent=4) }}", {"x": [[], {}, "x"]}),
    ("{% set ns = namespace(a=1, b=l|length - 1) %}{% for i in l %}{% set ns.a = ns.a + i %}"
     "{% endfor %}{{ ns.a }} {{ ns.b }}", {"l": [1, 2, 3]}),
    ("{% set x = 1 %}{% for i in l %}{{ x }}{% set x = i %}{% endfor %}{{ x }}",
     {"l": [5, 6]}),
    ("{% for i in l %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}"
     "{% endif %}{{ i }}{{ loop.index }}{{ loop.first }}{{ loop.last }}{{ loop.revindex }}"
     "{% else %}empty{% endfor %}", {"l": [1, 2, 3, 4, 5]}),
    ("{% for i in l if i > 1 %}{{ loop.index0 }}:{{ i }}/{{ loop.length }} {% else %}none"
     "{% endfor %}", {"l": [1, 2, 3]}),
    ("{% for i in l %}x{% else %}empty{% endfor %}", {"l": []}),
    ("{{ 'a' ~ 1 ~ none ~ u }}|{{ u }}|{{ d.missing }}|{{ (1, 2) }}|{{ (1,) }}|{{ () }}",
     {"d": {}}),
    ("{{ 'yes' if x else 'no' }}|{{ x and 'a' or 'b' }}|{{ not x }}|{{ (x if false) }}",
     {"x": 0}),
    ("{{ 1 < 2 < 3 }}{{ 'a' < 'b' }}{{ [1, 2] < [1, 3] }}{{ 1 == 1.0 }}{{ true == 1 }}"
     "{{ none == none }}{{ 'a' != 'a' }}", {}),
    ("{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}"
     "{{ greet('Bob') }} {{ greet('Al', punct='?') }}", {}),
    ("{% set block %}  in block {{ 1 + 1 }}  {% endset %}[{{ block }}]", {}),
    ("{% generation %}gen {{ x }}{% endgeneration %}", {"x": "body"}),
    ("  {% if true %}\n    kept\n  {% endif %}\n  {{ 'v' }}  \n{%- if true -%}  x  {%- endif %}\n"
     "{# c #}\n  {#- c -#}  y\n{% raw %}{{ raw }}{% endraw %}\n", {}),
    ("a\n  {%+ if true %}plus{% endif %}\n  {%- if true %}minus{% endif %}\n", {}),
    ("{{ x.y }}", {}),
    ("{{ d.m.y }}", {"d": {}}),
    ("{{ l[5].y }}", {"l": [1]}),
    ("{{ n.startswith('a') }}", {"n": None}),
    ("{{ 'a' + n }}", {"n": None}),
    ("{{ '</think>' in n }}", {"n": None}),
    ("{{ raise_exception('Custom: ' ~ x) }}", {"x": "stop"}),
    ("{{ x | tojson }}", {"x": [1.0, 0.1, 1e-5, 1e16, 123456789.125, -0.0]}),
    ("{{ range(3) | list }}|{{ range(1, 7, 2) | list }}|{{ dict(a=1) }}", {}),
    ("{{ x | default('dflt') }}|{{ y | default('dflt') }}|{{ z | default('dflt', true) }}",
     {"y": None, "z": ""}),
    ("{{ x | replace('a', 'b') }}|{{ x | upper }}|{{ x | lower }}|{{ x | wordcount }}",
     {"x": "Aa aA"}),
    ("{{ x | int }}|{{ y | int }}|{{ z | float }}|{{ 3.7 | round }}|{{ 3.14159 | round(2) }}",
     {"x": "42", "y": "x", "z": "2.5"}),
    ("{{ x | indent(2) }}|{{ x | indent(2, true) }}", {"x": "a\nb\n\nc"}),
    ("{{ l | unique | list }}|{{ d | dictsort }}|{{ d | items | list }}", {"l": [1, 2, 1, 3],
                                                                         "d": {"b": 1, "a": 2}}),
    ("{% for i in l %}{{ loop.previtem | default('-') }}{{ loop.nextitem | default('-') }}"
     "{{ loop.cycle('a', 'b') }}{{ loop.revindex0 }}{{ loop.length }};{% endfor %}",
     {"l": [1, 2, 3]}),
    ("{{ '}}' }}|{{ {'a': {'b': 1}} }}|{{ 'a\\nb\\t\\'q\\'' }}|{{ \"x\" 'y' }}"
     "|{{ '\\u00e9\\x41' }}", {}),
    ("{{ l | map('upper') | list }}|{{ l | map('trim') | join }}|{{ m | select('string') | list }}"
     "|{{ m | reject('none') | list }}|{{ m | select | list }}", {"l": [" a ", "b "],
                                                               "m": ["x", None, 0, 1, ""]}),
    ("{% macro inner(x) %}<{{ x }}>{% endmacro %}{% macro outer(y) %}{{ inner(y ~ '!') }}"
     "{% endmacro %}{{ outer('a') }}{{ inner(1) }}", {}),
    ("{{ 'a' if false }}|{{ x is not none }}|{{ x is not defined }}|{{ 3 not in [1, 2] }}"
     "|{{ not x is defined }}|{{ -x ** 2 }}|{{ (2 + 3) * 4 - 10 / 5 }}", {"x": 3}),
    ("{% for m in msgs if m.role != 'system' %}{{ loop.index }}{{ m.role[0] }}"
     "{% endfor %}|{{ (msgs | selectattr('role', 'eq', 'user') | first).content }}"
     "|{{ msgs[-1].content[:3] }}|{{ msgs | length > 2 }}",
     {"msgs": [{"role": "system", "content": "s"}, {"role": "user", "content": "hello"},
                   {"role": "assistant", "content": "world"}]}),
    ("{%- set ns = namespace(found=false) -%}\n{%- for m in l -%}\n  {%- if m == 2 -%}\n"
     "    {%- set ns.found = true -%}\n  {%- endif -%}\n{%- endfor -%}\n[{{ ns.found }}]\n",
     {"l": [1, 2]}),
    ("{% if x %}\n  a\n{% elif y %}\n  b\n{% else %}\n  c\n{% endif %}\n  {# c #}\nend  \n",
     {"y": 1}),
    ("{{ x.get('k', {}).get('z', 'dz') }}|{{ x['k'] is mapping }}|{{ x.k.items() | list }}"
     "|{{ x | tojson(indent='\\t') }}", {"x": {"k": {"z2": 1}}}),
    ("{{ 1 + true }}|{{ 7 % -3 }}|{{ -7 % 3.5 }}|{{ 2 ** -1 }}|{{ 10 // 3.0 }}|{{ 0.1 + 0.2 }}"
     "|{{ 1 / 3 }}|{{ 100000000000000000000 * 3 }}|{{ '%.2f' % 3.14159 }}", {}),
    ("{{ x.splitlines() }}|{{ x.partition('-') }}|{{ x.zfill(12) }}|{{ x.center(14, '*') }}",
     {"x": "a-b\nc\r\nd"}),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokenizers", required=True)
    ap.add_argument("--mistral-template", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    templates = {}
    for name in ("qwen3", "llama3", "llama3_1", "gemma3", "deepseek_v3", "mistral"):
        with open(os.path.join(args.tokenizers, name, "tokenizer_config.json"),
                  encoding="utf-8") as f:
            config = json.load(f)
        if name == "mistral":
            with open(args.mistral_template, encoding="utf-8") as f:
                source = f.read()
        else:
            source = config["chat_template"]
        templates[name] = {"source": source, "special_tokens": special_tokens(config)}

    cases = []
    plain = plain_conversations()
    extra = {
        "qwen3": tool_conversations("") + qwen3_extra(),
        "llama3": tool_conversations("") + llama_extra(),
        "llama3_1": tool_conversations("") + llama_extra(),
        "gemma3": gemma_extra(),
        "deepseek_v3": tool_conversations(None) + deepseek_extra(),
        "mistral": mistral_extra(),
    }
    kwarg_sets = {"qwen3": [{}, {"enable_thinking": False}, {"enable_thinking": True}]}
    for name, t in templates.items():
        convs = plain + extra[name]
        cases_for(name, t["source"], t["special_tokens"], kwarg_sets.get(name, [{}]), convs,
                  cases)

    snippets = []
    for source, variables in SNIPPETS:
        result = render(source, [], None, variables, False)
        snippet = {"source": source, "variables": variables}
        snippet.update(result)
        snippets.append(snippet)

    text = json.dumps({"generator": "render_reference.py, jinja2 " + jinja2.__version__,
                       "templates": templates, "cases": cases, "snippets": snippets},
                      ensure_ascii=False, indent=1) + "\n"
    data = text.encode("utf-8")
    if args.out.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    with open(args.out, "wb") as f:
        f.write(data)
    print(f"{len(cases)} cases, {len(snippets)} snippets -> {args.out}")


if __name__ == "__main__":
    main()
