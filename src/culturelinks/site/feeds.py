"""An Atom feed per language, ``/{lang}/feed.xml``: the latest events (``FEED_LIMIT``), newest first.

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

from ..data.model import Chronology, Event
from ..text import markup
from . import routes
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
