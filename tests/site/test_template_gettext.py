"""The templates' gettext (output.render.template_gettext) says what jinja2.ext.i18n's newstyle gettext says."""

from __future__ import annotations

import pytest
from babel.support import Translations
from jinja2 import Environment

from culturelinks.output.render import template_gettext
from culturelinks.site import i18n

TEMPLATE = """{{ _("Sources") }}|{{ _("100%% sure") }}|{{ gettext("Hello %(name)s", name=who) }}|\
{{ ngettext("%(num)s event", "%(num)s events", count) }}|{{ ngettext("Place", "Places", 1) }}|\
{{ ngettext("%(num)s event in %(year)s", "%(num)s events in %(year)s", count, year=1999) }}|\
{{ _("Date") }}|{% autoescape false %}{{ _("Hello %(name)s", name=who) }}{% endautoescape %}|{{ _("Sources") }}"""


def environment(translations: Translations, ours: bool, autoescape: bool) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    if ours:
        env.globals.update(template_gettext(translations))
    return env


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("count", [1, 3, 21])
def test_the_same_words_as_jinja_says_them(lang, autoescape, count):
    translations = i18n.load_all_translations()[lang]
    context = {"who": "<b>Ə & Ş</b>", "count": count}
    jinjas = environment(translations, False, autoescape).from_string(TEMPLATE).render(context)
    ours = environment(translations, True, autoescape).from_string(TEMPLATE).render(context)
    assert ours == jinjas
    assert ("&lt;b&gt;" in ours) is autoescape


def test_the_catalog_is_used():
    translations = i18n.load_all_translations()["ru"]
    env = environment(translations, True, True)
    assert env.from_string('{{ _("Sources") }}').render() == translations.gettext("Sources") != "Sources"
