"""A build with nothing to do says so without starting Pelican, and is never fooled (issue 11: no-change rebuild).

``culturelinks build`` first asks ``build.up_to_date``: the settings as pelicanconf.py gives them now, the
files the last build read and culturelinks' code, against what the live site's manifest records.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.build import ProjectSettings, build_site, cache_folder, up_to_date
from culturelinks.cli import main
from culturelinks.output import manifest as incremental
from culturelinks.output.manifest import Manifest, read_manifest
from culturelinks.output.publish import read_marker
from culturelinks.site import i18n

from .test_incremental import locale, replace  # noqa: F401 - the fixture is used by name

#: What a build with nothing to do must not import: Pelican, the templates, Markdown, Babel, the progress bar.
HEAVY = ("pelican", "jinja2", "markdown_it", "babel", "rich", "pagefind")


def build(*args: str) -> str:
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_build_with_nothing_to_do_starts_no_pelican(project: Path):
    build()
    probe = ("import sys\nfrom culturelinks.cli import main\n"
             "try:\n    main(['build'])\nexcept SystemExit:\n    pass\n"
             f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=True)
    assert "output/ is up to date" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]", done.stdout


def test_nothing_changed_is_up_to_date_and_any_input_changed_is_not(project: Path, locale: Path):  # noqa: F811
    data = project / "data" / "events.yaml"
    build()
    assert "up to date" in build()
    edits = [
        ("an event", lambda: replace(data, "They lasted a week.", "They lasted a whole week.")),
        ("a template", lambda: replace(project / "templates" / "event.html", "</article>", "</article>\n")),
        ("a static file", lambda: (project / "static" / "extra.txt").write_text("new", encoding="utf-8")),
        ("a content page", lambda: (page := next((project / "content").rglob("*.md"))).write_text(
            page.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")),
        ("a UI translation", lambda: replace(locale / "ru" / "LC_MESSAGES" / "messages.po",
                                             'msgstr "Источники"', 'msgstr "Источники сведений"')),
        ("a setting", lambda: replace(project / "pelicanconf.py", 'TIMEZONE = "Asia/Baku"',
                                      'TIMEZONE = "Europe/Moscow"')),
    ]
    for what, edit in edits:
        edit()
        assert "built output/" in build(), what
        assert "up to date" in build(), what
    assert "built output/" in build("--base-url", "/pr-7"), "another --base-url"
    assert "up to date" in build("--base-url", "/pr-7")
    copy = data.with_name("copy.yaml")
    copy.write_bytes(data.read_bytes())
    assert "built output/" in build("--base-url", "/pr-7", "--data", str(copy)), "another --data"
    assert "up to date" in build("--base-url", "/pr-7", "--data", str(copy))


def test_a_setting_pelicanconf_reads_from_the_environment_is_an_input(project: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + '\nimport os\nSITEURL = os.environ.get("CULTURELINKS_TEST_URL", SITEURL)\n',
                        encoding="utf-8")
    build()
    monkeypatch.setenv("CULTURELINKS_TEST_URL", "https://mirror.example.org")
    assert "built output/" in build()
    assert "https://mirror.example.org/en/" in (project / "output" / "en" / "index.html").read_text(encoding="utf-8")
    assert "up to date" in build()


def test_another_pelican_settings_code_is_not_up_to_date(project: Path, monkeypatch: pytest.MonkeyPatch):
    """Pelican turns pelicanconf.py's values into its settings (its defaults, its paths): other code, other settings."""
    build()
    monkeypatch.setattr(incremental, "pelican_settings_code", lambda: b"another Pelican")
    assert not up_to_date(Path("output"), ProjectSettings.read())
    assert "built output/" in build()


def live_manifest(output: Path) -> Manifest:
    manifest = read_manifest(cache_folder(output), read_marker(output))
    assert manifest is not None, f"{output} has no manifest"
    return manifest


def page_fingerprints(output: Path) -> dict[str, str]:
    return {name: record.fingerprint for name, record in live_manifest(output).files.items() if record.fingerprint}


def test_other_libraries_make_every_page_again(project: Path, monkeypatch: pytest.MonkeyPatch):
    """A new Jinja, Markdown or Pagefind may make other pages from the same data: after an upgrade the build
    is not up to date, and no page is taken from the live site for its fingerprint."""
    output = project / "output"
    build()
    before = page_fingerprints(output)
    monkeypatch.setattr(incremental, "installed_libraries", lambda: b"Jinja2-9.9.9.dist-info")
    assert not up_to_date(output, ProjectSettings.read())
    assert "built output/" in build()
    after = page_fingerprints(output)
    assert after.keys() == before.keys() and not any(after[name] == before[name] for name in before)
    assert "up to date" in build()


def test_the_libraries_are_listed_by_name_and_version():
    listed = incremental.installed_libraries().decode().splitlines()
    assert any(name.lower().startswith("pelican-") for name in listed), listed
    assert listed == sorted(listed)


def test_a_site_recorded_before_the_inputs_were_is_built_again(project: Path):
    """A manifest from before it recorded what the build read (its inputs a bare digest) is not trusted."""
    output = project / "output"
    build_site(output)
    manifest = cache_folder(output) / f"manifest-{read_marker(output)}.json"
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**recorded, "inputs": recorded["inputs"]["digest"]}), encoding="utf-8")
    assert not up_to_date(output, ProjectSettings.read())
    assert "built output/" in build()
    assert "up to date" in build()


def test_a_broken_settings_file_is_reported_by_the_build(project: Path):
    build()
    (project / "pelicanconf.py").write_text("SITENAME = (\n", encoding="utf-8")
    assert not up_to_date(Path("output"), ProjectSettings.read())
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code != 0 and "pelicanconf.py:1" in result.output, result.output


def test_the_catalogs_are_read_where_the_build_reads_them(project: Path, locale: Path):  # noqa: F811
    build()
    assert str(i18n.LOCALE_DIR) in live_manifest(project / "output").inputs.sources
