"""The maps of the places, drawn at build time as inline SVG: the region every place is in, each place a link, and
a small locator of one place for its own page.

Country outlines are Natural Earth's (``outlines/countries.json``, made by ``scripts/map-outlines``), drawn in a
Lambert conformal conic projection fitted to the places, simplified to what the map's scale can show. A place's
mark has an area proportional to its events; its label is placed where it overlaps no other label and covers no
mark, the largest places first, further out with a leader line when the places crowd (Moscow, the State Kremlin
Palace and the House of the Unions are a few hundred metres apart). Label widths are estimated from the characters,
generously (DejaVu Sans, the widest usual ``system-ui``, fits; Segoe UI and San Francisco are narrower), as nothing
can measure text at build time. The SVG carries its own stylesheet (classes under ``.map-region`` and
``.map-locator``, so two maps on a page do not restyle each other), no script and no external reference; the same
input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Generic, TypeVar

from markupsafe import Markup, escape

Point = tuple[float, float]
Box = tuple[float, float, float, float]
"""A rectangle as ``(left, top, right, bottom)``, in viewBox units (y grows downwards)."""
Ring = tuple[Point, ...]
Item = TypeVar("Item")

EARTH_RADIUS = 6_371_000.0
"""Metres: the sphere of Snyder's spherical formulas (the Earth's mean radius)."""


@dataclass(frozen=True)
class MapPlace:
    """A place as a map shows it, in the page's language."""

    id: str
    label: str
    lat: float
    lon: float
    count: int
    """How many events happened there: the mark's area."""
    url: str
    name: str
    """What a screen reader says for the mark (``"Bakı, 12 hadisə"``), already in the page's language."""


@dataclass(frozen=True)
class _Style:
    """The sizes of one kind of map, in viewBox units."""

    kind: str
    """Its class (``map-region``), under which its stylesheet's rules are."""
    width: float
    font_size: float
    tolerance: float
    """How far a simplified outline may stray from Natural Earth's."""
    max_width: str
    """The widest it is shown (CSS), so that its text stays a size with the page's."""


REGION = _Style("region", 600, 21, 0.5, "40rem")
"""600 units wide, labels 21 units high: at least 11 CSS px wherever the map is 315 px wide or more (a 360 px phone
less the page's paddings leaves 328)."""
LOCATOR = _Style("locator", 300, 14, 0.7, "20rem")

MARGIN = 0.15
"""The share of the places' extent added on each side, so that the outermost marks are not at the edge."""
MIN_EXTENT = 500_000.0
"""Metres: the least width and height of a map, so that one place or a few close ones still show their country."""
MAX_ASPECT = 4 / 3
"""The tallest a map gets for its width (and the widest, inverted): a longer region is widened to show more."""

MAX_RADIUS = 18.0
"""The mark of the place with the most events, in viewBox units of the region map."""
MIN_RADIUS = 5.0
LOCATOR_RADIUS = 7.0
LOCATOR_DOT_RADIUS = 2.5
FOCUS_GAP = 4.0
"""How far outside a mark its focus ring is drawn."""

HALO = 2.0
"""The room a label's white halo takes around its text, counted in its box."""
GAP = 3.0
"""Between a mark's edge and a label beside it."""
MARK_CLEARANCE = 1.5
"""The least distance between a label's box and any mark."""
LABEL_CLEARANCE = 1.0
"""The least distance between two labels' boxes (more than their coordinates' rounding)."""
LEADER_MIN = 8.0
"""A label further than this from its mark's edge is joined to it by a leader line."""
ASCENT, DESCENT, LINE_HEIGHT = 0.95, 0.25, 1.15
"""In ems, generous for the accents of İ and Й and the descenders of у, д, щ (DejaVu Sans: 0.93 and 0.24)."""
WRAP_SHARE = 0.42
"""A label wider than this share of the map's width is broken into lines at its spaces."""

# The label placement's costs, in viewBox units of distance: a candidate's cost is how far its label is from its
# mark, plus these; the cheapest free candidate wins.
RING_STEP_EMS = 0.6
"""How much further out each ring of candidates is than the one before, in ems."""
LEADER_COST = 8.0
HORIZONTAL_OVERFLOW_COST = 25.0
"""Per unit a label sticks out of the frame sideways (the viewBox would widen, and all text render smaller)."""
VERTICAL_OVERFLOW_COST = 1.5
"""Per unit a label sticks out above or below (the viewBox grows taller: harmless, but the map less compact)."""
ENOUGH_RINGS = 30
"""Where the search stops once it has found a free position, however costly (only a crowd of marks and labels
puts the cheapest further out)."""
LEADER_CROSSES_COST = 250.0
"""Per label or mark a leader line crosses, where it must (a mark hemmed in on all sides)."""
LEADER_CROSSES_LEADER_COST = 60.0
GRID_CELL = 48.0
"""The cell of the grid that finds a candidate's neighbours, in viewBox units."""

_RING_ZERO_ANGLES = (0.0, 180.0, -90.0, 90.0, -45.0, -135.0, 45.0, 135.0)
"""Beside the mark: right, left, above, below, then the diagonals, in order of preference (degrees, y down)."""

_CHAR_EMS = {
    **dict.fromkeys("ijlıI.,:;'’!|İ", 0.30),
    **dict.fromkeys("frtJ -–()/[]\u00a0", 0.42),
    **dict.fromkeys("дц«»", 0.72),
    **dict.fromkeys("wMМжюфФЫЪыъ&<>%", 0.92),
    **dict.fromkeys("mWЖШЩЮшщ—@", 1.10),
}
"""Advance widths in ems, each at least DejaVu Sans' (the widest common sans-serif: Verdana's are alike): what
``system-ui`` is on Linux. Other capitals take 0.80, other letters and digits 0.66, anything else 1.0."""

LAND, SEA, BORDER, DOT = "#ecebe3", "#cde0ec", "#9d9b90", "#6b6a64"
MARK, MARK_EDGE, INK, HALO_COLOUR = "#b0281f", "#ffffff", "#1a1a1a", "#ffffff"
"""The mark's red is 5.6:1 against the land; the ink, focus rings and leaders are near black."""


@dataclass(frozen=True)
class ConicProjection:
    """Lambert's conformal conic on a sphere of ``EARTH_RADIUS``: shapes true everywhere and scale true along the
    standard parallels ``lat1`` and ``lat2``, so that a region as tall as ours (the Caspian to the Gulf of Finland)
    keeps its proportions. ``lat0`` and ``lon0`` (degrees, as all four) are the projection's origin."""

    lat1: float
    lat2: float
    lat0: float
    lon0: float

    @classmethod
    def fitted(cls, lons: Sequence[float], lats: Sequence[float]) -> ConicProjection:
        """The standard parallels at 1/6 and 5/6 of the latitudes' range, the origin in the middle of both ranges."""
        south, north = min(lats), max(lats)
        span = north - south
        return cls(south + span / 6, south + span * 5 / 6, (south + north) / 2, (min(lons) + max(lons)) / 2)

    @cached_property
    def _constants(self) -> tuple[float, float, float]:
        """Snyder's n (15-3, or 15-4 for one standard parallel), R·F (15-2) and ρ0 (15-1a)."""
        phi1, phi2, phi0 = (math.radians(lat) for lat in (self.lat1, self.lat2, self.lat0))
        if math.isclose(phi1, phi2):
            n = math.sin(phi1)
        else:
            n = (math.log(math.cos(phi1) / math.cos(phi2))
                 / math.log(math.tan(math.pi / 4 + phi2 / 2) / math.tan(math.pi / 4 + phi1 / 2)))
        radius_f = EARTH_RADIUS * math.cos(phi1) * math.tan(math.pi / 4 + phi1 / 2) ** n / n
        return n, radius_f, radius_f / math.tan(math.pi / 4 + phi0 / 2) ** n

    def project(self, lon: float, lat: float) -> Point:
        """``(x, y)`` in metres from the origin, y northwards: the spherical formulas of J. P. Snyder, *Map
        Projections — A Working Manual*, USGS Professional Paper 1395 (1987), pp. 104–107: ρ = R·F / tanⁿ(π/4 + φ/2)
        (15-1), θ = n(λ − λ0) (14-4), x = ρ sin θ (14-1), y = ρ0 − ρ cos θ (14-2)."""
        n, radius_f, rho0 = self._constants
        rho = radius_f / math.tan(math.pi / 4 + math.radians(lat) / 2) ** n
        theta = n * math.radians((lon - self.lon0 + 180) % 360 - 180)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)


@dataclass(frozen=True)
class _Frame:
    """A map's rectangle: the projection, and where its top left corner is (metres) and how many viewBox units a
    metre is. Every map of the same places has the same frame, whatever its size."""

    projection: ConicProjection
    west: float
    north: float
    scale: float
    width: float
    height: float

    def point(self, lon: float, lat: float) -> Point:
        x, y = self.projection.project(lon, lat)
        return (x - self.west) * self.scale, (self.north - y) * self.scale


def _frame(places: Sequence[MapPlace], width: float) -> _Frame:
    """The places' bounding box in the projection fitted to them, with ``MARGIN``, ``MIN_EXTENT`` and
    ``MAX_ASPECT``, scaled to ``width`` units."""
    if not places:
        raise ValueError("a map needs at least one place")
    projection = ConicProjection.fitted([place.lon for place in places], [place.lat for place in places])
    xs, ys = zip(*(projection.project(place.lon, place.lat) for place in places))
    extent_x = max((max(xs) - min(xs)) * (1 + 2 * MARGIN), MIN_EXTENT)
    extent_y = max((max(ys) - min(ys)) * (1 + 2 * MARGIN), MIN_EXTENT)
    extent_x, extent_y = max(extent_x, extent_y / MAX_ASPECT), max(extent_y, extent_x / MAX_ASPECT)
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = width / extent_x
    return _Frame(projection, centre_x - extent_x / 2, centre_y + extent_y / 2, scale, width,
                  round(extent_y * scale, 1))


# Outlines ---------------------------------------------------------------------------------------------------------

@cache
def _countries() -> tuple[tuple[Ring, ...], ...]:
    """Each country's rings (lon, lat; outer ones and holes alike), read once from ``outlines/countries.json``."""
    text = (resources.files(__package__) / "outlines" / "countries.json").read_text(encoding="utf-8")
    countries = []
    for feature in json.loads(text)["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        countries.append(tuple(tuple((lon, lat) for lon, lat in ring[:-1]) for polygon in polygons
                               for ring in polygon))
    return tuple(countries)


def clip_ring(ring: Sequence[Point], box: Box) -> list[Point]:
    """The part of a closed ring (first point not repeated) inside ``box`` (Sutherland–Hodgman): where the ring
    leaves the box it follows the box's edge. ``box`` is ``(min x, min y, max x, max y)`` in any units."""
    points = list(ring)
    for axis, limit, keep_below in ((0, box[0], False), (1, box[1], False), (0, box[2], True), (1, box[3], True)):
        def inside(point: Point) -> bool:
            return point[axis] <= limit if keep_below else point[axis] >= limit

        clipped: list[Point] = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if inside(current) != inside(previous):
                share = (limit - previous[axis]) / (current[axis] - previous[axis])
                crossing = (previous[0] + share * (current[0] - previous[0]),
                            previous[1] + share * (current[1] - previous[1]))
                clipped.append((limit, crossing[1]) if axis == 0 else (crossing[0], limit))
            if inside(current):
                clipped.append(current)
        points = clipped
    return points


def _simplify(ring: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas and Peucker's simplification (1973) of a closed ring: only the points that stray more than
    ``tolerance`` from the line through the points kept so far."""
    count = len(ring)
    if count < 4:
        return list(ring)
    hypot = math.hypot
    closed = [*ring, ring[0]]
    keep = [False] * (count + 1)
    keep[0] = keep[count] = True
    spans = [(0, count)]
    while spans:
        first, last = spans.pop()
        farthest, distance = 0, tolerance
        (start_x, start_y), (end_x, end_y) = closed[first], closed[last]
        dx, dy = end_x - start_x, end_y - start_y
        length = dx * dx + dy * dy
        for index in range(first + 1, last):  # _distance_to_segment, inlined: this loop is most of a map's outlines
            x, y = closed[index]
            share = 0.0 if length == 0 else max(0.0, min(1.0, ((x - start_x) * dx + (y - start_y) * dy) / length))
            away = hypot(x - start_x - share * dx, y - start_y - share * dy)
            if away > distance:
                farthest, distance = index, away
        if farthest:
            keep[farthest] = True
            spans += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(ring, keep) if kept]


def _area(ring: Sequence[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]]))) / 2


@dataclass(frozen=True, eq=False)
class _ProjectedRing:
    """A country's ring in a frame's viewBox units, and its bounding box. Compared (and cached) as itself: a
    frame's rings are made once (``_projected_countries``)."""

    points: tuple[Point, ...]
    bounds: Box


@lru_cache(maxsize=4)
def _projected_countries(frame: _Frame) -> tuple[tuple[_ProjectedRing, ...], ...]:
    """Each country's rings projected into ``frame``, once per frame: the maps of a build share two frames (the
    region's and the locators') but each has a view of its own, grown to hold its labels."""
    countries = []
    for rings in _countries():
        projected = []
        for ring in rings:
            points = tuple(frame.point(lon, lat) for lon, lat in ring)
            xs, ys = [x for x, _ in points], [y for _, y in points]
            projected.append(_ProjectedRing(points, (min(xs), min(ys), max(xs), max(ys))))
        countries.append(tuple(projected))
    return tuple(countries)


@lru_cache(maxsize=8)
def _outline_paths(frame: _Frame, view: Box, tolerance: float) -> tuple[str, ...]:
    """Each country's path data in ``view`` (with room for the stroke): projected, clipped, simplified, rounded to
    tenths of a unit. Cached per frame and view: every locator map with the same view shares one."""
    edge = (view[0] - 4, view[1] - 4, view[2] + 4, view[3] + 4)
    paths = []
    for rings in _projected_countries(frame):
        parts = []
        for ring in rings:
            left, top, right, bottom = ring.bounds
            if right < edge[0] or left > edge[2] or bottom < edge[1] or top > edge[3]:
                continue  # wholly outside: clipping leaves nothing
            if left >= edge[0] and right <= edge[2] and top >= edge[1] and bottom <= edge[3]:
                path = _ring_path(ring, tolerance)  # wholly inside: clipping keeps every point
            else:
                path = _clipped_ring_path(clip_ring(ring.points, edge), tolerance)
            if path:
                parts.append(path)
        if parts:
            paths.append("".join(parts))
    return tuple(paths)


@lru_cache(maxsize=2048)
def _ring_path(ring: _ProjectedRing, tolerance: float) -> str:
    """The path data of a ring the view holds whole: the same in every view of its frame that holds it."""
    return _clipped_ring_path(ring.points, tolerance)


def _clipped_ring_path(points: Sequence[Point], tolerance: float) -> str:
    """A ring's path data once clipped: simplified and rounded to tenths; empty when less than a square unit is
    left."""
    simplified = _simplify(points, tolerance)
    tenths = [(round(x * 10), round(y * 10)) for x, y in simplified]
    tenths = [point for index, point in enumerate(tenths) if point != tenths[index - 1]]
    if len(tenths) >= 3 and _area(tenths) >= 100:  # a square unit, in tenths
        return _path_data(tenths)
    return ""


def _path_data(tenths: Sequence[tuple[int, int]]) -> str:
    """A closed ring as ``M x y l dx dy … z``: relative moves are short and repeat well under gzip."""
    data = ["M", _tenths(tenths[0][0]), _separated(_tenths(tenths[0][1])), "l"]
    for (x0, y0), (x1, y1) in zip(tenths, tenths[1:]):
        dx, dy = _tenths(x1 - x0), _tenths(y1 - y0)
        data += [dx if data[-1] == "l" else _separated(dx), _separated(dy)]
    return "".join(data) + "z"


def _separated(number: str) -> str:
    return number if number.startswith("-") else " " + number


def _tenths(value: int) -> str:
    whole, tenth = divmod(abs(value), 10)
    return ("-" if value < 0 else "") + str(whole) + (f".{tenth}" if tenth else "")


def _num(value: float) -> str:
    """A coordinate, rounded to a tenth, without a needless ``.0`` (nor a ``-0``)."""
    return _tenths(round(value * 10))


# Geometry of the label placement -----------------------------------------------------------------------------------

def _distance_to_segment(point: Point, start: Point, end: Point) -> float:
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = dx * dx + dy * dy
    share = 0.0 if length == 0 else max(0.0, min(1.0, ((point[0] - start[0]) * dx + (point[1] - start[1]) * dy)
                                                 / length))
    return math.hypot(point[0] - start[0] - share * dx, point[1] - start[1] - share * dy)


def _boxes_near(a: Box, b: Box, clearance: float) -> bool:
    """Whether the boxes overlap or come closer than ``clearance``."""
    return (a[0] < b[2] + clearance and b[0] < a[2] + clearance and a[1] < b[3] + clearance
            and b[1] < a[3] + clearance)


def _box_distance(box: Box, point: Point) -> float:
    """From ``point`` to the nearest point of ``box`` (0 inside)."""
    return math.hypot(max(box[0] - point[0], 0.0, point[0] - box[2]), max(box[1] - point[1], 0.0, point[1] - box[3]))


def _nearest_in_box(box: Box, point: Point) -> Point:
    return min(max(point[0], box[0]), box[2]), min(max(point[1], box[1]), box[3])


def _segment_meets_box(start: Point, end: Point, box: Box) -> bool:
    """Liang and Barsky's clipping test: does any part of the segment lie inside the box?"""
    low, high = 0.0, 1.0
    dx, dy = end[0] - start[0], end[1] - start[1]
    for step, room in ((-dx, start[0] - box[0]), (dx, box[2] - start[0]), (-dy, start[1] - box[1]),
                       (dy, box[3] - start[1])):
        if step == 0:
            if room < 0:
                return False
            continue
        share = room / step
        if step < 0:
            low = max(low, share)
        else:
            high = min(high, share)
        if low > high:
            return False
    return True


def _segments_cross(a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return (side(*a, b[0]) * side(*a, b[1]) < 0) and (side(*b, a[0]) * side(*b, a[1]) < 0)


def _bounds_of_segment(segment: tuple[Point, Point]) -> Box:
    (x0, y0), (x1, y1) = segment
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


@dataclass(frozen=True)
class _Mark:
    place: MapPlace
    x: float
    y: float
    radius: float

    @property
    def centre(self) -> Point:
        return self.x, self.y

    def overlaps(self, other: _Mark) -> bool:
        return math.hypot(self.x - other.x, self.y - other.y) < self.radius + other.radius


@dataclass(frozen=True)
class _Label:
    lines: tuple[str, ...]
    box: Box
    """Including the halo: no other label's box, mark or leader line may enter it."""
    anchor: str
    """The lines' ``text-anchor``: ``start`` beside a mark's right, ``end`` at its left, ``middle`` above or below."""
    leader: tuple[Point, Point] | None


class _Grid(Generic[Item]):
    """Items by the ``GRID_CELL`` squares their bounds touch, so that a query meets its neighbours only."""

    def __init__(self) -> None:
        self._items: list[Item] = []
        self._cells: dict[tuple[int, int], list[int]] = {}

    @staticmethod
    def cells_of(bounds: Box) -> list[tuple[int, int]]:
        """The cells ``bounds`` touches (the same for every grid: one list serves a query of several)."""
        left, top = math.floor(bounds[0] / GRID_CELL), math.floor(bounds[1] / GRID_CELL)
        right, bottom = math.floor(bounds[2] / GRID_CELL), math.floor(bounds[3] / GRID_CELL)
        if left == right and top == bottom:  # most boxes: a label is smaller than a cell
            return [(left, top)]
        return [(x, y) for x in range(left, right + 1) for y in range(top, bottom + 1)]

    def each_in(self, cells: Sequence[tuple[int, int]]) -> Iterator[Item]:
        """The items in ``cells``, one of several cells' more than once: for a question any one of them answers."""
        items, found = self._items, self._cells
        for cell in cells:
            for index in found.get(cell, ()):
                yield items[index]

    def add(self, item: Item, bounds: Box) -> None:
        for cell in self.cells_of(bounds):
            self._cells.setdefault(cell, []).append(len(self._items))
        self._items.append(item)

    def near(self, bounds: Box) -> list[Item]:
        """The items in the cells ``bounds`` touches, each once, in the order they were added."""
        return self.in_cells(self.cells_of(bounds))

    def in_cells(self, cells: Sequence[tuple[int, int]]) -> list[Item]:
        """The items in ``cells``, each once, in the order they were added (a cell holds its items' indexes in
        that order, each once)."""
        if len(cells) == 1:
            return [self._items[index] for index in self._cells.get(cells[0], ())]
        indexes: set[int] = set()
        for cell in cells:
            if found := self._cells.get(cell):
                indexes.update(found)
        return [self._items[index] for index in sorted(indexes)]


class _Obstacles:
    """The marks, labels and leader lines placed so far: what a new label must keep clear of."""

    def __init__(self) -> None:
        self.marks: _Grid[_Mark] = _Grid()
        self.labels: _Grid[Box] = _Grid()
        self.leaders: _Grid[tuple[tuple[Point, Point], _Mark]] = _Grid()

    def add_mark(self, mark: _Mark) -> None:
        self.marks.add(mark, (mark.x - mark.radius, mark.y - mark.radius, mark.x + mark.radius, mark.y + mark.radius))

    def add_label(self, label: _Label, mark: _Mark) -> None:
        self.labels.add(label.box, label.box)
        if label.leader:
            self.leaders.add((label.leader, mark), _bounds_of_segment(label.leader))

    def in_the_way(self, box: Box) -> bool:
        """Whether a label in ``box`` would overlap a label, come near a mark or cover a leader line. (Asked about
        a hundred candidates a label: each grid's cells are read in place, an item met twice tested twice.)"""
        cells = _Grid.cells_of(box)
        return (any(_box_distance(box, mark.centre) < mark.radius + MARK_CLEARANCE
                    for mark in self.marks.each_in(cells))
                or any(_boxes_near(box, label, LABEL_CLEARANCE) for label in self.labels.each_in(cells))
                or any(_segment_meets_box(*leader, box) for leader, _ in self.leaders.each_in(cells)))

    def leader_crossings(self, leader: tuple[Point, Point], own: _Mark) -> tuple[int, int]:
        """How many labels and marks a leader line crosses, and how many leader lines; not counting the marks
        that overlap its own (it must cross them to get out) nor their leader lines (which start where it does)."""
        bounds = _bounds_of_segment(leader)
        labels = sum(_segment_meets_box(*leader, label) for label in self.labels.near(bounds))
        marks = sum(_distance_to_segment(mark.centre, *leader) < mark.radius for mark in self.marks.near(bounds)
                    if not mark.overlaps(own))
        leaders = sum(_segments_cross(leader, other) for other, mark in self.leaders.near(bounds)
                      if not mark.overlaps(own))
        return labels + marks, leaders


def _text_width(text: str, font_size: float) -> float:
    return font_size * sum(_CHAR_EMS.get(char, 0.80 if char.isupper() else 0.66 if char.isalnum() else 1.0)
                           for char in text)


def _wrap(text: str, font_size: float, width: float) -> tuple[str, ...]:
    """The label in as few lines as keep each within ``width`` (a word longer than that has a line of its own),
    the breaks chosen so that the longest line is as short as can be. Each line but the last keeps the space
    after it, so that the lines read as the label (its accessible text) and their widths count it."""
    words = text.split()
    if len(words) < 2 or _text_width(text, font_size) <= width:
        return (text,)

    def line(first: int, last: int) -> float:
        return _text_width(" ".join(words[first:last]), font_size)

    @cache
    def best(first: int, lines: int) -> tuple[float, tuple[int, ...]]:
        """The narrowest split of ``words[first:]`` into ``lines`` lines: (its widest line, where lines end)."""
        if lines == 1:
            return line(first, len(words)), (len(words),)
        options = []
        for end in range(first + 1, len(words) - lines + 2):
            rest_width, rest_ends = best(end, lines - 1)
            options.append((max(line(first, end), rest_width), (end, *rest_ends)))
        return min(options)

    for count in range(2, len(words) + 1):
        widest, ends = best(0, count)
        if widest <= width or count == len(words):
            return tuple(" ".join(words[first:end]) + (" " if end < len(words) else "")
                         for first, end in zip((0, *ends), ends))
    raise AssertionError("unreachable: one word a line always ends the loop")


def _label_size(lines: Sequence[str], font_size: float) -> tuple[float, float]:
    width = max(_text_width(line, font_size) for line in lines) + 2 * HALO
    height = font_size * (ASCENT + DESCENT + LINE_HEIGHT * (len(lines) - 1)) + 2 * HALO
    return width, height


def _candidates(mark: _Mark, size: tuple[float, float], step: float, ring: int) -> Iterator[tuple[float, Box, str]]:
    """The label positions of one ring around the mark, each with its preference (a cost in viewBox units) and its
    lines' anchor: ring 0 touches the mark; ring k is k ``step``s further out, in as many directions as keep the
    positions about two steps apart."""
    distance = mark.radius + GAP + ring * step
    directions = _directions(0 if ring == 0 else min(24, max(16, 4 * round(math.tau * distance / (2 * step) / 4))))
    width, height = size
    for order, (cos, sin) in enumerate(directions):
        x, y = mark.x + distance * cos, mark.y + distance * sin
        left, anchor = ((x, "start") if cos > 0.4 else (x - width, "end") if cos < -0.4
                        else (x - width / 2, "middle"))
        top = y if sin > 0.4 else y - height if sin < -0.4 else y - height / 2
        preference = float(order) if ring == 0 else 2 * (1 - abs(cos)) + (0.5 if cos < 0 else 0)
        yield preference, (left, top, left + width, top + height), anchor


@cache
def _directions(count: int) -> tuple[tuple[float, float], ...]:
    """The cosine and sine of a ring's directions: ``_RING_ZERO_ANGLES`` (``count`` 0), else ``count`` directions
    evenly around, from the right."""
    angles = _RING_ZERO_ANGLES if count == 0 else [index * 360 / count for index in range(count)]
    return tuple((math.cos(math.radians(degrees)), math.sin(math.radians(degrees))) for degrees in angles)


def _leader(mark: _Mark, box: Box) -> tuple[Point, Point] | None:
    """The line from the mark's edge to near the label's box, when the label is not beside the mark."""
    target = _nearest_in_box(box, mark.centre)
    distance = math.hypot(target[0] - mark.x, target[1] - mark.y)
    if distance - mark.radius <= LEADER_MIN:
        return None
    ux, uy = (target[0] - mark.x) / distance, (target[1] - mark.y) / distance
    return ((mark.x + ux * mark.radius, mark.y + uy * mark.radius), (target[0] - ux, target[1] - uy))


def _overflow_cost(box: Box, frame: _Frame) -> float:
    sideways = max(0.0, -box[0]) + max(0.0, box[2] - frame.width)
    vertical = max(0.0, -box[1]) + max(0.0, box[3] - frame.height)
    return HORIZONTAL_OVERFLOW_COST * sideways + VERTICAL_OVERFLOW_COST * vertical


def _place_label(mark: _Mark, lines: tuple[str, ...], style: _Style, frame: _Frame,
                 obstacles: _Obstacles) -> _Label:
    """The cheapest free position for the label, searched ring by ring until no further ring can be cheaper (a
    ring's candidates cost at least their distance) or ``ENOUGH_RINGS`` have been searched. Some position is always
    free: far enough out, nothing is."""
    size = _label_size(lines, style.font_size)
    step = RING_STEP_EMS * style.font_size
    best: _Label | None = None
    best_cost = math.inf
    for ring in itertools.count():
        floor = 0.0 if ring == 0 else LEADER_COST + ring * step
        if floor >= best_cost or (best and ring > ENOUGH_RINGS):
            break
        for preference, box, anchor in _candidates(mark, size, step, ring):
            cost = floor + preference + _overflow_cost(box, frame)
            if cost >= best_cost or obstacles.in_the_way(box):
                continue
            leader = _leader(mark, box)
            if leader:
                crossings, leaders_crossed = obstacles.leader_crossings(leader, mark)
                cost += LEADER_CROSSES_COST * crossings + LEADER_CROSSES_LEADER_COST * leaders_crossed
            if cost < best_cost:
                best, best_cost = _Label(lines, box, anchor, leader), cost
    assert best is not None
    return best


def _radius(count: int, most: int) -> float:
    """Area proportional to ``count``, the place with the ``most`` events at ``MAX_RADIUS``; at least
    ``MIN_RADIUS``."""
    return max(MIN_RADIUS, MAX_RADIUS * math.sqrt(count / most)) if most > 0 else MIN_RADIUS


def _in_order(places: Sequence[MapPlace]) -> list[MapPlace]:
    """The most events first (they are labelled first, and drawn below smaller marks), then by id."""
    return sorted(places, key=lambda place: (-place.count, place.id))


# The SVG -----------------------------------------------------------------------------------------------------------

def _stylesheet(style: _Style) -> str:
    """The map's own rules. An inline SVG's stylesheet applies to the whole page: each rule is under the map's
    class, and the maps of one kind have the same rules."""
    root = f".map-{style.kind}"
    return "".join([
        f"{root}{{display:block;width:100%;height:auto;max-width:{style.max_width}}}",
        f"{root} .map-sea{{fill:{SEA}}}",
        f"{root} .map-countries{{fill:{LAND};fill-rule:evenodd;stroke:{BORDER};stroke-width:.8;stroke-linejoin:round}}",
        f"{root} .map-mark{{fill:{MARK};stroke:{MARK_EDGE};stroke-width:1.5}}",
        f"{root} .map-dot{{fill:{DOT}}}",
        f"{root} .map-leader{{stroke:{INK};stroke-width:1}}",
        f"{root} .map-label{{font-family:system-ui,sans-serif;font-size:{style.font_size}px;fill:{INK};"
        f"stroke:{HALO_COLOUR};stroke-width:{2 * HALO - 1};stroke-linejoin:round;paint-order:stroke}}",
        f"{root} .map-ring{{fill:none;stroke:none}}",
        f"{root} .map-place{{outline:none}}",
        f"{root} .map-place:hover .map-label{{text-decoration:underline}}",
        f"{root} .map-place:focus-visible .map-ring{{stroke:{INK};stroke-width:3.5}}",
        f"{root} .map-here{{fill:none;stroke:{INK};stroke-width:2}}",
    ])


def _id(kind: str, *parts: object) -> str:
    """An id for the map's title, the same for the same map, different for another on the same page."""
    return f"map-{kind}-" + hashlib.sha1(repr(parts).encode()).hexdigest()[:10]


def _text(label: _Label, font_size: float) -> str:
    """The label's lines, one ``tspan`` each when there are several, within its box less the halo."""
    box = label.box
    x = _num({"start": box[0] + HALO, "end": box[2] - HALO, "middle": (box[0] + box[2]) / 2}[label.anchor])
    baseline = box[1] + HALO + ASCENT * font_size
    anchor = "" if label.anchor == "start" else f' text-anchor="{label.anchor}"'
    if len(label.lines) == 1:
        return f'<text class="map-label" x="{x}" y="{_num(baseline)}"{anchor}>{escape(label.lines[0])}</text>'
    spans = "".join(f'<tspan x="{x}" y="{_num(baseline + index * LINE_HEIGHT * font_size)}">{escape(line)}</tspan>'
                    for index, line in enumerate(label.lines))
    return f'<text class="map-label"{anchor}>{spans}</text>'


def _leader_line(leader: tuple[Point, Point] | None) -> str:
    if leader is None:
        return ""
    (x1, y1), (x2, y2) = leader
    return f'<line class="map-leader" x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}"/>'


def _circle(css_class: str, x: float, y: float, radius: float) -> str:
    return f'<circle class="{css_class}" cx="{_num(x)}" cy="{_num(y)}" r="{_num(radius)}"/>'


def _view(frame: _Frame, marks: Sequence[_Mark], labels: Sequence[_Label]) -> Box:
    """The frame, grown to hold every label and every mark with its focus ring (and the ring's stroke): nothing is
    ever clipped."""
    boxes = [(0.0, 0.0, frame.width, frame.height), *(label.box for label in labels),
             *((m.x - m.radius - FOCUS_GAP - 2, m.y - m.radius - FOCUS_GAP - 2,
                m.x + m.radius + FOCUS_GAP + 2, m.y + m.radius + FOCUS_GAP + 2) for m in marks)]
    return (math.floor(min(box[0] for box in boxes) * 10) / 10, math.floor(min(box[1] for box in boxes) * 10) / 10,
            math.ceil(max(box[2] for box in boxes) * 10) / 10, math.ceil(max(box[3] for box in boxes) * 10) / 10)


def _svg(style: _Style, frame: _Frame, view: Box, attributes: str, heading: str, body: str) -> Markup:
    left, top, right, bottom = view
    countries = "".join(f'<path d="{path}"/>' for path in _outline_paths(frame, view, style.tolerance))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map map-{style.kind}" '
        f'viewBox="{_num(left)} {_num(top)} {_num(right - left)} {_num(bottom - top)}" {attributes}>'
        f"{heading}<style>{_stylesheet(style)}</style>"
        f'<rect class="map-sea" x="{_num(left)}" y="{_num(top)}" width="{_num(right - left)}" '
        f'height="{_num(bottom - top)}"/>'
        f'<g class="map-countries" aria-hidden="true">{countries}</g>{body}</svg>')


def region_map(places: Sequence[MapPlace], title: str, description: str) -> Markup:
    """The region the places cover, each place a link to its page (``_region_map``)."""
    return _region_map(tuple(places), title, description)


@lru_cache(maxsize=16)  # the places page and the PDF edition draw the same map; serve draws it again and again
def _region_map(places: tuple[MapPlace, ...], title: str, description: str) -> Markup:
    """The region the places cover, each place a link to its page: a mark whose area is its number of events, and
    its label. ``title`` names the map for screen readers, ``description`` says what it shows."""
    frame = _frame(places, REGION.width)
    ordered = _in_order(places)
    most = max(place.count for place in ordered)
    marks = [_Mark(place, *frame.point(place.lon, place.lat), _radius(place.count, most)) for place in ordered]
    obstacles = _Obstacles()
    for mark in marks:
        obstacles.add_mark(mark)
    labels = []
    for mark in marks:
        label = _place_label(mark, _wrap(mark.place.label, REGION.font_size, WRAP_SHARE * REGION.width), REGION,
                             frame, obstacles)
        obstacles.add_label(label, mark)
        labels.append(label)
    links = []
    for mark, label in zip(marks, labels):
        box = label.box
        links.append(
            f'<a class="map-place" href="{escape(mark.place.url)}" aria-label="{escape(mark.place.name)}">'
            f"{_leader_line(label.leader)}{_circle('map-mark', mark.x, mark.y, mark.radius)}"
            f"{_circle('map-ring', mark.x, mark.y, mark.radius + FOCUS_GAP)}"
            f'<rect class="map-ring" x="{_num(box[0])}" y="{_num(box[1])}" width="{_num(box[2] - box[0])}" '
            f'height="{_num(box[3] - box[1])}" rx="3"/>{_text(label, REGION.font_size)}</a>')
    map_id = _id("region", title, description, ordered)
    heading = (f'<title id="{map_id}-title">{escape(title)}</title>'
               f'<desc id="{map_id}-desc">{escape(description)}</desc>')
    attributes = f'role="group" aria-labelledby="{map_id}-title" aria-describedby="{map_id}-desc"'
    return _svg(REGION, frame, _view(frame, marks, labels), attributes, heading,
                f'<g class="map-places">{"".join(links)}</g>')


def locator_map(place: MapPlace, region: Sequence[MapPlace], title: str) -> Markup:
    """Where ``place`` is among the ``region``'s places (the frame every locator of the region shares), for the
    place's own page: its mark and label, the others as small dots. A picture, not interactive."""
    others = [other for other in _in_order(region) if other.id != place.id]
    frame = _frame([*others, place], LOCATOR.width)
    dots = [_Mark(other, *frame.point(other.lon, other.lat), LOCATOR_DOT_RADIUS) for other in others]
    here = _Mark(place, *frame.point(place.lon, place.lat), LOCATOR_RADIUS)
    obstacles = _Obstacles()
    for mark in (*dots, here):
        obstacles.add_mark(mark)
    label = _place_label(here, _wrap(place.label, LOCATOR.font_size, WRAP_SHARE * LOCATOR.width), LOCATOR, frame,
                         obstacles)
    body = ("".join(_circle("map-dot", dot.x, dot.y, dot.radius) for dot in dots)
            + _leader_line(label.leader) + _circle("map-mark", here.x, here.y, here.radius)
            + _circle("map-here", here.x, here.y, here.radius + FOCUS_GAP) + _text(label, LOCATOR.font_size))
    map_id = _id("locator", title, place, others)
    heading = f'<title id="{map_id}-title">{escape(title)}</title>'
    return _svg(LOCATOR, frame, _view(frame, [here], [label]), f'role="img" aria-labelledby="{map_id}-title"',
                heading, f'<g aria-hidden="true">{body}</g>')
