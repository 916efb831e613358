"""Incremental = clean, by construction (issue 10): random sequences of edits to every kind of input,
each followed by an incremental build that must equal, byte for byte, a clean build of the same input."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culturelinks.build import build_site
from culturelinks.site import i18n

from ..conftest import FIXTURES, ROOT
from .test_incremental import tree


def _sub(path: Path, pattern: str, replacement: str, flags: int = 0) -> None:
    text = path.read_text("utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=flags)
    assert count == 1, (path, pattern)
    path.write_text(changed, "utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


#: Each edit: the file it changes (relative to the project; "locale/…" is the copy of the catalogs)
#: and how, given a number that makes every edit new.
EDITS: dict[str, tuple[str, Callable[[Path, int], None]]] = {
    "an event's summary": ("data/events.yaml", lambda path, n: _sub(
        path, r"They lasted a (whole )?week[^.]*\.", f"They lasted a week, version {n}.")),
    "a place name": ("data/events.yaml", lambda path, n: _sub(path, r"en: Baku[^}]*}", f"en: Baku {n}}}")),
    "a template": ("templates/event.html", lambda path, n: _sub(
        path, r'<article (data-version="\d+" )?class="event"', f'<article data-version="{n}" class="event"')),
    "a UI translation": ("locale/ru/LC_MESSAGES/messages.po", lambda path, n: _sub(
        path, r'msgid "Sources"\nmsgstr "[^"]*"', f'msgid "Sources"\nmsgstr "Источники {n}"')),
    "a setting": ("pelicanconf.py", lambda path, n: _append(path, f"\nCULTURELINKS_LISTING_LIMIT = {1 + n % 3}\n")),
    "a release": ("CITATION.cff", lambda path, n: _sub(path, r'version: "[^"]*"', f'version: "1.{n}.0"')),
    "the stylesheet": ("static/css/style.css", lambda path, n: _append(path, f"\n/* edit {n} */\n")),
    "a content page's title": ("content/pages/about.en.md", lambda path, n: _sub(
        path, r"^Title: .*$", f"Title: About, edition {n}", re.MULTILINE)),
    "a new content page": ("content/pages/notes.en.md", lambda path, n: path.write_text(
        f"Title: Notes {n}\nSlug: notes\nLang: en\nSummary: Notes.\n\nNotes, edition {n}.\n", "utf-8")),
}
PACKAGE_LOCALE = i18n.LOCALE_DIR
STEPS = st.lists(st.sampled_from([*EDITS, "revert"]), min_size=1, max_size=4)


def _scratch_project(folder: Path) -> None:
    for name in ("content", "templates", "static"):
        shutil.copytree(ROOT / name, folder / name)
    for name in ("pelicanconf.py", "CITATION.cff"):
        shutil.copy(ROOT / name, folder / name)
    (folder / "data").mkdir()
    shutil.copy(FIXTURES / "three-events.yaml", folder / "data" / "events.yaml")
    shutil.copytree(PACKAGE_LOCALE, folder / "locale")


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_every_incremental_build_equals_a_clean_build(steps: list[str], monkeypatch: pytest.MonkeyPatch):
    with tempfile.TemporaryDirectory(prefix="culturelinks-replay-") as scratch, monkeypatch.context() as patch:
        project = Path(scratch)
        _scratch_project(project)
        patch.chdir(project)
        patch.setattr(i18n, "LOCALE_DIR", project / "locale")
        output = project / "output"
        build_site(output)
        undo: list[tuple[Path, str | None]] = []
        for number, step in enumerate(steps, start=1):
            if step == "revert":
                if not undo:
                    continue
                path, old = undo.pop()
                if old is None:
                    path.unlink()
                else:
                    path.write_text(old, "utf-8")
            else:
                relative, edit = EDITS[step]
                path = project / relative
                undo.append((path, path.read_text("utf-8") if path.exists() else None))
                edit(path, number)
            build_site(output)
            clean = build_site(project / f"clean-{number}", use_cache=False).output
            assert tree(output) == tree(clean), f"after {steps[:number]}, the incremental build differs"
            shutil.rmtree(clean)
