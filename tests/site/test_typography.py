"""The typography the data never types, set for each language when a text is shown (typography.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from culturelinks.data.model import Localized
from culturelinks.text import markup
from culturelinks.text.typography import kept_together, typeset, typeset_html

NBSP = "\u00a0"


@pytest.mark.parametrize(("lang", "typed", "shown"), [
    ("ru", "библиотека имени М. И. Рудомино", f"библиотека имени М.{NBSP}И.{NBSP}Рудомино"),
    ("ru", "открыт в 1995 г. в Баку", f"открыт в 1995{NBSP}г. в Баку"),
    ("ru", "в 2004–2006 гг. и в XVIII в.", f"в 2004–2006{NBSP}гг. и в XVIII в."),
    ("ru", "на 1–3 мая 2004 г.", f"на 1–3 мая 2004{NBSP}г."),
    ("ru", "центр — единственный", f"центр{NBSP}— единственный"),
    ("ru", "А. С. Пушкину в Баку", f"А.{NBSP}С.{NBSP}Пушкину в Баку"),
    ("az", "M. İ. Rudomino adına", f"M.{NBSP}İ.{NBSP}Rudomino adına"),
    ("en", "A. S. Pushkin", f"A.{NBSP}S.{NBSP}Pushkin"),
    ("en", 'the ballet "Love and Death" was shown', "the ballet “Love and Death” was shown"),
    ("en", "Heydar Aliyev's birth", "Heydar Aliyev’s birth"),
    ("en", "\"a 'quoted' word\"", "“a ‘quoted’ word”"),
    ("en", 'a decree "On the autonomy".', "a decree “On the autonomy”."),
    ("en", '("Ocaq") and "*Love and Death*"', "(“Ocaq”) and “*Love and Death*”"),
    ("en", "the '90s", "the ’90s"),
    ("en", "it said: 'yes'", "it said: ‘yes’"),
    ("en", 'code `"x"` and [a link](https://example.org/it\'s "title") and <https://example.org/a\'b>',
     'code `"x"` and [a link](https://example.org/it\'s "title") and <https://example.org/a\'b>'),
    ("en", 'a straight \\" kept', 'a straight \\" kept'),
    ("ru", "«Оджаг» и 1995 года", "«Оджаг» и 1995 года"),
])
def test_typeset(lang, typed, shown):
    assert typeset(typed, lang) == shown
    assert len(typeset(typed, lang)) == len(typed)


def test_typeset_html_pairs_quotes_across_tags_and_leaves_code_alone():
    rendered = str(markup.render('The ballet "*Love and Death*" and `"code"`, Aliyev\'s.'))
    assert typeset_html(rendered, "en") == (
        "<p>The ballet “<em>Love and Death</em>” and <code>\"code\"</code>, Aliyev’s.</p>")
    assert typeset_html('<p title="a \'b\'">М. И. Рудомино &amp; 1995 г.</p>', "ru") == (
        f"<p title=\"a 'b'\">М.{NBSP}И.{NBSP}Рудомино &amp; 1995{NBSP}г.</p>")


def test_texts_are_shown_typeset_and_kept_as_written():
    title = Localized.of({"ru": "Интервью М. И. Рудомино — 1995 г.", "en": 'The "Ocaq" society\'s day'})
    assert title is not None
    assert title.get("en") == 'The "Ocaq" society\'s day'
    assert title.pick("en") == ("The “Ocaq” society’s day", "en")
    assert title.pick("ru") == (f"Интервью М.{NBSP}И.{NBSP}Рудомино{NBSP}— 1995{NBSP}г.", "ru")
    assert title.pick("az") == (f"Интервью М.{NBSP}И.{NBSP}Рудомино{NBSP}— 1995{NBSP}г.", "ru")  # Russian rules


def test_the_words_a_no_break_space_joins_are_listed_for_search_excerpts():
    """Pagefind keeps the words, not their spaces: search.js joins these pairs again (issue 23)."""
    texts = [typeset("Библиотека имени М. И. Рудомино — центр, 1995 г.", "ru"), typeset("A. S. Pushkin", "en")]
    assert kept_together(texts) == [("М.", "И."), ("И.", "Рудомино"), ("Рудомино", "—"), ("1995", "г."),
                                    ("A.", "S."), ("S.", "Pushkin")]
    assert kept_together(["no such space here"]) == []


@given(st.lists(st.text(alphabet=st.sampled_from(["a", "б", "ə", ".", "—", " ", "\t", "\n", "\u2009", NBSP, "\u202f"]),
                        max_size=40), max_size=4))
def test_the_pairs_are_those_of_every_word_split_at_white_space_then_at_kept_spaces(texts):
    """``kept_together`` looks only at the words that hold a kept space; it finds what splitting every word finds."""
    pairs: dict[tuple[str, str], None] = {}
    for text in texts:
        for word in re.split(r"[ \t\n\r\f\v]+", text):
            parts = [part for part in re.split("[\u00a0\u202f]", word) if part]
            pairs.update(dict.fromkeys(zip(parts, parts[1:])))
    assert kept_together(texts) == list(pairs)
