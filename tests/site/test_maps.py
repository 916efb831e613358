"""The maps drawn at build time (``site/maps.py``): every place a labelled link, no label over another label or a
mark however close the places (Moscow's three are a few hundred metres apart), marks sized by area, text escaped,
no external reference, the same bytes every time, small enough to inline, and Snyder's projection as PROJ has it."""

from __future__ import annotations

import gzip
import itertools
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from culturelinks.site import maps
from culturelinks.site.maps import ConicProjection, MapPlace, locator_map, region_map

SVG = "{http://www.w3.org/2000/svg}"

#: The places of data/events.yaml that have coordinates: id, names (az, ru, en), lat, lon, events.
REAL_PLACES = [
    ("moscow", ("Moskva", "Москва", "Moscow"), 55.7558, 37.6173, 20),
    ("state-kremlin-palace", ("Dövlət Kreml Sarayı", "Государственный Кремлёвский дворец", "State Kremlin Palace"),
     55.7514, 37.6155, 3),
    ("house-of-unions", ("İttifaqlar Evinin Sütunlu zalı", "Колонный зал Дома союзов",
                         "Hall of Columns of the House of the Unions"), 55.7589, 37.6161, 2),
    ("kazan", ("Kazan", "Казань", "Kazan"), 55.7908, 49.1144, 2),
    ("saint-petersburg", ("Sankt-Peterburq", "Санкт-Петербург", "Saint Petersburg"), 59.9375, 30.3086, 3),
    ("baku", ("Bakı", "Баку", "Baku"), 40.4093, 49.8671, 12),
    ("heydar-aliyev-palace", ("Heydər Əliyev Sarayı", "Дворец имени Гейдара Алиева", "Heydar Aliyev Palace"),
     40.3775, 49.8414, 3),
    ("nakhchivan", ("Naxçıvan", "Нахчыван", "Nakhchivan"), 39.2089, 45.4122, 1),
    ("ganja", ("Gəncə", "Гянджа", "Ganja"), 40.6828, 46.3606, 2),
    ("sumgait", ("Sumqayıt", "Сумгаит", "Sumgait"), 40.5897, 49.6686, 1),
    ("sheki", ("Şəki", "Шеки", "Sheki"), 41.1919, 47.1706, 1),
    ("lankaran", ("Lənkəran", "Ленкорань", "Lankaran"), 38.7536, 48.8511, 1),
]
LANGUAGES = ("az", "ru", "en")
EVENTS_WORD = {"az": "hadisə", "ru": "событий", "en": "events"}
PHONE_MAP_WIDTH = 390 - 2 * 16
"""A 390 px phone less the page's 1rem paddings: the map's width in CSS px."""


def real_places(lang: str) -> list[MapPlace]:
    index = LANGUAGES.index(lang)
    return [MapPlace(place_id, names[index], lat, lon, count, f"/{lang}/places/{place_id}/",
                     f"{names[index]}, {count} {EVENTS_WORD[lang]}")
            for place_id, names, lat, lon, count in REAL_PLACES]


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def links(root: etree._Element) -> list[etree._Element]:
    return root.findall(f".//{SVG}a")


def mark_of(link: etree._Element) -> tuple[float, float, float]:
    circle = link.find(f"{SVG}circle[@class='map-mark']")
    return float(circle.get("cx")), float(circle.get("cy")), float(circle.get("r"))


def label_box_of(link: etree._Element) -> tuple[float, float, float, float]:
    """The label's box (its focus ring), halo included."""
    rect = link.find(f"{SVG}rect[@class='map-ring']")
    x, y, width, height = (float(rect.get(name)) for name in ("x", "y", "width", "height"))
    return x, y, x + width, y + height


def distance_to_box(box: tuple[float, float, float, float], x: float, y: float) -> float:
    return math.hypot(max(box[0] - x, 0, x - box[2]), max(box[1] - y, 0, y - box[3]))


def assert_labels_clear(svg: str) -> None:
    placed = [(link.get("href"), label_box_of(link), mark_of(link)) for link in links(parse(svg))]
    for (href_a, box_a, _), (href_b, box_b, _) in itertools.combinations(placed, 2):
        overlap = box_a[0] < box_b[2] and box_b[0] < box_a[2] and box_a[1] < box_b[3] and box_b[1] < box_a[3]
        assert not overlap, f"the labels of {href_a} {box_a} and {href_b} {box_b} overlap"
    for (href, box, _), (other, _, (x, y, radius)) in itertools.product(placed, placed):
        assert distance_to_box(box, x, y) >= radius, f"the label of {href} {box} covers the mark of {other}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_label_overlaps_another_or_covers_a_mark_for_the_real_places(lang):
    assert_labels_clear(region_map(real_places(lang), "Map", "Places"))


WORDS = ["Bakı", "Şəki", "İçərişəhər", "Ğ", "Государственный", "Кремлёвский", "дворец", "Щ", "Hall", "of", "W",
         "Columns", "i"]


@settings(max_examples=4, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.floats(40.0, 40.6), st.floats(49.0, 49.8), st.integers(0, 40),
                          st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)),
                min_size=60, max_size=60))
def test_no_label_overlaps_another_or_covers_a_mark_for_60_crowded_places(places):
    assert_labels_clear(region_map([MapPlace(f"p{index}", label, lat, lon, count, f"/p{index}/", label)
                                    for index, (lat, lon, count, label) in enumerate(places)], "Map", "Crowded"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_place_is_a_link_with_its_name_and_label(lang):
    places = real_places(lang)
    found = links(parse(region_map(places, "Map", "Places")))
    assert {link.get("href"): link.get("aria-label") for link in found} == {p.url: p.name for p in places}
    labels = {link.get("href"): "".join(link.find(f"{SVG}text").itertext()) for link in found}
    assert labels == {p.url: p.label for p in places}


def test_the_svg_parses_and_has_no_script_nor_external_reference():
    for svg in (region_map(real_places("ru"), "Карта", "Места"), locator_map(real_places("ru")[5], real_places("ru"),
                                                                               "Баку на карте")):
        root = parse(svg)
        assert root.tag == f"{SVG}svg" and root.get("viewBox")
        assert not svg.startswith("<?xml")
        assert set(re.findall(r"https?://[^\s\"'<>)]*", svg)) <= {"http://www.w3.org/2000/svg",
                                                                  "http://www.w3.org/1999/xlink"}
        assert "<script" not in svg and "url(" not in svg and "@import" not in svg and "javascript:" not in svg
        title_id = root.get("aria-labelledby")
        assert root.find(f"{SVG}title").get("id") == title_id


def test_the_region_map_is_a_group_titled_and_described_and_the_locator_an_image():
    region = parse(region_map(real_places("en"), "Map of the places", "Each mark is as large as its events."))
    assert region.get("role") == "group"
    assert region.find(f"{SVG}title").text == "Map of the places"
    assert region.find(f"{SVG}desc").get("id") == region.get("aria-describedby")
    locator = parse(locator_map(real_places("en")[0], real_places("en"), "Moscow on the map"))
    assert locator.get("role") == "img" and locator.find(f"{SVG}title").text == "Moscow on the map"
    assert not links(locator)
    assert ["".join(text.itertext()) for text in locator.iter(f"{SVG}text")] == ["Moscow"]


def test_a_marks_area_is_proportional_to_its_events_with_a_least_size():
    counts = {"a": 100, "b": 25, "c": 9, "d": 1, "e": 0}
    places = [MapPlace(place_id, place_id, 40 + index, 45 + index, count, f"/{place_id}/", place_id)
              for index, (place_id, count) in enumerate(counts.items())]
    radius = {link.get("href").strip("/"): mark_of(link)[2] for link in links(parse(region_map(places, "M", "D")))}
    assert radius["a"] == maps.MAX_RADIUS
    assert radius["b"] == pytest.approx(maps.MAX_RADIUS / 2, abs=0.05)
    assert radius["c"] == pytest.approx(maps.MAX_RADIUS * 0.3, abs=0.05)
    assert radius["d"] == radius["e"] == maps.MIN_RADIUS


def test_the_same_places_give_the_same_bytes_in_any_order():
    places = real_places("az")
    assert region_map(places, "Xəritə", "Yerlər") == region_map(places[::-1], "Xəritə", "Yerlər")
    assert locator_map(places[3], places, "Kazan") == locator_map(places[3], places[::-1], "Kazan")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_maps_are_small_enough_to_inline(lang):
    places = real_places(lang)
    assert len(gzip.compress(region_map(places, "Map", "Places").encode())) <= 40 * 1024
    for place in places:
        assert len(gzip.compress(locator_map(place, places, place.label).encode())) <= 15 * 1024


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_are_at_least_11_px_on_a_390_px_phone(lang):
    width = float(parse(region_map(real_places(lang), "Map", "Places")).get("viewBox").split()[2])
    assert maps.REGION.font_size * PHONE_MAP_WIDTH / width >= 11


def test_every_locator_map_of_a_region_shares_one_frame():
    places = real_places("en")
    locators = [parse(locator_map(place, places, place.label)) for place in places]
    assert len({locator.get("viewBox") for locator in locators}) == 1
    centres = [{(circle.get("cx"), circle.get("cy")) for circle in locator.iter(f"{SVG}circle")
                if circle.get("class") in ("map-dot", "map-mark")} for locator in locators]
    assert all(centre == centres[0] for centre in centres)


def test_text_is_escaped():
    place = MapPlace("odd", "A < B & C", 40.4, 49.9, 3, "/en/places/odd/?a=1&b=2", 'Say "A < B & C", 3 events')
    svg = region_map([place], "Title <b> & co", "Desc <i>")
    assert "A &lt; B &amp; C" in svg and "Title &lt;b&gt; &amp; co" in svg and "?a=1&amp;b=2" in svg
    root = parse(svg)
    link = links(root)[0]
    assert link.get("aria-label") == 'Say "A < B & C", 3 events' and link.get("href") == "/en/places/odd/?a=1&b=2"
    assert "".join(link.find(f"{SVG}text").itertext()) == "A < B & C"
    assert root.find(f"{SVG}title").text == "Title <b> & co"
    locator = parse(locator_map(place, [place], "Where <A & B> is"))
    assert locator.find(f"{SVG}title").text == "Where <A & B> is"


def test_the_projection_is_snyders_as_proj_has_it():
    pyproj = pytest.importorskip("pyproj")
    projection = ConicProjection.fitted([p[3] for p in REAL_PLACES], [p[2] for p in REAL_PLACES])
    proj = pyproj.Proj(f"+proj=lcc +lat_1={projection.lat1} +lat_2={projection.lat2} +lat_0={projection.lat0} "
                       f"+lon_0={projection.lon0} +x_0=0 +y_0=0 +R={maps.EARTH_RADIUS} +units=m +no_defs")
    for lon, lat in [(49.8671, 40.4093), (30.3086, 59.9375), (37.6173, 55.7558), (15.0, 30.0), (75.0, 72.0)]:
        assert projection.project(lon, lat) == pytest.approx(proj(lon, lat), abs=0.001)
    one_parallel = ConicProjection(50.0, 50.0, 50.0, 40.0)
    proj = pyproj.Proj(f"+proj=lcc +lat_1=50 +lat_0=50 +lon_0=40 +R={maps.EARTH_RADIUS} +units=m +no_defs")
    assert one_parallel.project(45.0, 42.0) == pytest.approx(proj(45.0, 42.0), abs=0.001)


def test_the_outlines_cover_the_real_places_maps():
    """The outlines reach beyond every edge of the region map (else it would show sea where there is land)."""
    frame = maps._frame(real_places("en"), maps.REGION.width)
    west, south, east, north = 15.0, 30.0, 75.0, 72.0
    edge = ([(west + step, south) for step in range(61)] + [(east, south + step) for step in range(43)]
            + [(east - step, north) for step in range(61)] + [(west, north - step) for step in range(43)])
    outline = [frame.point(lon, lat) for lon, lat in edge]
    left, top, width, height = (float(v) for v in parse(region_map(real_places("en"), "M", "D")).get("viewBox").split())
    for x, y in [(left + width * i / 4, top + height * j / 4) for i in range(5) for j in range(5)]:
        crossings = sum((y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0)
                        for (x0, y0), (x1, y1) in zip(outline, outline[1:] + outline[:1]))
        assert crossings % 2 == 1, f"({x}, {y}) of the region map is outside the outlines' box"


def test_a_ring_is_clipped_to_a_box():
    square = [(-1.0, -1.0), (3.0, -1.0), (3.0, 3.0), (-1.0, 3.0)]
    assert sorted(maps.clip_ring(square, (0.0, 0.0, 2.0, 2.0))) == [(0.0, 0.0), (0.0, 2.0), (2.0, 0.0), (2.0, 2.0)]
    assert maps.clip_ring([(5.0, 5.0), (6.0, 5.0), (6.0, 6.0)], (0.0, 0.0, 2.0, 2.0)) == []


def outlines_as_defined(frame: maps._Frame, view: maps.Box, tolerance: float) -> tuple[str, ...]:
    """The outlines without the shortcuts (``_outline_paths``): every point projected, every ring clipped to the
    view and simplified by Douglas and Peucker's rule, the distance measured by ``_distance_to_segment``."""
    def simplified(ring: list[maps.Point]) -> list[maps.Point]:
        if len(ring) < 4:
            return ring
        closed, keep, spans = [*ring, ring[0]], {0, len(ring)}, [(0, len(ring))]
        while spans:
            first, last = spans.pop()
            farthest, distance = 0, tolerance
            for index in range(first + 1, last):
                away = maps._distance_to_segment(closed[index], closed[first], closed[last])
                if away > distance:
                    farthest, distance = index, away
            if farthest:
                keep.add(farthest)
                spans += [(first, farthest), (farthest, last)]
        return [point for index, point in enumerate(ring) if index in keep]

    edge = (view[0] - 4, view[1] - 4, view[2] + 4, view[3] + 4)
    paths = []
    for rings in maps._countries():
        parts = []
        for ring in rings:
            tenths = [(round(x * 10), round(y * 10))
                      for x, y in simplified(maps.clip_ring([frame.point(lon, lat) for lon, lat in ring], edge))]
            tenths = [point for index, point in enumerate(tenths) if point != tenths[index - 1]]
            if len(tenths) >= 3 and maps._area(tenths) >= 100:
                parts.append(maps._path_data(tenths))
        if parts:
            paths.append("".join(parts))
    return tuple(paths)


@pytest.mark.parametrize("view", [(-40.0, -30.0, 680.0, 560.0), (0.0, 0.0, 640.0, 520.0), (250.0, 200.0, 300.0, 240.0),
                                  (-3000.0, -3000.0, 4000.0, 4000.0), (5000.0, 5000.0, 5100.0, 5100.0)],
                         ids=["grown", "frame", "inside one country", "every country", "off the land"])
def test_the_outlines_are_those_of_every_ring_projected_clipped_and_simplified(view):
    """The shortcuts (a frame's rings projected once; a ring wholly outside the view skipped, one wholly inside not
    clipped and its path shared by the views that hold it) draw what the definition draws, to the byte."""
    for style in (maps.REGION, maps.LOCATOR):
        frame = maps._frame(real_places("en"), style.width)
        assert maps._outline_paths(frame, view, style.tolerance) == outlines_as_defined(frame, view, style.tolerance)


def page(lang: str, *svgs: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Maps</title></head>'
            f'<body><main><h1>Maps</h1>{"".join(svgs)}</main></body></html>')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_in_chromium_every_label_fits_its_box_and_the_focused_place_shows_a_ring(open_page, lang):
    places = real_places(lang)
    with open_page(width=390) as browser_page:
        browser_page.set_content(page(lang, region_map(places, "Map", "Places")))
        outside = browser_page.evaluate("""() => [...document.querySelectorAll('a.map-place')].filter(a => {
            const text = a.querySelector('text').getBBox(), box = a.querySelector('rect').getBBox();
            return text.x < box.x || text.y < box.y || text.x + text.width > box.x + box.width
                || text.y + text.height > box.y + box.height; }).map(a => a.getAttribute('aria-label'))""")
        assert outside == [], f"labels wider than their estimate: {outside}"
        browser_page.keyboard.press("Tab")
        focused = browser_page.evaluate("""() => [document.activeElement.getAttribute('href'),
            [...document.activeElement.querySelectorAll('.map-ring')].map(r => getComputedStyle(r).strokeWidth)]""")
        assert focused == [places[0].url, ["3.5px", "3.5px"]]


def test_axe_finds_no_violation_in_the_maps(open_page, axe_script):
    places = real_places("az")
    with open_page() as browser_page:
        browser_page.set_content(page("az", region_map(places, "Xəritə", "Yerlər"),
                                       locator_map(places[5], places, "Bakı")))
        browser_page.add_script_tag(path=str(axe_script))
        result = browser_page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                                       "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})")
    assert [(violation["id"], [node["html"][:120] for node in violation["nodes"]])
            for violation in result["violations"]] == []
