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
    has_data: bool


def _combined(series: DimensionSeries) -> list[float | None]:
    """Per week, the mean of whichever lines have a value (both partners, or just you)."""
    combined = []
    for values in zip(*(line.values for line in series.lines), strict=True):
        known = [value for value in values if value is not None]
        combined.append(sum(known) / len(known) if known else None)
    return combined


def _movement(series: DimensionSeries) -> Movement | None:
    recent = [value for value in _combined(series)[-MOVE_WEEKS:] if value is not None]
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


def highlights_for(all_series: list[DimensionSeries]) -> Highlights:
    movements = [m for m in map(_movement, all_series) if m and abs(m.end - m.start) >= MIN_MOVE]
    moved_most = max(movements, key=lambda m: abs(m.end - m.start), default=None)
    has_data = any(
        value is not None for s in all_series for line in s.lines for value in line.values
    )
    if len(all_series[0].lines) < 2:
        return Highlights(moved_most, None, None, has_data)

    flagged = [s for s in all_series if _gap_weeks(s) >= GAP_HITS]
    worth = max(flagged, key=_gap_weeks, default=None)
    both = sum(
        1
        for week in range(-min(TOGETHER_WEEKS, len(all_series[0].lines[0].values)), 0)
        if any(
            s.lines[0].values[week] is not None and s.lines[1].values[week] is not None
            for s in all_series
        )
    )
    return Highlights(moved_most, worth.dimension if worth else None, both, has_data)
