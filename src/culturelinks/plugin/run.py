"""One run of Pelican for culturelinks: a request in, an outcome out.

``run_pelican(request)`` hands the culturelinks generator what the build decided (where to stage the site,
what the last build in this process kept, whether to index search now, whether to remember what each
page shows) and returns what the run made (the views, the page plan, the data it read, the searched
pages, the record of what each page shows). Nothing goes through Pelican's signals: the generator class
Pelican instantiates is given the request, and it hands back the outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..memory import Memory
from ..output.publish import Staging
from ..progress import Silent

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..data.loader import SourceFile
    from ..output.shows import ShownPages
    from ..site.plan import Plan
    from ..site.views import Fact, Views


@dataclass
class BuildRequest:
    """What one run of Pelican is asked to do. ``settings`` are Pelican's, with OUTPUT_PATH the staged site;
    ``known_summaries`` the Markdown the last build rendered (output.manifest.KnownSummaries); ``memory``
    what the last build in this process made that this one may reuse; ``index_search`` False keeps the live
    search index (serve puts the pages on screen first, and makes the index after, output.search.index_pages);
    ``remember`` (serve) records what each page shows and brings back what the rendering workers made."""

    settings: dict[str, Any]
    staging: Staging
    report: Silent = field(default_factory=Silent)
    memory: Memory = field(default_factory=Memory)
    known_summaries: Mapping[str, str] = field(default_factory=dict)
    index_search: bool = True
    remember: bool = False
    #: Set by the generator when its run is done.
    outcome: BuildOutcome | None = None


@dataclass
class BuildOutcome:
    """What a run made: the views and page plan, the data as read (``source``, ``data``), the fingerprint
    base and Jinja environment its pages were rendered with, the searched pages in plan order (language and
    name) and those of them rendered anew, whether the search index was made or the live one kept, where
    Pelican copied static files, with ``remember`` what each page shows (by name), and the Markdown pages."""

    views: Views
    plan: Plan
    source: SourceFile
    data: dict[str, Any]
    fingerprint_base: str
    env: Environment
    searched: list[tuple[str, str]]
    new_searched: set[str]
    search_made: bool
    static_copies: list[str]
    shown: dict[str, frozenset[Fact]]
    #: Pelican's Markdown pages, each with its route and head (plugin.generator.content_pages).
    content: list
    #: What each page showed, for the next build (output.shows); None in a plain Pelican run.
    shows: ShownPages | None = None
    #: Whether the run kept ``shows`` for the next build itself (output.shows.keep_shows), while Pagefind finished.
    shows_kept: bool = False


def run_pelican(request: BuildRequest) -> BuildOutcome:
    """Run Pelican with ``request.settings``; the culturelinks generator it makes is given ``request``."""
    from pelican import Pelican
    from pelican.log import console

    from .generator import CulturelinksGenerator

    requested = type("RequestedGenerator", (CulturelinksGenerator,), {"request": request})

    class RequestedRun(Pelican):
        def _get_generator_classes(self):
            return [requested if cls is CulturelinksGenerator else cls for cls in super()._get_generator_classes()]

    # run() ends by printing on Pelican's console "Done: Processed 0 articles, …, 3 pages …", which counts none of
    # the chronology's pages: the command says what the build made instead. Its warnings are logged, not printed.
    quiet, console.quiet = console.quiet, True
    try:
        RequestedRun(request.settings).run()
    finally:
        console.quiet = quiet
    assert request.outcome is not None, "the culturelinks generator ran"
    return request.outcome
