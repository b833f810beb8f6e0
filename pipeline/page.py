"""The register as one self-contained HTML page: the register by status with its evidence, a timeline of
accessions and status changes, what awaits review and what analysts rejected.

Pure: records in, an HTML string out. The page fetches nothing (inline CSS and SVG, no script), so it can be
mailed to a colleague or opened offline; every text from a source goes through Jinja's autoescaping, and only
http(s) addresses become links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from urllib.parse import urlsplit

import jinja2

from pipeline import markup, report
from pipeline.records import RegisterEntry, Review
from pipeline.report import Step
from pipeline.review import ReviewItem

# Geometry of the timeline, in SVG user units (the SVG scales to the page's width).
WIDTH = 1120
LABEL_WIDTH = 210
RIGHT_MARGIN = 40
AXIS_HEIGHT = 34
LANE_HEIGHT = 28
LABEL_CHARS = 28
# The colour class of each register group (the template's CSS names them).
_CLASS = {title: status for status, title in report.STATUS_GROUPS} | {"Missions": "mission"}


@dataclass(frozen=True)
class Lane:
    y: float
    name: str  # shortened to fit the label column
    title: str  # the full name and current word, shown on hover
    entity: str


@dataclass(frozen=True)
class Segment:
    """A status held from one step to the next (or to today): the lane's coloured bar."""

    x1: float
    x2: float
    y: float
    status: str


@dataclass(frozen=True)
class Marker:
    """One dated step: a partner's status change or a mission's target year as a source reported it."""

    x: float
    y: float
    status: str  # a partner's new status, or "mission"
    text: str  # drawn beside a mission's marker: its target year
    title: str  # the date, the step and its source, on hover


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    plot_left: float
    plot_right: float
    now_x: float
    lanes: tuple[Lane, ...]
    segments: tuple[Segment, ...]
    markers: tuple[Marker, ...]
    ticks: tuple[Tick, ...]
    undated: tuple[Step, ...]  # steps whose source gives no date: listed under the plot, not placed on it


def timeline(steps: Sequence[Step], now: datetime) -> Timeline:
    """Lay out one lane per entity with dated steps: partners by the date they first appear, then missions."""
    dated = [s for s in steps if s.at is not None]
    stories: dict[str, list[Step]] = {}
    for step in sorted(dated, key=lambda s: _aware(s.at).timestamp()):
        stories.setdefault(step.key, []).append(step)
    order = sorted(stories.values(), key=lambda st: (st[0].entity != "partner", _aware(st[0].at), st[0].name))
    first_year = min((_aware(s.at).year for s in dated), default=now.year)
    last_year = max([now.year] + [_aware(s.at).year for s in dated])
    start, end = datetime(first_year, 1, 1, tzinfo=UTC), datetime(last_year + 1, 1, 1, tzinfo=UTC)
    left, right = float(LABEL_WIDTH), float(WIDTH - RIGHT_MARGIN)

    def x(when: datetime) -> float:
        share = (_aware(when) - start) / (end - start)
        return round(left + share * (right - left), 1)

    lanes, segments, markers = [], [], []
    for index, story in enumerate(order):
        y = AXIS_HEIGHT + LANE_HEIGHT * index + LANE_HEIGHT / 2
        lanes.append(_lane(story, y))
        for i, step in enumerate(story):
            until = story[i + 1].at if i + 1 < len(story) else now
            if step.entity == "partner" and step.new and step.new != "withdrew":
                segments.append(Segment(x(step.at), x(until), y, step.new))  # type: ignore[arg-type]
            markers.append(_marker(step, x(step.at), y))  # type: ignore[arg-type]
    height = AXIS_HEIGHT + LANE_HEIGHT * max(len(order), 1) + 26
    ticks = tuple(Tick(x(datetime(year, 1, 1, tzinfo=UTC)), year) for year in range(first_year, last_year + 2))
    return Timeline(WIDTH, height, left, right, x(now), tuple(lanes), tuple(segments), tuple(markers), ticks,
                    tuple(s for s in steps if s.at is None))


def _aware(when: datetime | None) -> datetime:
    assert when is not None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _lane(story: Sequence[Step], y: float) -> Lane:
    name = story[0].name
    short = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
    now = story[-1].new or "—"
    return Lane(y, short, f"{name}: {now}", story[0].entity)


def _marker(step: Step, x: float, y: float) -> Marker:
    when = step.at.date().isoformat() if step.at else "undated"
    source = step.source_site or _host(step.source_url)
    if step.entity == "mission":
        target = step.new or "no year"
        return Marker(x, y, "mission", target, f"{when} {step.name}: target {target} ({source})")
    moved = f"{step.old} → {step.new}" if step.old else (step.new or "—")
    return Marker(x, y, step.new or "unknown", "", f"{when} {step.name}: {moved} ({source})")


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


@dataclass(frozen=True)
class Row:
    """A register entry as the page shows it."""

    entry: RegisterEntry
    value: str
    confidence: str
    first_seen: str
    source_label: str
    link: str | None  # None when the source is not a web page (a seed file)
    story: tuple[Step, ...]
    standing: str = ""  # unconfirmed, rejected by an analyst, retracted by its source: the words of every screen


def _row(entry: RegisterEntry, story: Sequence[Step]) -> Row:
    label = entry.source_site or _host(entry.source_url)
    return Row(entry, entry.value or ("no target year" if entry.entity == "mission" else "?"),
               report.confidence(entry), report.first_seen(entry), label,
               entry.source_url if report.is_web_link(entry.source_url) else None, tuple(story),
               report.standing(entry))


def render(
    entries: Sequence[RegisterEntry],
    steps: Sequence[Step],
    queue: Sequence[ReviewItem],
    reviews: Sequence[Review],
    *,
    generated_at: datetime,
) -> str:
    """The whole page."""
    # The story of what the register holds now: a finding analysts rejected is told under "Rejected" instead.
    steps = [s for s in steps if s.key in {e.key for e in entries}]
    stories: dict[str, list[Step]] = {}
    for step in steps:
        stories.setdefault(step.key, []).append(step)
    groups = [(title, _CLASS.get(title, "unknown"), [_row(e, stories.get(e.key, ())) for e in group])
              for title, group in report.grouped_register(entries)]
    counts = [(title, cls, len(rows)) for title, cls, rows in groups]
    rejected = [r for r in reviews if r.verdict == "rejected"]
    return _template().render(
        generated=generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        counts=counts,
        groups=groups,
        timeline=timeline(steps, generated_at),
        queue=[(item, _row(item.entry, ())) for item in queue],
        rejected=rejected,
        web=report.is_web_link,
        short=report.shortened,
    )


def _printable(value: object) -> object:
    """Every text the page prints, without control characters (an escape code is no part of a name)."""
    return markup.clean(value) if isinstance(value, str) else value


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=True,  # every quote, name and title comes from a source we do not control
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    return env.get_template("report.html.j2")
