"""People, organisations and places you can follow (issue 24): their indexes, their pages, links from events,
the map of the places drawn at build time, the open data and `new`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import etree

from culturelinks.build import build_site

from .conftest import SETTINGS, parse

DATA = """\
types:
  society: {az: Cəmiyyət, ru: Общество, en: Society}
  memorial: {az: Xatirə, ru: Памятник, en: Memorial}
places:
  moscow:
    name: {az: Moskva, ru: Москва, en: Moscow}
    country: RU
    coordinates: {lat: 55.7558, lon: 37.6173}
  baku:
    name: {az: Bakı, ru: Баку, en: Baku}
    country: AZ
    coordinates: {lat: 40.4093, lon: 49.8671}
  sumgait:
    name: {az: Sumqayıt, ru: Сумгаит, en: Sumgait}
    country: AZ
    coordinates: {lat: 40.5897, lon: 49.6686}
  rudomino-library:
    name: {az: Rudomino kitabxanası, ru: Библиотека имени Рудомино, en: Rudomino Library}
    country: RU
people:
  gara-garayev:
    name: {az: Qara Qarayev, ru: Кара Караев, en: Gara Garayev}
    aliases: {en: [Kara Karayev]}
    description: {az: bəstəkar, ru: композитор, en: composer}
    born: "1918-02-05"
    wikidata: Q1234567
    sources: [{source: article, locator: "[4; 87, 126-142]"}]
  abulfas-garayev:
    name: {az: Əbülfəz Qarayev, ru: Абульфас Гараев, en: Abulfas Garayev}
  ilham-aliyev:
    name: {az: İlham Əliyev, ru: Ильхам Алиев, en: Ilham Aliyev}
  yeltsin:
    name: {az: Boris Yeltsin, ru: Борис Ельцин, en: Boris Yeltsin}
  nizami:
    name: {az: Nizami Gəncəvi, ru: Низами Гянджеви, en: Nizami Ganjavi}
    index_name: {az: Nizami Gəncəvi, ru: Низами Гянджеви, en: Nizami Ganjavi}
organisations:
  birlik:
    name: {az: “Birlik” cəmiyyəti, ru: Общество «Бирлик», en: Birlik society}
    founded: "1997"
    place: moscow
    sources: [{source: article}]
sources:
  article:
    title: Məqalə
    language: az
events:
  - id: birlik-1997
    date: "1997"
    type: society
    places: [moscow]
    title: {az: Birlik, ru: Бирлик, en: Birlik}
    summary: {az: Cəmiyyət., ru: Общество., en: A society.}
    sources: [{source: article}]
    people: [yeltsin]
    organisations: [birlik]
  - id: plaque-2014
    date: "2014-06-20"
    type: memorial
    places: [moscow, rudomino-library]
    title: {az: Lövhə, ru: Доска, en: Plaque}
    summary: {az: Lövhə., ru: Доска., en: A plaque.}
    sources: [{source: article}]
    people: [gara-garayev, abulfas-garayev, ilham-aliyev]
  - id: baku-2015
    date: "2015"
    type: memorial
    places: [baku, sumgait]
    title: {az: Bakı, ru: Баку, en: Baku}
    summary: {az: Bakı., ru: Баку., en: Baku.}
    sources: [{source: article}]
    people: [gara-garayev, nizami]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("entities")
    (folder / "events.yaml").write_text(DATA, "utf-8")
    return build_site(folder / "output", folder / "events.yaml", "https://example.org", settings_file=SETTINGS).output


def texts(page, path: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in page.xpath(path)]


def facts(page) -> list[str]:
    """Each fact of the page's list as "label value"."""
    return [" ".join(f"{div.xpath('string(dt)')} {div.xpath('string(dd)')}".split())
            for div in page.xpath("//dl[@class='event-facts']/div")]


def test_the_index_is_in_the_language_s_alphabet_by_initial_with_counts(site: Path):
    """People by surname, as a scholarly index lists them (unless the record says otherwise: Nizami Gəncəvi),
    in the language's alphabet (Azerbaijani Ə after E, Q after K and before N), under its index letters."""
    az = parse(site / "az" / "people" / "index.html")
    assert texts(az, "//h2[@class='initial-heading']") == ["Ə", "Q", "N", "Y"]
    assert texts(az, "//ul[@class='entity-list']/li") == [
        "Əliyev, İlham 1 hadisə", "Qarayev, Əbülfəz 1 hadisə", "Qarayev, Qara 2 hadisə", "Nizami Gəncəvi 1 hadisə",
        "Yeltsin, Boris 1 hadisə"]
    ru = parse(site / "ru" / "people" / "index.html")
    assert texts(ru, "//h2[@class='initial-heading']") == ["А", "Г", "Е", "К", "Н"]
    assert texts(ru, "//ul[@class='entity-list']/li")[3] == "Караев, Кара 2 события"
    en = parse(site / "en" / "organisations" / "index.html")
    assert texts(en, "//ul[@class='entity-list']/li") == ["Birlik society 1 event"]
    assert texts(parse(site / "az" / "organisations" / "index.html"), "//h2[@class='initial-heading']") == ["B"]


def test_a_person_s_page_says_who_they_are_and_lists_their_events(site: Path):
    page = parse(site / "en" / "people" / "gara-garayev" / "index.html")
    assert texts(page, "//h1") == ["Gara Garayev"]
    assert [(span.get("lang"), span.text) for span in page.xpath("//p[@class='other-names']/span[@lang]")] == [
        ("az", "Qara Qarayev"), ("ru", "Кара Караев")]
    assert texts(page, "//p[@class='entity-description']") == ["Composer"]
    assert page.xpath("//p[@class='entity-kind']/a/@href") == ["https://example.org/en/people/"]
    assert facts(page) == ["Born 5 February 1918", "Other forms in the sources Kara Karayev", "Wikidata Q1234567",
                           "Source Məqalə, in-text citation: [4; 87, 126-142]"]
    assert page.xpath("//dl//a[text()='Q1234567']/@href") == ["https://www.wikidata.org/wiki/Q1234567"]
    assert page.xpath("string(//dl[@class='event-facts']/div[last()]/dd)") == (
        "Məqalə, in-text citation: [4;\u00a087,\u00a0126-142]")
    assert [a.get("href") for a in page.xpath("//li[@class='entry']//h3/a")] == [
        "https://example.org/en/events/plaque-2014/", "https://example.org/en/events/baku-2015/"]
    assert page.xpath("//div[@class='page-intro']/@data-pagefind-body") == [""]
    hreflang = page.xpath("//link[@rel='alternate']/@hreflang")
    assert hreflang == ["az", "ru", "en", "x-default"]


def test_a_person_s_page_tells_machines_who_it_is_about(site: Path):
    page = parse(site / "en" / "people" / "gara-garayev" / "index.html")
    found = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])
    assert found["@type"] == "Person" and found["name"] == "Gara Garayev"
    assert found["alternateName"] == ["Qara Qarayev", "Кара Караев"]
    assert found["sameAs"] == ["https://www.wikidata.org/wiki/Q1234567"]
    assert found["birthDate"] == "1918-02-05"
    assert [event["url"] for event in found["subjectOf"]] == ["https://example.org/en/events/plaque-2014/",
                                                              "https://example.org/en/events/baku-2015/"]
    plain = json.loads(parse(site / "en" / "people" / "yeltsin" / "index.html")
                       .xpath("//script[@type='application/ld+json']/text()")[0])
    assert "sameAs" not in plain and "birthDate" not in plain


def test_an_organisation_s_page_says_where_it_is_based_and_when_it_was_founded(site: Path):
    page = parse(site / "ru" / "organisations" / "birlik" / "index.html")
    assert texts(page, "//h1") == ["Общество «Бирлик»"]
    assert facts(page) == ["Дата основания 1997 г.", "Местонахождение Москва", "Источник Məqalə"]
    assert page.xpath("//dl//a/@href") == ["https://example.org/ru/places/moscow/",
                                           "https://example.org/ru/sources/#source-article"]
    found = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])
    assert (found["@type"], found["foundingDate"], found["location"]["name"]) == ("Organization", "1997", "Москва")


def test_event_pages_link_every_person_and_organisation(site: Path):
    page = parse(site / "az" / "events" / "plaque-2014" / "index.html")
    links = {div.xpath("string(dt)"): [(a.text, a.get("href")) for a in div.xpath("dd/a")]
             for div in page.xpath("//dl[@class='event-facts']/div")}
    assert links["Şəxslər"] == [("Qara Qarayev", "https://example.org/az/people/gara-garayev/"),
                                ("Əbülfəz Qarayev", "https://example.org/az/people/abulfas-garayev/"),
                                ("İlham Əliyev", "https://example.org/az/people/ilham-aliyev/")]
    page = parse(site / "en" / "events" / "birlik-1997" / "index.html")
    links = {div.xpath("string(dt)"): [(a.text, a.get("href")) for a in div.xpath("dd/a")]
             for div in page.xpath("//dl[@class='event-facts']/div")}
    assert links["Person"] == [("Boris Yeltsin", "https://example.org/en/people/yeltsin/")]
    assert links["Organisation"] == [("Birlik society", "https://example.org/en/organisations/birlik/")]


def test_the_places_page_draws_every_place_with_coordinates_on_a_map_and_lists_them_all(site: Path):
    page = parse(site / "en" / "places" / "index.html")
    svg = page.xpath("//figure[@class='region-map']/*[local-name()='svg']")[0]
    links = svg.xpath(".//*[local-name()='a']")
    assert sorted((a.get("href"), a.get("aria-label")) for a in links) == [
        ("https://example.org/en/places/baku/", "Baku, 1 event"),
        ("https://example.org/en/places/moscow/", "Moscow, 2 events"),
        ("https://example.org/en/places/sumgait/", "Sumgait, 1 event")]
    assert not svg.xpath(".//*[local-name()='script']")
    markup = etree.tostring(svg, encoding="unicode")
    assert "http" not in markup.replace("http://www.w3.org/2000/svg", "").replace("https://example.org/en/places/", "")
    assert texts(page, "//section[@class='place-index']//li") == [
        "Baku 1 event", "Moscow 2 events", "Rudomino Library 1 event (not on the map: no coordinates)",
        "Sumgait 1 event"]
    assert "https://example.org/en/places/" in (site / "sitemap.xml").read_text("utf-8")


def test_a_place_page_has_a_locator_map_and_one_without_coordinates_none(site: Path):
    page = parse(site / "az" / "places" / "sumgait" / "index.html")
    assert len(page.xpath("//figure[@class='locator-map']/*[local-name()='svg']")) == 1
    assert page.xpath("//figure[@class='locator-map']//*[local-name()='title']/text()")[0].startswith("Sumqayıt")
    assert not parse(site / "az" / "places" / "rudomino-library" / "index.html").xpath("//figure[@class='locator-map']")


def test_the_sitemap_lists_every_entity_page_with_its_alternates(site: Path):
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for path in ("people/", "people/gara-garayev/", "organisations/", "organisations/birlik/", "places/"):
        for lang in ("az", "ru", "en"):
            assert f"<loc>https://example.org/{lang}/{path}</loc>" in sitemap, (lang, path)


def test_the_open_data_names_people_and_organisations_by_id_with_their_records(site: Path):
    document = json.loads((site / "data" / "events.json").read_text("utf-8"))
    assert [(person["id"], person["wikidata"]) for person in document["people"]] == [
        ("gara-garayev", "Q1234567"), ("abulfas-garayev", None), ("ilham-aliyev", None), ("yeltsin", None),
        ("nizami", None)]
    assert document["people"][0]["born"]["edtf"] == "1918-02-05"
    assert document["people"][0]["urls"]["ru"] == "https://example.org/ru/people/gara-garayev/"
    assert document["organisations"][0]["place"] == "moscow"
    events = {event["id"]: event for event in document["events"]}
    assert events["plaque-2014"]["people"] == ["gara-garayev", "abulfas-garayev", "ilham-aliyev"]
    assert events["birlik-1997"]["organisations"] == ["birlik"]
    rows = list(csv.DictReader(io.StringIO((site / "data" / "events.csv").read_text("utf-8"))))
    assert {row["id"]: (row["people"], row["organisations"]) for row in rows}["plaque-2014"] == (
        "gara-garayev|abulfas-garayev|ilham-aliyev", "")


def test_new_names_people_and_organisations_by_id(tmp_path: Path):
    from click.testing import CliRunner

    from culturelinks.cli import main

    data = tmp_path / "events.yaml"
    data.write_text(DATA, "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["new", "--data", str(data), "--date", "2016", "--type", "society", "--title",
                                  "A concert", "--summary", "A concert.", "--source", "article",
                                  "--person", "gara-garayev", "--organisation", "birlik"])
    assert result.exit_code == 0, result.output
    assert "    people: [gara-garayev]\n    organisations: [birlik]\n" in data.read_text("utf-8")
    result = runner.invoke(main, ["new", "--data", str(data), "--date", "2016", "--type", "society", "--title",
                                  "Another", "--summary", "Another.", "--source", "article", "--person", "nobody"])
    assert result.exit_code != 0 and "--person: unknown person 'nobody'" in result.output


def test_a_long_record_is_split_into_pages_and_search_finds_its_first(tmp_path: Path):
    """A person named in more events than a page lists: the events are split like any listing's; the record (its
    JSON-LD and what search indexes) is the first page's, and the JSON-LD names that page's events only."""
    from .conftest import ROOT

    (tmp_path / "events.yaml").write_text(DATA, "utf-8")
    settings = tmp_path / "pelicanconf.py"
    settings.write_text((ROOT / "pelicanconf.py").read_text("utf-8") + f"\nPATH = {str(ROOT / 'content')!r}\n"
                        f"THEME = {str(ROOT)!r}\nCULTURELINKS_LISTING_LIMIT = 1\n"
                        f"CULTURELINKS_RELEASE = {str(ROOT / 'CITATION.cff')!r}\n", "utf-8")
    site = build_site(tmp_path / "output", tmp_path / "events.yaml", "https://example.org",
                      settings_file=settings).output
    first = parse(site / "en" / "people" / "gara-garayev" / "index.html")
    second = parse(site / "en" / "people" / "gara-garayev" / "2" / "index.html")
    assert first.xpath("//div[@class='page-intro']/@data-pagefind-body") == [""]
    assert second.xpath("//div[@class='page-intro']/@data-pagefind-body") == []
    found = json.loads(first.xpath("//script[@type='application/ld+json']/text()")[0])
    assert [event["url"] for event in found["subjectOf"]] == ["https://example.org/en/events/plaque-2014/"]


@pytest.mark.parametrize(("name", "indexed"), [("A. S. Puşkin", "Puşkin, A.\u00a0S."), ("Heydər Əliyev", "Əliyev, Heydər"),
                                               ("Pavel Kuzmin", "Kuzmin, Pavel"), ("Nizami", "Nizami")])
def test_the_index_lists_a_name_by_its_last_word_initials_and_all(name: str, indexed: str):
    """The house style joins initials to the surname with a no-break space (``A. S. Puşkin``): the index still
    puts the surname first."""
    from culturelinks.data.model import Localized, Person

    person = Person("someone", Localized((("az", name),)))
    assert person.indexed("az") == (indexed, "az")
