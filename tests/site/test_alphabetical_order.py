"""Every list the site sorts by name sorts in the page language's alphabetical order (CLDR collation through
ICU), not by code point: in Azerbaijani Ə follows E and Ö follows O, in Russian Ё sits with Е (issue 23).
A work written in another language than the page's shows its title translated, in square brackets."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from culturelinks.build import build_site
from culturelinks.text.collation import sort_key

from .conftest import SETTINGS

TYPES = {  # id: (az, ru, en)
    "interview": ("Müsahibə", "Интервью", "Interview"),
    "culture-days": ("Mədəniyyət günləri", "Дни культуры", "Culture days"),
    "country-year": ("Ölkə ili", "Год страны", "Year of a country"),
    "programme": ("Əməkdaşlıq proqramı", "Программа сотрудничества", "Cooperation programme"),
    "exhibition": ("Sərgi", "Выставка", "Exhibition"),
    "society": ("Şura", "Ёлочный базар", "Society"),
    "forum": ("Zal", "Ежегодный форум", "Annual forum"),
}
AZ_ORDER = ["Əməkdaşlıq proqramı", "Mədəniyyət günləri", "Müsahibə", "Ölkə ili", "Sərgi", "Şura", "Zal"]
RU_ORDER = ["Выставка", "Год страны", "Дни культуры", "Ежегодный форум", "Ёлочный базар", "Интервью",
            "Программа сотрудничества"]
EN_ORDER = ["Annual forum", "Cooperation programme", "Culture days", "Exhibition", "Interview", "Society",
            "Year of a country"]


def dataset() -> str:
    types = "".join(f"  {type_id}: {{az: {az}, ru: {ru}, en: {en}}}\n" for type_id, (az, ru, en) in TYPES.items())
    events = "".join(f"""\
  - id: event-{number}
    date: "200{number}"
    type: {type_id}
    places: []
    title: {{az: Hadisə {number}, ru: Событие {number}, en: Event {number}}}
    summary: {{az: Hadisə., ru: Событие., en: An event.}}
    sources: [{{source: {"zeta-article" if number % 2 else "alpha-interview"}}}]
""" for number, type_id in enumerate(TYPES))
    return f"""\
types:
{types}places: {{}}
sources:
  zeta-article:
    title: Ədəbiyyat və mədəniyyət
    language: az
    translated_title:
      ru: Литература и культура
      en: Literature and culture
  alpha-interview:
    title: Ölkələr arasında körpü
    language: az
events:
{events}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("collation")
    data = folder / "events.yaml"
    data.write_text(dataset(), encoding="utf-8")
    build_site(folder / "output", data, None, settings_file=SETTINGS)
    return folder / "output"


def page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_bytes())


def test_code_point_order_would_be_wrong():
    """The lists below differ from Python's own sort: the test proves the collation, not the alphabet's luck."""
    assert sorted(AZ_ORDER) != AZ_ORDER and sorted(RU_ORDER) != RU_ORDER
    assert sorted(reversed(AZ_ORDER), key=sort_key("az")) == AZ_ORDER
    assert sorted(reversed(RU_ORDER), key=sort_key("ru")) == RU_ORDER


@pytest.mark.parametrize(("lang", "order"), [("az", AZ_ORDER), ("ru", RU_ORDER), ("en", EN_ORDER)])
def test_the_type_filter_and_the_chart_legend_sort_in_the_page_language(site: Path, lang: str, order: list[str]):
    timeline = page(site, lang)
    assert timeline.xpath("//select[@name='type']/option[@value!='']/text()") == order
    legend = [item.text_content().rsplit(" (", 1)[0].strip() for item in timeline.xpath("//ul[@class='chart-legend']/li")]
    assert legend == order


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_the_sources_sort_by_title_in_the_page_language(site: Path, lang: str):
    """"Ədəbiyyat…" comes before "Ölkələr…" in Azerbaijani order, though its id sorts after."""
    titles = page(site, f"{lang}/sources").xpath("//h2[@class='source-title']/cite/text()")
    assert titles == ["Ədəbiyyat və mədəniyyət", "Ölkələr arasında körpü"]


@pytest.mark.parametrize(("lang", "translated"), [("ru", "Литература и культура"), ("en", "Literature and culture")])
def test_a_title_in_another_language_is_translated_in_square_brackets(site: Path, lang: str, translated: str):
    heading = page(site, f"{lang}/sources").xpath("//h2[@class='source-title']")[0]
    assert heading.xpath("string(cite)") == "Ədəbiyyat və mədəniyyət"
    assert heading.xpath("string(cite/@lang)") == "az"
    assert heading.xpath("string(span[@class='translated-title'])") == f"[{translated}]"
    event = page(site, f"{lang}/events/event-1")
    assert event.xpath("string(//section[@class='references']//span[@class='translated-title'])") == f"[{translated}]"
    listing = page(site, f"{lang}/sources/zeta-article")
    assert listing.xpath("string(//h1)") == "Ədəbiyyat və mədəniyyət"
    assert listing.xpath("string(//p[@class='translated-title'])") == f"[{translated}]"


def test_no_translation_is_shown_in_the_work_s_own_language_or_where_none_is_given(site: Path):
    assert not page(site, "az/sources").xpath("//*[@class='translated-title']")
    assert not page(site, "az/events/event-1").xpath("//*[@class='translated-title']")
    assert not page(site, "en/events/event-0").xpath("//*[@class='translated-title']")
