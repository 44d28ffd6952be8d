"""The geometry of the report's pictures, worked out here so the template only draws.

Every length is in millimetres, measured from the top-left corner of the picture. Pure
functions of plain values: no session, no typesetting.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# ----- the relations map ------------------------------------------------------------------

MAP_WIDTH = 176.0
MAP_HEIGHT = 112.0
NODE_RADIUS = 4.2
LABEL_WIDTH = 40.0
MAX_MAP_NODES = 30
"""Above this many related initiatives the map would be a tangle: the report lists the
relations instead."""


@dataclass(frozen=True)
class MapNode:
    id: str
    label: str


@dataclass(frozen=True)
class MapEdge:
    a: str
    b: str
    kind: str
    """The relation kind's value: reinforces, overlaps, conflicts or depends_on."""
    directed: bool
    """Drawn with an arrow head at ``b`` (for 'depends on': ``a`` depends on ``b``)."""


def _round(value: float) -> float:
    return round(value, 2)


def relations_map(nodes: Sequence[MapNode], edges: Sequence[MapEdge]) -> dict[str, Any]:
    """Nodes on an ellipse (in the order given), labels outside it, and each edge as a
    line between the rims of its two nodes; two relations of one pair are drawn side by
    side. An arrow head (three corner points) ends each directed edge."""
    n = len(nodes)
    cx, cy = MAP_WIDTH / 2, MAP_HEIGHT / 2
    rx = MAP_WIDTH / 2 - LABEL_WIDTH - NODE_RADIUS - 3
    ry = MAP_HEIGHT / 2 - NODE_RADIUS - 5
    where: dict[str, tuple[float, float]] = {}
    placed = []
    for k, node in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * k / max(n, 1)
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        if n == 1:
            x, y = cx, cy
        where[node.id] = (x, y)
        right = math.cos(angle) >= -1e-9
        placed.append(
            {
                "id": node.id,
                "label": node.label,
                "x": _round(x),
                "y": _round(y),
                "side": "right" if right else "left",
                "lx": _round(
                    x + NODE_RADIUS + 1.2 if right else x - NODE_RADIUS - 1.2 - LABEL_WIDTH
                ),
                "ly": _round(y - 5.0),
            }
        )
    pair_count: dict[frozenset[str], int] = {}
    for edge in edges:
        pair_count[frozenset((edge.a, edge.b))] = pair_count.get(frozenset((edge.a, edge.b)), 0) + 1
    pair_seen: dict[frozenset[str], int] = {}
    drawn = []
    for edge in edges:
        if edge.a not in where or edge.b not in where or edge.a == edge.b:
            continue
        pair = frozenset((edge.a, edge.b))
        index = pair_seen.get(pair, 0)
        pair_seen[pair] = index + 1
        offset = (index - (pair_count[pair] - 1) / 2) * 1.6
        (x1, y1), (x2, y2) = where[edge.a], where[edge.b]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        px, py = -uy * offset, ux * offset
        sx, sy = x1 + ux * NODE_RADIUS + px, y1 + uy * NODE_RADIUS + py
        ex, ey = x2 - ux * (NODE_RADIUS + 0.3) + px, y2 - uy * (NODE_RADIUS + 0.3) + py
        arrow = None
        if edge.directed:
            back, half = 3.2, 1.5
            bx, by = ex - ux * back, ey - uy * back
            arrow = [
                [_round(ex), _round(ey)],
                [_round(bx - uy * half), _round(by + ux * half)],
                [_round(bx + uy * half), _round(by - ux * half)],
            ]
            ex, ey = bx, by
        drawn.append(
            {
                "kind": edge.kind,
                "x1": _round(sx),
                "y1": _round(sy),
                "x2": _round(ex),
                "y2": _round(ey),
                "arrow": arrow,
            }
        )
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "radius": NODE_RADIUS,
        "label_width": LABEL_WIDTH,
        "nodes": placed,
        "edges": drawn,
    }


# ----- an indicator's chart ---------------------------------------------------------------

CHART_WIDTH = 74.0
CHART_HEIGHT = 34.0


def _nice_bounds(low: float, high: float) -> tuple[float, float]:
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        return low - pad, high + pad
    pad = (high - low) * 0.12
    return low - pad, high + pad


def number(value: float, unit: str = "") -> str:
    """A value as the room reads it: ``58.6%``, ``19 days``, ``1,200 families``."""
    if math.isfinite(value) and abs(value) >= 1000:
        shown = f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"
    else:
        shown = f"{value:.4g}" if abs(value) < 1e6 else f"{value:.3g}"
    return f"{shown}{unit}"


def indicator_chart(
    readings: Sequence[tuple[dt.date, float]],
    *,
    unit: str,
    baseline: float | None,
    baseline_date: dt.date | None,
    target: float | None,
    target_date: dt.date | None,
    date_label: Any,
) -> dict[str, Any] | None:
    """A small line chart of the readings (oldest first) against baseline and target: the
    baseline as a dashed line, the target as a dash-dotted one, the straight path from
    baseline to target (when both dates are known) as a dotted one, each labelled in words,
    and the readings as a solid line with dots, the first and last labelled with their
    value. ``date_label`` formats an axis date. None when there is nothing to draw."""
    values = [v for _, v in readings]
    levels = [v for v in (baseline, target) if v is not None]
    if not values and not levels:
        return None
    dates = [d for d, _ in readings]
    dates += [d for d in (baseline_date, target_date) if d is not None]
    if not dates:
        return None
    first, last = min(dates), max(dates)
    span = (last - first).days or 1
    low, high = _nice_bounds(min(values + levels), max(values + levels))
    w, h = CHART_WIDTH, CHART_HEIGHT

    def x(day: dt.date) -> float:
        if first == last:
            return _round(w / 2)
        return _round((day - first).days / span * w)

    def y(value: float) -> float:
        return _round(h - (value - low) / (high - low) * h)

    chart: dict[str, Any] = {
        "width": w,
        "height": h,
        "x_labels": [[0.0, date_label(first)], [w, date_label(last)]]
        if first != last
        else [[w / 2, date_label(first)]],
        "baseline": None,
        "target": None,
        "path": None,
        "points": [[x(d), y(v)] for d, v in readings],
        "marks": [],
    }
    if baseline is not None:
        chart["baseline"] = {"y": y(baseline), "label": f"baseline {number(baseline, unit)}"}
    if target is not None:
        chart["target"] = {"y": y(target), "label": f"target {number(target, unit)}"}
    if (
        baseline is not None
        and target is not None
        and baseline_date is not None
        and target_date is not None
        and target_date > baseline_date
    ):
        chart["path"] = {
            "x1": x(baseline_date),
            "y1": y(baseline),
            "x2": x(target_date),
            "y2": y(target),
        }
    if readings:
        shown = [readings[-1]] if len(readings) == 1 else [readings[0], readings[-1]]
        for day, value in shown:
            chart["marks"].append({"x": x(day), "y": y(value), "text": number(value, unit)})
    return chart


# ----- bar charts (history) ---------------------------------------------------------------

BAR_CHART_HEIGHT = 30.0


def bar_groups(
    groups: Sequence[tuple[str, Sequence[tuple[str, float | None, str]]]],
    *,
    top: float,
) -> dict[str, Any]:
    """Grouped bars: each group a label and bars of (caption, value or None, text shown).
    Heights are in millimetres out of :data:`BAR_CHART_HEIGHT` for a value of ``top``; a
    missing value draws no bar and shows its text (e.g. 'unrated')."""
    out = []
    for label, bars in groups:
        out.append(
            {
                "label": label,
                "bars": [
                    {
                        "caption": caption,
                        "height": None
                        if value is None
                        else _round(
                            max(0.0, min(value, top)) / top * BAR_CHART_HEIGHT if top else 0.0
                        ),
                        "text": text,
                        "shade": n,
                    }
                    for n, (caption, value, text) in enumerate(bars)
                ],
            }
        )
    return {"height": BAR_CHART_HEIGHT, "groups": out}
