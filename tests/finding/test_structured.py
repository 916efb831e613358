"""JSON-LD on event pages and the chart on the timeline, read from the built pages."""

from __future__ import annotations

import json
import re

import pytest

from culturelinks.data.dates import Form
from culturelinks.site.structured import script_json

from ..web.harness import LANGUAGES, PROJECT_ROOT


def test_script_json_cannot_close_its_script():
    text = str(script_json({"name": "</script><!-- & -->"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><!-- & -->"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_event_page_describes_its_event_in_json_ld(sites, chronology, lang):
    site = sites["preview"]
    problems = []
    for event in chronology.events:
        url = f"{site.prefix}/{lang}/events/{event.id}/"
        document = site.document(site.file_for(url))
        scripts = document.xpath("//script[@type='application/ld+json']/text()")
        assert len(scripts) == 1, url
        data = json.loads(scripts[0])
        if (data["@type"], data["url"], data["name"]) != ("Event", url, document.xpath("string(//h1)")):
            problems.append(f"{url}: {data['@type']} {data['url']} {data['name']}")
        dates = (data.get("startDate"), data.get("endDate"))
        expected = (None, None) if event.when.approximate or event.when.form is Form.BETWEEN else (
            event.when.start.iso(), event.when.end.iso() if event.when.end else None)
        if dates != expected:
            problems.append(f"{url}: dates {dates}, expected {expected}")
        if "eventStatus" in data:
            problems.append(f"{url}: eventStatus claims what the sources do not say")
        for place, model in zip(data.get("location", []), event.places, strict=True):
            if model.wikidata and place["sameAs"] != f"https://www.wikidata.org/wiki/{model.wikidata}":
                problems.append(f"{url}: {place}")
            if model.lat is not None and place["geo"]["latitude"] != model.lat:
                problems.append(f"{url}: {place}")
        if [c["name"] for c in data["citation"]] != [c.source.title for c in event.sources]:
            problems.append(f"{url}: citations")
    assert problems == []


@pytest.mark.parametrize("build", ["plain", "preview"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_chart_bars_lead_to_year_pages_and_add_up(sites, chronology, build, lang):
    site = sites[build]
    timeline = site.file_for(f"{site.prefix}/{lang}/")
    document = site.document(timeline)
    bars = document.xpath("//figure[@class='chart']//*[local-name()='svg']//*[local-name()='a']")
    hrefs = [bar.get("href") for bar in bars]
    counted = [event for event in chronology.events if event.when.year_is_known]
    years = sorted({event.when.year for event in counted})
    assert hrefs == [f"{site.prefix}/{lang}/years/{year}/" for year in years]
    assert all(site.file_for(href) is not None for href in hrefs)
    titles = [bar.xpath("string(*[local-name()='title'])") for bar in bars]
    assert all(title.strip() for title in titles)
    table_total = sum(int(cell) for cell in document.xpath("//figure[@class='chart']//tbody/tr/td[1]/text()"))
    assert table_total == len(counted)
    note = document.xpath("string(//figure[@class='chart']//p[@class='chart-note'])")
    assert str(len(chronology.events) - len(counted)) in note


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOUR = re.compile(r"--(chart-\d+|background|surface):\s*(#[0-9a-fA-F]{6})")
DARK_BLOCK = re.compile(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", re.S)


def test_chart_colours_contrast_with_the_page_in_light_and_dark_mode():
    """WCAG 1.4.11: each bar colour at least 3:1 against the page and the header's surface, in both modes."""
    css = (PROJECT_ROOT / "static" / "css" / "style.css").read_text(encoding="utf-8")
    light = dict(COLOUR.findall(DARK_BLOCK.sub("", css)))
    dark = {name: value for block in DARK_BLOCK.findall(css) for name, value in COLOUR.findall(block)}
    weak = []
    for mode, colours in (("light", light), ("dark", dark)):
        bars = {name: value for name, value in colours.items() if name.startswith("chart-")}
        assert len(bars) == 16, mode
        weak += [f"{mode} --{name} {value} on --{ground}: {contrast(value, colours[ground]):.2f}"
                 for name, value in bars.items() for ground in ("background", "surface")
                 if contrast(value, colours[ground]) < 3]
    assert weak == []


def test_colour_is_not_the_only_cue(sites):
    site = sites["plain"]
    document = site.document(site.file_for("/en/"))
    legend = document.xpath("//ul[@class='chart-legend']/li")
    assert legend and all(item.text_content().strip() for item in legend)
    assert document.xpath("//figure[@class='chart']//details//table//th[@scope='col']")
