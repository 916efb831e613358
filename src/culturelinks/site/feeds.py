"""An Atom feed per language, ``/{lang}/feed.xml``: the latest events (``FEED_LIMIT``), newest first; and one of
the data's releases, ``/{lang}/changes/feed.xml`` (``changes_feed``).

Written with feedgenerator, the library behind Pelican's own ``Writer.write_feed``, but not through
that method: it names every feed after SITENAME (one English title for three languages), gives
entries ``tag:`` ids built from the site's host (``tag:None,…`` with an empty or root-relative
SITEURL, and new ids whenever the site moves) and cannot set ``xml:lang``. Here ids are UUIDs made
from the event id, so they survive a move. Timestamps come from the data, never from the clock: an
entry is dated by the day the chronology places its event at (``When.anchor_day``: the first day it
can mean, or the last for a day known only to be on or before a date; 00:00 UTC), the feed by its
latest entry.
"""

from __future__ import annotations

import datetime as dt
import io

from feedgenerator import Atom1Feed
from markupsafe import Markup, escape

from ..data.model import Chronology, Event
from ..text import markup
from . import routes
from .changes import ChangesView, ReleaseView
from .exports import stable_uuid

#: How many events a feed carries: the latest, as feeds do; the open data has them all.
FEED_LIMIT = 100


def _entry_date(event: Event) -> dt.datetime:
    return dt.datetime.combine(event.when.anchor_day, dt.time(), dt.timezone.utc)


def atom_feed(chronology: Chronology, lang: str, site_url: str, title: str, subtitle: str,
              date_text, summaries: markup.Summaries) -> bytes:
    """The feed of ``lang``: the FEED_LIMIT latest events; ``date_text(event)`` is the event's date as
    the site writes it in ``lang``."""
    feed = Atom1Feed(title=title, link=routes.timeline(lang).absolute(site_url), description=subtitle,
                     subtitle=subtitle, language=lang, feed_url=routes.feed(lang).absolute(site_url), author_name=title,
                     feed_guid=f"urn:uuid:{stable_uuid('feed', lang)}")
    newest_first = sorted(chronology.events, key=lambda event: (event.when.anchor_key(), event.id), reverse=True)
    for event in newest_first[:FEED_LIMIT]:
        summary_text, _ = event.summary.pick(lang)
        feed.add_item(
            title=event.title.pick(lang)[0],
            link=routes.event(lang, event.id).absolute(site_url),
            unique_id=f"urn:uuid:{stable_uuid('event', event.id, lang)}",
            description=f"{date_text(event)}. {summaries.excerpt(summary_text)}",
            content=str(summaries.html(summary_text)),
            categories=[event.type.label.pick(lang)[0]],
            pubdate=_entry_date(event),
            updateddate=_entry_date(event),
        )
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue().encode()


class _DatedFeed(Atom1Feed):
    """An Atom feed dated ``updated`` when it has no entry (feedgenerator would date it by the clock)."""

    def __init__(self, *args, updated: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self) -> dt.datetime:
        return super().latest_post_date() if self.items else self.updated


def _release_html(release: ReleaseView, site_url: str) -> str:
    """What a release changed, as the Changes page lists it, with absolute links."""
    parts = [Markup("<p>{}</p>").format(note) for note in release.notes]
    for group in release.groups:
        items = []
        for event in group.events:
            title = Markup('<a href="{}">{}</a>').format(routes.Route(event.url).absolute(site_url), event.title) \
                if event.url else escape(event.title)
            items.append(Markup("<li>{}{}</li>").format(title, f" ({event.changed})" if event.changed else ""))
        parts.append(Markup("<h3>{}</h3><ul>{}</ul>").format(group.heading, Markup("").join(items)))
    return str(Markup("").join(parts))


def changes_feed(changes: ChangesView, lang: str, site_url: str, title: str, subtitle: str,
                 dated: dt.date | None, author: str | None = None) -> bytes:
    """The feed of ``lang``'s Changes page: an entry per release (not the changes not yet released: they have no
    date, and will be a release's), newest first, each dated by its release's day and named by its tag, so its
    id never changes. A feed without releases is dated ``dated`` (the release file's day), never by the clock.
    Its author is ``author``, the site (as the events' feed's is)."""
    page = routes.changes(lang).absolute(site_url)
    feed = _DatedFeed(title=title, link=page, description=subtitle, subtitle=subtitle, language=lang,
                      feed_url=routes.changes_feed(lang).absolute(site_url), author_name=author or title,
                      feed_guid=f"urn:uuid:{stable_uuid('changes-feed', lang)}",
                      updated=dt.datetime.combine(dated or dt.date(1970, 1, 1), dt.time(), dt.timezone.utc))
    for release in changes.releases:
        if release.tag is None or release.day is None:
            continue
        day = dt.datetime.combine(release.day, dt.time(), dt.timezone.utc)
        feed.add_item(title=release.heading, link=f"{page}#{release.tag}",
                      unique_id=f"urn:uuid:{stable_uuid('release', release.tag, lang)}",
                      description=" ".join(release.notes), content=_release_html(release, site_url),
                      pubdate=day, updateddate=day)
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue().encode()
