"""The manifest's JSON keeps its format (what earlier builds wrote and later ones read)."""

from __future__ import annotations

import json
from dataclasses import asdict

from culturelinks.incremental import FileRecord, Manifest


def test_the_manifest_is_written_as_sorted_json():
    manifest = Manifest("inputs-digest", {"en/index.html": FileRecord("b" * 64, 10, 123, "print"),
                                          "az/index.html": FileRecord("a" * 64, 12, 456)},
                        {"ru": "2", "az": "1"})
    expected = json.dumps({"inputs": manifest.inputs, "searched": dict(manifest.searched),
                           "files": {name: asdict(record) for name, record in manifest.files.items()}},
                          sort_keys=True)
    assert manifest.to_json() == expected
    assert Manifest.from_json(manifest.to_json()) == manifest
