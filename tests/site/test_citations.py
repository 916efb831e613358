"""Issue 25, "Cite this event": every event page ends with its citation in the page language's convention, and
beside it BibTeX, RIS and CSL-JSON files that other citation libraries read back to the same title, date,
address and language; the head carries the ``citation_*`` tags Zotero reads.

The citation is citeproc-py's rendering of a frame per language (site.citations); these tests render every
event's in full with citeproc too, and compare."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from bibtexparser import middlewares
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from culturelinks.build import build_site
from culturelinks.data.release import Editor, Release, read_release
from culturelinks.site import citations

from ..conftest import missing_tool
from .conftest import FIXTURE_DATA, ROOT, SETTINGS

BASE_URL = "https://example.org/culturelinks"
RELEASE = read_release(ROOT / "CITATION.cff")
READBACK = Path(__file__).with_name("citation_readback.js")
CITATION_JS = ROOT / "node_modules" / "@citation-js" / "core"
SITE_TITLES = {"az": "Rusiya-Azərbaycan mədəni əlaqələri", "ru": "Российско-азербайджанские культурные связи",
               "en": "Russian–Azerbaijani cultural relations"}
HEADINGS = {"az": "Bu hadisəyə necə istinad etməli", "ru": "Как сослаться на эту страницу", "en": "Cite this event"}

#: Titles a citation file must carry intact: quotes of each language, braces, LaTeX's and HTML's specials, ə, ğ,
#: ı and Cyrillic, a question mark where the style puts its period.
HOSTILE_TITLES = {
    "ocaq-society": {"az": "“Ocaq” {cəmiyyəti} & 100% ğ ı ə \\ #1 ~ ^ _ $",
                     "ru": "Общество «Очаг» {в Москве} & 100% „ёлка“ \\ #1?",
                     "en": 'The "Ocaq" society {Moscow} & <b>bold</b> 100% \\ #1 ~ ^ _ $ – Şəki?'},
}


def _hostile_data(folder: Path) -> Path:
    data = yaml.safe_load(FIXTURE_DATA.read_text(encoding="utf-8"))
    for event in data["events"]:
        if event["id"] in HOSTILE_TITLES:
            event["title"] = HOSTILE_TITLES[event["id"]]
    path = folder / "events.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real dataset, the fixture and the fixture with hostile titles, each built with an absolute base URL, as
    published."""
    folder = tmp_path_factory.mktemp("citations")
    built = {}
    for name, data in (("real", ROOT / "data" / "events.yaml"), ("hostile", _hostile_data(folder)),
                       ("fixture", FIXTURE_DATA)):
        built[name] = folder / name
        build_site(built[name], data, BASE_URL, settings_file=SETTINGS)
    return built


def _event_pages(site: Path) -> list[tuple[str, str, Path]]:
    return [(page.parts[-4], page.parts[-2], page) for page in sorted(site.glob("*/events/*/index.html"))]


def _cited(page: Path) -> dict[str, str]:
    """What the page's head says of it, for Zotero: the citation_* tags."""
    head = html.fromstring(page.read_bytes()).head
    tags: dict[str, str] = {}
    for meta in head.iter("meta"):
        name = meta.get("name", "")
        if name.startswith("citation_") and name not in tags:
            tags[name] = meta.get("content")
    return tags


def test_every_event_page_ends_with_its_citation_in_the_page_language(sites):
    pages = _event_pages(sites["real"])
    assert len(pages) == 3 * 46
    for lang, event_id, page in pages:
        root = html.fromstring(page.read_bytes())
        article = root.find(".//article")
        sections = article.findall("section")
        assert sections[-1].get("class") == "cite", page  # the article's last section
        assert sections[-1].findtext("h2") == HEADINGS[lang]
        citation = sections[-1].find("p[@class='citation']").text_content()
        title = root.findtext(".//h1").replace("\u00a0", " ")
        url = f"{BASE_URL}/{lang}/events/{event_id}/"
        for part in (title if lang != "en" else title.replace("“", "‘").replace("”", "’"), SITE_TITLES[lang],
                     RELEASE.version, url, "culturelinks"):
            # (Chicago's period goes inside a closing inner quote: ‘…’.” is written ….’”)
            assert part in citation.replace("\u00a0", " ").replace(".’”", "’.”"), (page, part, citation)
        links = [link.get("href") for link in sections[-1].iter("a")]
        assert links == [f"{BASE_URL}/{lang}/events/{event_id}/{event_id}.{extension}"
                         for extension in ("bib", "ris", "json")]


GOLDEN = {
    "ru": "Азербайджанское культурное общество «Очаг». – Текст : электронный // Российско-азербайджанские "
          "культурные связи : [сайт] / culturelinks. – Версия {version}. – {year}. – {ru_day} – URL: "
          "https://example.org/culturelinks/ru/events/ocaq-society/.",
    "az": "“Ocaq” Azərbaycan Mədəniyyət Cəmiyyəti [Elektron resurs] // Rusiya-Azərbaycan mədəni əlaqələri : [sayt] "
          "/ culturelinks. – Versiya {version}. – {year}. – {az_day}. – URL: "
          "https://example.org/culturelinks/az/events/ocaq-society/.",
    "en": "“The Ocaq Azerbaijani Cultural Society.” In Russian–Azerbaijani cultural relations. Version {version}. "
          "culturelinks, {en_day}. https://example.org/culturelinks/en/events/ocaq-society/.",
}
#: GOST R 7.0.12-2011's abbreviations of the months (genitive), as GOST R 7.0.100-2018 descriptions write them.
RU_MONTHS = ("янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.", "нояб.", "дек.")
AZ_MONTHS = ("yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr",
             "dekabr")


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_the_citation_reads_as_its_convention_writes_it(sites, lang):
    page = html.fromstring((sites["fixture"] / lang / "events" / "ocaq-society" / "index.html").read_bytes())
    citation = page.find(".//p[@class='citation']")
    day = RELEASE.date
    assert citation.text_content().replace("\u00a0", " ") == GOLDEN[lang].format(
        version=RELEASE.version, year=day.year, ru_day=f"{day.day} {RU_MONTHS[day.month - 1]}".removesuffix(".") + ".",
        az_day=f"{day.day} {AZ_MONTHS[day.month - 1]}", en_day=day.strftime("%B %-d, %Y"))
    if lang == "en":
        assert citation.find("i").text == SITE_TITLES["en"]  # the site's title in italics, as Chicago sets it
    assert "\u00a0– " in citation.text_content() or lang == "en"  # GOST's areas: the dash keeps to what it ends


def _cited_page(lang: str, title: str, editors: tuple[Editor, ...] = RELEASE.editors) -> citations.CitedPage:
    release = Release(RELEASE.version, RELEASE.date, editors, RELEASE.licence, RELEASE.licence_url)
    return citations.CitedPage.of(lang, "an-event", title, lang, SITE_TITLES[lang], release,
                                  f"{BASE_URL}/{lang}/events/an-event/")


def test_each_page_citation_is_citeprocs_own_rendering(sites):
    """The frame filled in equals citeproc's rendering of the whole item, for every event of both sites."""
    compared = 0
    for site in sites.values():
        for lang, event_id, page in _event_pages(site):
            shown = html.fromstring(page.read_bytes()).find(".//p[@class='citation']")
            cited = _cited(page)
            item = citations.CitedPage.of(lang, event_id, cited["citation_title"], cited["citation_language"],
                                          cited["citation_publisher"], RELEASE, cited["citation_public_url"])
            full = citations.render_with_citeproc(item, lang)
            assert html.tostring(shown, encoding="unicode", with_tail=False) == f'<p class="citation">{full}</p>'
            compared += 1
    assert compared == 3 * 46 + 2 * 3 * 3  # a fixture event without a Russian title falls back to another: still cited


_TEXT = st.text(st.sampled_from(list("aəğıöşçüАяЁё \"'“”«»„‘’{}\\%&#_$~^<>?!….–-:;/")), min_size=1, max_size=40) \
    .map(str.strip).filter(bool)


@settings(max_examples=150, deadline=None)
@given(title=_TEXT, lang=st.sampled_from(["az", "ru", "en"]),
       person=st.booleans())
def test_the_frame_and_a_full_rendering_agree_for_any_title(title, lang, person):
    editors = (Editor(family="Məmmədova", given="Leyla"), Editor(family="Иванов", given="Иван")) if person \
        else RELEASE.editors
    page = _cited_page(lang, title, editors)
    assert citations.citation_html(page, lang) == citations.render_with_citeproc(page, lang)


def test_people_are_the_editors_and_a_body_the_publisher():
    """"ред." and "edited by" introduce people; a body among CITATION.cff's authors (the project, while the
    editors are not named) is given as the one responsible, without a role word, or as the publisher."""
    editors = (Editor(family="Məmmədova", given="Leyla"), Editor(family="Иванов", given="Иван"),
               Editor(name="culturelinks"))
    shown = {lang: str(citations.citation_html(_cited_page(lang, "Title", editors), lang)).replace("\u00a0", " ")
             for lang in ("az", "ru", "en")}
    assert "[сайт] / ред. L. Məmmədova, И. Иванов ; culturelinks. – Версия" in shown["ru"]
    assert "[sayt] / red. L. Məmmədova, И. Иванов ; culturelinks. – Versiya" in shown["az"]
    assert "edited by Leyla Məmmədova and Иван Иванов. Version 1.0.0. culturelinks, " in shown["en"].replace(
        RELEASE.version, "1.0.0")
    alone = {lang: str(citations.citation_html(_cited_page(lang, "Title", (Editor(name="culturelinks"),)), lang))
             for lang in ("az", "ru", "en")}
    assert "ред." not in alone["ru"] and "red." not in alone["az"] and "edited by" not in alone["en"]


def test_a_title_s_question_mark_is_not_followed_by_the_style_s_period():
    for lang in ("az", "ru", "en"):
        text = str(citations.citation_html(_cited_page(lang, "Who?"), lang))
        assert "?." not in text and "?”." not in text and "Who?" in text


def _files(site: Path, extension: str) -> list[Path]:
    return sorted(site.glob(f"*/events/*/*.{extension}"))


def _expected(page_file: Path) -> dict[str, str]:
    """What the event page's head says its citation files hold."""
    return _cited(page_file.with_name("index.html"))


def test_bibtex_files_read_back_with_bibtexparser(sites):
    for site in sites.values():
        files = _files(site, "bib")
        assert len(files) == len(_event_pages(site))
        for file in files:
            library = bibtexparser.parse_string(file.read_text(encoding="utf-8"),
                                                append_middleware=[middlewares.LatexDecodingMiddleware()])
            assert not library.failed_blocks and len(library.entries) == 1, file
            entry = library.entries[0]
            expected = _expected(file)
            assert entry.entry_type == "online"
            # LaTeX's \textasciicircum, the one way to print ^ in text, pylatexenc decodes as ˆ (U+02C6)
            assert entry["title"].replace("ˆ", "^") == expected["citation_title"], file
            assert entry["date"] == expected["citation_date"].replace("/", "-")
            assert entry["url"] == expected["citation_public_url"]
            assert entry["language"] == expected["citation_language"]
            assert entry["version"] == RELEASE.version


def test_ris_files_read_back_with_rispy(sites):
    for site in sites.values():
        for file in _files(site, "ris"):
            assert b"\r\n" in file.read_bytes()
            with file.open(encoding="utf-8", newline="") as stream:
                (record,) = rispy.load(stream)
            expected = _expected(file)
            assert record["type_of_reference"] == "ELEC"
            assert record["title"] == expected["citation_title"], file
            assert record["date"] == expected["citation_date"]
            assert record["urls"] == [expected["citation_public_url"]]
            assert record["language"] == expected["citation_language"]
            assert record["edition"] == RELEASE.version


def test_csl_json_files_are_the_item_cited(sites):
    for site in sites.values():
        for file in _files(site, "json"):
            (item,) = json.loads(file.read_text(encoding="utf-8"))
            expected = _expected(file)
            assert (item["title"], item["URL"], item["language"]) == (
                expected["citation_title"], expected["citation_public_url"], expected["citation_language"])
            assert item["issued"] == {"date-parts": [[RELEASE.date.year, RELEASE.date.month, RELEASE.date.day]]}


def test_every_file_reads_back_with_citation_js(sites):
    """citation.js, a JavaScript library that shares no code with the writer, reads every file to the same
    title, date, address and language."""
    if shutil.which("node") is None or not CITATION_JS.is_dir():
        missing_tool("node and citation.js (npm ci) read the citation files back")
    files = [file for site in sites.values() for extension in ("bib", "ris", "json") for file in _files(site, extension)]
    result = subprocess.run(["node", str(READBACK)], input=json.dumps([str(file) for file in files]), text=True,
                            capture_output=True, timeout=300, cwd=ROOT, check=True)
    read = json.loads(result.stdout)
    assert len(read) == len(files)
    day = [RELEASE.date.year, RELEASE.date.month, RELEASE.date.day]
    for record in read:
        expected = _expected(Path(record["path"]))
        assert "error" not in record and record["count"] == 1, record
        assert record["type"] == "webpage", record
        assert record["title"] == expected["citation_title"], record
        assert record["issued"] == {"date-parts": [day]}, record
        assert record["URL"] == expected["citation_public_url"], record
        assert record["language"] == expected["citation_language"], record


def test_the_head_says_what_zotero_needs(sites):
    for lang, event_id, page in _event_pages(sites["hostile"]):
        cited = _cited(page)
        assert cited["citation_public_url"] == f"{BASE_URL}/{lang}/events/{event_id}/"
        assert cited["citation_date"] == RELEASE.date.strftime("%Y/%m/%d")
        assert cited["citation_publisher"] == SITE_TITLES[lang]
        head = html.fromstring(page.read_bytes()).head
        assert [meta.get("content") for meta in head.iter("meta") if meta.get("name") == "citation_editor"] \
            == [editor.inverted for editor in RELEASE.editors if editor.is_person]  # a body is the site's publisher
        assert head.find("meta[@property='og:site_name']").get("content") == SITE_TITLES[lang]
        assert not [meta for meta in head.iter("meta")
                    if meta.get("name") in ("citation_journal_title", "citation_book_title")]
    titles = {(lang, event_id): _cited(page)["citation_title"] for lang, event_id, page in _event_pages(sites["hostile"])}
    assert titles[("ru", "ocaq-society")] == HOSTILE_TITLES["ocaq-society"]["ru"]
    assert titles[("az", "ocaq-society")] == HOSTILE_TITLES["ocaq-society"]["az"]
    assert titles[("en", "ocaq-society")] == HOSTILE_TITLES["ocaq-society"]["en"].replace('"Ocaq"', "“Ocaq”")


def test_a_new_release_changes_every_citation(project):
    """The version and the date come from CITATION.cff alone: a release edits that file and every citation,
    file and tag follows, in an incremental build too."""
    assert subprocess.run([sys.executable, "-m", "culturelinks", "build"], capture_output=True, timeout=300).returncode == 0
    release = project / "CITATION.cff"
    release.write_text(release.read_text(encoding="utf-8").replace(f'version: "{RELEASE.version}"', 'version: "9.8.7"')
                       .replace(f'date-released: "{RELEASE.date.isoformat()}"', 'date-released: "2031-02-03"'),
                       encoding="utf-8")
    assert subprocess.run([sys.executable, "-m", "culturelinks", "build"], capture_output=True, timeout=300).returncode == 0
    for page in sorted((project / "output").glob("*/events/*/index.html")):
        text = page.read_text(encoding="utf-8")
        assert "9.8.7" in text and RELEASE.version not in text.split('class="cite"')[1], page
        assert '<meta name="citation_date" content="2031/02/03">' in text
        event_id = page.parent.name
        assert "9.8.7" in (page.parent / f"{event_id}.bib").read_text(encoding="utf-8")
        assert "ET  - 9.8.7" in (page.parent / f"{event_id}.ris").read_text(encoding="utf-8")
        assert "2031" in (page.parent / f"{event_id}.json").read_text(encoding="utf-8")
