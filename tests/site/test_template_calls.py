"""A call in a template (output.render.PageContext) means what it means in Jinja, and the pages' calls of functions,
methods and macros take the short way."""

from __future__ import annotations

import types

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader, pass_context, pass_environment, pass_eval_context
from jinja2.runtime import Context, Macro

from culturelinks.output.render import PageContext, template_error

from .conftest import build_fixture_site

TEMPLATES = {
    "base.html": "<{% block body %}base {{ plain('b') }}{% endblock %}>",
    "_macros.html": """{% macro shout(text, end="!") %}{{ text|upper }}{{ end }}{{ lang }}{% endmacro %}
{% macro wrap() %}[{{ caller("x") }}|{{ varargs|join(",") }}|{{ kwargs|dictsort|join(",") }}]{% endmacro %}""",
    "page.html": """{% extends "base.html" %}{% from "_macros.html" import shout, wrap with context %}
{% block body %}{{ super() }}|{{ plain("a", b="<b>") }}|{{ method(2) }}|{{ "ə ş".upper() }}|{{ shout("ə") }}|\
{{ shout("x", end="?") }}|{% call(value) wrap(1, 2, key="v") %}{{ value }}{{ plain("c") }}{% endcall %}|\
{% for item in items %}{% set inner = item * 2 %}{{ seen(item) }}{{ loop.cycle("o", "e") }}{% endfor %}|\
{% set outer = "block" %}{{ seen("set") }}|{{ evaluated("<i>") }}|{{ environment_name() }}|{{ stops() }}|\
{{ counter() }}|{{ callable_object(3) }}|{{ dict(a=1)|dictsort }}|{{ _("Sources") }}{% endblock %}""",
}


@pass_context
def seen(context, value):
    """What the context holds where the call is: the loop's and the block's variables, as Jinja gives them."""
    return f"{value}:{context.get('item')}:{context.get('inner')}:{context.get('outer')}:{context['lang']}"


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls

    def scaled(self, by: int) -> int:
        return self.calls * by


class ContextCallable:
    @pass_context
    def __call__(self, context, value):
        return f"{context['lang']}{value}"


def stops():
    raise StopIteration


def environment(context_class: type[Context]) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined] # added by jinja2.ext.i18n
    env.context_class = context_class
    counter = Counter()
    env.globals.update(
        plain=lambda *args, **kwargs: f"{args}{sorted(kwargs.items())}", method=counter.scaled, counter=counter,
        seen=seen, evaluated=pass_eval_context(lambda eval_ctx, text: f"{eval_ctx.autoescape}{text}"),
        environment_name=pass_environment(lambda env: type(env).__name__), stops=stops,
        callable_object=ContextCallable(), lang="az")
    return env


def test_a_call_in_a_template_means_what_it_means_in_jinja():
    context = {"items": [1, 2, 3]}
    jinjas = environment(Context).get_template("page.html").render(context)
    ours = environment(PageContext).get_template("page.html").render(context)
    assert ours == jinjas
    assert "1:None:2:None:az" in ours and "set:None:None:block:az" in ours  # the loop's and the block's variables
    assert "[x(&#39;c&#39;,)[]|1,2|" in ours and "Ə!az" in ours and "X?az" in ours  # a macro, with a caller, with its context


@pytest.mark.parametrize("context_class", [Context, PageContext])
def test_an_error_in_a_called_function_names_the_template_and_line(context_class, tmp_path, monkeypatch):
    (tmp_path / "fails.html").write_text("line one\n{{ fails() }}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    env = environment(context_class)
    env.loader = FileSystemLoader(tmp_path)
    env.globals["fails"] = lambda: 1 // 0
    with pytest.raises(ZeroDivisionError) as raised:
        env.get_template("fails.html").render()
    error = template_error(raised.value, "en/index.html")
    assert error is not None
    assert str(error) == "fails.html:2: template error while rendering en/index.html: ZeroDivisionError: integer " \
                         "division or modulo by zero"


def test_the_pages_calls_of_functions_methods_and_macros_take_the_short_way(tmp_path, monkeypatch):
    """Rendering the fixture's site (in this process: fewer pages than render.MIN_PARALLEL_PAGES): no function,
    method or macro goes through Jinja's own Context.call (which it would, every one, with Jinja's context class)."""
    jinjas_call = Context.call
    called: list[type] = []

    def counted(self, obj, *args, **kwargs):
        called.append(type(obj))
        return jinjas_call(self, obj, *args, **kwargs)

    monkeypatch.setattr(Context, "call", counted)
    site = build_fixture_site(tmp_path / "output")
    assert (site / "en" / "index.html").is_file()
    plain = {types.FunctionType, types.MethodType, types.BuiltinFunctionType, Macro}
    assert not [kind for kind in called if kind in plain]
