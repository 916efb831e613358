"""The Changes page and its feed, made from the release tags of a scratch git repository: what each release added,
removed and corrected, in each language; a build without that history says why; the tags are a build input."""

from __future__ import annotations

import datetime as dt
import filecmp
import re
import subprocess
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import html

from culturelinks.build import ProjectSettings, build_site, up_to_date
from culturelinks.cli import main
from culturelinks.data import history
from culturelinks.data.dataset import load_source
from culturelinks.site.i18n import dates_in

from ..diff.gitrepo import GIT_ENV, git

LANGUAGES = ("az", "ru", "en")
V1_DAY, V2_DAY = dt.date(2026, 1, 10), dt.date(2026, 3, 1)

NEW_EVENT = """  - id: new-exhibition-2010
    date: "2010-05"
    type: culture-days
    places: [baku]
    title:
      az: “Qarabağ” sərgisi Bakıda
      ru: Выставка «Карабах» в Баку
      en: The "Karabakh" exhibition in Baku
    summary:
      az: Sərgi açılmışdır.
      ru: Открылась выставка.
      en: The exhibition opened.
    sources:
      - source: article
"""

#: What each language's page says, exactly.
WORDS = {
    "en": {"version": "Version {}", "unreleased": "Not yet released", "date": "Release date: {}",
           "in_release": "{} events in this release.", "first": "The first release.",
           "since": "Changes to the data since version 1.1.0; the next release will include them.",
           "now": "The data now holds 3 events.", "added": "1 event added", "removed": "1 event removed",
           "corrected": "2 events corrected", "one_corrected": "1 event corrected",
           "date_sources": "(changed: date, sources)", "title": "(changed: title)", "summary": "(changed: summary)",
           "new": "The “Karabakh” exhibition in Baku", "removed_title": "Azerbaijani culture days in Moscow",
           "no_repository": "No release history is available in this build: the data is not in a git repository.",
           "no_tags": "No release history is available in this build: no release has been tagged yet.",
           "errors": "The data of this release has 1 error; only what could be read is compared."},
    "ru": {"version": "Версия {}", "unreleased": "Готовится к выпуску", "date": "Дата выпуска: {}",
           "in_release": "Всего в этом выпуске {} события.", "first": "Первый выпуск.",
           "since": "Изменения, внесённые в данные после выхода версии 1.1.0; они войдут в следующий выпуск.",
           "now": "Сейчас в данных 3 события.", "added": "Добавлено 1 событие", "removed": "Удалено 1 событие",
           "corrected": "Исправлено 2 события", "one_corrected": "Исправлено 1 событие",
           "date_sources": "(изменено: дата, источники)", "title": "(изменено: заголовок)",
           "summary": "(изменено: краткое описание)", "new": "Выставка «Карабах» в Баку",
           "removed_title": "Дни культуры Азербайджана в Москве",
           "no_repository": "В этой сборке сайта нет истории выпусков: данные не хранятся в git-репозитории.",
           "no_tags": "В этой сборке сайта нет истории выпусков: ни один выпуск ещё не отмечен тегом.",
           "errors": "В данных этого выпуска 1 ошибка; сравнивается только то, что удалось прочитать."},
    "az": {"version": "{} versiyası", "unreleased": "Hələ buraxılışa daxil edilməyib", "date": "Buraxılış tarixi: {}",
           "in_release": "Bu buraxılışda {} hadisə var.", "first": "İlk buraxılış.",
           "since": "1.1.0 versiyasından sonra məlumatlarda edilmiş dəyişikliklər; onlar növbəti buraxılışa daxil "
                    "ediləcək.",
           "now": "Hazırda məlumatlarda 3 hadisə var.", "added": "1 hadisə əlavə edilib", "removed": "1 hadisə silinib",
           "corrected": "2 hadisədə düzəliş edilib", "one_corrected": "1 hadisədə düzəliş edilib",
           "date_sources": "(dəyişdirilib: tarix, mənbələr)", "title": "(dəyişdirilib: başlıq)", "summary": "(dəyişdirilib: xülasə)",
           "new": "“Qarabağ” sərgisi Bakıda", "removed_title": "Moskvada Azərbaycan mədəniyyəti günləri",
           "no_repository": "Sayt buraxılışların tarixçəsi olmadan qurulub: məlumatlar git repozitoriyasında "
                            "deyil.",
           "no_tags": "Sayt buraxılışların tarixçəsi olmadan qurulub: hələ heç bir buraxılış teqlə "
                      "işarələnməyib.",
           "errors": "Bu buraxılışın məlumatlarında 1 xəta var; yalnız oxuna bilən hissə müqayisə edilib."},
}


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The scratch project as a git repository with two releases and a change not yet released:

    - v1.0.0 (lightweight tag): the three-event fixture;
    - v1.1.0 (annotated tag): an event added (its titles with ə, Cyrillic and quotes), one removed, one's date and
      sources corrected, another's English title corrected;
    - the working tree: the added event's summary corrected.
    """
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    data = project / "data" / "events.yaml"
    git(project, "init", "--quiet", "--initial-branch", "main")
    release(project, "1.0.0", V1_DAY)
    git(project, "tag", "v1.0.0")
    text = data.read_text(encoding="utf-8")
    start, end = text.index("  - id: culture-days-moscow-2007"), text.index("  - id: russian-culture-days-baku-1997")
    text = text[:start] + text[end:]
    text = text.replace('    date: "1989-10"\n', '    date: "1989-11"\n', 1)
    text = text.replace("    sources:\n      - source: article\n  - id: russian", "    sources:\n      - source: article\n"
                        "        locator: \"[1;137]\"\n  - id: russian", 1)
    text = text.replace("en: Russian culture days in Azerbaijan", "en: Days of Russian culture in Azerbaijan")
    text = text.replace("people:\n  heydar-aliyev:", NEW_EVENT + "people:\n  heydar-aliyev:")
    data.write_text(text, encoding="utf-8")
    release(project, "1.1.0", V2_DAY)
    git(project, "tag", "--annotate", "--message", "The second release", "v1.1.0")
    data.write_text(text.replace("en: The exhibition opened.", "en: The exhibition opened in May."), encoding="utf-8")
    return project


def release(project: Path, version: str, day: dt.date) -> None:
    """Commit the project as release ``version`` of ``day`` (CITATION.cff says so)."""
    citation = project / "CITATION.cff"
    text = re.sub(r'version: "[^"]*"', f'version: "{version}"', citation.read_text(encoding="utf-8"))
    citation.write_text(re.sub(r'date-released: "[^"]*"', f'date-released: "{day.isoformat()}"', text),
                        encoding="utf-8")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "-m", f"Release {version}")


def build(project: Path, name: str = "output") -> Path:
    build_site(project / name, settings_file=project / "pelicanconf.py")
    return project / name


def page(site: Path, lang: str) -> html.HtmlElement:
    return html.fromstring((site / lang / "changes" / "index.html").read_bytes())


def text_of(element: html.HtmlElement) -> str:
    return re.sub(r"[ \t\n]+", " ", element.text_content()).strip()  # no-break spaces stay


def section(document: html.HtmlElement, anchor: str) -> html.HtmlElement:
    found = document.xpath(f'//section[@id="{anchor}"]')
    assert len(found) == 1, anchor
    return found[0]


def items(part: html.HtmlElement, heading: str) -> list[html.HtmlElement]:
    """The events listed under the h3 ``heading`` of a release's section."""
    h3 = [element for element in part.iter("h3") if text_of(element) == heading]
    assert len(h3) == 1, (heading, [text_of(element) for element in part.iter("h3")])
    return list(h3[0].getnext().iter("li"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_says_what_each_release_changed(repo: Path, lang: str):
    site = build(repo)
    words = WORDS[lang]
    document = page(site, lang)
    assert [section.get("id") for section in document.xpath("//section")] == ["unreleased", "v1.1.0", "v1.0.0"]
    assert [text_of(h2) for h2 in document.xpath("//section/h2")] == [
        words["unreleased"], words["version"].format("1.1.0"), words["version"].format("1.0.0")]
    assert document.xpath('//link[@type="application/atom+xml"]/@href')[-1] == f"/{lang}/changes/feed.xml"

    first = section(document, "v1.0.0")
    dates = dates_in(lang)
    assert [text_of(p) for p in first.iter("p")] == [words["date"].format(dates.day(V1_DAY)),
                                                     words["in_release"].format(3), words["first"]]
    assert first.xpath(".//time/@datetime") == ["2026-01-10"]
    assert not first.xpath(".//li")

    second = section(document, "v1.1.0")
    assert [text_of(p) for p in second.iter("p")] == [words["date"].format(dates.day(V2_DAY)),
                                                      words["in_release"].format(3)]
    [added] = items(second, words["added"])
    assert added.xpath("a/@href") == [f"/{lang}/events/new-exhibition-2010/"]
    assert text_of(added) == words["new"]
    [removed] = items(second, words["removed"])
    assert not removed.xpath(".//a") and text_of(removed) == words["removed_title"]
    corrected = items(second, words["corrected"])
    assert [item.xpath("a/@href")[0] for item in corrected] == [f"/{lang}/events/ocaq-society/",
                                                                 f"/{lang}/events/russian-culture-days-baku-1997/"]
    assert text_of(corrected[0]).endswith(" " + words["date_sources"])
    assert text_of(corrected[1]).endswith(" " + words["title"])

    unreleased = section(document, "unreleased")
    assert [text_of(p) for p in unreleased.iter("p")] == [words["since"], words["now"]]
    [summary] = items(unreleased, words["one_corrected"])
    assert text_of(summary) == f"{words['new']} {words['summary']}"


def test_a_title_shown_in_another_language_says_so(repo: Path):
    document = page(build(repo), "ru")  # the 1997 event has no Russian title: its English one is shown
    [link] = document.xpath('//section[@id="v1.1.0"]//a[contains(@href, "russian-culture-days-baku-1997")]')
    assert link.get("lang") == "az" and link.text == "Azərbaycanda Rusiya mədəniyyəti günləri"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_has_an_entry_per_release(repo: Path, lang: str):
    site = build(repo)
    feed = feedparser.parse((site / lang / "changes" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    words = WORDS[lang]
    assert [entry.title for entry in feed.entries] == [words["version"].format("1.1.0"),
                                                       words["version"].format("1.0.0")]
    assert [entry.updated[:10] for entry in feed.entries] == ["2026-03-01", "2026-01-10"]
    assert feed.feed.updated[:10] == "2026-03-01"
    assert [entry.link for entry in feed.entries] == [f"/{lang}/changes/#v1.1.0", f"/{lang}/changes/#v1.0.0"]
    assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
    content = html.fromstring(feed.entries[0].content[0].value)
    assert [text_of(h3) for h3 in content.iter("h3")] == [words["added"], words["removed"], words["corrected"]]
    assert content.xpath("//a/@href")[0] == f"/{lang}/events/new-exhibition-2010/"
    assert words["new"] in text_of(content) and words["removed_title"] in text_of(content)


def test_entry_ids_stay_when_another_release_comes(repo: Path):
    before = feedparser.parse((build(repo) / "en" / "changes" / "feed.xml").read_bytes())
    git(repo, "commit", "--quiet", "--all", "-m", "Release 1.2.0")
    git(repo, "tag", "v1.2.0")
    after = feedparser.parse((build(repo) / "en" / "changes" / "feed.xml").read_bytes())
    assert [entry.id for entry in after.entries][1:] == [entry.id for entry in before.entries]
    assert len({entry.id for entry in after.entries}) == 3


def test_two_builds_are_byte_identical(repo: Path):
    first, second = build(repo, "one"), build(repo, "two")
    comparison = filecmp.dircmp(first, second)
    assert not comparison.left_only and not comparison.right_only
    for lang in LANGUAGES:
        for name in ("changes/index.html", "changes/feed.xml"):
            assert (first / lang / name).read_bytes() == (second / lang / name).read_bytes(), name
    assert "/en/changes/" in (first / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_build_outside_git_says_so(project: Path, lang: str):
    document = page(build(project), lang)
    assert [text_of(p) for p in document.xpath('//*[@class="changes-missing"]')] == [WORDS[lang]["no_repository"]]
    assert not document.xpath("//section")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_repository_without_tags_says_so(project: Path, monkeypatch: pytest.MonkeyPatch, lang: str):
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    git(project, "init", "--quiet", "--initial-branch", "main")
    release(project, "1.0.0", V1_DAY)
    git(project, "tag", "1.0.0")  # not a release tag: no v
    git(project, "tag", "v1.0")
    git(project, "tag", "v01.0.0")
    git(project, "tag", "v1.0.0-rc.1")
    site = build(project)
    document = page(site, lang)
    assert [text_of(p) for p in document.xpath('//*[@class="changes-missing"]')] == [WORDS[lang]["no_tags"]]
    feed = feedparser.parse((site / lang / "changes" / "feed.xml").read_bytes())
    assert not feed.bozo and not feed.entries and feed.feed.updated[:10] == "2026-01-10"


def test_a_shallow_clone_without_tags_says_so(repo: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--no-tags", f"file://{repo}", str(clone)],
                   check=True, capture_output=True)
    data = clone / "data" / "events.yaml"
    _, checked = load_source(data)
    found = history.read_history(data, checked.data or {}, clone / "CITATION.cff")
    assert (found.missing, found.releases) == (history.SHALLOW, ())


def test_a_release_whose_data_does_not_validate_is_compared_on_what_could_be_read(repo: Path):
    data = repo / "data" / "events.yaml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace('date: "1989-11"', "date: May 1989"), encoding="utf-8")
    release(repo, "1.2.0", dt.date(2026, 4, 1))
    git(repo, "tag", "v1.2.0")
    data.write_text(good, encoding="utf-8")
    document = page(build(repo), "en")
    broken = section(document, "v1.2.0")
    assert WORDS["en"]["errors"] in [text_of(p) for p in broken.iter("p")]
    # the event whose date could not be read is compared without it: shown as corrected, not removed
    assert "ocaq-society" in " ".join(broken.xpath(".//a/@href"))


def test_a_new_tag_makes_the_site_out_of_date(repo: Path):
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert runner.invoke(main, ["build"]).stdout == "output/ is up to date: nothing changed since the last build\n"
    assert up_to_date(repo / "output", ProjectSettings.read())
    git(repo, "commit", "--quiet", "--all", "-m", "Release 1.2.0")
    git(repo, "tag", "v1.2.0")
    assert not up_to_date(repo / "output", ProjectSettings.read())
    again = runner.invoke(main, ["build"])
    assert again.exit_code == 0 and again.stdout.startswith("built output/"), again.stdout
    assert 'id="v1.2.0"' in (repo / "output" / "en" / "changes" / "index.html").read_text(encoding="utf-8")
    git(repo, "tag", "--force", "v1.2.0", "v1.1.0")  # a tag moved
    assert not up_to_date(repo / "output", ProjectSettings.read())


def test_a_rebuild_takes_the_comparisons_from_the_cache(repo: Path, monkeypatch: pytest.MonkeyPatch):
    build(repo)
    assert (repo / ".culturelinks-cache" / "output" / "history.json").is_file()

    def unread(*args: object) -> None:
        raise AssertionError("a kept comparison was read again")

    monkeypatch.setattr(history.Releases, "side", unread)
    (repo / "content" / "pages" / "about.en.md").write_text(  # another input, so the build runs
        (repo / "content" / "pages" / "about.en.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert 'id="v1.1.0"' in (build(repo) / "en" / "changes" / "index.html").read_text(encoding="utf-8")


def test_serve_keeps_the_page_as_a_clean_build_makes_it(repo: Path):
    from culturelinks.serve.live import LiveBuild

    from ..building.test_incremental import tree

    data = repo / "data" / "events.yaml"
    live = LiveBuild(repo / "output")

    def rebuild() -> dict[str, bytes]:
        live.notice({(2, str(data))})
        live(lambda: None)
        live.settle()
        return tree(live.output)

    live(lambda: None)
    live.settle()
    data.write_text(data.read_text(encoding="utf-8").replace('date: "1989-11"', 'date: "1989-12"'), encoding="utf-8")
    site = rebuild()
    assert live.quick_builds == 1
    assert site == tree(build_site(repo / "clean", use_cache=False).output)
    unreleased = section(page(repo / "output", "en"), "unreleased")
    assert [item.xpath("a/@href")[0] for item in items(unreleased, "2 events corrected")] == [
        "/en/events/ocaq-society/", "/en/events/new-exhibition-2010/"]

    git(repo, "commit", "--quiet", "--all", "-m", "Release 1.2.0")
    git(repo, "tag", "v1.2.0")  # a tag is noticed at the next save, which is then a full build
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    site = rebuild()
    assert live.quick_builds == 1
    assert site == tree(build_site(repo / "clean", use_cache=False).output)
    assert 'id="v1.2.0"' in site["en/changes/index.html"].decode()
