"""An event page lists each of its sources once, with every place in it the event cites (issue 23: the 1997
Days of Russian Culture listed the article twice)."""

from __future__ import annotations

from pathlib import Path

from culturelinks.data.dataset import load_chronology
from culturelinks.site.views import Locator, Views

from ..check.test_messages import edit


def test_a_source_cited_twice_is_one_reference_with_both_locators(tmp_path: Path):
    data = tmp_path / "events.yaml"
    data.write_text(edit("sources: [{source: article}]",
                         'sources: [{source: article, locator: "[3]"}, {source: article, locator: "[5;12-14]"}]'),
                    encoding="utf-8")
    chronology = load_chronology(data)[0]
    references = Views.references(chronology.events[0], "en")
    assert [(reference.number, reference.source.id, reference.locators) for reference in references] == [
        (1, "article", (Locator("[3]", in_text=True), Locator("[5;12-14]", in_text=True)))]


def test_the_page_shows_in_text_references_as_printed_under_one_label(tmp_path: Path):
    """A locator is not prose: the article's "[5;12-14]" keeps its hyphen and gains no "pp." (issue 23)."""
    from lxml import html

    from culturelinks.build import build_site

    from .conftest import SETTINGS

    data = tmp_path / "events.yaml"
    data.write_text(edit("sources: [{source: article}]",
                         'sources: [{source: article, locator: "[3]"}, {source: article, locator: "[5;12-14]"}]'),
                    encoding="utf-8")
    build_site(tmp_path / "output", data, None, settings_file=SETTINGS)
    shown = {lang: html.fromstring((tmp_path / "output" / lang / "events" / "ocaq" / "index.html").read_bytes())
             .xpath("string(//section[@class='references']//li)") for lang in ("az", "ru", "en")}
    assert shown["en"] == "Məqalə, in-text citations: [3], [5;12-14]", shown
    assert shown["ru"].endswith("Məqalə, внутритекстовые ссылки: [3], [5;12-14]"), shown
    assert shown["az"].endswith("Məqalə, mətndaxili istinadlar: [3], [5;12-14]"), shown


def test_an_in_text_reference_never_breaks_across_lines():
    from culturelinks.site.views import parse_locator

    assert parse_locator("[4; 87, 126-142]") == Locator("[4;\u00a087,\u00a0126-142]", in_text=True)
    assert parse_locator("chapter 2") == Locator("chapter 2")
    assert parse_locator("  ") is None
