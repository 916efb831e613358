"""The key pages load in Chromium without a failed request, a console error or an uncaught exception, at / and
under /pr-1/: this catches what a static link check cannot see, such as URLs that scripts build at run time.

Chromium asks for /favicon.ico once per browser, whichever test comes first, so that request is left to
test_links.test_every_page_names_its_icon, which checks it on every page."""

from __future__ import annotations

import pytest

from .harness import KEY_PAGES, PREVIEW_PREFIX
from .sitetree import listing


@pytest.mark.parametrize("prefix", ["", PREVIEW_PREFIX], ids=["plain", "preview"])
def test_key_pages_load_cleanly(open_page, site_url, event_id, prefix):
    problems = []
    with open_page() as page:
        current = {"path": ""}
        page.on("response", lambda response: response.status >= 400 and problems.append(
            f"{current['path']}: HTTP {response.status} for {response.url.removeprefix(site_url)}"))
        page.on("requestfailed", lambda request: problems.append(
            f"{current['path']}: request for {request.url.removeprefix(site_url)} failed ({request.failure})"))
        page.on("console", lambda message: message.type == "error"
                and not message.location.get("url", "").endswith("/favicon.ico") and problems.append(
            f"{current['path']}: console error: {message.text}"))
        page.on("pageerror", lambda error: problems.append(f"{current['path']}: uncaught {error}"))
        for path in KEY_PAGES:
            current["path"] = prefix + path.format(event=event_id)
            page.goto(site_url + current["path"], wait_until="networkidle")
    assert not problems, listing(problems)
