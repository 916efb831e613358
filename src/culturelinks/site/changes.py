"""The Changes page of each language, ``/{lang}/changes/``, and its Atom feed: the data's releases (data.history)
as readers see them, newest first — each release's version and date, what it added, removed and corrected (and
in what), and the changes not yet released.

Every text is made here, in the page's language, so the page and its feed (site.feeds) say the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

from babel.support import NullTranslations

from ..data.history import GIT_FAILED, NO_GIT, NO_REPOSITORY, NO_TAGS, SHALLOW, ChangedEvent, History, ReleaseChanges
from ..data.model import Localized
from ..languages import N_, Languages
from . import routes

#: An event's fields as a correction names them (the schema's names: data.schema.EVENT).
FIELD_WORDS = {"id": N_("identifier"), "date": N_("date"), "type": N_("type"), "places": N_("places"),
               "title": N_("title"), "summary": N_("summary"), "sources": N_("sources"),
               "editorial_note": N_("editor’s note"), "people": N_("people"), "organisations": N_("organisations"),
               "tags": N_("tags"), "translations": N_("translation records")}
#: Why a build has no release history (data.history.History.missing), after NO_HISTORY.
MISSING = {NO_GIT: N_("git is not installed where the site was built."),
           NO_REPOSITORY: N_("the data is not in a git repository."),
           SHALLOW: N_("the site was built from a shallow clone of the repository, without its release tags."),
           NO_TAGS: N_("no release has been tagged yet."),
           GIT_FAILED: N_("git could not read the repository.")}
NO_HISTORY = N_("No release history is available in this build: %(reason)s")
HEADING = N_("Changes")
DESCRIPTION = N_("What each release of the chronology’s data added, removed and corrected, the latest first.")
FEED_TITLE = N_("%(site)s: changes")


@dataclass(frozen=True)
class ChangedEventView:
    """An event in a release's changes: its title (in the language it is shown in), its page in this language
    while the site has one, and for a correction what changed, in words."""

    title: str
    title_lang: str
    url: str | None
    changed: str = ""


@dataclass(frozen=True)
class EventGroup:
    """The events a release added, removed or corrected, under a heading that counts them."""

    heading: str
    events: tuple[ChangedEventView, ...]


@dataclass(frozen=True)
class ReleaseView:
    """One release (or the changes not yet released) as the page and the feed show it."""

    anchor: str
    heading: str
    #: The release's day in the page's language, and as ISO 8601 (None for the changes not yet released).
    date: str | None
    datetime: str | None
    notes: tuple[str, ...]
    groups: tuple[EventGroup, ...]
    tag: str | None
    #: The release's day, for the feed.
    day: dt.date | None = None


@dataclass(frozen=True)
class ChangesView:
    """The Changes page: the releases newest first, the changes not yet released first of all; or why there is
    no history (``missing``, a sentence)."""

    releases: tuple[ReleaseView, ...]
    missing: str | None
    date_label: str
    intro: str
    feed_link: str


def changes_view(history: History, lang: str, translations: NullTranslations, day_text: Callable[[dt.date], str],
                 languages: Languages, event_ids: Collection[str]) -> ChangesView:
    """``history`` as the page in ``lang`` shows it; ``day_text`` writes a day in ``lang``, ``event_ids`` are the
    events the site has pages for."""
    gettext, ngettext = translations.gettext, translations.ngettext

    def event(changed: ChangedEvent, linked: bool = True) -> ChangedEventView:
        titles = Localized.of(dict(changed.titles), languages)
        title, title_lang = titles.pick(lang) if titles is not None else (changed.id, lang)
        words = ", ".join(gettext(FIELD_WORDS.get(name, name)) for name in changed.fields)
        return ChangedEventView(title, title_lang, routes.event(lang, changed.id).url
                                if linked and changed.id in event_ids else None,
                                gettext("changed: %(fields)s") % {"fields": words} if words else "")

    def release(changes: ReleaseChanges) -> ReleaseView:
        notes = []
        if changes.tag is None:
            notes.append(gettext("Changes to the data since version %(version)s; the next release will include "
                                 "them.") % {"version": changes.since})
            notes.append(ngettext("The data now holds %(count)s event.", "The data now holds %(count)s events.",
                                  changes.events) % {"count": changes.events})
        else:
            notes.append(ngettext("%(count)s event in this release.", "%(count)s events in this release.",
                                  changes.events) % {"count": changes.events})
        if changes.first:
            notes.append(gettext("The first release."))
        if changes.unreadable:
            notes.append(gettext("The data of this release could not be read, so what it changed is not known."))
        elif changes.errors:
            notes.append(ngettext("The data of this release has %(count)s error; only what could be read is "
                                  "compared.", "The data of this release has %(count)s errors; only what could be "
                                  "read is compared.", changes.errors) % {"count": changes.errors})
        if changes.empty and not changes.first and not changes.unreadable:
            notes.append(gettext("No event was added, removed or corrected."))
        groups = []
        if changes.added:
            groups.append(EventGroup(ngettext("%(count)s event added", "%(count)s events added",
                                              len(changes.added)) % {"count": len(changes.added)},
                                     tuple(event(item) for item in changes.added)))
        if changes.removed:
            groups.append(EventGroup(ngettext("%(count)s event removed", "%(count)s events removed",
                                              len(changes.removed)) % {"count": len(changes.removed)},
                                     tuple(event(item, linked=False) for item in changes.removed)))
        if changes.corrected:
            groups.append(EventGroup(ngettext("%(count)s event corrected", "%(count)s events corrected",
                                              len(changes.corrected)) % {"count": len(changes.corrected)},
                                     tuple(event(item) for item in changes.corrected)))
        if changes.tag is None:
            return ReleaseView("unreleased", gettext("Not yet released"), None, None, tuple(notes), tuple(groups),
                               None)
        return ReleaseView(changes.tag, gettext("Version %(version)s") % {"version": changes.version},
                           day_text(changes.date) if changes.date else None,
                           changes.date.isoformat() if changes.date else None, tuple(notes), tuple(groups),
                           changes.tag, changes.date)

    releases = ((release(history.unreleased),) if history.unreleased else ()) + tuple(map(release, history.releases))
    missing = gettext(NO_HISTORY) % {"reason": gettext(MISSING[history.missing])} if history.missing else None
    return ChangesView(releases, missing, gettext("Release date"),
                       gettext("Each release is a numbered and dated version of the data; cite the version you "
                               "used."), gettext("Follow the changes (Atom feed)"))

