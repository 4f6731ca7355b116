"""Geometry of the server-rendered SVG bar chart of the coverage matrix's four buckets (no
JavaScript), drawn by ``templates/followup/_chart.html``."""

from __future__ import annotations

from dataclasses import dataclass

from documents.followup.coverage import BUCKET_LABELS, BUCKETS

BAR_HEIGHT = 26
GAP = 10
LABEL_WIDTH = 230
BAR_MAX = 300


@dataclass(frozen=True)
class Bar:
    bucket: str
    label: str
    count: int
    y: int
    width: int
    percent: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int
    total: int


def bucket_chart(totals: dict[str, int]) -> Chart:
    """Horizontal bars, one per bucket, scaled to the largest bucket."""
    total = sum(totals.values())
    largest = max(totals.values(), default=0) or 1
    bars = [
        Bar(
            bucket=bucket,
            label=BUCKET_LABELS[bucket],
            count=totals.get(bucket, 0),
            y=index * (BAR_HEIGHT + GAP),
            width=round(BAR_MAX * totals.get(bucket, 0) / largest),
            percent=round(100 * totals.get(bucket, 0) / total) if total else 0,
        )
        for index, bucket in enumerate(BUCKETS)
    ]
    return Chart(
        bars=bars,
        width=LABEL_WIDTH + BAR_MAX + 90,
        height=len(BUCKETS) * (BAR_HEIGHT + GAP),
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        total=total,
    )
