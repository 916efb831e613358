"""Never delete what is not ours (issue 21): a folder is published into only when it is empty, holds only what
a build keeps (``.git``, ``CNAME``…), or is a site this project built; a build keeps those files across its
swap and refuses, listing them, files it did not write. A deployment checkout (a git worktree of gh-pages)
and a mount point are published into."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.build import build_site
from culturelinks.cli import main
from culturelinks.errors import UsageError
from culturelinks.output import publish

from .calls import NotedCalls
from .test_incremental import replace, tree


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def own_site(project: Path, name: str = "output") -> Path:
    output = project / name
    assert invoke("build", "--output", name).exit_code == 0
    return output


def assert_refused(result, *phrases: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: refusing to publish into "), result.output
    for phrase in phrases:
        assert phrase in result.output, result.output


# -- what makes a folder ours ----------------------------------------------------------------------------

@pytest.mark.parametrize(("marker", "says"), [
    ("", "its .culturelinks-site is not a marker culturelinks wrote"),
    ("garbage", "its .culturelinks-site is not a marker culturelinks wrote"),
    (json.dumps({"generator": "culturelinks", "build": "0" * 32}), "names a build this project did not make"),
])
def test_a_marker_alone_does_not_make_a_folder_ours(project: Path, marker: str, says: str):
    mine = project / "m"
    mine.mkdir()
    (mine / publish.MARKER).write_text(marker, "utf-8")
    (mine / "thesis.txt").write_text("three years of work", "utf-8")
    assert_refused(invoke("build", "--output", "m"), says)
    assert (mine / "thesis.txt").read_text("utf-8") == "three years of work"


def test_a_marker_linked_from_another_site_does_not_make_a_folder_ours(project: Path):
    site = own_site(project)
    mine = project / "m"
    mine.mkdir()
    (mine / publish.MARKER).symlink_to(site / publish.MARKER)
    (mine / "thesis.txt").write_text("three years of work", "utf-8")
    assert_refused(invoke("build", "--output", "m"), "is a symbolic link")
    assert (mine / "thesis.txt").is_file()


def test_a_copied_marker_of_another_site_does_not_make_a_folder_ours(project: Path):
    site = own_site(project)
    mine = project / "m"
    mine.mkdir()
    shutil.copy(site / publish.MARKER, mine / publish.MARKER)
    (mine / "thesis.txt").write_text("three years of work", "utf-8")
    assert_refused(invoke("build", "--output", "m"), "names a build this project did not make")
    assert (mine / "thesis.txt").is_file()


def test_a_stray_manifest_of_the_old_cache_layout_does_not_make_a_folder_ours(project: Path):
    mine = project / "m"
    mine.mkdir()
    (mine / "thesis.txt").write_text("three years of work", "utf-8")
    old_cache = project / ".culturelinks-cache" / "m"
    old_cache.mkdir(parents=True)
    (old_cache / "manifest.json").write_text("{}", "utf-8")
    assert_refused(invoke("build", "--output", "m"), "it is not a site culturelinks built")
    assert (mine / "thesis.txt").is_file()


def test_files_the_build_did_not_write_make_it_refuse_and_are_listed(project: Path):
    site = own_site(project)
    (site / "thesis.txt").write_text("three years of work", "utf-8")
    (site / "az" / "notes").mkdir()
    (site / "az" / "notes" / "draft.md").write_text("mine", "utf-8")
    before = tree(site)
    result = invoke("build", "--output", "output", "--no-cache")
    assert_refused(result, "files no culturelinks build wrote", "thesis.txt", "az/notes/",
                   "CULTURELINKS_OUTPUT_RETENTION")
    assert tree(site) == before



def lay_out(root: Path, names: list[str]) -> None:
    """Each of ``names`` under ``root``: an empty file, or a folder where the name ends with ``/``."""
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            (root / name).mkdir()
        else:
            (root / name).write_text("", "utf-8")


def test_strangers_are_listed_in_the_order_of_a_walk_by_name(tmp_path: Path):
    """The walk before each swap takes a folder's entries as the file system lists them (it runs over tens of
    thousands of folders); what it finds is listed as a walk visiting each folder's entries by name would."""
    known = ["a/index.html", "a/b/index.html", "a-b/index.html", "index.html"]
    made = [*known, "a/b/x.txt", "a/b-c.txt", "a-b/é.txt", "a-b/z/", "a.txt", "a0/", "a/b/w/y.txt", "A.txt", ".git/"]
    lay_out(tmp_path, made)

    def walked(folder: Path, prefix: str) -> list[str]:
        found = []
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            name = prefix + entry.name
            if not prefix and name == ".git":
                continue
            if entry.is_dir():
                folder_known = any(other.startswith(name + "/") for other in known)
                found += walked(Path(entry.path), name + "/") if folder_known else [name + "/"]
            elif name not in known:
                found.append(name)
        return found

    listed = publish.strangers(tmp_path, known, (".git",))
    assert listed == walked(tmp_path, "")
    assert listed == ["A.txt", "a/b/w/", "a/b/x.txt", "a/b-c.txt", "a-b/z/", "a-b/é.txt", "a.txt", "a0/"]


def test_a_large_sites_walk_before_the_swap_is_shared_with_a_forked_process(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch,
                                                                            noted_calls: NotedCalls):
    """The build waits for the walk before its swap (2.9 s at 30,000 events: 122,728 folders), so a large site's is
    made by two processes, this one and a forked one, each under about half the folders below the second level;
    what they find is what one walk finds, in the same order."""
    known = [f"{lang}/{kind}/{number}/index.html" for lang in ("az", "en", "ru") for kind in ("events", "years")
             for number in range(4)] + ["index.html", "en/index.html", "data/events.json"]
    made = [*known, "thesis.txt", "notes/", "en/notes.txt", "en/drafts/", "az/events/2/x.txt", "ru/years/0/deep/",
            "en/events/3/é.txt", "data/old.csv", "en/years/1/a/b/c.txt", ".git/HEAD"]
    lay_out(tmp_path, made)
    one_walk = publish.strangers(tmp_path, known, (".git",))
    monkeypatch.setattr(publish, "SHARED_WALK_NAMES", 1)
    # Forked whatever else the test session left running: the build forks only where nothing but its own thread
    # runs (it then walks alone: the same list), and forking is what this test proves.
    monkeypatch.setattr(publish, "_can_fork", lambda: True)
    noted_calls.note(os, "scandir")
    assert publish.strangers(tmp_path, known, (".git",), shared=True) == one_walk
    assert one_walk == ["az/events/2/x.txt", "data/old.csv", "en/drafts/", "en/events/3/é.txt", "en/notes.txt",
                        "en/years/1/a/", "notes/", "ru/years/0/deep/", "thesis.txt"]
    walked = noted_calls.made("scandir")
    forked = {Path(path).relative_to(tmp_path).as_posix() for path, in_build in walked if not in_build}
    here = {Path(path).relative_to(tmp_path).as_posix() for path, in_build in walked if in_build}
    assert forked and not forked & here, "each folder walked once, some by the forked process"
    assert {".", "az", "en", "ru", "data"} <= here  # the first two levels, which make the shares


def test_a_file_added_deep_while_the_site_is_built_makes_a_shared_walk_refuse(project: Path,
                                                                              monkeypatch: pytest.MonkeyPatch):
    site = own_site(project)
    monkeypatch.setattr(publish, "SHARED_WALK_NAMES", 1)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    notes = site / "en" / "events" / "russian-culture-days-baku-1997" / "notes.txt"
    swap_in = publish.Staging.swap_in

    def user_adds_a_file(self, **options) -> None:
        notes.write_text("saved meanwhile", "utf-8")
        swap_in(self, **options)

    monkeypatch.setattr(publish.Staging, "swap_in", user_adds_a_file)
    with pytest.raises(UsageError, match="en/events/russian-culture-days-baku-1997/notes.txt"):
        build_site(site)
    assert notes.read_text("utf-8") == "saved meanwhile"


def test_a_file_added_while_the_site_is_built_makes_the_swap_refuse(project: Path, monkeypatch):
    site = own_site(project)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    swap_in = publish.Staging.swap_in

    def user_adds_a_file(self, **options) -> None:
        (site / "thesis.txt").write_text("saved meanwhile", "utf-8")
        swap_in(self, **options)

    monkeypatch.setattr(publish.Staging, "swap_in", user_adds_a_file)
    with pytest.raises(UsageError, match="thesis.txt"):
        build_site(site)
    assert (site / "thesis.txt").read_text("utf-8") == "saved meanwhile"
    assert b"They lasted a week." in (site / "en/events/russian-culture-days-baku-1997/index.html").read_bytes()


def test_version_control_and_host_files_are_kept_across_builds(project: Path):
    output = project / "output"
    output.mkdir()
    (output / "CNAME").write_text("culture.example.org\n", "utf-8")
    (output / ".nojekyll").write_text("", "utf-8")
    (output / ".git").mkdir()
    (output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")
    own_site(project)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    assert invoke("build").exit_code == 0
    assert invoke("build", "--no-cache").exit_code == 0
    assert (output / "CNAME").read_text("utf-8") == "culture.example.org\n"
    assert (output / ".nojekyll").is_file()
    assert (output / ".git" / "HEAD").read_text("utf-8") == "ref: refs/heads/gh-pages\n"
    assert (output / "en" / "index.html").is_file()


def test_what_is_kept_is_a_setting(project: Path):
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + '\nCULTURELINKS_OUTPUT_RETENTION = ["README.md"]\n', "utf-8")
    output = project / "output"
    output.mkdir()
    (output / "README.md").write_text("This branch holds the built site.\n", "utf-8")
    (output / "CNAME").write_text("culture.example.org\n", "utf-8")
    assert_refused(invoke("build"), "CNAME")
    (output / "CNAME").unlink()
    assert invoke("build").exit_code == 0
    assert invoke("build", "--no-cache").exit_code == 0
    assert (output / "README.md").read_text("utf-8") == "This branch holds the built site.\n"


def test_kept_files_left_in_a_killed_builds_old_site_are_put_back(project: Path, monkeypatch):
    """Killed between the swap and moving ``.git`` back: the next build finds it in the old site it left in the
    cache and puts it back, never deletes it."""
    output = project / "output"
    output.mkdir()
    (output / ".git").mkdir()
    (output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")
    own_site(project)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(publish, "carry_retained", killed)
        build_site(output)
    assert not (output / ".git").exists()
    assert invoke("build").exit_code == 0
    assert (output / ".git" / "HEAD").read_text("utf-8") == "ref: refs/heads/gh-pages\n"


# -- a deployment checkout ---------------------------------------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env).stdout


def status(worktree: Path) -> set[str]:
    return {line[3:] for line in git(worktree, "status", "--porcelain", "--untracked-files=all").splitlines()}


def test_a_gh_pages_worktree_is_published_into_and_shows_exactly_the_sites_changes(project: Path):
    if shutil.which("git") is None:
        pytest.skip("git is missing")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "data")
    git(project, "commit", "-q", "-m", "data")
    git(project, "checkout", "-q", "--orphan", "gh-pages")
    git(project, "rm", "-rq", "--cached", ".")
    (project / "CNAME").write_text("culture.example.org\n", "utf-8")
    git(project, "add", "CNAME")
    git(project, "commit", "-q", "-m", "pages")
    (project / "CNAME").unlink()
    git(project, "checkout", "-q", "-f", "main")
    git(project, "worktree", "add", "-q", "ghpages", "gh-pages")
    worktree = project / "ghpages"

    assert invoke("build", "--output", "ghpages").exit_code == 0
    assert (worktree / ".git").is_file() and (worktree / "CNAME").read_text("utf-8") == "culture.example.org\n"
    built = set(tree(worktree)) - {".git", "CNAME"}
    assert status(worktree) == built  # the whole site is new, and nothing else
    git(worktree, "add", "-A")
    git(worktree, "commit", "-q", "-m", "site")

    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    before = tree(worktree)
    assert invoke("build", "--output", "ghpages").exit_code == 0
    after = tree(worktree)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed and status(worktree) == changed
    assert (worktree / "CNAME").read_text("utf-8") == "culture.example.org\n"
    git(worktree, "add", "-A")
    git(worktree, "commit", "-q", "-m", "site again")

    # A fresh clone has no cache: the committed site is recognised by its content, and rebuilt in place.
    shutil.rmtree(project / ".culturelinks-cache")
    replace(project / "data" / "events.yaml", "They lasted a whole week.", "They lasted a long week.")
    assert invoke("build", "--output", "ghpages").exit_code == 0
    assert git(worktree, "rev-parse", "--abbrev-ref", "HEAD").strip() == "gh-pages"
    assert status(worktree) and all(not name.startswith(".git") and name != "CNAME" for name in status(worktree))

    # ...but not when a file was added to it by hand.
    shutil.rmtree(project / ".culturelinks-cache")
    (worktree / "notes.txt").write_text("mine", "utf-8")
    assert_refused(invoke("build", "--output", "ghpages"), "names a build this project did not make")
    assert (worktree / "notes.txt").is_file()


# -- a mount point -----------------------------------------------------------------------------------------

@pytest.fixture
def tmpfs(project: Path):
    """``tmpfs(folder)`` mounts a tmpfs of its own at ``folder`` (as a Docker volume is mounted): needs root."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mounted: list[Path] = []

    def mount(folder: Path) -> Path:
        folder.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)]).returncode:
            pytest.skip("this machine cannot mount a tmpfs")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_mount_point_is_published_into(project: Path, tmpfs):
    mounted = tmpfs(project / "output")
    (mounted / "CNAME").write_text("culture.example.org\n", "utf-8")
    result = invoke("build")
    assert result.exit_code == 0, result.output
    first = tree(mounted)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    result = invoke("build")
    assert result.exit_code == 0, result.output
    assert os.path.ismount(mounted)
    clean = tree(build_site(project / "clean", use_cache=False).output)
    assert tree(mounted) == {**clean, "CNAME": b"culture.example.org\n"}
    assert tree(mounted) != first
    assert [name for name in os.listdir(mounted) if name.startswith(".culturelinks")] == [publish.MARKER]
    (mounted / "thesis.txt").write_text("mine", "utf-8")
    assert_refused(invoke("build", "--no-cache"), "thesis.txt")
    assert (mounted / "thesis.txt").is_file()


def test_a_read_only_output_filesystem_is_one_message(project: Path, tmpfs):
    """The output and its cache on a file system mounted read-only since the last build."""
    disk = tmpfs(project / "disk")
    assert invoke("build", "--output", "disk/site").exit_code == 0
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    before = tree(disk)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    for options in ((), ("--no-cache",)):
        result = invoke("build", "--output", "disk/site", *options)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
        assert "Read-only file system" in result.output and "(None)" not in result.output
    assert tree(disk) == before
