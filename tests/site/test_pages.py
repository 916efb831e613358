"""What every page promises: its language, its switcher and alternates, and the missing-translation fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from culturelinks.data.dates import When, parse_date
from culturelinks.languages import KNOWN
from culturelinks.site.i18n import dates_in, load_translations

from .conftest import ROOT, html_files, parse

LANGUAGES = ("az", "ru", "en")
FALLBACK_EVENT = "russian-culture-days-baku-1997"  # the fixture's event without Russian text


def cls(name: str) -> str:
    """XPath for the elements whose class list contains ``name``."""
    return f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


def language_pages(site: Path) -> list[tuple[str, Path]]:
    return [(file.relative_to(site).parts[0], file) for file in html_files(site)
            if file.relative_to(site).parts[0] in LANGUAGES]


def test_html_lang_matches_the_folder(built_site: Path):
    for lang, file in language_pages(built_site):
        assert parse(file).get("lang") == lang, file


def test_switcher_and_alternates_lead_to_the_same_page(built_site: Path):
    for lang, file in language_pages(built_site):
        document = parse(file)
        path = file.relative_to(built_site / lang).parent.as_posix()
        suffix = "" if path == "." else path + "/"
        switcher = {a.get("hreflang"): a.get("href") for a in document.xpath(f"{cls('language-switcher')}//a")}
        assert switcher == {other: f"/{other}/{suffix}" for other in LANGUAGES}, file
        alternates = {link.get("hreflang"): link.get("href") for link in document.xpath("//link[@rel='alternate'][@hreflang]")}
        assert alternates["x-default"] == "/"
        expected = {other: f"/{other}/{suffix}" for other in LANGUAGES
                    if not (suffix == f"events/{FALLBACK_EVENT}/" and other == "ru")}
        assert {k: v for k, v in alternates.items() if k != "x-default"} == expected, file
        assert document.xpath("//link[@rel='canonical']/@href") == [f"/{lang}/{suffix}"]
        assert document.xpath("//meta[@name='description']/@content")[0].strip()
        assert document.xpath("//meta[@property='og:title']/@content")


def test_fallback_note_and_language_of_the_fallback_text(built_site: Path):
    page = parse(built_site / "ru" / "events" / FALLBACK_EVENT / "index.html")
    note = page.xpath(cls("fallback-note"))[0].text_content()
    assert note == "Этот текст пока недоступен на русском языке; показан на азербайджанском языке."
    assert page.xpath("//h1")[0].get("lang") == "az"
    assert page.xpath(cls("summary"))[0].get("lang") == "az"
    english = parse(built_site / "en" / "events" / "ocaq-society" / "index.html")
    assert not english.xpath(cls("fallback-note"))
    timeline_title = [a for a in parse(built_site / "ru" / "index.html").xpath(cls("entry-title") + "/a")
                      if FALLBACK_EVENT in a.get("href")][0]
    assert timeline_title.get("lang") == "az"


def test_english_fallback_note_wording():
    note = "This text is not yet available in Russian; shown in Azerbaijani."
    english = load_translations(KNOWN["en"]).gettext("This text is not yet available %(missing)s; shown %(shown)s.")
    assert english % {"missing": "in Russian", "shown": "in Azerbaijani"} == note


@pytest.mark.parametrize(("lang", "date_text"), [("az", "16–18 aprel 2007-ci il"), ("ru", "16–18 апреля 2007\u202fг."),
                                                 ("en", "16–18 April 2007")])
def test_event_page_shows_date_type_places_and_references(built_site: Path, lang: str, date_text: str):
    page = parse(built_site / lang / "events" / "culture-days-moscow-2007" / "index.html")
    assert page.xpath(cls("event-date") + "/span")[0].text_content() == date_text
    assert page.xpath(cls("event-facts") + "//a")[0].get("href") == f"/{lang}/types/culture-days/"
    reference = page.xpath(cls("references") + "//li")[0].text_content()
    assert reference.endswith({"az": ", mətndaxili istinad: [2]", "ru": ", внутритекстовая ссылка: [2]",
                                "en": ", in-text citation: [2]"}[lang])
    assert [a.get("href") for a in page.xpath("//a[@rel='prev']")] == [f"/{lang}/events/{FALLBACK_EVENT}/"]


def test_timeline_groups_by_decade_and_year_in_order(built_site: Path):
    page = parse(built_site / "en" / "index.html")
    assert [h.text_content() for h in page.xpath(cls("decade-heading"))] == ["1980s", "1990s", "2000s"]
    assert [h.text_content() for h in page.xpath(cls("year-heading"))] == ["1989", "1997", "2007"]
    assert [a.get("href") for a in page.xpath(cls("year-nav") + "//a")] == ["#y1989", "#y1997", "#y2007"]
    approximate = page.xpath("//h3[@id='y1997']/following-sibling::ol//abbr")[0]
    assert (approximate.text, approximate.get("title")) == ("c.", "circa")
    assert page.xpath("//time[@datetime='1989-10']")[0].text == "October 1989"


def test_pages_from_content_have_all_languages(built_site: Path):
    titles = {lang: parse(built_site / lang / "about" / "index.html").xpath("//h1")[0].text for lang in LANGUAGES}
    assert titles == {"az": "Haqqında", "ru": "О проекте", "en": "About"}


def test_chooser_and_404_speak_every_language(built_site: Path):
    for name in ("index.html", "404.html"):
        page = parse(built_site / name)
        assert {li.get("lang") for li in page.xpath(cls("doorway"))} == set(LANGUAGES)
        assert {a.get("href") for a in page.xpath(cls("doorway") + "//a")} == {f"/{lang}/" for lang in LANGUAGES}
    assert parse(built_site / "404.html").xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_texts_are_typeset_for_their_language(built_site: Path):
    """Typed plainly in the data (straight quotes, ordinary spaces), shown as each language sets them."""
    english = parse(built_site / "en" / "events" / "ocaq-society" / "index.html")
    assert english.xpath(cls("summary"))[0].text_content().strip() == (
        "Registered by the Moscow city soviet; the article’s words: “a cultural society”.")
    russian = parse(built_site / "ru" / "events" / "ocaq-society" / "index.html")
    assert russian.xpath(cls("summary"))[0].text_content().strip() == (
        "Зарегистрировано Московским городским советом\u00a0— по статье, в 1989\u00a0г. при участии "
        "А.\u00a0С.\u00a0Иванова.")
    about = parse(built_site / "ru" / "about" / "index.html").text_content()
    assert "М.\u00a0И.\u00a0Рудомино" in about and "М. И. Рудомино" not in about


@pytest.mark.parametrize(("lang", "label", "note"), [
    ("az", "Redaktorun qeydi", "Məqalədə “Moskva” yazılıb."),
    ("ru", "Примечание редакции", "В статье\u00a0— «Москва»."),
    ("en", "Editor’s note", "The article writes “Moskva”.")])
def test_editorial_notes_are_shown_apart_from_what_the_sources_say(built_site: Path, lang: str, label: str, note: str):
    page = parse(built_site / lang / "events" / "culture-days-moscow-2007" / "index.html")
    aside = page.xpath(cls("editorial-note"))
    assert len(aside) == 1 and not aside[0].xpath("ancestor::*[contains(@class, 'summary')]")
    assert aside[0].text_content().split() == f"{label} {note}".split()
    assert not parse(built_site / lang / "events" / "ocaq-society" / "index.html").xpath(cls("editorial-note"))


DATE_FORMS = [When.between(None, parse_date("2020")), When.between(parse_date("1998"), parse_date("2020")),
              When.between(parse_date("2011"), None), When.since(parse_date("2011")),
              When.since(parse_date("2011"), every="year"), When(parse_date("2004"), parse_date("2006"))]


def spaced(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_about_pages_and_readme_show_each_date_form_as_the_site_writes_it(built_site: Path, lang: str):
    """The about pages and the README describe the date model the site has, in the site's own words."""
    about = spaced(parse(built_site / lang / "about" / "index.html").text_content())
    readme = spaced((ROOT / "README.md").read_text(encoding="utf-8"))
    for when in DATE_FORMS:
        shown = spaced(str(dates_in(lang).when(when)))
        assert shown in about, (lang, shown)
        assert shown in readme, (lang, shown)


@pytest.mark.parametrize(("lang", "message", "translation"), [
    ("az", "By year", "İllər üzrə"), ("az", "By place", "Yerlər üzrə"), ("az", "By type", "Növlər üzrə"),
    ("az", "An Atom feed of the events in this language, the latest first.",
     "Bu dildə hadisələrin Atom lenti, ən yeniləri əvvəldə."),
    ("ru", "By year", "По годам"), ("ru", "By place", "По местам"), ("ru", "By type", "По типам"),
    ("ru", "An Atom feed of the events in this language, the latest first.",
     "Лента Atom с событиями на этом языке, сначала новые."),
])
def test_interface_wording(lang: str, message: str, translation: str):
    assert load_translations(KNOWN[lang]).gettext(message) == translation


@pytest.mark.parametrize(("lang", "name"), [("en", "CONTRIBUTING.md"), ("az", "CONTRIBUTING.az.md"),
                                            ("ru", "CONTRIBUTING.ru.md")])
def test_house_style_for_editors_in_each_language(lang: str, name: str):
    """Sources, dates, quotes, dashes, names, transliteration: the same six sections in every language,
    with every form of date as the site writes it."""
    text = (ROOT / name).read_text(encoding="utf-8")
    assert len([line for line in text.splitlines() if line.startswith("## ")]) == 6
    for other in ("CONTRIBUTING.md", "CONTRIBUTING.az.md", "CONTRIBUTING.ru.md"):
        assert other == name or f"]({other})" in text
    for when in DATE_FORMS:
        assert spaced(str(dates_in(lang).when(when))) in spaced(text), (name, str(dates_in(lang).when(when)))
