"""Search, filters and the shared filtered URL in headless Chromium, on the real dataset (at / and under /pr-1).

Every wait is bounded by the harness's default timeout (15 s), or by the explicit ones below.
"""

from __future__ import annotations

import re

import pytest

from ..web.harness import PREVIEW_PREFIX
from ..web.test_a11y import AXE_TAGS, describe_violation

PREFIXES = {"plain": "", "preview": PREVIEW_PREFIX}
RESULTS_TIMEOUT_MS = 10_000
MONUMENT = "akhundov-monument-rudomino-library-2012"


def search(page, query: str) -> list[str]:
    """Type ``query`` into the header's search box; the result links (absolute URLs), once they are shown: all of
    them, once the status line has counted them (Pagefind's UI shows results one by one as their fragments load)."""
    box = page.locator("[data-search] input")
    box.wait_for(state="visible", timeout=RESULTS_TIMEOUT_MS)
    box.fill(query)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=RESULTS_TIMEOUT_MS)
    page.wait_for_function("""() => {
        const counted = (document.querySelector('.pagefind-ui__message') || {}).textContent || '';
        const number = counted.match(/\\d+/);
        return number && document.querySelectorAll('.pagefind-ui__result-link').length
            >= Math.min(Number(number[0]), 5);
    }""", timeout=RESULTS_TIMEOUT_MS)
    return page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")


def collect_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.parametrize(("lang", "query", "event", "placeholder"), [
    ("ru", "Рудомино", MONUMENT, "Поиск"),
    ("en", "Rudomino", MONUMENT, "Search"),
    ("az", "Axundov", MONUMENT, "Axtarış"),
    ("az", "seki", "russian-culture-days-azerbaijan-1997", "Axtarış"),
])
@pytest.mark.parametrize("build", PREFIXES)
def test_search_finds_the_event_in_the_page_language(open_page, site_url, build, lang, query, event, placeholder):
    prefix = site_url + PREFIXES[build]
    with open_page() as page:
        errors = collect_errors(page)
        page.goto(f"{prefix}/{lang}/")
        results = search(page, query)
        assert f"{prefix}/{lang}/events/{event}/" in results
        assert all(url.startswith(f"{prefix}/{lang}/") for url in results), results
        assert page.locator("[data-search] input").get_attribute("placeholder") == placeholder
        assert page.locator(".pagefind-ui__result-tag").first.inner_text().split(":")[0] in ("Дата", "Date", "Tarix")
        page.locator(".pagefind-ui__result-link").first.click()
        page.wait_for_url(re.compile(re.escape(f"{prefix}/{lang}/")))
        assert page.locator("h1").count() == 1
    assert errors == []


@pytest.mark.parametrize(("lang", "query", "page_path"), [
    ("az", "Qarayev", "people/gara-garayev/"),
    ("az", "qarayev", "people/gara-garayev/"),
    ("ru", "Караев", "people/gara-garayev/"),
    ("en", "Birlik", "organisations/birlik-society/"),
])
def test_search_finds_people_and_organisations(open_page, site_url, lang, query, page_path):
    """Issue 24: each person's and organisation's record is indexed, its names folded too ("qarayev")."""
    with open_page() as page:
        page.goto(f"{site_url}/{lang}/")
        assert f"{site_url}/{lang}/{page_path}" in search(page, query)


def test_azerbaijani_search_interface_is_azerbaijani(open_page, site_url):
    with open_page() as page:
        page.goto(f"{site_url}/az/")
        search(page, "Rudomino")
        message = page.locator(".pagefind-ui__message").inner_text()
        assert re.fullmatch(r"Rudomino üzrə \d+ nəticə", message), message
        assert page.locator(".pagefind-ui__result-tag").first.inner_text().startswith("Tarix:")


def test_search_box_is_hidden_without_javascript_or_index(open_page, site_url):
    with open_page(javascript=False) as page:
        page.goto(f"{site_url}/en/")
        assert page.locator("[data-search]").is_hidden()
    with open_page() as page:
        errors = collect_errors(page)
        page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="not found"))
        page.goto(f"{site_url}/en/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert page.locator("[data-search]").is_hidden()
    assert errors == []


def visible_entries(page) -> list[dict]:
    return page.locator(".timeline li.entry:visible").evaluate_all(
        "entries => entries.map(e => ({type: e.dataset.type, decade: e.dataset.decade,"
        " id: e.querySelector('.entry-title a').getAttribute('href').split('/').slice(-2)[0]}))")


def test_filter_by_type_updates_the_list_the_status_and_the_url(open_page, site_url, chronology):
    expected = sum(event.type.id == "exhibition" for event in chronology.events)
    with open_page() as page:
        errors = collect_errors(page)
        page.goto(f"{site_url}/en/")
        page.select_option("#filter-type", "exhibition")
        page.wait_for_url(re.compile(r"\?type=exhibition$"))
        shown = visible_entries(page)
        assert len(shown) == expected and {entry["type"] for entry in shown} == {"exhibition"}
        assert page.locator("[data-filter-status]").inner_text() == f"{expected} events shown"
        empty_years = page.locator(".timeline section.year:visible").evaluate_all(
            "years => years.filter(y => !y.querySelector('li.entry:not([hidden])')).length")
        assert empty_years == 0
        page.click("button[type=reset]")
        page.wait_for_url(re.compile(r"/en/$"))
        assert len(visible_entries(page)) == len(chronology.events)
    assert errors == []


def test_filter_by_decade_hides_other_decades(open_page, site_url, chronology):
    expected = sum(event.when.year_is_known and event.when.year // 10 == 201 for event in chronology.events)
    with open_page(width=360) as page:
        page.goto(f"{site_url}/ru/")
        page.select_option("#filter-decade", "2010")
        page.wait_for_url(re.compile(r"\?decade=2010$"))
        shown = visible_entries(page)
        assert len(shown) == expected and {entry["decade"] for entry in shown} == {"2010"}
        assert page.locator(".timeline section.decade:visible").count() == 1
        assert page.locator("[data-filter-status]").inner_text().startswith("Показано ")


def test_the_decade_filter_shows_the_events_dated_only_within_bounds_apart(open_page, site_url, chronology):
    """Events the sources date only within bounds spanning years are in no decade (issue 23): the 2020s choice
    does not hold the nine "no later than 2020", and their own choice shows them and their group only."""
    bounded = {event.id for event in chronology.events if not event.when.year_is_known}
    assert len(bounded) >= 10
    with open_page() as page:
        page.goto(f"{site_url}/en/")
        decades = page.locator("#filter-decade option").evaluate_all("options => options.map(o => o.value)")
        assert "2020" in decades and decades[-1] == "bounds"
        page.select_option("#filter-decade", "2020")
        page.wait_for_url(re.compile(r"\?decade=2020$"))
        assert not {entry["id"] for entry in visible_entries(page)} & bounded
        page.select_option("#filter-decade", "bounds")
        page.wait_for_url(re.compile(r"\?decade=bounds$"))
        assert {entry["id"] for entry in visible_entries(page)} == bounded
        assert page.locator(".timeline section.decade:visible").evaluate_all(
            "sections => sections.map(s => s.id || s.getAttribute('aria-labelledby'))") == ["ybounds"]


@pytest.mark.parametrize("build", PREFIXES)
def test_a_shared_filtered_url_opens_filtered(open_page, site_url, chronology, build):
    prefix = site_url + PREFIXES[build]
    expected = [event for event in chronology.events if event.type.id == "culture-days"
                and event.when.year_is_known and event.when.year // 10 == 200 and any(place.id == "moscow" for place in event.places)]
    with open_page() as page:
        page.goto(f"{prefix}/az/?type=culture-days&place=moscow&decade=2000")
        assert page.locator("#filter-type").input_value() == "culture-days"
        assert page.locator("#filter-place").input_value() == "moscow"
        assert page.locator("#filter-decade").input_value() == "2000"
        assert len(visible_entries(page)) == len(expected) > 0
        assert page.locator("[data-filter-status]").inner_text() == f"{len(expected)} hadisə göstərilir"
        page.reload()
        assert len(visible_entries(page)) == len(expected)
        page.goto(f"{prefix}/az/?type=no-such-type")
        assert page.locator("#filter-type").input_value() == ""
        assert len(visible_entries(page)) == len(chronology.events)


def test_without_javascript_the_filters_are_links(open_page, site_url):
    with open_page(javascript=False) as page:
        page.goto(f"{site_url}/en/")
        assert page.locator("form[data-filters]").is_hidden()
        page.locator(".browse summary", has_text="By type").click()
        page.locator(".browse a", has_text="Exhibition").click()
        page.wait_for_url(f"{site_url}/en/types/exhibition/")


@pytest.mark.parametrize("state", ["filtered", "searching"])
def test_axe_finds_nothing_in_filters_and_search(open_page, site_url, axe_script, state):
    with open_page() as page:
        page.goto(f"{site_url}/az/?type=exhibition")
        if state == "searching":
            search(page, "Rudomino")
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [describe_violation(violation) for violation in result["violations"]]
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(("lang", "query", "event", "marked"), [
    ("az", "seki", "russian-culture-days-azerbaijan-1997", "Şəki"),
    ("az", "Şəki", "russian-culture-days-azerbaijan-1997", "Şəki"),
])
def test_search_excerpts_show_the_page_not_the_folded_words(open_page, site_url, lang, query, event, marked):
    """The diacritic-free words exist only for matching (search.py): ``seki`` finds Şəki, and the excerpt
    shows the page's own words, with Şəki marked, never "Medeniyyet Baki Naxcivan … Seki"."""
    with open_page() as page:
        errors = collect_errors(page)
        page.goto(f"{site_url}/{lang}/")
        search(page, query)
        result = page.locator(".pagefind-ui__result", has=page.locator(f"a[href$='/{lang}/events/{event}/']"))
        excerpt = result.locator(".pagefind-ui__result-excerpt")
        text = excerpt.inner_text()
        assert marked in excerpt.locator("mark").all_inner_texts(), text
        assert not {"Seki", "Baki", "Naxcivan", "Gence"} & set(re.findall(r"\w+", text)), text
        tags = result.locator(".pagefind-ui__result-tag").all_inner_texts()
        assert [tag.split(":")[0] for tag in tags] == ["Tarix"], tags
    assert errors == []


def test_search_excerpts_keep_the_page_s_no_break_spaces(open_page, site_url):
    """The excerpt is the page's text as typeset: a dash stays with the word before it (issue 23), where
    Pagefind's own excerpt would join the words with ordinary spaces."""
    event = "azerbaijan-cultural-centre-rudomino-library-2011"
    with open_page() as page:
        errors = collect_errors(page)
        page.goto(f"{site_url}/ru/")
        search(page, "приумножение")
        result = page.locator(".pagefind-ui__result", has=page.locator(f"a[href$='/ru/events/{event}/']"))
        text = result.locator(".pagefind-ui__result-excerpt").inner_text()
        assert "центра\u00a0— сохранение" in text, repr(text)
        assert "приумножение" in result.locator(".pagefind-ui__result-excerpt mark").all_inner_texts(), text
    assert errors == []
