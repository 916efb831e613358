"""The chronology as a book: what one language's PDF edition holds (``edition(views, lang, about)``), as the
Typst template ``templates/edition/chronology.typ`` reads it (output.pdf renders it).

The book says what the site says, from the same views: the title page (the site's title, the release's
version, date and editors), an introduction (a Markdown page written for the book), the map of the places,
every event by decade and year (its date in words, type, places, people, organisations, summary, editor's
note, numbered sources with their locators, and its address), those dated only within bounds after them, the
bibliography, and the indexes of people, organisations and places. A long chronology comes in volumes
(``volumes``), each a book of its years. Texts are given as data, never as Typst markup: a title with
``#``, ``*`` or ``$`` is printed as written. Rich text (the summaries, the about page) is a tree of ``Node``
made from the site's sanitized HTML. Azerbaijani has no hyphenation patterns in Typst (nor in TeX's or
LibreOffice's sets), so its words get soft hyphens by the regular rule of its syllables (``az_soft_hyphens``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from typing import Any, Union

from ..data.model import Event
from . import i18n, routes
from .views import BOUNDS_HEADING, ENTITY_TABLES, SITE_TITLE, Reference, Views, decade_of

#: Rich text: a string (already typeset), or an element with a kind (``p``, ``em``, ``strong``, ``a``, ``h``,
#: ``ul``, ``ol``, ``li``, ``br``, ``code``, ``span``), its children (``c``) and, for some, ``href``,
#: ``lang`` or ``level``.
Node = Union[str, dict[str, Any]]

#: The words the book needs that the site's pages do not say (the catalogs translate them).
CONTENTS = i18n.N_("Contents")
INTRODUCTION = i18n.N_("Introduction")
MAP = i18n.N_("Map of the places")
MAP_ALT = i18n.N_("Map of the places of the chronology’s events: each place is a circle whose area is "
                  "proportional to its number of events.")
CHRONOLOGY = i18n.N_("Chronology")
BIBLIOGRAPHY = i18n.N_("Bibliography")
INDEX_OF_PEOPLE = i18n.N_("Index of people")
INDEX_OF_ORGANISATIONS = i18n.N_("Index of organisations")
INDEX_OF_PLACES = i18n.N_("Index of places")
INDEX_NOTES = {"people": i18n.N_("The numbers are the pages on which the person is named."),
               "organisations": i18n.N_("The numbers are the pages on which the organisation is named."),
               "places": i18n.N_("The numbers are the pages of the events that took place there.")}
BOOK_BOUNDS_TEXT = i18n.N_("The sources date each of these events only within bounds that span more than one year "
                           "(for example, “no later than 2020”), so they are given here, after the years.")
EDITION_OF = i18n.N_("The PDF edition of the website %(address)s")
VOLUME_OF = i18n.N_("Volume %(number)s of %(count)s")
VOLUMES = i18n.N_("Volumes")

_TAGS = {"p": "p", "em": "em", "i": "em", "cite": "em", "strong": "strong", "b": "strong", "a": "a",
         "ul": "ul", "ol": "ol", "li": "li", "code": "code", "span": "span", "abbr": "span", "q": "span",
         "blockquote": "p", "h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h", "time": "span"}
_VOID = {"br", "hr", "img", "wbr"}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _Tree(HTMLParser):
    """Sanitized HTML (markup.sanitize's tags) as ``Node``s; an unknown tag keeps its text."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.root: list[Node] = []
        self.stack: list[tuple[str | None, list[Node], str]] = [(None, self.root, lang)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        children, lang = self.stack[-1][1], self.stack[-1][2]
        if tag == "br":
            children.append({"k": "br"})
            return
        if tag in _VOID:
            return
        given = dict(attrs)
        kind = _TAGS.get(tag)
        node: dict[str, Any] = {"k": kind or "span", "c": []}
        if kind == "a" and given.get("href"):
            node["href"] = given["href"]
        if kind == "h":
            node["level"] = int(tag[1])
        if given.get("lang"):
            node["lang"] = lang = str(given["lang"]).split("-")[0]
        children.append(node)
        self.stack.append((tag, node["c"], lang))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1][0] in (None, "ul", "ol") and not data.strip():
            return  # the white space between blocks
        children, lang = self.stack[-1][1], self.stack[-1][2]
        data = _HTML_SPACE.sub(" ", data)  # as HTML shows it: a line break of the source is a space
        text = printed(data, lang)
        if children and isinstance(children[-1], str):
            children[-1] += text
        else:
            children.append(text)


def rich_text(html: str, lang: str) -> list[Node]:
    """The site's sanitized HTML (a summary, a note, a Markdown page) as the book's rich text; ``lang`` is the
    language it is written in."""
    tree = _Tree(lang)
    tree.feed(html)
    tree.close()
    return tree.root


_AZ_VOWELS = frozenset("aıoueəiöüAIOUEƏİÖÜ")
_WORD = re.compile(r"[^\W\d_]{5,}")


def _hyphenated_word(word: str) -> str:
    # A Turkic syllable starts with at most one consonant: a break goes before each consonant followed by a
    # vowel (ki-tab-xa-na, təd-bir-lə-ri), never leaving fewer than two letters on either side.
    breaks = [index for index in range(2, len(word) - 1)
              if word[index] not in _AZ_VOWELS and word[index + 1] in _AZ_VOWELS
              and any(letter in _AZ_VOWELS for letter in word[:index])]
    if not breaks:
        return word
    parts, start = [], 0
    for index in breaks:
        parts.append(word[start:index])
        start = index
    parts.append(word[start:])
    return "\u00ad".join(parts)


def az_soft_hyphens(text: str) -> str:
    """``text`` with a soft hyphen at each place an Azerbaijani word may break (words of five letters or more,
    all letters: not a name in capitals, an abbreviation or a number)."""
    return _WORD.sub(lambda match: match.group() if match.group().isupper() else _hyphenated_word(match.group()),
                     text)


#: What print asks beyond the site's house style (text.typography), where a line may end at any space: in
#: Russian, a short word kept with the next, a number with its month or ``год`` and a Roman numeral with its
#: word; in Azerbaijani, a number with its suffix (``2020‑ci``: a no-break hyphen).
_RU_KEPT = [re.compile(r"(?<![\w-])([вксуоиаяВКСУОИАЯ]|на|по|за|от|до|из|не|но|об|во|со|ко|же|ли|бы) "),
            re.compile(r"(\d) (?=(?:год|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр))"),
            re.compile(r"\b([IVXLC]+) (?=\w)")]
_AZ_SUFFIX = re.compile(r"(\d)-(?=[^\W\d_])")


def printed(text: str, lang: str) -> str:
    """A text of the book in ``lang`` as print sets it: the spaces and hyphens a line must not end at, and
    Azerbaijani's soft hyphens."""
    if lang == "ru":
        for pattern in _RU_KEPT:
            text = pattern.sub(lambda match: match.group(1) + "\u00a0", text)
    elif lang == "az":
        text = az_soft_hyphens(_AZ_SUFFIX.sub("\\1\u2011", text))
    return text


def kept(text: str, lang: str) -> str:
    """A title or a name: no soft hyphens (headings and names are not hyphenated), the rest as ``printed``."""
    return printed(text, lang).replace("\u00ad", "")



# -- the book ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edition:
    """One language's book: ``content`` (JSON, as the template reads it), the map as an SVG file's text (None
    when no place has coordinates), and the title and metadata of the PDF."""

    lang: str
    content: dict[str, Any]
    map_svg: str | None
    #: Its volume's number (1 for a book of one volume).
    volume: int = 1

    @cached_property
    def text(self) -> str:
        """``content`` as the template reads it (book.json): made once, for the book's key and its compilation."""
        return json.dumps(self.content, ensure_ascii=False)

    @property
    def name(self) -> str:
        """Its file in the site (site.routes.edition)."""
        return routes.edition(self.lang, self.volume).save_as


def _reference(reference: Reference, lang: str, ngettext) -> dict[str, Any]:
    in_text = [locator.printed for locator in reference.locators if locator.in_text]
    others = [locator.printed for locator in reference.locators if not locator.in_text]
    where = ", ".join(others)
    if in_text:
        where = ", ".join(filter(None, [where, ngettext("in-text citation: %(references)s",
                                                        "in-text citations: %(references)s", len(in_text))
                                        % {"references": ", ".join(in_text)}]))
    source = reference.source
    return {"n": reference.number, "title": kept(source.shown_title, source.language), "title_lang": source.language,
            "translated": reference.translated_title, "where": where}


def _event(views: Views, event: Event, lang: str) -> dict[str, Any]:
    gettext, ngettext = views.translator(lang), views.translations[lang].ngettext
    entry = views.entry(event, lang)
    summary, summary_lang = event.summary.pick(lang)
    note = event.editorial_note.pick(lang) if event.editorial_note else None
    people = [person.name.pick(lang) for person in event.people]
    organisations = [organisation.name.pick(lang) for organisation in event.organisations]
    facts = [[gettext("Type"), [kept(entry.type.label, lang)]]]
    if entry.places:
        facts.append([ngettext("Place", "Places", len(entry.places)),
                      [kept(place.label, lang) for place in entry.places]])
    if people:
        facts.append([ngettext("Person", "People", len(people)), [kept(*name) for name in people]])
    if organisations:
        facts.append([ngettext("Organisation", "Organisations", len(organisations)),
                      [kept(*name) for name in organisations]])
    title, title_lang = event.title.pick(lang)
    references = views.references(event, lang)
    return {
        "id": event.id,
        "title": kept(title, title_lang), "title_lang": title_lang,
        "date": kept(str(entry.date), lang),
        "facts": facts,
        "keys": [f"person:{person.id}" for person in event.people]
                + [f"organisation:{organisation.id}" for organisation in event.organisations]
                + [f"place:{place.id}" for place in event.places],
        "summary": rich_text(views.summaries.html(summary), summary_lang), "summary_lang": summary_lang,
        "note": rich_text(views.summaries.html(note[0]), note[1]) if note else None,
        "note_lang": note[1] if note else None,
        "sources": [_reference(reference, lang, ngettext) for reference in references],
        "sources_label": ngettext("Source", "Sources", len(references)),
        "url": routes.event(lang, event.id).absolute(views.site_url),
    }


def _index(views: Views, table: str, lang: str) -> list[dict[str, Any]]:
    """People or organisations as the site's index lists them (surname first, the language's order)."""
    spec = ENTITY_TABLES[table]
    ids = {spec.page_route(lang, entity_id).url: entity_id for entity_id in spec.records(views.chronology)}
    return [{"name": kept(row.name.text, row.name.lang), "key": f"{spec.kind}:{ids[row.url]}"}
            for group in views.entity_index(table, lang) for row in group.rows if row.count]


def _places_index(views: Views, lang: str) -> list[dict[str, Any]]:
    """The places with events, as the site's list of places orders them (``Views.place_rows``)."""
    ids = {routes.place(lang, place_id).url: place_id for place_id in views.chronology.places}
    return [{"name": kept(row.name, lang), "key": f"place:{ids[row.url]}"}
            for row in views.place_rows(lang) if row.count]


def _bibliography(views: Views, lang: str) -> list[dict[str, Any]]:
    found = []
    for entry in views.sources(lang):
        source = entry.source
        details = ". ".join(filter(None, [source.author, source.publication]))
        if source.year:
            details = f"{details}, {source.year}" if details else str(source.year)
        found.append({"title": kept(source.shown_title, source.language), "title_lang": source.language,
                      "translated": entry.translated_title, "details": details, "url": source.url,
                      "note": printed(entry.note.text, entry.note.lang) if entry.note else None})
    return found


def _decades(views: Views, lang: str, years: Sequence[int], check: Callable[[], None]) -> list[dict[str, Any]]:
    dates = views.dates(lang)
    decades: dict[int, list[dict[str, Any]]] = {}
    for year in years:
        check()
        events = [_event(views, event, lang) for event in views.listed(("year", year))]
        decades.setdefault(decade_of(year), []).append({"label": str(year), "events": events})
    return [{"label": kept(dates.decade(decade), lang), "years": years} for decade, years in sorted(decades.items())]


# -- volumes -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Volume:
    """A volume of the book: its number, the years whose events it holds and whether it holds the events dated
    only within bounds. A book of one volume holds every year and those."""

    number: int
    years: tuple[int, ...]
    bounded: bool

    def file(self, lang: str) -> str:
        return routes.edition(lang, self.number).save_as


def volumes(views: Views, limit: int) -> list[Volume]:
    """The volumes of the book (the same in every language): one while the chronology has at most ``limit`` events
    (CULTURELINKS_PDF_VOLUME_EVENTS); else whole decades, as many as fit in ``limit`` events, together; a decade
    with more than ``limit`` events split between its years, and a year with more on its own. The events dated
    only within bounds close the last volume, or make one of their own when it would grow beyond ``limit``."""
    counts = {year: len(views.listed(("year", year))) for year in views.years}
    bounded = len(views.listed(("bounds",)))
    if sum(counts.values()) + bounded <= limit:
        return [Volume(1, tuple(counts), True)]
    groups: list[list[int]] = []
    current: list[int] = []

    def add(years: list[int]) -> None:
        nonlocal current
        if current and sum(counts[year] for year in current) + sum(counts[year] for year in years) > limit:
            groups.append(current)
            current = []
        current = current + years

    decades: dict[int, list[int]] = {}
    for year in counts:
        decades.setdefault(decade_of(year), []).append(year)
    for years in decades.values():
        if sum(counts[year] for year in years) <= limit:
            add(years)
            continue
        for year in years:  # a decade too large for one volume: its years, as many as fit, together
            add([year])
    if current:
        groups.append(current)
    found = [Volume(number, tuple(years), False) for number, years in enumerate(groups, 1)]
    if bounded:
        last = found[-1] if found else None
        if last is not None and sum(counts[year] for year in last.years) + bounded <= limit:
            found[-1] = Volume(last.number, last.years, True)
        else:
            found.append(Volume(len(found) + 1, (), True))
    return found


def volume_label(views: Views, lang: str, volume: Volume) -> str:
    """What a volume holds, as its title page and the links say: its years (``1990–2009 гг.``), and the events
    dated only within bounds."""
    gettext = views.translator(lang)
    parts = []
    if volume.years:
        first, last = volume.years[0], volume.years[-1]
        parts.append(views.dates(lang).year(first) if first == last else views.dates(lang).years(first, last))
    if volume.bounded:
        parts.append(gettext(BOUNDS_HEADING))
    return kept("; ".join(parts), lang)


def edition(views: Views, lang: str, about: Sequence[tuple[str, str]] = (), volume: Volume | None = None,
            every: Sequence[Volume] = (), check: Callable[[], None] = lambda: None) -> Edition:
    """The book of ``lang``: the chronology as ``views`` show it, or one ``volume`` of it (of ``every``: the first
    holds the introduction and the map); ``about`` the introduction's title and HTML in ``lang``. ``check`` is
    called between years (serve's follow-up stops there when a newer edit comes)."""
    gettext, ngettext = views.translator(lang), views.translations[lang].ngettext
    release = views.release
    assert release is not None, "an edition names its release (CITATION.cff)"
    volume = volume or Volume(1, views.years, True)
    every = every or [volume]
    language = views.languages[lang]
    bounded = views.listed(("bounds",)) if volume.bounded else ()
    site = routes.timeline(lang).absolute(views.site_url)
    words = {name: gettext(message) for name, message in {
        "contents": CONTENTS, "introduction": INTRODUCTION, "map": MAP, "map_alt": MAP_ALT,
        "chronology": CHRONOLOGY, "bibliography": BIBLIOGRAPHY, "note": "Editor’s note",
        "bounds": BOUNDS_HEADING, "bounds_text": BOOK_BOUNDS_TEXT, "volumes": VOLUMES,
    }.items()}
    words["bounds"] = kept(words["bounds"], lang)
    words["bounds_text"] = printed(words["bounds_text"], lang)
    decades = _decades(views, lang, volume.years, check)
    check()
    shown = [_event(views, event, lang) for event in bounded]
    named = {key for decade in decades for year in decade["years"] for event in year["events"] for key in event["keys"]}
    named |= {key for event in shown for key in event["keys"]}
    indexes = [(INDEX_OF_PEOPLE, "people", _index(views, "people", lang)),
               (INDEX_OF_ORGANISATIONS, "organisations", _index(views, "organisations", lang)),
               (INDEX_OF_PLACES, "places", _places_index(views, lang))]
    first = volume.number == 1
    content = {
        "lang": lang,
        "region": language.locale.split("_")[1] if "_" in language.locale else None,
        "title": gettext(SITE_TITLE),
        "version": release.version,
        "date": release.date.isoformat(),
        # The release as the Open data page states it, under the same labels.
        "imprint": [[gettext("Version"), release.version],
                    [gettext("Released"), views.dates(lang).day(release.date)],
                    [ngettext("Editor", "Editors", len(release.editors)),
                     ", ".join(editor.display for editor in release.editors)],
                    [gettext("Licence"), release.licence]],
        # A site built without its absolute address (a local build, a preview) cannot name it.
        "edition_of": gettext(EDITION_OF) % {"address": site} if "://" in site else None,
        "editors": [editor.display for editor in release.editors],
        "words": words,
        # A book in volumes: this one's number and what it holds, and every volume with its file.
        "volume": None if len(every) == 1 else {
            "heading": kept(gettext(VOLUME_OF) % {"number": volume.number, "count": len(every)}, lang),
            "label": volume_label(views, lang, volume)},
        "volumes": [] if len(every) == 1 else [
            {"heading": kept(gettext(VOLUME_OF) % {"number": other.number, "count": len(every)}, lang),
             "label": volume_label(views, lang, other), "file": routes.edition(lang, other.number).url.rsplit("/")[-1]}
            for other in every],
        "about": [{"title": title, "body": rich_text(html, lang)} for title, html in about] if first else [],
        "decades": decades,
        "bounded": shown,
        "bibliography": _bibliography(views, lang),
        "indexes": [{"title": gettext(title), "note": printed(gettext(INDEX_NOTES[kind]), lang),
                     "entries": [entry for entry in entries if entry["key"] in named]}
                    for title, kind, entries in indexes],
    }
    svg = views.places_map(lang) if first else None
    content["map"] = svg is not None
    return Edition(lang, content, str(svg) if svg is not None else None, volume.number)
