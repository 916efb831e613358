"""The next build stages its site in the last old site's folders (output.publish: the skeleton): the old site's files
are removed after the swap, its folders kept, so that a rebuild makes no folder the site already had and removes
none. On a filesystem that frees inodes slowly (this machine's ext4 walks past every recently freed inode when it
makes one), making and removing tens of thousands of folders was much of a one-event build's file work. Only
folders are kept: nothing the skeleton holds can reach the new site, and nothing in it is ever followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from culturelinks.build import build_site, cache_folder
from culturelinks.output import publish

from .calls import NotedCalls
from .test_incremental import clean_tree, replace, tree


@pytest.fixture
def folders_made(noted_calls: NotedCalls) -> NotedCalls:
    """Every folder made while a test runs, by the build's process or by one it forked."""
    noted_calls.note(os, "mkdir")
    return noted_calls


def planted_folder(path: Path) -> None:
    """A folder made at ``path`` in a skeleton, in place of the old site's file there (or at a folder above it)."""
    for at in (*reversed(path.parents), path):
        if at.is_file():
            at.unlink()
    path.mkdir(parents=True)


def _folders(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir() and not path.is_symlink()}


def built_twice(output: Path) -> Path:
    """Build ``output``, then again over the site just built: the skeleton the second build kept."""
    build_site(output)
    build_site(output, use_cache=False)
    return cache_folder(output) / publish.SKELETON


def rebuilt_after_an_edit(project: Path) -> None:
    """Edit one event's summary and build ``project``'s output again, with its cache."""
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(project / "output")


def test_a_rebuild_makes_no_folder_the_site_had(project: Path, folders_made: NotedCalls):
    output = project / "output"
    build_site(output)
    assert not (cache_folder(output) / publish.SKELETON).exists(), "the first build had no old site"
    rebuilt_after_an_edit(project)
    site_folders = _folders(output)
    assert (cache_folder(output) / publish.SKELETON).is_dir(), "the old site's folders are kept"
    assert len(site_folders) > 20

    folders_made.clear()
    replace(project / "data" / "events.yaml", "They lasted a whole week.", "They lasted a week or so.")
    build_site(output)
    staged = [path for path, _ in folders_made.made("mkdir") if publish.STAGING_PREFIX in path and "/theme" not in path]
    assert staged == [], staged  # but the theme's few, where Pelican copies its static files (clear_skeleton)
    assert _folders(output) == site_folders
    skeleton = cache_folder(output) / publish.SKELETON
    old_files = {path.relative_to(skeleton).as_posix() for path in skeleton.rglob("*") if not path.is_dir()}
    assert "en/index.html" in old_files, "the old site is kept as it is: the next build removes its files"
    assert tree(output) == clean_tree(project)
    replace(project / "data" / "events.yaml", "They lasted a week or so.", "They lasted a week or two.")
    build_site(output)
    assert tree(output) == clean_tree(project), "and none of them reaches its site"


def test_folders_the_new_site_has_not_are_removed(project: Path):
    output = project / "output"
    built_twice(output)
    assert (output / "en" / "events" / "ocaq-society").is_dir()
    replace(project / "data" / "events.yaml", "id: ocaq-society", "id: ocaq-society-of-moscow")
    build_site(output)
    assert not (output / "en" / "events" / "ocaq-society").exists()
    assert (output / "en" / "events" / "ocaq-society-of-moscow").is_dir()
    assert _folders(output) == _folders(build_site(project / "clean", use_cache=False).output)


def test_what_is_planted_in_the_skeleton_never_reaches_the_site(project: Path, tmp_path_factory):
    output = project / "output"
    skeleton = built_twice(output)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (skeleton / "en" / "planted.html").write_text("<p>not ours</p>", encoding="utf-8")
    os.rename(skeleton / "en" / "events", tmp_path_factory.mktemp("moved") / "events")
    os.symlink(elsewhere, skeleton / "en" / "events")  # a build following it would write outside the site

    rebuilt_after_an_edit(project)
    assert list(elsewhere.iterdir()) == []
    assert not (output / "en" / "events").is_symlink()
    assert not (output / "en" / "planted.html").exists()
    assert tree(output) == clean_tree(project)


def test_a_skeleton_that_is_a_link_is_not_used(project: Path, tmp_path_factory):
    output = project / "output"
    skeleton = built_twice(output)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    os.rename(skeleton, tmp_path_factory.mktemp("moved") / "skeleton")
    os.symlink(elsewhere, skeleton)
    build_site(output, use_cache=False)
    assert list(elsewhere.iterdir()) == []
    assert tree(output) == clean_tree(project)


def test_a_folder_where_the_new_site_has_a_file_makes_way_for_it(project: Path):
    output = project / "output"
    skeleton = built_twice(output)
    planted_folder(skeleton / "en" / "about" / "index.html" / "inside")  # where a page goes, and a file links
    planted_folder(skeleton / "en" / "events" / "ocaq-society" / "ocaq-society.bib")

    rebuilt_after_an_edit(project)
    assert (output / "en" / "about" / "index.html").is_file()
    assert tree(output) == clean_tree(project)


def test_folders_get_the_mode_the_umask_gives_now(project: Path):
    output = project / "output"
    before = os.umask(0o077)
    try:
        built_twice(output)  # the skeleton's folders: rwx for the owner only
    finally:
        os.umask(before)
    os.umask(0o022)
    try:
        build_site(output, use_cache=False)
    finally:
        os.umask(before)
    modes = {oct(path.stat().st_mode & 0o777) for path in output.rglob("*") if path.is_dir()}
    assert modes == {"0o755"}, "a web server running as another user can read every folder"


def test_a_folder_where_pelican_copies_a_static_file_makes_way_for_it(project: Path):
    output = project / "output"
    skeleton = built_twice(output)
    planted_folder(skeleton / "theme" / "css" / "style.css")  # Pelican would copy the stylesheet into it, or fail

    rebuilt_after_an_edit(project)
    assert (output / "theme" / "css" / "style.css").is_file()
    assert tree(output) == clean_tree(project)


def test_a_skeleton_with_a_folder_a_build_would_not_make_is_not_used(project: Path, folders_made: NotedCalls):
    output = project / "output"
    skeleton = built_twice(output)
    (skeleton / "en" / "events").chmod(0o700)  # say, by hand in the live site, two builds before
    folders_made.clear()
    build_site(output, use_cache=False)
    made_now = oct(0o777 & ~publish.current_umask())
    assert {oct(path.stat().st_mode & 0o777) for path in output.rglob("*") if path.is_dir()} == {made_now}
    assert len([path for path, _ in folders_made.made("mkdir") if publish.STAGING_PREFIX in path]) > 20, "made anew"


def test_a_folder_by_a_kept_entrys_name_never_reaches_the_live_site(project: Path):
    output = project / "output"
    skeleton = built_twice(output)
    (skeleton / "CNAME").mkdir()  # a failed build carries the kept entries it holds into the live site
    replace(project / "data" / "events.yaml", "type: society", "type: no-such-type")
    with pytest.raises(Exception):
        build_site(output)
    assert not (output / "CNAME").exists()


def test_without_a_skeleton_the_live_sites_folders_are_made_ahead_off_the_builds_path(
        project: Path, folders_made: NotedCalls, monkeypatch: pytest.MonkeyPatch):
    """The first build after a cold one has no skeleton: it makes the live site's folders in the staging folder
    in a process of its own (a thread, when the build's process runs others) while the data is read and planned
    (at 1,000 events, 4,500 folders that took this disk 1.5 s), not one by one as files come. Those the new site
    does not need are removed, as a skeleton's are."""
    from culturelinks.output import render

    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 10 ** 9)  # every file written by this process
    output = project / "output"
    build_site(output)
    folders_made.clear()
    replace(project / "data" / "events.yaml", "id: ocaq-society", "id: ocaq-society-of-moscow")
    build_site(output)
    staged = [(path, in_build) for path, in_build in folders_made.made("mkdir")
              if publish.STAGING_PREFIX in path and "/theme" not in path
              and not os.path.basename(path).startswith(publish.STAGING_PREFIX)]
    assert any(not in_build for _, in_build in staged), "the live site's folders are made off the build's path"
    in_build = [path for path, in_build in staged if in_build]
    assert in_build and all("ocaq-society-of-moscow" in path for path in in_build), in_build  # only the new event's
    assert not (output / "en" / "events" / "ocaq-society").exists()
    assert tree(output) == clean_tree(project)
    assert _folders(output) == _folders(project / "clean")



def test_a_build_into_a_new_folder_makes_the_plans_folders_off_the_builds_path(
        project: Path, noted_calls: NotedCalls, monkeypatch: pytest.MonkeyPatch):
    """A build with no site before it makes the folders of every planned page and file in a process of its own
    while it makes the entries, before the first page is rendered: 41,000 at 10,000 events, which the rendering
    processes made one by one as files came (a twentieth of their time). Pelican's static copies and the search
    index are the build's own; and the new site is the same."""
    from culturelinks.output import render

    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 10 ** 9)  # every file written by this process
    monkeypatch.setattr(publish, "MIN_FOLDERS_AHEAD", 1, raising=False)  # (none before: the test fails below)
    noted_calls.note(os, "mkdir", done_only=True)
    output = project / "output"
    build_site(output)
    staged = [(path.split(publish.STAGING_PREFIX, 1)[1].partition("/")[2], in_build)
              for path, in_build in noted_calls.made("mkdir") if publish.STAGING_PREFIX in path]
    ahead = {path for path, in_build in staged if not in_build and path}  # "": the staging folder itself
    in_build = [path for path, in_build in staged if in_build and path]
    assert in_build and all(path.startswith(("theme", "pagefind")) for path in in_build), in_build
    assert tree(output) == clean_tree(project)
    site_folders = _folders(output)
    assert _folders(project / "clean") == site_folders
    assert {"en", "en/events/ocaq-society", "ru/people", "data"} <= ahead
    assert ahead == {path for path in site_folders if not path.startswith(("theme", "pagefind"))}


def test_a_folder_made_ahead_that_no_file_ends_up_in_is_removed(tmp_path: Path):
    """The plan's folders are the skeleton's: one its files did not come to is not in the new site. None is made where
    Pelican copies its static files (a folder there would stop the copy)."""
    live, cache = tmp_path / "output", tmp_path / "cache"
    cache.mkdir()
    staging = publish.Staging.create(live, cache, None)
    staging.make_folders_ahead([f"en/events/e{number}/index.html" for number in range(300)]
                               + ["ru/unused/x.html", "theme/css/style.css", "images/a/b.png"],
                               besides=["theme", "images/a/b.png"])
    staging._folders_made()
    assert (staging.folder / "en" / "events" / "e299").is_dir() and (staging.folder / "images").is_dir()
    assert not (staging.folder / "theme").exists() and not (staging.folder / "images" / "a" / "b.png").exists()
    staging.put("en/events/e1/index.html", b"<p>one</p>")
    staging.swap_in()
    assert (live / "en" / "events" / "e1" / "index.html").read_bytes() == b"<p>one</p>"
    assert sorted(path.name for path in (live / "en" / "events").iterdir()) == ["e1"]
    assert not (live / "ru").exists()
    staging.discard()


def test_the_build_waits_for_the_folders_made_ahead_only_when_it_is_about_to_write(
        project: Path, monkeypatch: pytest.MonkeyPatch):
    """Making the live site's folders ahead takes a side process seconds when there is no skeleton (41,003 folders
    at 10,000 events, 1.8 s on this disk): the build reads the last build's record of what each page shows
    meanwhile, and waits for the folders only before its first write."""
    from culturelinks.plugin import generator

    order: list[str] = []
    wait, read = publish.Staging._wait_for_folders, generator.read_shows
    monkeypatch.setattr(publish.Staging, "_wait_for_folders",
                        lambda self, refuse: order.append("folders") or wait(self, refuse))
    monkeypatch.setattr(generator, "read_shows", lambda *args: order.append("record") or read(*args))
    output = project / "output"
    build_site(output)
    order.clear()
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    assert order == ["record", "folders"]
    assert tree(output) == clean_tree(project)

def test_the_folders_made_ahead_stay_inside_the_staging_folder(tmp_path: Path):
    """They come from the live site's manifest, in the cache, which is not trusted."""
    root = str(tmp_path / "staging")
    names = ["en/events/a/index.html", "../outside/index.html", "en/../../outside/x.html", "/etc/y", "CNAME/z",
             "en/./b/index.html", "index.html", "en/events/a/a.bib", "en/../top.html", "..", "x/../../outside/y.html",
             "CNAME/deeper/w"]
    found = publish._folders_of(root, names, retained={"CNAME"})
    assert found == {root, f"{root}/en", f"{root}/en/events", f"{root}/en/events/a", f"{root}/en/b"}


def test_the_old_sites_files_are_removed_off_the_builds_path(project: Path, noted_calls: NotedCalls):
    """A build swaps its site in and ends: it keeps the old site whole as the skeleton, and the next build removes
    its files in a process of its own (a thread, when the build's process runs others) while it reads the data.
    Removing them at the end of the build was the editor's wait (2 s of a one-event build at 10,000 events)."""
    output = project / "output"
    built_twice(output)
    noted_calls.note(os, "unlink")
    for before, after in (("They lasted a week.", "They lasted a whole week."), ("whole week", "week or so")):
        replace(project / "data" / "events.yaml", before, after)
        build_site(output)
    unlinked = noted_calls.made("unlink")
    assert "index.html" in [name for name, in_build in unlinked if not in_build], "the old site's files are removed"
    in_build = [name for name, in_build in unlinked if in_build]
    assert not [name for name in in_build if name.endswith((".html", ".bib", ".ris"))], in_build
    assert tree(output) == clean_tree(project)
