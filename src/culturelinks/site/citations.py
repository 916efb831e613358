"""How to cite an event page: the citation in the page language's scholarly convention, and the files a
reference manager imports (BibTeX, RIS, CSL-JSON), all from one ``CitedPage``.

The citation is rendered by citeproc-py from the house CSL styles in ``styles/`` (their README says why
each): GOST R 7.0.100-2018 on Russian pages, the Azerbaijani GOST-family form of AAK and AZS 754-2013 on
Azerbaijani pages, Chicago 18 (a bibliography entry) on English and any other. Where citeproc-py needs
help, it gets it here, and only here:

- its HTML formatter does not escape the values it is given: they are escaped before it sees them;
- it applies neither CSL's punctuation-in-quote nor inner-quote flipping: English titles are handed in with
  their inner quotes single (‘ ’), and a period after a closing inner quote goes inside it (``.’”``);
- "?." and "!." where a title's own mark meets the style's period keep the title's mark alone (GOST and
  Chicago both say so);
- no-break spaces are set after rendering, as everywhere on the site (``text.typography``).

Every event page's citation differs from its neighbours' only in the title and the address, so citeproc
renders each language's citation once, with markers in place of those two, and each page's is that frame
with its own title and address put in (then the rules above): 3 renderings per build instead of 3 per event
(citeproc-py takes about 1 ms an item). ``render_with_citeproc`` renders one page's in full, and
tests/site/test_citations.py proves the two agree for every event, and for titles with quotes, braces,
marks and scripts of every kind.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..data.release import Editor, Release
from ..text import typography
from ..text.indented import indented_json

STYLE_FOLDER = Path(__file__).parent / "styles"


@dataclass(frozen=True, slots=True)
class CitationStyle:
    """A language's convention: its CSL file and CSL locale."""

    file: str
    locale: str
    #: How the convention writes the date a reader consulted the page, for them to add (a static page cannot
    #: know it); None when the convention needs none for a dated page.
    access: str | None = None


#: The convention of each page language; any other language cites as English does.
STYLES = {
    "ru": CitationStyle("culturelinks-gost-r-7-0-100-2018.csl", "ru-RU", "(дата обращения: ДД.ММ.ГГГГ)"),
    "az": CitationStyle("culturelinks-az-aak.csl", "az-AZ", "(müraciət tarixi: GG.AA.İİİİ)"),
    "en": CitationStyle("culturelinks-chicago-notes-bibliography.csl", "en-US"),
}
#: biblatex's language ids (``langid``, which also chooses hyphenation), by language code.
BIBLATEX_LANGUAGES = {"az": "azerbaijani", "ru": "russian", "en": "english"}

_TITLE_MARK, _URL_MARK = "\ue000", "\ue001"
#: A title's own ? ! or … followed by the style's period (outside a closing quote, or inside one).
_DOUBLED_STOP = re.compile(r"([?!…])([’”»“]?)\.")
#: A title ending in punctuation, which citeproc joins with the style's own (a period after a period): such a
#: title is rendered in full, since the frame cannot show citeproc where the title ends.
_ENDS_IN_PUNCTUATION = re.compile(r"[.?!…:;,][’”»“\"')\]]*\Z")


def style_of(lang: str) -> CitationStyle:
    return STYLES.get(lang, STYLES["en"])


@dataclass(frozen=True, slots=True)
class CitedPage:
    """What a citation of one event page says: the page's title (in the language it is really in), the site,
    its editors, the dataset's version and release date, and the page's permanent address."""

    #: The language of the page, whose convention the citation follows.
    lang: str
    key: str
    title: str
    #: The language the title is in (another than ``lang`` while a translation is missing).
    title_lang: str
    site_title: str
    editors: tuple[Editor, ...]
    version: str
    released: dt.date
    url: str

    @classmethod
    def of(cls, lang: str, event_id: str, title: str, title_lang: str, site_title: str, release: Release,
           url: str) -> CitedPage:
        return cls(lang, f"culturelinks-{event_id}-{lang}", plain(title), title_lang, plain(site_title),
                   release.editors, release.version, release.date, url)

    def csl_item(self) -> dict[str, object]:
        """The page as CSL-JSON (a ``webpage`` of the site, edited by the editors who are people; an editor that
        is a body is the site's publisher: "ред." and "edited by" introduce people): what citeproc renders and
        what ``citation.json`` holds."""
        return {"id": self.key, "type": "webpage", "language": self.title_lang, "title": self.title,
                "container-title": self.site_title,
                **({"editor": people} if (people := [_csl_name(editor) for editor in self.editors
                                                     if editor.is_person]) else {}),
                **({"publisher": bodies} if (bodies := ", ".join(editor.display for editor in self.editors
                                                                 if not editor.is_person)) else {}),
                "version": self.version, "issued": {"date-parts": [[self.released.year, self.released.month,
                                                                     self.released.day]]},
                "URL": self.url}


def plain(text: str) -> str:
    """A shown text as files carry it: no-break spaces as plain ones (reference managers set their own)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _csl_name(editor: Editor) -> dict[str, str]:
    return {"family": editor.family or "", **({"given": editor.given} if editor.given else {})}


# -- the citation, rendered ----------------------------------------------------------------------------------

def citation_html(page: CitedPage, typography_style: str = "default") -> Markup:
    """The citation as the page shows it: citeproc's rendering of the language's frame, with the page's title
    and address in it (a title ending in punctuation: citeproc's rendering of the whole item)."""
    if _ENDS_IN_PUNCTUATION.search(page.title):
        return render_with_citeproc(page, typography_style)
    frame = _frame(page.lang, page.site_title, page.editors, page.version, page.released)
    filled = frame.replace(_TITLE_MARK, html.escape(_title_for_style(page.title, page.lang), quote=False)) \
        .replace(_URL_MARK, html.escape(page.url, quote=False))
    return Markup(_finish(filled, page.lang, typography_style))


def render_with_citeproc(page: CitedPage, typography_style: str = "default") -> Markup:
    """The citation rendered by citeproc for this one page, title and address included (what ``citation_html``
    must equal; the tests compare them)."""
    item = page.csl_item()
    item["title"] = _title_for_style(page.title, page.lang)
    return Markup(_finish(_render(item, page.lang), page.lang, typography_style))


@functools.lru_cache(maxsize=16)
def _frame(lang: str, site_title: str, editors: tuple[Editor, ...], version: str, released: dt.date) -> str:
    page = CitedPage(lang, "frame", _TITLE_MARK, lang, site_title, editors, version, released, _URL_MARK)
    rendered = _render(page.csl_item(), lang)
    if rendered.count(_TITLE_MARK) != 1 or rendered.count(_URL_MARK) != 1:
        raise AssertionError(f"the {lang} citation style does not print the title and the address once: {rendered}")
    return rendered


@functools.lru_cache(maxsize=8)
def _style(lang: str):
    from citeproc import CitationStylesStyle

    style = style_of(lang)
    with warnings.catch_warnings():  # an unknown CSL locale (az-AZ) falls back to en-US: the style has its terms
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(STYLE_FOLDER / style.file), locale=style.locale, validate=False)


def _render(item: dict[str, object], lang: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    escaped = {key: html.escape(value, quote=False) if isinstance(value, str) and key != "id" else value
               for key, value in item.items()}
    if "editor" in item:
        escaped["editor"] = [{key: html.escape(value, quote=False) for key, value in name.items()}
                             for name in item["editor"]]  # type: ignore[attr-defined]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(_style(lang), CiteProcJSON([escaped]), formatter.html)
        bibliography.register(Citation([CitationItem(str(item["id"]))]))
        return str(bibliography.bibliography()[0])


def _title_for_style(title: str, lang: str) -> str:
    """English citations quote the title with “ ”, so its own quotes become single ones."""
    if style_of(lang) is STYLES["en"]:
        return title.replace("“", "‘").replace("”", "’")
    return title


def _finish(rendered: str, lang: str, typography_style: str) -> str:
    text = _DOUBLED_STOP.sub(r"\1\2", rendered)
    if style_of(lang) is STYLES["en"]:
        text = text.replace("’.”", ".’”")
    text = text.replace(" – ", "\u00a0– ")  # GOST's area separator stays with what it ends
    return typography.typeset_html(text, typography_style)


# -- the files -------------------------------------------------------------------------------------------------

def csl_json(page: CitedPage) -> str:
    """``citation.json``: the page as a CSL-JSON list of one item (Zotero, Mendeley, citation.js, pandoc)."""
    return indented_json([page.csl_item()]) + "\n"


#: What LaTeX (and so BibTeX) reads as commands or structure in a value, and how to write each.
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_",
          "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_SPECIAL = re.compile(r"[\\{}%&#_$~^]")


def bibtex_value(text: str) -> str:
    """``text`` as a braced BibTeX value: LaTeX's special characters escaped; quotes, ə and Cyrillic as they are
    (biblatex with biber reads UTF-8)."""
    return "{" + _LATEX_SPECIAL.sub(lambda match: _LATEX[match.group()], text) + "}"


def _bibtex_name(editor: Editor) -> str:
    if not editor.is_person:
        return bibtex_value(editor.display)  # braced: a body's name is kept whole, not read as "Last, First"
    return bibtex_value(editor.inverted)[1:-1]


def bibtex(page: CitedPage) -> str:
    """``citation.bib``: a biblatex ``@online`` entry (Zotero, JabRef and citation.js import it as a web page)."""
    language = BIBLATEX_LANGUAGES.get(page.title_lang, page.title_lang)
    fields = [("title", bibtex_value(page.title)),
              ("editor", "{" + " and ".join(_bibtex_name(editor) for editor in page.editors) + "}"),
              ("organization", bibtex_value(page.site_title)),
              ("version", bibtex_value(page.version)),
              ("date", "{" + page.released.isoformat() + "}"),
              ("year", "{" + str(page.released.year) + "}"),
              ("url", "{" + page.url + "}"),  # read verbatim by biber; a site's address holds no brace
              ("langid", "{" + language + "}"),  # biblatex's id: hyphenation
              ("language", "{" + page.title_lang + "}")]  # what reference managers keep: the ISO code, as RIS's LA
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@online{{{page.key},\n{body}\n}}\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}\r\n"


def ris(page: CitedPage) -> str:
    """``citation.ris``: an RIS record of type ``ELEC`` (a web page), CRLF lines as the format asks."""
    lines = [_ris_line("TY", "ELEC"), _ris_line("TI", page.title), _ris_line("T2", page.site_title),
             *(_ris_line("A2", editor.inverted) for editor in page.editors),
             _ris_line("ET", page.version), _ris_line("PY", str(page.released.year)),
             _ris_line("DA", page.released.strftime("%Y/%m/%d")), _ris_line("UR", page.url),
             _ris_line("LA", page.title_lang), _ris_line("ID", page.key), "ER  - \r\n"]
    return "".join(lines)


@dataclass(frozen=True, slots=True)
class FileFormat:
    """A format of the citation files: its name on the page, its media type, and how a page is written in it."""

    label: str
    media_type: str
    write: Callable[[CitedPage], str]


#: The citation files beside each event page, by extension, in the order the page links them.
FILE_FORMATS = {"bib": FileFormat("BibTeX", "application/x-bibtex", bibtex),
                "ris": FileFormat("RIS", "application/x-research-info-systems", ris),
                "json": FileFormat("CSL-JSON", "application/vnd.citationstyles.csl+json", csl_json)}
