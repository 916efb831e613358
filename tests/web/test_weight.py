"""Page weight for visitors (issue 7): each timeline, with everything it loads before search is used,
stays within 60 KB gzipped. Measured in Chromium, so every request a script makes counts too."""

from __future__ import annotations

import gzip

import pytest

BUDGET_BYTES = 60 * 1024


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_timeline_weight_before_search(open_page, site_url, lang):
    loaded: dict[str, int] = {}
    with open_page(width=360) as page:
        page.on("response", lambda response: loaded.__setitem__(
            response.url.removeprefix(site_url), len(gzip.compress(response.body(), 9))))
        page.goto(f"{site_url}/{lang}/", wait_until="networkidle")
    assert not [url for url in loaded if not url.startswith("/")], "only the site's own host is contacted"
    total = sum(loaded.values())
    listing = "\n".join(f"{size:>8} {url}" for url, size in sorted(loaded.items(), key=lambda item: -item[1]))
    assert total <= BUDGET_BYTES, f"/{lang}/ loads {total} bytes gzipped (budget {BUDGET_BYTES}):\n{listing}"
