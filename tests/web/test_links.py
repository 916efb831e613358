"""Every link in the built site leads somewhere, and the site loads nothing from another host.

Both builds are walked from disk: the plain one (served at /) and the preview (``--base-url /pr-1``), where a
link that leaves ``/pr-1/`` is as broken as a missing file. Failures list every offending link at once.
"""

from __future__ import annotations

from collections import deque

import pytest

from .harness import LANGUAGES
from .sitetree import listing

pytestmark = pytest.mark.parametrize("build", ["plain", "preview"])


def test_site_has_every_page_kind(sites, build):
    site = sites[build]
    expected = ["/", "/404.html"] + [f"/{language}/{page}" for language in LANGUAGES
                                     for page in ("", "sources/", "about/")]
    missing = [path for path in expected if site.file_for(site.prefix + path) is None]
    for language in LANGUAGES:
        for kind in ("events", "years", "types", "places"):
            if not list((site.root / language / kind).glob("*/index.html")):
                missing.append(f"/{language}/{kind}/*/")
    assert not missing, f"{build} build lacks: {', '.join(missing)}"


def test_every_internal_link_resolves(sites, build):
    site = sites[build]
    broken = sorted({f"{link.describe()} {problem}" for link in site.all_links()
                     if link.is_internal and (problem := site.link_problem(link))})
    assert not broken, listing(broken)


def test_nothing_is_loaded_from_another_host(sites, build):
    site = sites[build]
    foreign = sorted({link.describe() for link in site.all_links()
                      if link.loads_resource and link.is_web and not link.is_internal})
    assert not foreign, listing(foreign)


def test_every_page_names_its_icon(sites, build):
    """Without ``<link rel=icon>`` browsers fetch /favicon.ico from the host's root: a 404 on every first visit,
    and outside the site when it is served under /pr-1/."""
    site = sites[build]
    pages = site.html_files()
    without = [site.url_path(page) for page in pages if not any("icon" in link.rel for link in site.links(page))]
    if len(without) == len(pages):
        pytest.fail(f"none of the {len(pages)} pages has a <link rel=icon> (e.g. {without[0]})", pytrace=False)
    assert not without, listing([f"{path}: no <link rel=icon>" for path in without])


def test_404_page_links_work_at_any_depth(sites, build):
    """A host serves 404.html for any missing URL, so its links must not be relative to where it sits."""
    site = sites[build]
    relative = sorted({link.describe() for link in site.links(site.root / "404.html")
                       if link.is_internal and not link.value.startswith(("/", "#", "http:", "https:"))})
    assert not relative, listing(relative)


def test_every_page_is_reachable_from_the_chooser(sites, build):
    site = sites[build]
    start = site.root / "index.html"
    seen = {start}
    queue = deque([start])
    while queue:
        for link in site.links(queue.popleft()):
            target = site.file_for(link.parts.path) if link.is_internal else None
            if target is not None and target.suffix == ".html" and target not in seen:
                seen.add(target)
                queue.append(target)
    orphans = sorted(site.url_path(page) for page in site.html_files()
                     if page not in seen and page.name != "404.html")
    assert not orphans, listing([f"{path}: no link leads here" for path in orphans])
