"""The manifest's JSON keeps its format (what earlier builds wrote and later ones read)."""

from __future__ import annotations

import json
from dataclasses import asdict

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
