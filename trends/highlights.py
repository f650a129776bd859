"""Plain-language highlights, computed from the weekly series alone (pure functions)."""

from dataclasses import dataclass

from content.models import Dimension

from .selectors import DimensionSeries

MOVE_WEEKS = 4
MIN_MOVE = 0.5
GAP = 2
GAP_WEEKS, GAP_HITS = 3, 2
TOGETHER_WEEKS = 8


@dataclass(frozen=True)
class Movement:
    dimension: Dimension
    start: float
    end: float

    @property
    def rose(self) -> bool:
        return self.end > self.start

    @property
    def is_good_news(self) -> bool:
        return self.rose == self.dimension.higher_is_better


@dataclass(frozen=True)
class Highlights:
    moved_most: Movement | None
    worth_a_conversation: Dimension | None
    weeks_both_shared: int | None  # None on "my trends": there is no partner
    weeks_with_data: int  # weeks of the window with any figure, in any theme
    # Whether any theme has two figures in the last MOVE_WEEKS weeks: only then can one say
    # that nothing moved.
    can_compare: bool = False
    # Of how many weeks weeks_both_shared counts: the last TOGETHER_WEEKS, or fewer when the
    # couple is newer or this week's check-in is still open.
    weeks_counted: int | None = None

    @property
    def has_data(self) -> bool:
        return self.weeks_with_data > 0


def _combined(series: DimensionSeries) -> list[float | None]:
    """Per week, the mean of whichever lines have a value (both partners, or just you)."""
    combined = []
    for values in zip(*(line.values for line in series.lines), strict=True):
        known = [value for value in values if value is not None]
        combined.append(sum(known) / len(known) if known else None)
    return combined


def _recent(series: DimensionSeries) -> list[float]:
    return [value for value in _combined(series)[-MOVE_WEEKS:] if value is not None]


def _movement(series: DimensionSeries) -> Movement | None:
    recent = _recent(series)
    if len(recent) < 2:
        return None
    return Movement(dimension=series.dimension, start=recent[0], end=recent[-1])


def _gap_weeks(series: DimensionSeries) -> int:
    you, partner = (line.values[-GAP_WEEKS:] for line in series.lines)
    return sum(
        1
        for mine, theirs in zip(you, partner, strict=True)
        if mine is not None and theirs is not None and abs(mine - theirs) >= GAP
    )


def highlights_for(
    all_series: list[DimensionSeries], *, weeks_counted: int | None = None
) -> Highlights:
    """`weeks_counted`: on our trends, how many of the last TOGETHER_WEEKS weeks could have
    had both partners' answers (linked by then, check-in closed); all of them by default."""
    movements = [m for m in map(_movement, all_series) if m and abs(m.end - m.start) >= MIN_MOVE]
    moved_most = max(movements, key=lambda m: abs(m.end - m.start), default=None)
    can_compare = any(len(_recent(s)) >= 2 for s in all_series)
    weeks_with_data = sum(
        1
        for values in zip(*(line.values for s in all_series for line in s.lines), strict=True)
        if any(value is not None for value in values)
    )
    if len(all_series[0].lines) < 2:
        return Highlights(moved_most, None, None, weeks_with_data, can_compare)

    flagged = [s for s in all_series if _gap_weeks(s) >= GAP_HITS]
    worth = max(flagged, key=_gap_weeks, default=None)
    window = min(TOGETHER_WEEKS, len(all_series[0].lines[0].values))
    both = sum(
        1
        for week in range(-window, 0)
        if any(
            s.lines[0].values[week] is not None and s.lines[1].values[week] is not None
            for s in all_series
        )
    )
    counted = window if weeks_counted is None else min(weeks_counted, window)
    return Highlights(
        moved_most,
        worth.dimension if worth else None,
        min(both, counted),
        weeks_with_data,
        can_compare,
        counted,
    )
