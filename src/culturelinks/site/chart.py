"""The picture the timeline opens with: events per year, stacked by type, drawn at build time as SVG.

Only geometry lives here; ``templates/_chart.html`` writes the SVG, its legend and its table. The
SVG has no viewBox: x positions and widths are percentages of its width and y positions pixels, so
the bars stretch to any width while the text keeps its size (readable at 360 px). A period counts
in its start year, as on the timeline; one unknown day between dates in different years is counted in
no year (``uncounted``), since no bar would be true. Colours come from the stylesheet (``--chart-1`` …
``--chart-16``, a light and a dark set, each at least 3:1 against the page); the legend, every bar's
title and the table say the same without colour.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..data.model import Chronology, EventType
from ..text import collation

#: How many colours the stylesheet defines; types beyond that reuse them in order.
PALETTE_SIZE = 16

HEIGHT = 180
PLOT_TOP = 18
BASELINE = 150
LABEL_Y = 170
BAR_SHARE = 0.72
"""The part of its column a bar fills; the rest is the gap between bars."""
LABEL_EVERY = 5


@dataclass(frozen=True)
class Segment:
    type_id: str
    label: str
    colour: int
    count: int
    y: float
    height: float


@dataclass(frozen=True)
class Column:
    year: int
    url: str | None
    """The year page; None for a year without events."""
    total: int
    segments: tuple[Segment, ...]
    x: float
    """Left edge of the column, in % of the chart's width."""
    width: float
    center: float
    bar_x: float
    bar_width: float
    top: float
    labelled: bool


@dataclass(frozen=True)
class LegendItem:
    type_id: str
    label: str
    colour: int
    count: int


@dataclass(frozen=True)
class Chart:
    columns: tuple[Column, ...]
    legend: tuple[LegendItem, ...]
    uncounted: int = 0
    """Events whose year is not known (``When.year_is_known``), left out of the bars."""
    height: int = HEIGHT
    baseline: int = BASELINE
    label_y: int = LABEL_Y

    @property
    def years_with_events(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.total)


def colours(types: dict[str, EventType]) -> dict[str, int]:
    """Each type's colour number (1-based), fixed by the order of the type ids."""
    return {type_id: index % PALETTE_SIZE + 1 for index, type_id in enumerate(sorted(types))}


def events_per_year(chronology: Chronology, lang: str, year_url, locale: str) -> Chart:
    """The chart of ``lang`` (written in ``locale``): ``year_url(year)`` is the year page's URL; the legend lists
    the types in the locale's alphabetical order."""
    counts: dict[int, Counter] = {}
    counted = [event for event in chronology.events if event.when.year_is_known]
    for event in counted:
        counts.setdefault(event.when.year, Counter())[event.type.id] += 1
    colour_of = colours(chronology.types)
    label_of = {type_id: event_type.label.pick(lang)[0] for type_id, event_type in chronology.types.items()}
    first, last = min(counts), max(counts)
    tallest = max(sum(counter.values()) for counter in counts.values())
    scale = (BASELINE - PLOT_TOP) / tallest
    slot = 100 / (last - first + 1)
    columns = []
    for index, year in enumerate(range(first, last + 1)):
        counter = counts.get(year, Counter())
        segments, bottom = [], float(BASELINE)
        for type_id in sorted(counter):
            height = counter[type_id] * scale
            bottom -= height
            segments.append(Segment(type_id, label_of[type_id], colour_of[type_id], counter[type_id],
                                    round(bottom, 2), round(height, 2)))
        x = index * slot
        columns.append(Column(year, year_url(year) if counter else None, sum(counter.values()), tuple(segments),
                              round(x, 4), round(slot, 4), round(x + slot / 2, 4),
                              round(x + slot * (1 - BAR_SHARE) / 2, 4),
                              round(slot * BAR_SHARE, 4), round(bottom, 2), year % LABEL_EVERY == 0))
    used = Counter(event.type.id for event in counted)
    key = collation.sort_key(locale)
    legend = tuple(LegendItem(type_id, label_of[type_id], colour_of[type_id], used[type_id])
                   for type_id in sorted(used, key=lambda type_id: (key(label_of[type_id]), type_id)))
    return Chart(tuple(columns), legend, len(chronology.events) - len(counted))
