"""``/data/events.ttl`` (site.turtle): read back by rdflib, it says everything the pages' JSON-LD says, each name in
its language, each date typed at its precision, whatever the texts hold."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, XSD, Graph, Literal, URIRef

from culturelinks.build import build_site
from culturelinks.data.dataset import load_chronology
from culturelinks.data.model import Localized
from culturelinks.data.release import read_release
from culturelinks.memory import Memory
from culturelinks.site import exports, turtle
from culturelinks.text import markup

from . import open_data
from .conftest import FIXTURE_DATA, ROOT, SETTINGS
from .open_data import BASE, SCHEMA

#: Texts a Turtle writer must escape or keep: quotes, a backslash, braces, ə and Cyrillic, a line end (a summary
#: may have one; its excerpt does not), in a source's title (written as the data has it) and in people's names.
HOSTILE = """\
types:
  society: {az: Cəmiyyət, ru: Общество, en: Society}
places:
  moscow:
    name: {az: Moskva, ru: Москва, en: Moscow}
    country: RU
    coordinates: {lat: 55.7558, lon: 37.6173}
    wikidata: Q649
  hall:
    name: {az: "Zal \\\\ {1}", ru: "Зал «Ə»", en: "Hall \\"A\\""}
    country: AZ
people:
  garayev:
    name: {az: "Qara \\\\ {Qarayev}", ru: "Кара {Караев}", en: "Gara \\"Garayev\\" \\\\"}
    description: {az: bəstəkar, ru: композитор, en: composer}
    born: "1918-02-05"
    died: "1982-05"
    wikidata: Q1234567
organisations:
  birlik:
    name: {az: "“Birlik” cəmiyyəti", ru: "Общество «Бирлик»", en: "Birlik \\\\ society"}
    founded: "1997"
    place: moscow
sources:
  article:
    title: "Məqalə \\"in quotes\\" \\\\ {braces} Статья"
    language: az
    year: 1999
    url: "https://example.org/a?b=1&c={2}"
events:
  - id: birlik-1997
    date: "1997-04"
    type: society
    places: [moscow, hall]
    title: {az: "Birlik \\\\ {x}", ru: "Бирлик «Ə»", en: "Birlik \\"society\\""}
    summary:
      az: "İlk sətir,\\nikinci sətir \\\\ {y}."
      ru: "Общество\\n«Бирлик»."
      en: "A society,\\nsaid \\"so\\"."
    sources: [{source: article, locator: "p. 1"}, {source: article, locator: "p. 2"}]
    people: [garayev]
    organisations: [birlik]
    tags: [society-founding, moscow]
  - id: festival-2011
    date: {since: "2011", every: year}
    type: society
    places: [hall]
    title: {az: Festival, ru: Фестиваль, en: Festival}
    summary: {az: Hər il., ru: Ежегодно., en: Every year.}
    sources: [{source: article}]
    people: [garayev]
  - id: circa-2000
    date: {start: "2000", end: "2002", approximate: true}
    type: society
    places: []
    title: {az: Təqribən, ru: Около, en: Circa}
    summary: {az: Təqribən., ru: Около., en: Circa.}
    sources: [{source: article}]
  - id: between-2020
    date: {earliest: "2018", latest: "2020"}
    type: society
    places: []
    title: {az: Arada, en: Between}
    summary: {az: Arada., en: Between.}
    sources: [{source: article}]
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "events.yaml").write_text(HOSTILE, "utf-8")
    return build_site(folder / "output", folder / "events.yaml", "https://example.org", settings_file=SETTINGS).output


@pytest.fixture(scope="module")
def fixture_chronology():
    return load_chronology(FIXTURE_DATA)[0]


def test_events_ttl_says_all_the_fixture_pages_json_ld_says(built_site: Path):
    made, missing = open_data.check_site(built_site)
    assert made > 100 and missing == []


def test_events_ttl_says_all_the_json_ld_says_whatever_the_texts_hold(hostile_site: Path):
    made, missing = open_data.check_site(hostile_site)
    assert made > 100 and missing == []
    graph = open_data.turtle_graph(hostile_site)
    titles = {str(title) for title in graph.objects(None, SCHEMA.name)}
    assert 'Məqalə "in quotes" \\ {braces} Статья' in titles, "a source's title, as the data writes it"
    assert 'Gara "Garayev" \\' in {str(name) for name in graph.objects(None, SCHEMA.alternateName)}


def test_the_check_finds_what_events_ttl_leaves_out(built_site: Path, tmp_path: Path):
    """The comparison is not vacuous: a name, a date or a place left out of events.ttl is found missing."""
    text = (built_site / "data" / "events.ttl").read_text("utf-8")
    for cut in ('    schema:startDate "2007-04-16"^^xsd:date ;\n', "Дни культуры Азербайджана в Москве"):
        assert cut in text
        site = tmp_path / cut[:8].strip()
        (site / "data").mkdir(parents=True)
        (site / "data" / "events.ttl").write_text(text.replace(cut, "" if cut.startswith(" ") else "X"), "utf-8")
        turtle_graph = open_data.turtle_graph(site)
        page = built_site / "ru" / "events" / "culture-days-moscow-2007" / "index.html"
        graph, _ = open_data.page_graph(page, built_site)
        assert open_data.unsaid_by_turtle(graph, turtle_graph) != []


def test_each_name_is_in_its_language_and_each_date_typed_at_its_precision(built_site: Path, fixture_chronology):
    graph = open_data.turtle_graph(built_site)
    for event in fixture_chronology.events:
        subject = URIRef(f"{BASE}/en/events/{event.id}/#event")
        assert (subject, RDF.type, SCHEMA.Event) in graph
        names = {(str(name), name.language) for name in graph.objects(subject, SCHEMA.name)}
        assert names == {event.title.pick(lang) for lang in ("az", "ru", "en")}
        assert {name[1] for name in names} == set(event.title.languages)
    moscow_2007 = URIRef(f"{BASE}/en/events/culture-days-moscow-2007/#event")
    assert set(graph.objects(moscow_2007, SCHEMA.startDate)) == {Literal("2007-04-16", datatype=XSD.date)}
    ocaq = URIRef(f"{BASE}/en/events/ocaq-society/#event")
    assert set(graph.objects(ocaq, SCHEMA.startDate)) == {Literal("1989-10", datatype=XSD.gYearMonth)}
    baku = URIRef(f"{BASE}/en/places/baku/#place")
    assert set(graph.objects(baku, SCHEMA.sameAs)) == {URIRef("https://www.wikidata.org/wiki/Q9248")}
    assert Literal("Bakı", lang="az") in set(graph.objects(baku, SCHEMA.name))


def test_dates_schema_org_cannot_say_are_left_out_and_a_year_is_a_g_year(hostile_site: Path):
    graph = open_data.turtle_graph(hostile_site)
    event = "https://example.org/en/events/{}/#event".format
    assert list(graph.objects(URIRef(event("circa-2000")), SCHEMA.startDate)) == []
    assert list(graph.objects(URIRef(event("between-2020")), SCHEMA.startDate)) == []
    festival = URIRef(event("festival-2011"))
    assert set(graph.objects(festival, SCHEMA.startDate)) == {Literal("2011", datatype=XSD.gYear)}
    schedule = graph.value(festival, SCHEMA.eventSchedule)
    assert graph.value(schedule, SCHEMA.repeatFrequency) == Literal("P1Y")
    person = URIRef("https://example.org/en/people/garayev/#person")
    assert graph.value(person, SCHEMA.birthDate) == Literal("1918-02-05", datatype=XSD.date)
    assert graph.value(person, SCHEMA.deathDate) == Literal("1982-05", datatype=XSD.gYearMonth)
    assert set(graph.objects(person, SCHEMA.subjectOf)) == {URIRef(event("birlik-1997")), festival}


def test_the_dataset_is_the_release_citation_cff_states(built_site: Path):
    release = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    graph = open_data.turtle_graph(built_site)
    datasets = list(graph.subjects(RDF.type, SCHEMA.Dataset))
    assert datasets == [URIRef(f"{BASE}/en/data/#dataset")]
    dataset = datasets[0]
    assert graph.value(dataset, SCHEMA.version) == Literal(release["version"])
    assert graph.value(dataset, SCHEMA.datePublished) == Literal(release["date-released"], datatype=XSD.date)
    assert graph.value(dataset, SCHEMA.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    editors = [graph.value(editor, SCHEMA.name) for editor in graph.objects(dataset, SCHEMA.editor)]
    assert editors == [Literal(author["name"]) for author in release["authors"]]
    downloads = {str(graph.value(download, SCHEMA.contentUrl)) for download in graph.objects(dataset, SCHEMA.distribution)}
    assert downloads == {f"{BASE}/data/{name}" for name in exports.MEDIA_TYPES}
    assert all((built_site / "data" / name).is_file() for name in exports.MEDIA_TYPES)


@given(st.text())
def test_any_text_is_read_back_as_written(text: str):
    document = f"<http://a.test/s> <http://a.test/p> {turtle.string(text)}, {turtle.string(text, 'az')} ."
    graph = Graph().parse(data=document, format="turtle")
    assert set(graph.objects()) == {Literal(text), Literal(text, lang="az")}


@given(st.text(min_size=1))
def test_any_address_is_an_iri_turtle_reads(text: str):
    graph = Graph().parse(data=f"<http://a.test/s> <http://a.test/p> {turtle.iri('http://a.test/' + text)} .",
                          format="turtle")
    (written,) = graph.objects()
    assert isinstance(written, URIRef) and str(written).startswith("http://a.test/")
    assert not set(str(written)) & set('<>"{}|^`\\ \n')


def test_an_events_block_is_made_again_only_when_the_event_changes(fixture_chronology):
    """Like its part of the other files, an event's block is kept for the next build in the same process (serve):
    the file is as made from nothing, and only the edited event's block is made again."""
    chronology, site_url = fixture_chronology, "https://example.org"
    release = read_release(ROOT / "CITATION.cff")
    summaries = markup.Summaries()

    def made(events, memory: Memory) -> str:
        return turtle.events_turtle(events, site_url, release, summaries, memory, [])

    memory = Memory()
    before = made(chronology, memory)
    memory.sweep()
    first, *others = chronology.events
    retitled = dataclasses.replace(first, title=Localized.of({**dict(first.title.texts), "en": 'New "title"'},
                                                             first.title.site))
    edited = dataclasses.replace(chronology, events=(retitled, *others))
    kept = {event.id: memory.turtle_parts.get((event.id, site_url), event) for event in others}
    after = made(edited, memory)
    assert all(memory.turtle_parts.get((event.id, site_url), event) is kept[event.id] for event in others)
    assert after == made(edited, Memory()) != before
    assert memory.turtle_parts.get((first.id, site_url), first) is None
    assert made(edited, memory) == made(edited, memory), "the same data, the same bytes"
