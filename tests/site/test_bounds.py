"""Events the sources date only within bounds that span years ("no later than 2020", "between 1998 and 2020")
are shown as what they are: a separate, labelled group with the bounds in words, never under a year's heading,
on a year's page or in a decade's filter as if of that year (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from culturelinks.build import build_site

from .conftest import SETTINGS

FIXTURE = Path(__file__).parents[1] / "fixtures" / "date-forms.yaml"
BOUNDED = {"by-2020": "no later than 2020", "between-1998-and-2020": "between 1998 and 2020",
           "after-2011-05": "no earlier than May 2011"}
HEADINGS = {"az": "Tarixi yalnız müəyyən hədlər daxilində bilinənlər",
            "ru": "Дата известна лишь в определённых пределах", "en": "Date known only within bounds"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("bounds") / "output"
    build_site(output, FIXTURE, None, settings_file=SETTINGS)
    return output


def page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_bytes())


def linked_events(element: html.HtmlElement) -> list[str]:
    return [href.split("/")[-2] for href in element.xpath(".//*[@class='entry-title']/a/@href")]


def test_the_timeline_lists_them_apart_after_the_decades_with_their_bounds_in_words(site: Path):
    timeline = page(site, "en")
    for decade in timeline.xpath("//section[contains(@class, 'decade') and not(contains(@class, 'year-bounds'))]"):
        assert not set(linked_events(decade)) & set(BOUNDED)
    group = timeline.xpath("//section[contains(@class, 'year-bounds')]")[0]
    assert group.xpath("string(h2)") == "Date known only within bounds"
    assert "no year’s page lists them" in group.xpath("string(p[@class='bounds-note'])")
    assert set(linked_events(group)) == set(BOUNDED)
    dates = {entry.xpath("string(.//*[@class='entry-title']/a/@href)").split("/")[-2]: entry.xpath("string(.//span[@class='date'])")
             for entry in group.xpath(".//li[@class='entry']")}
    assert dates == BOUNDED
    assert timeline.xpath("//section[contains(@class, 'decade')]")[-1] is group


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_no_year_page_or_heading_holds_them(site: Path, lang: str):
    years = sorted(path.name for path in (site / lang / "years").iterdir() if path.name.isdigit())
    assert years == ["2002", "2004", "2011"]
    for year in years:
        assert not set(linked_events(page(site, f"{lang}/years/{year}"))) & set(BOUNDED)
    headings = page(site, lang).xpath("//h3[@class='year-heading']//text() | //h2[@class='year-heading']//text()")
    assert "2020" not in headings and "1998" not in headings


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_their_page_is_labelled_and_linked_from_the_year_navigation(site: Path, lang: str):
    bounded = page(site, f"{lang}/years/within-bounds")
    assert bounded.xpath("string(//h1)") == HEADINGS[lang]
    assert set(linked_events(bounded)) == set(BOUNDED)
    current = bounded.xpath("//nav//a[@aria-current='page']")
    assert HEADINGS[lang] in [link.text_content() for link in current]
    for where, target in ((lang, "#ybounds"), (f"{lang}/years/2002", f"/{lang}/years/within-bounds/")):
        shown = page(site, where)
        assert target in shown.xpath("//nav[@class='year-nav']//a/@href")
        if target.startswith("#"):
            assert shown.xpath(f"//*[@id='{target[1:]}']")


def test_the_decade_filter_gives_them_their_own_choice(site: Path):
    timeline = page(site, "en")
    decades = {option.get("value"): option.text_content() for option in timeline.xpath("//select[@name='decade']/option")}
    assert decades.get("bounds") == "Date known only within bounds"
    assert "2020" not in decades
    facets = {entry.xpath("string(.//*[@class='entry-title']/a/@href)").split("/")[-2]: entry.get("data-decade")
              for entry in timeline.xpath("//li[@class='entry']")}
    assert {event: facets[event] for event in BOUNDED} == dict.fromkeys(BOUNDED, "bounds")


@pytest.mark.parametrize(("lang", "words"), [
    ("az", ["2020-ci ildən gec olmayaraq", "1998–2020-ci illər arasında", "2011-ci ilin mayından tez olmayaraq"]),
    ("ru", ["не позднее 2020\u202fг.", "не ранее мая 2011\u202fг.", "между 1998 и 2020\u202fгг."]),
])
def test_the_bounds_are_in_words_in_every_language(site: Path, lang: str, words: list[str]):
    shown = page(site, f"{lang}/years/within-bounds").xpath("//span[@class='date']/text()")
    for word in words:
        assert any(word in text for text in shown), (word, shown)
