"""Accessibility in Chromium: axe-core (npm ``axe-core``) finds no WCAG 2.2 AA or best-practice violation, and the
pages fit a 360 px wide phone without sideways scrolling."""

from __future__ import annotations

import pytest

from .harness import KEY_PAGES, LANGUAGES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE_WIDTH = 360
HTML_SHOWN = 200

OVERFLOWING_ELEMENTS = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 0.5))
    .slice(0, 8)
    .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.classList.length ? '.' + [...e.classList]
        .join('.') : ''} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`)"""


def describe_violation(violation: dict) -> str:
    """The rule, its impact and help, then each element: its selector and (shortened) HTML."""
    nodes = [f"    {' '.join(map(str, node['target']))}: {node['html'][:HTML_SHOWN]}" for node in violation["nodes"]]
    return (f"{violation['id']} ({violation['impact']}): {violation['help']} [{len(nodes)} element(s)]\n"
            + "\n".join(nodes))


@pytest.mark.parametrize("path", KEY_PAGES)
def test_axe_finds_no_violation(open_page, site_url, axe_script, event_id, path):
    url = site_url + path.format(event=event_id)
    with open_page() as page:
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [describe_violation(violation) for violation in result["violations"]]
    assert not violations, f"{url}: {len(violations)} axe rule(s) violated:\n" + "\n".join(violations)


@pytest.mark.parametrize("page_kind", ["", "events/{event}/", "places/", "people/gara-garayev/"],
                         ids=["timeline", "event", "places", "person"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_fits_a_phone_without_sideways_scrolling(open_page, site_url, event_id, language, page_kind):
    path = f"/{language}/{page_kind.format(event=event_id)}"
    with open_page(width=PHONE_WIDTH) as page:
        page.goto(site_url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        culprits = page.evaluate(OVERFLOWING_ELEMENTS, PHONE_WIDTH) if scroll_width > PHONE_WIDTH else []
    assert scroll_width <= PHONE_WIDTH, (f"{path} is {scroll_width} px wide at a {PHONE_WIDTH} px viewport; "
                                         "widest elements: " + "; ".join(culprits))
