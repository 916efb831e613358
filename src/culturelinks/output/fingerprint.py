"""Page fingerprints: the digest of everything a page is rendered from, so a page whose fingerprint is unchanged
is the same bytes and is linked from the live site instead of rendered again (output.publish).

A fingerprint covers the templates, the UI catalogs, culturelinks' code, the libraries' versions and every
setting (``digest_code_and_settings``, once per build) and the page's own context: the very view records the
template sees, pickled, each shared record (an entry on fifty pages) as the digest of its fields, made once
and kept in the build's memory.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import pickle
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from ..memory import Kept, Memory
from .manifest import VOLATILE_SETTINGS, digest_code


def digest_code_and_settings(digest, settings: Mapping[str, object]) -> None:
    """Feed ``digest`` what every page depends on besides the data and the templates: the UI catalogs,
    culturelinks' own code, and every setting (all are plain values)."""
    from ..site import i18n

    for path in sorted(i18n.LOCALE_DIR.rglob("*.po")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest_code(digest)
    stable = {key: value for key, value in settings.items() if key not in VOLATILE_SETTINGS}
    digest.update(json.dumps(stable, sort_keys=True, default=repr).encode())



#: What a page context may hold: frozen view records, text, numbers and tuples of them, which pickle
#: as their value. A function or a Pelican object there would be rendered but not fingerprinted.
CONTEXT_TYPES = (str, int, float, type(None), tuple)


def fingerprint(base: str, template: str, save_as: str, context: Mapping[str, object], memory: Memory) -> str:
    """Of everything a page is rendered from: ``base`` (templates, catalogs, settings, code), its
    template and path, and its context — the very values the template sees, so two pages with the
    same fingerprint are the same bytes."""
    for key, value in context.items():
        if not (isinstance(value, CONTEXT_TYPES) or is_dataclass(value)):
            raise TypeError(f"{save_as}: {key} is a {type(value).__name__}, which a page context cannot hold")
    digest = hashlib.sha256(f"{base}\0{template}\0{save_as}\0".encode())
    digest.update(_pickled(sorted(context.items()), memory.record_digests))
    return digest.hexdigest()


def digest_records(records: Iterable[object], memory: Memory, check: Callable[[], None] = lambda: None,
                   every: int = 500) -> None:
    """Digest ``records`` (shared view records) into ``memory`` ahead of the fingerprints that will need them,
    calling ``check`` every ``every`` records: serve does it after a full build, whose forked workers digested
    them in processes of their own, so its first quick build need not."""
    for number, record in enumerate(records):
        if number % every == 0:
            check()
        _record_digest(record, memory.record_digests)


def _pickled(value: object, digests: Kept[bytes], in_entry: bool = False) -> memoryview:
    """``value`` pickled with each shared view record (views.SHARED_RECORDS: an event's entry, a link, a
    source, a place) as the digest of its type and fields, made once: an entry that shows on fifty pages
    is pickled once, not fifty times. ``in_entry``: ``value`` is an entry's fields, whose own parts
    (views.ENTRY_PARTS) are digested without being kept."""
    buffer = io.BytesIO()
    pickler = _fingerprinter()(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.digests = digests  # type: ignore[attr-defined] # the class _fingerprinter makes
    pickler.in_entry = in_entry  # type: ignore[attr-defined]
    pickler.dump(value)
    return buffer.getbuffer()


@functools.cache
def _fingerprinter() -> type[pickle.Pickler]:
    from ..site.views import ENTRY_PARTS, SHARED_RECORDS

    class Fingerprinter(pickle.Pickler):
        digests: Kept[bytes]
        in_entry: bool

        def reducer_override(self, obj: Any) -> Any:
            if type(obj) in SHARED_RECORDS:
                return _record, (_record_digest(obj, self.digests, not (self.in_entry and type(obj) in ENTRY_PARTS)),)
            return NotImplemented

    return Fingerprinter


def _record_digest(record: Any, digests: Kept[bytes], keep: bool = True) -> bytes:
    """The digest of a shared record's type and fields, made once per record; not kept (``keep`` False) for an
    entry's own parts, which are digested once, with it."""
    known = digests.get(id(record), record) if keep else None
    if known is None:
        from ..site.views import Entry  # here, not above: a digest is asked for far more often than made

        state = (type(record).__module__, type(record).__qualname__,
                 [getattr(record, name) for name in _field_names(type(record))])
        known = hashlib.sha256(_pickled(state, digests, type(record) is Entry)).digest()
        if keep:
            digests.put(id(record), record, known)
    return known


def _field_names(record_type: type) -> tuple[str, ...]:
    """The names of a record type's fields, found once."""
    if record_type not in _FIELD_NAMES:
        _FIELD_NAMES[record_type] = tuple(field.name for field in fields(record_type))
    return _FIELD_NAMES[record_type]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _record(digest: bytes) -> None:
    """What a shared record is pickled as (by name, with its digest); never called."""
