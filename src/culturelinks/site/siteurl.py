"""Where the site lives (SITEURL, ``--base-url``): the one check that build, serve and diff share.

Every internal link, the feeds, the sitemap and the calendar are built by putting paths after it, so it
must be a plain prefix: an absolute http(s) URL without user, query or fragment, a path from the site
root, or nothing. Its characters are those a URL path needs unescaped (letters, digits, ``-._~``) and
``%XX`` escapes, so it can go into any attribute, feed or script unchanged.
"""

from __future__ import annotations

import re

_SEGMENT = r"(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = rf"(?:{_LABEL}(?:\.{_LABEL})*|\[[0-9A-Fa-f:.]+\])"
_BASE_URL = re.compile(rf"(?:(?i:https?)://{_HOST}(?::[0-9]{{1,5}})?)?(?:/{_SEGMENT})*/?", re.ASCII)
_DOT_SEGMENT = re.compile(r"/\.\.?(?=/|$)")
EXPECTED = ("expected an http(s) URL such as https://example.org/culturelinks, a path from the site root such as "
            "/pr-123, or nothing")


def base_url(value: str) -> str:
    """``value`` as SITEURL, without its trailing slash; ValueError (with what is expected) for anything that
    is not an http(s) URL, a path from the site root or nothing."""
    if not _BASE_URL.fullmatch(value) or value.startswith("//") or _DOT_SEGMENT.search(value):
        raise ValueError(f"{EXPECTED}, found {value!r}")
    return value.rstrip("/")
