"""The benchmark frees no file while it measures (benchmarks/, issue 26): on this machine's ext4, which has no
journal, creating files within a minute or more of deleting many walks past every recently freed inode
(ext4's ``recently_deleted``), so a command measured after a ``clean`` was slowed by how many files the
clean had removed, and the floor or the build by chance. What a run clears goes into its trash, one
rename, and is removed when the run is over (or sooner, when the disk would otherwise fill up)."""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.__main__ import Project, Trash


def _project(root: Path, trash: Trash) -> Project:
    project = Project.__new__(Project)  # without synthetic data: only its folders matter here
    project.root, project.trash = root, trash
    return project


def test_clean_moves_what_it_clears_into_the_trash(tmp_path: Path) -> None:
    trash = Trash(tmp_path / "trash")
    project = _project(tmp_path / "n10", trash)
    page = project.root / "output" / "en" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>kept until the run ends</p>", encoding="utf-8")
    inode = page.stat().st_ino

    project.clean("output", ".culturelinks-cache", "floor-output/pagefind")  # two of them do not exist

    assert not (project.root / "output").exists()
    kept = [path for path in (tmp_path / "trash").rglob("index.html")]
    assert [path.stat().st_ino for path in kept] == [inode], "the same file, renamed, not copied or removed"


def test_the_trash_is_emptied_at_the_end_or_when_the_disk_runs_short(tmp_path: Path) -> None:
    trash = Trash(tmp_path / "trash")
    for name in ("floor-output", "hugo-output"):
        (tmp_path / name / "a").mkdir(parents=True)
        trash.take(tmp_path / name)
    assert len(os.listdir(tmp_path / "trash")) == 2, "two names that would clash are both kept"
    trash.empty()
    assert not (tmp_path / "trash").exists()

    short = Trash(tmp_path / "short", keep_free=10**18)  # more than any disk: every take empties it first
    for number in range(2):
        (tmp_path / f"site{number}").mkdir()
        short.take(tmp_path / f"site{number}")
    assert os.listdir(tmp_path / "short") == ["1-site1"]
