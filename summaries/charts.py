"""A small line chart drawn as SVG on the server, so that a summary prints with its charts and
no script. Scores run from 1 to 5; a week without a figure is a gap in the line."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# A narrow drawing, so that its text stays readable scaled down to a phone's width; the last
# week's label needs room right of the plot.
WIDTH, HEIGHT = 480, 230
LEFT, RIGHT, TOP, BOTTOM = 30, 450, 34, 194  # the plot area
SCALE = (1, 5)


def _x(index: int, count: int) -> float:
    if count == 1:
        return (LEFT + RIGHT) / 2
    return LEFT + (RIGHT - LEFT) * index / (count - 1)


def _y(value: float) -> float:
    low, high = SCALE
    return BOTTOM - (BOTTOM - TOP) * (value - low) / (high - low)


def _segments(values: list[float | None], count: int) -> list[list[tuple[float, float]]]:
    """Runs of consecutive weeks with a figure: a missing week breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((_x(index, count), _y(value)))
    return [run for run in runs if run]


def _n(value: float) -> str:
    return f"{value:.1f}"


def _points(run) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in run)


def line_chart_svg(*, chart_id: str, title: str, week_labels: list[str], lines) -> SafeString:
    """An accessible `<svg>` (role img, its title) of `lines` (each a label and one value or
    None per week) over `week_labels`. Line 1 is solid with dots, line 2 dashed with squares,
    so the two stay apart on a black-and-white printer. Every text is escaped."""
    count = len(week_labels)
    grid = format_html_join(
        "",
        '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (LEFT, _n(_y(score)), RIGHT, _n(_y(score)), LEFT - 8, _n(_y(score) + 4), score)
            for score in range(SCALE[0], SCALE[1] + 1)
        ),
    )
    # Every week named up to eight weeks; beyond that every other one, so labels never touch.
    step = 1 if count <= 8 else 2
    ticks = format_html_join(
        "",
        '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (_n(_x(index, count)), BOTTOM + 20, label)
            for index, label in enumerate(week_labels)
            if index % step == 0 or index == count - 1
        ),
    )
    drawn = []
    legend = []
    for number, line in enumerate(lines[:2]):
        css = f"chart-line chart-line-{number + 1}"
        runs = _segments(line.values, count)
        for run in runs:
            if len(run) > 1:
                drawn.append(format_html('<polyline class="{}" points="{}"/>', css, _points(run)))
            for x, y in run:
                if number == 0:
                    drawn.append(
                        format_html('<circle class="{}" cx="{}" cy="{}" r="4"/>', css, _n(x), _n(y))
                    )
                else:
                    drawn.append(
                        format_html(
                            '<rect class="{}" x="{}" y="{}" width="8" height="8"/>',
                            css,
                            _n(x - 4),
                            _n(y - 4),
                        )
                    )
        left = LEFT + number * 180
        legend.append(
            format_html(
                '<line class="{}" x1="{}" y1="14" x2="{}" y2="14"/>'
                '<text class="chart-legend" x="{}" y="18">{}</text>',
                css,
                left,
                left + 28,
                left + 36,
                line.label,
            )
        )
    return format_html(
        '<svg class="summary-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title"'
        ' xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>'
        "{}{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        title,
        grid,
        ticks,
        SafeString("".join(legend)),
        SafeString("".join(drawn)),
    )
