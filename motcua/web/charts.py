"""Bar charts drawn on the server as SVG: they work offline, print, and need no script or CDN.

The geometry is computed here; templates/reports/_charts.html draws it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 250
PLOT_WIDTH = 500
BAR_HEIGHT = 18
ROW_GAP = 12
VALUE_WIDTH = 60


@dataclass(frozen=True)
class Segment:
    key: str
    value: float
    x: float
    width: float
    y: float
    height: float


@dataclass(frozen=True)
class BarRow:
    label: str
    y: float
    segments: list[Segment]
    total: float
    text: str  # the figure printed after the bar


@dataclass(frozen=True)
class Chart:
    rows: list[BarRow]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH


def stacked(rows: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> Chart:
    """One bar per row, its parts side by side, all scaled to the largest total (counts)."""
    largest = max((sum(v for _, v in parts) for _, parts in rows), default=0) or 1
    drawn = []
    for index, (label, parts) in enumerate(rows):
        y = index * (BAR_HEIGHT + ROW_GAP)
        x, segments = float(LABEL_WIDTH), []
        for key, value in parts:
            width = PLOT_WIDTH * value / largest
            if value:
                segments.append(Segment(key, value, x, width, y, BAR_HEIGHT))
            x += width
        total = sum(v for _, v in parts)
        drawn.append(BarRow(label, y, segments, total, str(total)))
    return Chart(drawn, LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, max(len(rows), 1) * (BAR_HEIGHT + ROW_GAP))


def grouped_rates(rows: Sequence[tuple[str, Sequence[tuple[str, float | None]]]]) -> Chart:
    """Thin bars per row, one per rate, on a 0–100 % scale; a rate with no data draws nothing."""
    drawn, y = [], 0.0
    for label, rates in rows:
        thin = BAR_HEIGHT / 2
        segments = [Segment(key, rate, float(LABEL_WIDTH), PLOT_WIDTH * rate / 100, y + i * (thin + 2), thin)
                    for i, (key, rate) in enumerate(rates) if rate is not None]
        height = len(rates) * (thin + 2)
        text = " · ".join("—" if rate is None else f"{rate:g}%" for _, rate in rates)
        drawn.append(BarRow(label, y, segments, 0, text))
        y += height + ROW_GAP
    return Chart(drawn, LABEL_WIDTH + PLOT_WIDTH + 2 * VALUE_WIDTH, int(y) or BAR_HEIGHT)
