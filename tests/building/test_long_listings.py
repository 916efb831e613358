"""Long listings are split (issue 7): no page grows with the size of the whole chronology."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from culturelinks.build import build_site


def page(site: Path, path: str):
    return html.parse(str(site / path / "index.html")).getroot()


def test_listings_longer_than_the_limit_are_split(project: Path):
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nCULTURELINKS_LISTING_LIMIT = 1\n")
    site = build_site(project / "output").output

    timeline = page(site, "en")
    assert timeline.xpath("count(//li[contains(@class, 'entry')])") == 0
    counts = [" ".join(p.text_content().split()) for p in timeline.xpath("//p[@class='year-count']")]
    assert counts == ["1 event in 1989", "1 event in 1997", "1 event in 2007"]
    assert timeline.xpath("//p[@class='year-count']/a/@href")[0] == "/en/years/1989/"
    assert not timeline.xpath("//form[@data-filters]")  # nothing to filter in place; the links stay

    first, second = page(site, "en/types/culture-days"), page(site, "en/types/culture-days/2")
    for listing, number in ((first, "1"), (second, "2")):
        assert listing.xpath("count(//li[contains(@class, 'entry')])") == 1
        assert listing.xpath("//nav[@class='pager']//a[@aria-current='page']/text()") == [number]
    assert first.xpath("//nav[@class='pager']//a[@rel='next']/@href") == ["/en/types/culture-days/2/"]
    assert second.xpath("//nav[@class='pager']//a[@rel='prev']/@href") == ["/en/types/culture-days/"]
    assert second.xpath("string(//title)").startswith("Culture days (page 2)")
    assert page(site, "ru/types/culture-days/2").xpath("string(//title)").startswith("Дни культуры (страница 2)")
    assert second.xpath("//link[@rel='alternate'][@hreflang='az']/@href") == ["/az/types/culture-days/2/"]

    sources = page(site, "en/sources")
    assert sources.xpath("//ul[@class='cited-by']") == []
    assert " ".join(sources.xpath("string(//p[@class='cited-count'])").split()) == "3 events told by this source"
    assert (site / "en" / "sources" / "article" / "3" / "index.html").is_file()


def test_short_listings_stay_whole(project: Path):
    site = build_site(project / "output").output
    assert page(site, "en").xpath("count(//li[contains(@class, 'entry')])") == 3
    assert not (site / "en" / "types" / "culture-days" / "2").exists()
    assert page(site, "en/types/culture-days").xpath("//nav[@class='pager']") == []
