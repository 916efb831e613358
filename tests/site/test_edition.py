"""The PDF edition of each language (issue 28): read back with pypdf from the real site's build.

What a reader of the book relies on is checked on the PDF itself, not on what was meant to go into it: every
event's title is on the page the table of contents (its year) and the indexes (its people, organisations and
places) say; the fonts are embedded; the document's language, title, version and outline are set; it is a
tagged PDF/UA-1 file. And how the build makes it: linked with its size, kept while nothing it shows changes,
left out with ``--no-pdf``, a renderer failure a one-line error that leaves the site as it was.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pypdf
import pytest
import yaml
from lxml import html

from culturelinks.site.edition import az_soft_hyphens, rich_text

from ..conftest import BuiltSites

LANGS = ("az", "ru", "en")


def normalized(text: str) -> str:
    """Text as the tests compare it: no soft hyphens, a word broken at a line end joined, one space for any run
    of white space (no-break ones included), NFC."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u2010", "-")
    text = re.sub(r"-\n(?=[^\W\d_])", "", text)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


@cache
def reader(pdf: Path):
    return pypdf.PdfReader(str(pdf))


@cache
def page_texts(pdf: Path) -> tuple[str, ...]:
    return tuple(normalized(page.extract_text() or "") for page in reader(pdf).pages)


def book(built_sites: BuiltSites, lang: str) -> Path:
    found = built_sites.plain.root / lang / f"chronology-{lang}.pdf"
    assert found.is_file(), f"the build wrote no {found}"
    return found


@cache
def dataset() -> dict:
    from tests.web import harness

    return yaml.safe_load(harness.dataset_path().read_text(encoding="utf-8"))


def picked(localized: dict, lang: str) -> str:
    """A text in ``lang``, or in the language the site falls back to (as Localized.pick)."""
    for code in (lang, "en", "ru", "az"):
        if localized.get(code):
            return localized[code]
    raise AssertionError(localized)


def squeezed(text: str) -> str:
    """Text without white space and hyphens: a line may break a title after any hyphen, which the extracted text
    cannot tell from a hyphen the title has, so the tests compare texts without either."""
    return re.sub(r"[\s\u00a0\u202f\u00ad\u2010\u2011-]+", "", unicodedata.normalize("NFC", text))


def pages_with(texts: tuple[str, ...], wanted: str) -> list[int]:
    """The 1-based pages whose text holds ``wanted``."""
    needle = squeezed(wanted)
    return [number for number, text in enumerate(texts, 1) if needle in squeezed(text)]


def printed_page_number(texts: tuple[str, ...], physical: int) -> int:
    """The number printed on a page: the title page has none, the next is 1."""
    return physical - 1


# -- the text helpers --------------------------------------------------------------------------------------

def test_azerbaijani_words_break_between_syllables():
    assert az_soft_hyphens("mədəniyyət") == "mə\u00addə\u00adniy\u00adyət"
    assert az_soft_hyphens("Azərbaycan kitabxanası") == "Azər\u00adbay\u00adcan ki\u00adtab\u00adxa\u00adna\u00adsı"
    assert az_soft_hyphens("UNESCO 2011 ilə") == "UNESCO 2011 ilə"  # capitals, numbers and short words stay


def test_rich_text_keeps_structure_and_languages():
    nodes = rich_text('<p>The <i lang="az">Ocaq</i> society, <a href="https://x.org/">site</a>.</p>'
                      "<ul><li>one</li><li>two</li></ul>", "en")
    assert nodes == [{"k": "p", "c": ["The ", {"k": "em", "c": ["Ocaq"], "lang": "az"}, " society, ",
                                      {"k": "a", "c": ["site"], "href": "https://x.org/"}, "."]},
                     {"k": "ul", "c": [{"k": "li", "c": ["one"]}, {"k": "li", "c": ["two"]}]}]
    assert rich_text("<p>mədəniyyət #set $x$</p>", "az") == [{"k": "p", "c": ["mə\u00addə\u00adniy\u00adyət #set $x$"]}]


# -- the books of the real site ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_book_states_its_language_title_version_and_is_tagged(built_sites: BuiltSites, lang: str):
    pdf = reader(book(built_sites, lang))
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == lang
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], "a tagged PDF"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part>1<" in xmp or 'pdfuaid:part="1"' in xmp, "PDF/UA-1"
    release = yaml.safe_load((Path(__file__).resolve().parents[2] / "CITATION.cff").read_text(encoding="utf-8"))
    timeline = html.fromstring((built_sites.plain.root / lang / "index.html").read_bytes())
    site_title = timeline.xpath('//meta[@property="og:site_name"]/@content')[0]
    assert normalized(pdf.metadata.title) == normalized(site_title)
    assert normalized(site_title) in page_texts(book(built_sites, lang))[0]
    assert release["version"] in (pdf.metadata.get("/Keywords") or "")
    assert release["version"] in page_texts(book(built_sites, lang))[0], "the title page names the version"


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded(built_sites: BuiltSites, lang: str):
    fonts = {}
    for page in reader(book(built_sites, lang)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = bool(descriptor) and any(
                name in descriptor.get_object() for name in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert any("DejaVuSerif" in name for name in fonts)


@pytest.mark.parametrize("lang", LANGS)
def test_outline_holds_the_decades_and_years_where_their_events_are(built_sites: BuiltSites, lang: str):
    pdf_path = book(built_sites, lang)
    pdf, texts = reader(pdf_path), page_texts(pdf_path)
    years: dict[str, int] = {}

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            elif depth == 1 and re.fullmatch(r"\d{4}", item.title):
                years[item.title] = pdf.get_destination_page_number(item) + 1

    walk(pdf.outline, 0)
    site_years = sorted(path.name for path in (built_sites.plain.root / lang / "years").iterdir()
                        if path.name.isdigit())
    assert sorted(years) == site_years, "the outline has every year the site has, and no other"
    for year, page in years.items():
        assert year in texts[page - 1], f"the outline's {year} points at page {page}, which does not show it"
        titles = listed_titles(built_sites.plain.root / lang / "years" / year / "index.html")
        assert pages_with(texts[page - 1:page + 1], titles[0]), f"the first event of {year} is not on page {page}"


def listed_titles(page: Path) -> list[str]:
    """The titles of the events a listing page of the site shows, in its order."""
    tree = html.fromstring(page.read_bytes())
    return [normalized(title.text_content()) for title in tree.xpath('//*[contains(@class, "entry-title")]')]


def event_titles(root: Path, lang: str) -> dict[str, str]:
    """Each event's title as its page on the site shows it."""
    return {page.parent.name: normalized(html.fromstring(page.read_bytes()).xpath("//h1")[0].text_content())
            for page in sorted((root / lang / "events").glob("*/index.html"))}


@pytest.mark.parametrize("lang", LANGS)
def test_every_event_title_is_in_the_book_once(built_sites: BuiltSites, lang: str):
    texts = page_texts(book(built_sites, lang))
    titles = event_titles(built_sites.plain.root, lang)
    assert len(titles) == len(dataset()["events"])
    for event_id, title in titles.items():
        assert pages_with(texts, title), f"{event_id}: {title!r} is on no page of the {lang} book"


@pytest.mark.parametrize("lang", LANGS)
def test_table_of_contents_prints_the_pages_of_the_outline(built_sites: BuiltSites, lang: str):
    pdf_path = book(built_sites, lang)
    pdf, texts = reader(pdf_path), page_texts(pdf_path)
    contents = " ".join(text for text in texts[1:4])
    checked = 0

    def walk(items):
        nonlocal checked
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            page = printed_page_number(texts, pdf.get_destination_page_number(item) + 1)
            title = normalized(item.title)
            found = re.search(re.escape(title) + r"[ .]*(\d+)", contents)
            if found and re.fullmatch(r"\d{4}", title):
                assert int(found.group(1)) == page, f"the contents give {title} page {found.group(1)}, not {page}"
                checked += 1

    walk(pdf.outline)
    assert checked, "the table of contents lists the years with their pages"


def site_index(root: Path, lang: str, kind: str) -> dict[str, list[str]]:
    """The site's index of ``kind`` (people, organisations, places): each name as it lists it, with the titles of
    the events its page lists. The book's indexes must say the same."""
    index = html.fromstring((root / lang / kind / "index.html").read_bytes())
    found = {}
    for link in index.xpath('//li/a[following-sibling::span[@class="entity-count"]]'):
        page = html.fromstring((root / link.get("href").strip("/") / "index.html").read_bytes())
        found[normalized(link.text_content())] = [normalized(title.text_content())
                                                  for title in page.xpath('//*[contains(@class, "entry-title")]')]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_indexes_give_the_pages_of_the_events_that_name_each_entry(built_sites: BuiltSites, lang: str):
    """Each name of the site's indexes of people, organisations and places is in the book's, with the printed
    numbers of the pages its events' titles are on: each event on one of them, each of them showing one."""
    pdf_path = book(built_sites, lang)
    pdf, texts = reader(pdf_path), page_texts(pdf_path)
    top = [item for item in pdf.outline if not isinstance(item, list)]
    starts = [pdf.get_destination_page_number(item) for item in top[-3:]] + [len(texts)]
    # Each page without its number, the last line: it would run on from the page's last entry.
    bodies = [re.sub(r"\s*\d+$", "", text) for text in texts]
    regions = [" ".join(bodies[start:end + 1]) for start, end in zip(starts, starts[1:])]
    checked = 0
    for kind, region in zip(("people", "organisations", "places"), regions):
        for name, titles in site_index(built_sites.plain.root, lang, kind).items():
            found = re.search(re.escape(squeezed(name)) + r"((?:\d+,)*\d+)", squeezed(region))
            assert found, f"{name!r} is not in the {kind} index of the {lang} book"
            listed = {int(number) for number in found.group(1).split(",")}
            title_pages = [{printed_page_number(texts, page) for page in pages_with(texts, title)}
                           for title in titles]
            assert all(pages & listed for pages in title_pages), \
                f"{name}: the index says {sorted(listed)}, its events are on {title_pages}"
            assert listed <= set().union(*title_pages), f"{name}: {sorted(listed)} against {title_pages}"
            checked += 1
    assert checked > 20


# -- the build ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_footer_and_open_data_page_link_the_book_with_its_size(built_sites: BuiltSites, lang: str):
    root = built_sites.plain.root
    size = (root / lang / f"chronology-{lang}.pdf").stat().st_size
    megabytes = f"{max(round(size / 1e6, 1), 0.1):.1f}".replace(".", "," if lang != "en" else ".")
    for page in (root / lang / "index.html", root / lang / "data" / "index.html"):
        tree = html.fromstring(page.read_bytes())
        links = tree.xpath(f'//a[@type="application/pdf"][@href="/{lang}/chronology-{lang}.pdf"]')
        assert links, f"{page} does not link the book"
        assert megabytes in tree.text_content(), f"{page} does not give its size ({megabytes})"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """``culturelinks …`` as a user runs it, in the working directory (the scratch ``project``)."""
    return subprocess.run([sys.executable, "-m", "culturelinks", *args], capture_output=True, text=True,
                          timeout=600, check=False)


def test_typst_failure_is_one_line_and_keeps_the_site(project: Path):
    assert run_cli("build").returncode == 0
    before = {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()}
    template = project / "templates" / "edition" / "chronology.typ"
    template.write_text(template.read_text(encoding="utf-8") + "\n#unknown-function()\n", encoding="utf-8")
    failed = run_cli("build")
    assert failed.returncode != 0
    assert "Traceback" not in failed.stderr
    errors = [line for line in failed.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "PDF edition" in errors[0] and "unknown variable" in errors[0], failed.stderr
    assert "the previous site is untouched" in errors[0]
    after = {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()}
    assert after == before


def test_no_pdf_leaves_the_books_out_and_unlinked(project: Path):
    assert run_cli("build", "--no-pdf").returncode == 0
    assert not list((project / "output").rglob("*.pdf"))
    assert b"application/pdf" not in (project / "output" / "en" / "index.html").read_bytes()


def test_an_unchanged_book_is_kept_without_compiling(project: Path, monkeypatch: pytest.MonkeyPatch):
    from culturelinks.build import build_site
    from culturelinks.output import pdf

    build_site(project / "output")
    first = (project / "output" / "ru" / "chronology-ru.pdf").read_bytes()
    style = project / "static" / "css" / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise AssertionError("compiled a book that did not change")

    monkeypatch.setattr(pdf, "compile_books", refuse)
    result = build_site(project / "output")
    assert not result.up_to_date
    assert (project / "output" / "ru" / "chronology-ru.pdf").read_bytes() == first
    data = project / "data" / "events.yaml"  # and a change the book shows does compile it
    data.write_text(data.read_text(encoding="utf-8").replace("Ocaq", "Odjag", 1), encoding="utf-8")
    with pytest.raises(Exception, match="compiled a book that did not change"):
        build_site(project / "output")


# -- volumes -----------------------------------------------------------------------------------------------

class Listed:
    """The two things ``volumes`` asks of the views: the years, and the events each list holds (counted)."""

    def __init__(self, per_year: dict[int, int], bounded: int = 0):
        self.years = tuple(per_year)
        self._lists = {("year", year): [None] * count for year, count in per_year.items()}
        self._lists[("bounds",)] = [None] * bounded

    def listed(self, name):
        return self._lists[name]


def test_a_chronology_within_the_limit_is_one_volume():
    from culturelinks.site.edition import Volume, volumes

    assert volumes(Listed({1991: 3, 2005: 4}, bounded=2), 9) == [Volume(1, (1991, 2005), True)]


def test_volumes_take_whole_decades_and_split_only_a_decade_too_large():
    from culturelinks.site.edition import Volume, volumes

    found = volumes(Listed({1989: 2, 1991: 3, 1995: 3, 2001: 4, 2002: 4, 2003: 4, 2011: 1, 2020: 2}, bounded=1), 8)
    assert found == [Volume(1, (1989, 1991, 1995), False),  # the 1980s and 1990s together: 8
                     Volume(2, (2001, 2002), False),  # the 2000s (12) by years, as many as fit
                     Volume(3, (2003, 2011, 2020), True)]  # its last year, the 2010s, 2020s and those within bounds
    assert volumes(Listed({1991: 8}, bounded=3), 8)[-1] == Volume(2, (), True)  # no room left: a volume of their own


def test_a_long_chronology_comes_in_volumes_each_event_in_one(project: Path):
    """With at most two events a volume, the fixture's three (1989, 1997, 2007) make two volumes: the 1980s and
    1990s, then the 2000s. The first has the introduction and the map; each lists both; each event is in one;
    the Open data page links both and the footer says how many there are."""
    from culturelinks.build import build_site

    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nCULTURELINKS_PDF_VOLUME_EVENTS = 2\n")
    build_site(project / "output")
    root = project / "output"
    books = sorted((root / "en").glob("*.pdf"))
    assert [book.name for book in books] == ["chronology-en-2.pdf", "chronology-en.pdf"]
    first, second = page_texts(root / "en" / "chronology-en.pdf"), page_texts(root / "en" / "chronology-en-2.pdf")
    assert "Volume 1 of 2" in first[0] and "1989–1997" in first[0]
    assert "Volume 2 of 2" in second[0] and "2007" in second[0]
    for texts in (first, second):
        assert "Volume 1 of 2: 1989–1997 (chronology-en.pdf)" in " ".join(texts[1:3])
    assert "Introduction" in " ".join(first) and "Introduction" not in " ".join(second)
    titles = event_titles(root, "en")
    for event_id, title in titles.items():
        found = [name for name, texts in (("first", first), ("second", second)) if pages_with(texts, title)]
        assert len(found) == 1, f"{event_id} is in {found}"
    data = html.fromstring((root / "en" / "data" / "index.html").read_bytes())
    assert data.xpath('//a[@type="application/pdf"]/@href') == ["/en/chronology-en.pdf", "/en/chronology-en-2.pdf"]
    timeline = html.fromstring((root / "en" / "index.html").read_bytes())
    assert timeline.xpath('//footer//a[@href="/en/data/#book"]/text()') == ["The chronology as a book (PDF, 2 volumes)"]


def test_a_character_the_fonts_lack_is_replaced_and_named(project: Path):
    """The site shows any text check accepts; DejaVu has no Egyptian hieroglyphs, and PDF/UA-1 refuses a text it
    cannot show: the book prints U+FFFD for it, and the build says so."""
    data = project / "data" / "events.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("The Ocaq Azerbaijani Cultural Society", "The Ocaq Society \U00013000", 1),
                    encoding="utf-8")
    built = run_cli("build")
    assert built.returncode == 0, built.stderr
    assert "cannot show U+13000 with its fonts" in built.stderr and "en/chronology-en.pdf" in built.stderr
    assert "The Ocaq Society \ufffd" in " ".join(page_texts(project / "output" / "en" / "chronology-en.pdf"))


def test_a_zero_width_no_break_space_is_printed_as_a_word_joiner(project: Path):
    """``check`` refuses U+FEFF in the data, but a Markdown page may hold one (a byte order mark mid-file, where
    files were joined); PDF/UA-1 forbids that codepoint, so the book prints U+2060 WORD JOINER, its meaning since
    Unicode 3.2, and the build succeeds."""
    page = project / "content" / "pages" / "book-introduction.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("This book is a chronology", "This book\ufeff is a chronology", 1), encoding="utf-8")
    built = run_cli("build")
    assert built.returncode == 0, built.stderr
    assert re.search("This book\u2060? is a chronology", " ".join(page_texts(project / "output" / "en" / "chronology-en.pdf")))
