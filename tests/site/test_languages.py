"""The site's languages live in one table (issue 22): a fourth language is a row of it in pelicanconf.py, a
catalog and its Markdown pages, and nothing else changes. Turkish, with an empty catalog, gets every page type,
its hreflang, its own search index, and shows what is not yet translated in another language, saying so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from culturelinks.build import build_site
from culturelinks.cli import main
from culturelinks.languages import DEFAULT, Languages
from culturelinks.site import i18n

TURKISH = {"code": "tr", "locale": "tr", "autonym": "Türkçe", "name": "Turkish", "in_language": "in Turkish",
           "fallbacks": ["en", "az", "ru"], "required": False,
           "folding": {"ş": "s", "ğ": "g", "ı": "i", "İ": "I", "ç": "c", "ö": "o", "ü": "u"}}
EMPTY_CATALOG = '''msgid ""
msgstr ""
"Language: tr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
'''
ABOUT_TR = """Title: Hakkında
Slug: about
Lang: tr
Summary: Bu kronoloji nedir.

Rusya ile Azerbaycan arasındaki kültürel ilişkilerin kronolojisi.
"""


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def turkish_site(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The three-event project with Turkish added the documented way; the other inputs left as they were."""
    untouched = {name: tree(project / name) for name in ("data", "templates", "static")}
    catalogs = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, catalogs)
    (catalogs / "tr" / "LC_MESSAGES").mkdir(parents=True)
    (catalogs / "tr" / "LC_MESSAGES" / "messages.po").write_text(EMPTY_CATALOG, "utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", catalogs)
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + f'\nCULTURELINKS_LANGUAGES = ["az", "ru", "en", {TURKISH!r}]\n',
                        "utf-8")
    (project / "content" / "pages" / "about.tr.md").write_text(ABOUT_TR, "utf-8")
    output = build_site(project / "output").output
    assert {name: tree(project / name) for name in untouched} == untouched
    return output


def parse(path: Path):
    return html.parse(str(path)).getroot()


def test_the_table_reads_a_language_given_as_a_mapping():
    languages = Languages.of(["az", "ru", "en", TURKISH])
    assert languages.codes == ("az", "ru", "en", "tr")
    assert languages.fallbacks("tr") == ("tr", "en", "az", "ru")
    assert languages.common.code == "en" and Languages.of(None) is DEFAULT
    with pytest.raises(ValueError, match="unknown field 'script'"):
        Languages.of([{**TURKISH, "script": "Latn"}])
    with pytest.raises(ValueError, match="falls back to 'de'"):
        Languages.of(["az", {**TURKISH, "fallbacks": ["de"]}])


def test_every_page_type_exists_in_the_fourth_language(turkish_site: Path):
    for page in ("index.html", "events/ocaq-society/index.html", "years/1989/index.html",
                 "types/society/index.html", "places/baku/index.html", "sources/index.html",
                 "sources/article/index.html", "data/index.html", "about/index.html", "feed.xml"):
        assert (turkish_site / "tr" / page).is_file(), page
    assert parse(turkish_site / "tr" / "index.html").get("lang") == "tr"


def test_hreflang_lists_four_versions(turkish_site: Path):
    """Every page has four versions; an event's alternates are its translated versions only (Turkish has none)."""
    for page_name in ("index.html", "years/1989/index.html", "data/index.html"):
        page = parse(turkish_site / "tr" / page_name)
        assert [link.get("hreflang") for link in page.xpath("//head/link[@rel='alternate'][@hreflang]")] == [
            "az", "ru", "en", "tr", "x-default"], page_name
    event = parse(turkish_site / "tr" / "events" / "ocaq-society" / "index.html")
    assert [link.get("hreflang") for link in event.xpath("//head/link[@rel='alternate'][@hreflang]")] == [
        "az", "ru", "en", "x-default"]
    switcher = event.xpath("//a[@hreflang or @lang]")
    assert {link.get("lang") or link.get("hreflang") for link in switcher} >= {"az", "ru", "en", "tr"}
    assert "Türkçe" in event.text_content()


def test_search_has_a_turkish_index(turkish_site: Path):
    entry = json.loads((turkish_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert set(entry["languages"]) == {"az", "ru", "en", "tr"}


def test_untranslated_texts_fall_back_visibly(turkish_site: Path):
    page = parse(turkish_site / "tr" / "events" / "ocaq-society" / "index.html")
    title = page.xpath("//h1")[0]
    assert title.get("lang") == "en" and "Ocaq" in title.text_content()
    note = page.xpath("//*[contains(@class, 'fallback-note')]")[0].text_content()
    assert "in Turkish" in note and "in English" in note  # the empty catalog: the interface falls back to English
    row = (turkish_site / "data" / "events.csv").read_text("utf-8").splitlines()[0]
    assert row.endswith("title_az,title_ru,title_en,title_tr,summary_az,summary_ru,summary_en,summary_tr")


def test_check_takes_the_fourth_language_from_the_settings(project: Path):
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + f'\nCULTURELINKS_LANGUAGES = ["az", "ru", "en", {TURKISH!r}]\n',
                        "utf-8")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "warning: events[0].title: missing the tr translation" in result.output
    data = project / "data" / "events.yaml"
    text = data.read_text("utf-8")
    assert "      en: The Ocaq Azerbaijani Cultural Society\n" in text
    data.write_text(text.replace("      en: The Ocaq Azerbaijani Cultural Society\n",
                                 "      en: The Ocaq Azerbaijani Cultural Society\n      de: Ocaq\n", 1), "utf-8")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1 and "unknown language 'de'; expected az, ru, en or tr" in result.output
