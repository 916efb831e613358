"""JSON indented by two spaces, as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, at the speed of
json's C encoder: with ``indent``, the standard library writes in Python only (Python 3.11 to 3.13), and the site's
citation files and open data are 40,000 such documents at 10,000 events (``tests/site/test_indented_json.py``
proves the text the same)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # json's C function for a text without ensure_ascii
from typing import Any

_encode = json.JSONEncoder(ensure_ascii=False).encode


def _scalar(value: Any) -> str:
    if type(value) is str:
        return encode_basestring(value)
    if value is None or value is True or value is False:
        return "null" if value is None else "true" if value else "false"
    if type(value) is int:
        return int.__repr__(value)
    return _encode(value)  # a float (NaN and the infinities as json writes them), or what json refuses


def indented_json(value: Any) -> str:
    """``value`` (dicts with text keys, lists, tuples, text, numbers, booleans, None) as indented JSON."""
    return _indented(value, "\n")


def _indented(value: Any, newline: str) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + "  "
        return "{" + inner + ("," + inner).join(
            f"{_key(key)}: {_indented(item, inner)}" for key, item in value.items()) + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = newline + "  "
        return "[" + inner + ("," + inner).join(_indented(item, inner) for item in value) + newline + "]"
    return _scalar(value)


def _key(key: Any) -> str:
    if type(key) is not str:  # json.dumps would write 1 as "1": no file of the site has such a key
        raise TypeError(f"a key of indented JSON must be text, not {type(key).__name__}")
    return encode_basestring(key)
