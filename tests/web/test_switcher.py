"""The language switcher leads to the same page in the other language, in the browser (with and without
JavaScript, at / and under /pr-1/) and on every page of both builds (``<html lang>``, switcher, hreflang)."""

from __future__ import annotations

import pytest

from .harness import LANGUAGES, PREVIEW_PREFIX
from .sitetree import listing

HOPS = [("az", "ru"), ("ru", "en"), ("en", "az")]
PREFIXES = {"plain": "", "preview": PREVIEW_PREFIX}
RESOLVED_HREFS = "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"


def link_to(page, selector: str, expected_url: str, what: str):
    """The visible link matching ``selector`` whose resolved href is ``expected_url`` (``.../index.html`` counts).

    The href is resolved by hand: an SVG ``<a>`` (in a chart) has no string ``.href``."""
    candidates = page.locator(selector).filter(visible=True)
    hrefs = [href.removesuffix("index.html") for href in candidates.evaluate_all(RESOLVED_HREFS)]
    assert expected_url in hrefs, (f"{page.url}: no visible {what} leads to {expected_url}; "
                                   f"those lead to {hrefs or 'nothing (there are none)'}")
    return candidates.nth(hrefs.index(expected_url))


def at(url: str):
    """A wait_for_url predicate that takes ``.../`` and ``.../index.html`` as the same page."""
    return lambda current: current.removesuffix("index.html") == url


def follow_switcher(page, language: str, expected_url: str) -> None:
    marked = f'a[hreflang="{language}"], a[lang="{language}"]'
    link_to(page, marked, expected_url, f"a[hreflang={language}] or a[lang={language}]").click()
    page.wait_for_url(at(expected_url))
    assert page.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize("build", PREFIXES)
@pytest.mark.parametrize(("source", "target"), HOPS, ids=[f"{s}-to-{t}" for s, t in HOPS])
def test_switcher_opens_the_same_event_in_the_other_language(open_page, site_url, event_id, build, source, target):
    prefix = site_url + PREFIXES[build]
    with open_page() as page:
        page.goto(f"{prefix}/{source}/events/{event_id}/")
        assert page.locator("html").get_attribute("lang") == source
        follow_switcher(page, target, f"{prefix}/{target}/events/{event_id}/")


@pytest.mark.parametrize("build", PREFIXES)
def test_timeline_event_and_switcher_work_without_javascript(open_page, site_url, event_id, build):
    prefix = site_url + PREFIXES[build]
    with open_page(javascript=False) as page:
        page.goto(f"{prefix}/en/")
        event_url = f"{prefix}/en/events/{event_id}/"
        link_to(page, "a[href]", event_url, "link").click()
        page.wait_for_url(at(event_url))
        assert page.locator("html").get_attribute("lang") == "en"
        follow_switcher(page, "ru", f"{prefix}/ru/events/{event_id}/")


def alternates(site, file) -> dict[str, str]:
    """A page's ``<link rel=alternate hreflang>`` as language -> URL path of the page it names."""
    return {language: site.url_path(target) if (target := site.file_for(link.parts.path)) else link.resolved
            for link in site.links(file) if "alternate" in link.rel
            for language in link.languages if language in LANGUAGES}


@pytest.mark.parametrize("build", PREFIXES)
def test_every_page_declares_its_language_and_links_its_translations(sites, build):
    """Each /{lang}/... page: ``<html lang>``; a switcher link (``a[hreflang]`` or ``a[lang]``) to each language
    that has the page; hreflang alternates that every translation repeats (search engines drop one-way ones)."""
    site = sites[build]
    problems = []
    for file in site.html_files():
        url_path = site.url_path(file)
        language = site.language_of(url_path)
        declared = site.document(file).getroottree().getroot().get("lang")
        if language not in LANGUAGES:
            if not declared:
                problems.append(f"{url_path}: <html> has no lang")
            continue
        if declared != language:
            problems.append(f"{url_path}: <html lang={declared!r}>, expected {language!r}")
        declared_alternates = alternates(site, file)
        if not declared_alternates:
            problems.append(f"{url_path}: no <link rel=alternate hreflang=...>")
        for other in LANGUAGES:
            translation = site.file_for(site.in_language(url_path, other))
            if other == language or translation is None:
                continue
            if not any(link.element == "a[href]" and link.is_internal and other in link.languages
                       and site.file_for(link.parts.path) == translation for link in site.links(file)):
                problems.append(f"{url_path}: no a[hreflang={other}] or a[lang={other}] leads to "
                                f"{site.url_path(translation)}")
            if alternates(site, translation) != declared_alternates:
                problems.append(f"{url_path}: hreflang alternates {declared_alternates} differ from those of "
                                f"{site.url_path(translation)}: {alternates(site, translation)}")
    assert not problems, listing(problems)


@pytest.mark.parametrize("build", PREFIXES)
def test_chooser_leads_to_every_timeline(sites, build):
    site = sites[build]
    chooser = site.root / "index.html"
    reached = {site.file_for(link.parts.path) for link in site.links(chooser) if link.is_internal}
    missing = [language for language in LANGUAGES if site.root / language / "index.html" not in reached]
    assert not missing, f"{site.url_path(chooser)} has no link to the timeline of: {', '.join(missing)}"
