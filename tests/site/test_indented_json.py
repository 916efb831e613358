"""``indented_json`` writes what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes (the citation files and
the events' parts of events.json are written with it), with json's C encoder for the scalars."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from culturelinks.text.indented import indented_json

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(st.text(), inner, max_size=4), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_same_text_as_json_dumps(value):
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_citation_like_item():
    item = [{"id": "x", "type": "webpage", "title": "«Ханская дочь» — Şəki\n\"quoted\" </script>",
             "editor": [{"family": "Əliyeva", "given": "Nərgiz"}], "issued": {"date-parts": [[2024, 5, 1]]},
             "empty": {}, "none": [], "number": 1.5, "flag": False, "nothing": None}]
    assert indented_json(item) == json.dumps(item, ensure_ascii=False, indent=2)


def test_a_key_that_is_not_text_is_refused():
    with pytest.raises(TypeError):
        indented_json({1: "one"})
