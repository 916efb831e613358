"""Publishing can never hurt a site (issue 10): a guarded output folder, an atomic swap, one error shape.

Each test builds the three-event scratch project; ``run_build`` runs the real command in a process of
its own where a test kills it or needs worker processes.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from culturelinks.build import build_site, cache_folder
from culturelinks.cli import main
from culturelinks.output import publish, render

from .calls import NotedCalls
from .test_incremental import mtimes, replace, tree

COMMAND = [sys.executable, "-c", "from culturelinks.cli import main; main()"]


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, "build", *args], cwd=project, capture_output=True, text=True, timeout=300)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


# -- guarded output ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("output", "says"), [
    ("data", "it holds the data file"),
    (".", "it is the project"),
    ("..", "it holds the project"),
    ("content", "it is the content"),
    ("templates", "it is the templates"),
    ("static/css", "it is inside the static files"),
])
def test_build_refuses_an_output_that_is_or_holds_the_project(project: Path, output: str, says: str):
    before = project_files(project)
    result = invoke("build", "--output", output)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: refusing to publish into ") and says in result.output
    assert "Traceback" not in result.output
    assert project_files(project) == before


def project_files(project: Path) -> dict[str, bytes]:
    """The project's files, but for the bytecode Python caches of pelicanconf.py as the build reads its settings
    to know what to protect (``__pycache__/``, unless PYTHONDONTWRITEBYTECODE is set, as on a fresh machine)."""
    return {name: content for name, content in tree(project).items() if not name.startswith("__pycache__/")}


def test_build_refuses_a_folder_that_is_not_a_culturelinks_site(project: Path):
    mine = project / "mydocs"
    mine.mkdir()
    (mine / "thesis.txt").write_text("three years of work", "utf-8")
    result = invoke("build", "--output", "mydocs")
    assert result.exit_code == 2
    assert "it is not a site culturelinks built" in result.output
    assert (mine / "thesis.txt").read_text("utf-8") == "three years of work"
    assert sorted(path.name for path in mine.iterdir()) == ["thesis.txt"]


def test_serve_refuses_the_same_folders(project: Path):
    result = invoke("serve", "--output", "data", "--port", "0")
    assert result.exit_code == 2 and "refusing to publish into" in result.output
    assert (project / "data" / "events.yaml").is_file()


def test_serve_refuses_a_site_holding_a_file_no_build_wrote_before_it_serves(project: Path):
    assert invoke("build").exit_code == 0
    (project / "output" / "thesis.txt").write_text("mine", encoding="utf-8")
    result = invoke("serve", "--port", "0")
    assert result.exit_code == 2 and "thesis.txt" in result.output
    assert (project / "output" / "thesis.txt").read_text(encoding="utf-8") == "mine"


def test_an_empty_folder_and_an_own_site_are_published_into(project: Path):
    (project / "empty").mkdir()
    assert invoke("build", "--output", "empty").exit_code == 0
    assert invoke("build", "--output", "empty", "--no-cache").exit_code == 0
    assert (project / "empty" / publish.MARKER).is_file()


def test_nothing_outside_the_output_and_its_cache_is_removed(project: Path):
    neighbours = [project / ".output.building-notes", project / "output.previous", project / ".culturelinks-cache-x"]
    for folder in neighbours:
        folder.mkdir()
        (folder / "keep.txt").write_text("mine", "utf-8")
    build_site(project / "output")
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(project / "output")
    assert all((folder / "keep.txt").read_text("utf-8") == "mine" for folder in neighbours)


# -- atomic publishing -------------------------------------------------------------------------------

def test_the_published_site_has_the_umask_modes(project: Path):
    old = os.umask(0o022)
    try:
        build_site(project / "output")
    finally:
        os.umask(old)
    output = project / "output"
    assert stat.S_IMODE(output.stat().st_mode) == 0o755
    assert stat.S_IMODE((output / "az" / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((output / "pagefind" / "pagefind.js").stat().st_mode) == 0o644


def test_a_deleted_file_is_restored_by_the_next_build_without_any_edit(project: Path):
    output = project / "output"
    build_site(output)
    (output / "az" / "index.html").unlink()
    (output / "sitemap.xml").write_text("edited by hand", "utf-8")
    result = build_site(output)
    assert not result.up_to_date
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)


def test_unchanged_files_are_the_live_files_themselves(project: Path):
    output = project / "output"
    build_site(output)
    inodes = {name: (output / name).stat().st_ino for name in tree(output)}
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    kept = [name for name in tree(output) if name in inodes and (output / name).stat().st_ino == inodes[name]]
    assert "theme/css/style.css" in kept and "en/events/ocaq-society/index.html" in kept
    assert "en/events/russian-culture-days-baku-1997/index.html" not in kept


def test_a_republish_asks_whether_to_stop_while_it_writes_and_a_stop_leaves_the_site(project: Path):
    """serve's open data and search index follow the pages in a republish of the whole site, which a newer save
    stops (``check`` raises): it asks every 100 files, the ones it writes (thousands of search fragments at
    10,000 events) as well as the ones it keeps; stopped, it leaves the live site as it was."""
    output = project / "output"
    build_site(output)
    before, cache = tree(output), cache_folder(output)
    site = publish.LiveSite(output.resolve())
    live = site.claim()
    assert live is not None
    files = {f"extra/{number}.txt": str(number).encode() for number in range(250)}
    asked: list[int] = []

    class Stop(Exception):
        pass

    def check() -> None:
        asked.append(len(asked))
        if len(asked) > -(-len(live.files) // 100) + 2:  # the kept files' questions, then two of the written
            raise Stop

    with pytest.raises(Stop):
        site.republish(files, live.inputs, {}, check=check)
    assert tree(output) == before
    assert not list(cache.glob(publish.STAGING_PREFIX + "*"))


def test_two_clean_builds_on_different_filesystems_are_identical(project: Path, tmp_path_factory):
    memory = Path("/dev/shm")
    if not memory.is_dir():
        pytest.skip("no tmpfs at /dev/shm on this machine")
    elsewhere = Path(os.path.realpath(memory)) / f"culturelinks-{os.getpid()}-{time.monotonic_ns()}"
    elsewhere.mkdir()
    try:
        on_disk = build_site(project / "output").output
        in_memory = build_site(elsewhere / "output").output
        assert tree(on_disk) == tree(in_memory)
        assert any(name.startswith("pagefind/fragment/") for name in tree(in_memory))
    finally:
        import shutil

        shutil.rmtree(elsewhere, ignore_errors=True)


def _kill_during(project: Path, delay: float, *args: str) -> bool:
    """Start a build, SIGKILL it after ``delay`` s; whether it was still running then."""
    process = subprocess.Popen([*COMMAND, "build", *args], cwd=project, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(delay)
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return running


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["first", "incremental", "no-cache"])
def test_a_build_killed_at_any_moment_leaves_the_whole_old_or_the_whole_new_site(project: Path, kind: str):
    data = project / "data" / "events.yaml"
    old_text = data.read_text("utf-8")
    new_text = old_text.replace("They lasted a week.", "They lasted a whole week.")
    old_site = tree(build_site(project / "reference-old").output)
    data.write_text(new_text, "utf-8")
    new_site = tree(build_site(project / "reference-new").output)
    output = project / "output"
    started = time.perf_counter()
    assert run_build(project).returncode == 0
    duration = time.perf_counter() - started
    killed_while_running = 0
    for step in range(1, 10):
        if kind == "first":
            import shutil

            shutil.rmtree(output, ignore_errors=True)
            expected_old = {}
        else:
            data.write_text(old_text, "utf-8")
            assert run_build(project).returncode == 0
            assert tree(output) == old_site
            data.write_text(new_text, "utf-8")
            expected_old = old_site
        killed_while_running += _kill_during(project, duration * step / 9, *(
            ("--no-cache",) if kind == "no-cache" else ()))
        found = tree(output) if output.exists() else {}
        assert found in (expected_old, new_site), f"killed after {step}/9 of a build: a mix of two sites"
    assert killed_while_running >= 3  # some kills land before the end, however loaded the machine
    assert run_build(project).returncode == 0
    assert tree(output) == new_site
    assert not list(cache_folder(output).glob(publish.STAGING_PREFIX + "*"))  # leftovers are cleaned


# -- one error shape ---------------------------------------------------------------------------------

def _assert_clean_failure(result, *phrases: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = result.output[result.output.index("Error: "):]
    assert message.count("\n") == 1  # one line, the last
    for phrase in phrases:
        assert phrase in message


@pytest.mark.parametrize("failing", ["a page", "the search index", "the manifest", "the swap"])
def test_a_full_or_read_only_disk_is_a_message_and_the_site_stays_whole(project: Path, monkeypatch, failing: str):
    output = project / "output"
    build_site(output)
    before, stamps = tree(output), mtimes(output)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    put = publish.Staging.put

    def full_disk(self, name, content, fingerprint=None):
        if (failing == "a page" and name.endswith(".html")) or (failing == "the search index"
                                                               and name.startswith("pagefind/")):
            raise OSError(errno.ENOSPC, "No space left on device", str(self.folder / name))
        return put(self, name, content, fingerprint)

    def read_only(first, second):
        raise OSError(errno.EROFS, "Read-only file system", str(second))

    def manifest_on_a_full_disk(cache, manifest):
        raise OSError(errno.ENOSPC, "No space left on device", str(cache / "manifest.partial"))

    if failing == "the manifest":
        monkeypatch.setattr(publish, "write_manifest", manifest_on_a_full_disk)
    monkeypatch.setattr(publish.Staging, "put", full_disk)
    monkeypatch.setattr(publish, "exchange", read_only)
    result = invoke("build")
    _assert_clean_failure(result, "Read-only file system" if failing == "the swap" else "No space left on device",
                          "the previous site is untouched", *(["manifest.partial"] if failing == "the manifest" else []))
    assert tree(output) == before and mtimes(output) == stamps


def test_a_broken_settings_file_is_a_message(project: Path):
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + "\nTIMEZONE = Asia/Baku\n", "utf-8")
    result = invoke("build")
    _assert_clean_failure(result, "pelicanconf.py:", "NameError")
    settings.write_text("SITENAME = (\n", "utf-8")
    _assert_clean_failure(invoke("build"), "pelicanconf.py:1: cannot read the settings: SyntaxError")


def test_a_damaged_cache_is_only_a_slower_build(project: Path):
    """The site is then recognised by its files, which its marker names (a damaged marker is refused:
    test_output_guard.py)."""
    output = project / "output"
    build_site(output)
    for manifest in cache_folder(output).glob("manifest-*.json"):
        manifest.write_text("{not json", "utf-8")
    (cache_folder(output) / "summaries.json").write_text("{not json", "utf-8")
    result = invoke("build")
    assert result.exit_code == 0, result.output
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)


def test_a_template_error_in_a_worker_process_is_the_same_message(project: Path):
    """Enough events for the pages to be rendered by forked workers (output.render.MIN_PARALLEL_PAGES)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks import synthetic

    (project / "data" / "events.yaml").write_text(synthetic.dataset(60), "utf-8")
    assert render.MIN_PARALLEL_PAGES < 60 * 3
    event_template = project / "templates" / "event.html"
    event_template.write_text(event_template.read_text("utf-8").replace(
        "{{ entry.title.text }}</h1>", "{{ entry.title.text }}{{ page.nothing.here }}</h1>"), "utf-8")
    completed = subprocess.run([*COMMAND, "build"], cwd=project, capture_output=True, text=True, timeout=300,
                               env={**os.environ, "CI": "true"})
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr
    assert "Error: templates/event.html:" in completed.stderr and "template error" in completed.stderr
    assert "the previous site is untouched" in completed.stderr
    assert not (project / "output").exists()


# -- the editor's loop: pages first, the search index a moment later ------------------------------------

def test_serve_builds_show_the_pages_before_the_new_search_index(project: Path):
    """As ``culturelinks serve`` builds (serve.live), the edited pages go in with the live search index, then the
    new index follows; the end is the same site as a clean build, recorded as up to date."""
    from culturelinks.serve.live import LiveBuild

    output = project / "output"
    build_site(output)
    old_index = {name: data for name, data in tree(output).items() if name.startswith("pagefind/")}
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    seen: dict[str, dict[str, bytes]] = {}

    def pages_ready() -> None:
        seen["site"] = tree(output)

    live = LiveBuild(output)
    live(pages_ready)
    live.settle()
    at_reload = seen["site"]
    assert b"They lasted a whole week." in at_reload["en/events/russian-culture-days-baku-1997/index.html"]
    assert {name: data for name, data in at_reload.items() if name.startswith("pagefind/")} == old_index
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)
    assert build_site(output).up_to_date


def test_an_os_error_without_a_file_name_says_no_none(project: Path, monkeypatch):
    def full_disk(self, name, content, fingerprint=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish.Staging, "put", full_disk)
    result = invoke("build")
    _assert_clean_failure(result, "No space left on device")
    assert "(None)" not in result.output


def test_a_tampered_cached_summary_is_never_published(project: Path):
    """The cache beside the output is not trusted (a shared CI cache, a hand edit): a kept rendering the sanitizer
    would change is rendered again from the data."""
    output = project / "output"
    build_site(output)
    kept = cache_folder(output) / "summaries.json"
    data = json.loads(kept.read_text("utf-8"))
    assert data["rendered"]
    data["rendered"] = {key: html.replace("<p>", "<p><script>alert(1)</script>", 1)
                        for key, html in data["rendered"].items()}
    kept.write_text(json.dumps(data), "utf-8")
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    assert not [name for name, content in tree(output).items() if b"alert(1)" in content]
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)


def test_the_cached_summaries_are_checked_beside_the_build(project: Path, noted_calls: NotedCalls):
    """The sanitizer's check of every kept rendering (0.8 s at 10,000 events) is made in a process of its own
    (output.side) while the build starts and reads the data, not in the build's own thread."""
    from culturelinks.text import markup

    output = project / "output"
    build_site(output)
    kept = set(json.loads((cache_folder(output) / "summaries.json").read_text("utf-8"))["rendered"].values())
    noted_calls.note(markup, "sanitize")
    replace(project / "data" / "events.yaml", "en: Azerbaijani culture days in Moscow", "en: Azerbaijani culture days, Moscow")
    build_site(output)
    checked = [(html, in_build) for html, in_build in noted_calls.made("sanitize") if html in kept]
    assert {html for html, in_build in checked if not in_build} == kept, "each kept rendering checked beside the build"
    assert not [html for html, in_build in checked if in_build], "none in the build's own thread"
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)



def test_the_manifest_is_written_beside_the_swaps_last_checks(project: Path, noted_calls: NotedCalls):
    """The manifest (35 MB at 10,000 events) is written in a process of its own (output.side) while the build walks
    the live site for files no build wrote, and is in place before the swap."""
    output = project / "output"
    build_site(output)
    noted_calls.note(publish, "write_manifest")
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    assert [in_build for _, in_build in noted_calls.made("write_manifest")] == [False]
    assert publish.read_marker(output) is not None and build_site(output).up_to_date

def test_a_summaries_file_replaced_while_it_is_checked_is_checked_again(project: Path):
    """The check beside the build vouches only for the bytes it read: the build's process reads the file again, and
    checks the renderings itself when they are other bytes (a cache another build shares may change meanwhile)."""
    from culturelinks.output.manifest import KnownSummaries

    output = project / "output"
    build_site(output)
    kept = cache_folder(output) / "summaries.json"
    data = json.loads(kept.read_text("utf-8"))
    known = KnownSummaries(cache_folder(output))
    key = next(iter(data["rendered"]))
    data["rendered"][key] = "<p><script>alert(1)</script></p>"
    kept.write_text(json.dumps(data), "utf-8")
    assert key not in known and len(known) == len(data["rendered"]) - 1


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="a./é -\\", min_size=1, max_size=12))
def test_a_file_is_staged_where_pelicans_sanitised_join_puts_it_and_never_outside(name: str):
    """``Staging._target`` joins a plain name (no empty part, none starting with a dot) itself, and leaves any other
    to Pelican's ``sanitised_join``: the same path either way, and a name that would leave the folder refused."""
    from pelican.utils import sanitised_join

    staging = publish.Staging(Path("/srv/site/.culturelinks-cache/output/staging-1"), Path("/srv/site/output"), None)
    root = str(staging.folder)
    try:
        expected = sanitised_join(root, name)
    except RuntimeError:
        with pytest.raises(RuntimeError):
            staging._target(name)
        return
    assert staging._target(name) == expected
    if publish._PLAIN_NAME.fullmatch(name):
        assert expected.startswith(root + "/") and ".." not in expected.split("/")
