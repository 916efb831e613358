"""The manifest's JSON keeps its format (what earlier builds wrote and later ones read)."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import given, settings
from hypothesis import strategies as st

from culturelinks.output.manifest import UNKNOWN_INPUTS, FileRecord, Inputs, Manifest


def test_the_manifest_is_written_as_sorted_json():
    manifest = Manifest(Inputs("inputs-digest", "settings-key", ("/p/data/events.yaml", "/p/templates")),
                        {"en/index.html": FileRecord("b" * 64, 10, 123, "print"),
                         "az/index.html": FileRecord("a" * 64, 12, 456)},
                        {"ru": "2", "az": "1"})
    expected = json.dumps({"inputs": {**asdict(manifest.inputs), "sources": list(manifest.inputs.sources)},
                           "searched": dict(manifest.searched),
                           "files": {name: asdict(record) for name, record in manifest.files.items()}},
                          sort_keys=True)
    assert manifest.to_json() == expected
    assert Manifest.from_json(manifest.to_json()) == manifest


def test_a_manifest_whose_inputs_are_a_bare_digest_knows_no_inputs():
    """As builds before the inputs' sources wrote it: read, so its files are known, but up to date with nothing."""
    old = json.dumps({"files": {"en/index.html": asdict(FileRecord("b" * 64, 10, 123, "print"))},
                      "inputs": "inputs-digest", "searched": {}})
    manifest = Manifest.from_json(old)
    assert manifest.inputs == UNKNOWN_INPUTS and not manifest.inputs.unchanged("")
    assert manifest.files == {"en/index.html": FileRecord("b" * 64, 10, 123, "print")}


def test_a_manifest_read_again_is_the_same_until_its_file_changes(tmp_path, monkeypatch):
    """A build asks for the live site's manifest several times: it is parsed once, and again when the file is
    another (written anew, or damaged since)."""
    from culturelinks.output import manifest as module

    manifest = Manifest(Inputs("digest"), {"en/index.html": FileRecord("b" * 64, 10, 123)})
    module.write_manifest(tmp_path, manifest)
    parsed = []
    original = Manifest.from_json.__func__
    monkeypatch.setattr(Manifest, "from_json", classmethod(lambda cls, text: parsed.append(1) or original(cls, text)))
    first = module.read_manifest(tmp_path, manifest.build_id)
    assert first == manifest and module.read_manifest(tmp_path, manifest.build_id) is first and len(parsed) == 1
    path = module.manifest_path(tmp_path, manifest.build_id)
    path.write_text(path.read_text("utf-8").replace("10", "11"), "utf-8")  # the same length, another content
    assert module.read_manifest(tmp_path, manifest.build_id) == Manifest(
        Inputs("digest"), {"en/index.html": FileRecord("b" * 64, 11, 123)}) and len(parsed) == 2
    path.write_text("{damaged", "utf-8")
    assert module.read_manifest(tmp_path, manifest.build_id) is None


_TEXTS = st.text(st.characters(codec="utf-8"), max_size=12)
_RECORDS = st.builds(FileRecord, st.text("0123456789abcdef", max_size=64), st.integers(0, 2**40),
                     st.integers(0, 2**63), st.none() | _TEXTS)


@settings(max_examples=200, deadline=None)
@given(files=st.dictionaries(_TEXTS, _RECORDS, max_size=6), searched=st.dictionaries(_TEXTS, _TEXTS, max_size=3),
       sources=st.lists(_TEXTS, max_size=3))
def test_the_manifest_written_by_hand_is_what_json_writes(files, searched, sources):
    """``to_json`` formats each record itself (a tenth of a build's tail at 10,000 events): for any names (quotes,
    backslashes, control characters, ə, Cyrillic, characters beyond the BMP) its text is ``json.dumps`` with sorted
    keys, and reads back as the same manifest."""
    manifest = Manifest(Inputs("digest", "key", tuple(sources)), files, searched)
    expected = json.dumps({"files": {name: asdict(record) for name, record in files.items()},
                           "inputs": {"digest": "digest", "settings": "key", "sources": sources},
                           "searched": searched}, sort_keys=True)
    assert manifest.to_json() == expected
    assert Manifest.from_json(manifest.to_json()) == manifest
