"""Incremental builds equal clean builds byte for byte, and leave unchanged files alone (issue 7, item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from culturelinks.build import build_site, cache_folder
from culturelinks.output import search
from culturelinks.site import i18n


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def clean_tree(project: Path) -> dict[str, bytes]:
    """The files of a clean build of ``project``, in a folder of its own."""
    return tree(build_site(project / "clean", use_cache=False).output)


def mtimes(root: Path) -> dict[str, int]:
    return {path.relative_to(root).as_posix(): path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the UI catalogs, so a test can change a translation."""
    copy = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, copy)
    monkeypatch.setattr(i18n, "LOCALE_DIR", copy)
    return copy


def test_each_incremental_build_equals_a_clean_build(project: Path, locale: Path):
    output = project / "output"
    data = project / "data" / "events.yaml"
    assert not build_site(output).up_to_date
    edits = [
        ("a template", lambda: replace(project / "templates" / "event.html", "</article>", "</article>\n")),
        ("a UI translation", lambda: replace(locale / "ru" / "LC_MESSAGES" / "messages.po",
                                             'msgstr "Источники"', 'msgstr "Источники сведений"')),
        ("a place name", lambda: replace(data, "en: Baku}", "en: Baku city}")),
        ("one event", lambda: replace(data, "They lasted a week.", "They lasted a whole week.")),
    ]
    for step, (what, edit) in enumerate(edits):
        before = mtimes(output)
        edit()
        result = build_site(output)
        clean = build_site(project / f"clean-{step}", use_cache=False)
        assert not result.up_to_date and not clean.up_to_date, what
        assert tree(output) == tree(clean.output), f"after changing {what}, the incremental build differs"
        after = mtimes(output)
        unchanged = [name for name, data_bytes in tree(output).items() if before.get(name) == after[name]]
        assert unchanged or what in ("a template", "a UI translation"), what
    assert build_site(output).up_to_date


def test_a_one_event_edit_touches_only_the_pages_that_show_it(project: Path):
    output = project / "output"
    build_site(output)
    before, before_bytes = mtimes(output), tree(output)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    after_bytes = tree(output)
    touched = {name for name, stamp in mtimes(output).items() if before.get(name) != stamp}
    changed = {name for name in after_bytes if before_bytes.get(name) != after_bytes[name]}
    assert touched == changed  # a file whose bytes are the same keeps its modification time
    assert "en/events/russian-culture-days-baku-1997/index.html" in changed
    assert "en/events/culture-days-moscow-2007/index.html" in changed  # it shows the edited one as related
    assert "en/events/ocaq-society/index.html" not in changed
    assert not any(name.startswith("theme/") for name in changed)
    assert len(changed) < len(after_bytes) / 2


def test_nothing_changed_means_nothing_done(project: Path):
    output = project / "output"
    build_site(output)
    stamps = mtimes(output)
    assert build_site(output).up_to_date
    assert mtimes(output) == stamps


def test_a_hand_deleted_page_is_rebuilt(project: Path):
    output = project / "output"
    build_site(output)
    (output / "az" / "index.html").unlink()
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    assert (output / "az" / "index.html").is_file()


def test_a_failed_build_keeps_the_site_and_the_cache(project: Path):
    from culturelinks.errors import DataError

    output = project / "output"
    build_site(output)
    site, cache = tree(output), tree(cache_folder(output))
    replace(project / "data" / "events.yaml", 'date: "1989-10"', "date: October 1989")
    with pytest.raises(DataError):
        build_site(output)
    assert tree(output) == site
    assert tree(cache_folder(output)) == cache  # no staging folder left either


def test_a_language_whose_searched_pages_did_not_change_keeps_its_search_index(project: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch):
    """Pagefind makes a language's part of the index from that language's pages alone: when none of them
    changed, the live part is kept instead of indexing them again (issue 11), and the index is the same."""
    output = project / "output"
    build_site(output)
    fed: list[str] = []
    original = search.SearchIndex.add

    def counting(index, url: str, html: str) -> None:
        fed.append(url.strip("/").split("/")[0])
        original(index, url, html)

    monkeypatch.setattr(search.SearchIndex, "add", counting)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    assert set(fed) == {"en"}, "only the English pages changed"
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)


def test_the_manifest_records_every_file_of_the_site(project: Path):
    """A build records what it wrote and what Pelican copied (build.pelican_copies); a file it did not record
    would be lost by the next quick build of ``serve``, which keeps only recorded files."""
    from culturelinks.output import publish
    from culturelinks.output.manifest import read_manifest

    output = project / "output"
    build_site(output)
    manifest = read_manifest(cache_folder(output), publish.read_marker(output))
    assert manifest is not None
    assert set(tree(output)) == {*manifest.files, publish.MARKER}
    assert any(name.startswith("theme/") for name in manifest.files)
