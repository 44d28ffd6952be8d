"""The Monitoring sheet: check-ins and their notes, the check-in history per action, the
indicators (source, direction, dates), their readings, actions by status, and one chart per
indicator.

Layout, for print: two blocks of tables side by side — check-ins on the left (columns A–F),
indicators on the right (from column H) — each printed on pages of its own (a column break
between them, pages down then over); below them the charts, two to a row and two rows to a
page, each page started by a page break so that no chart straddles two pages. The
Indicators table links to each indicator's chart, and a line at the top says where the
charts are. Value axes start at 0; numbers show the decimals their indicator uses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..models import ActionStatus, Indicator
from .contract import clean_text
from .layout import DATE_FORMAT, Col, Writer

LEFT = (11, 9, 28, 12, 36, 9)
"""Check-ins: date, count or ID, text, status, update or note, progress."""
GAP = 2
RIGHT = (6, 22, 10.5, 9, 16, 10.5, 9, 8, 9, 6, 12, 9)
"""Indicators: ID, name, baseline date, baseline, source, target date, target, unit,
direction, goal, status, chart. Readings use the first five: ID, name, date, value, note."""

CHART_WIDTH_CM = 10.5
CHART_HEIGHT_CM = 6.0
CHART_ROWS = 14
"""Rows of a chart row (empty rows, at the default height of 15 points in every spreadsheet:
210 points, the chart and a gap)."""
CHARTS_PER_ROW = 2
CHART_ROWS_PER_PAGE = 2


def number_format(values: Sequence[float | None]) -> str:
    """The format that shows these values with the decimals they have (at most two)."""
    decimals = 0
    for value in values:
        if value is None or not math.isfinite(value):
            continue
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        if "." in text:
            decimals = max(decimals, len(text.split(".")[1]))
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def monitoring(w: Writer, ws: Any) -> None:
    from openpyxl.utils import get_column_letter

    from ..progress import indicator_status

    s = w.session
    right = len(LEFT) + GAP  # the first column of the right block
    w.columns(ws, (*LEFT, GAP, *RIGHT))
    ws.cell(row=1, column=1, value="Monitoring").font = w.title_font
    ws.cell(row=1, column=right, value="Monitoring: indicators").font = w.title_font

    # ----- left: check-ins and the history per action -----
    row = 3
    w.heading(ws, row, "Check-ins")
    checkins = sorted(s.checkins, key=lambda c: c.date)
    row = (
        w.table(
            ws,
            row + 1,
            1,
            [Col("Date", 11, fmt=DATE_FORMAT), Col("Updates", 9, center=True),
             Col("Note", 28, wrap=True)],
            [[c.date, len(c.updates), c.note] for c in checkins],
            [f"check-in {c.date}" for c in checkins],
            "CheckInList",
        )
        + 2
    )  # fmt: skip
    titles = {a.id: a.title for a in s.actions}
    order = {a.id: n for n, a in enumerate(s.actions)}
    entries = [(chk.date, upd) for chk in checkins for upd in chk.updates]
    entries.sort(key=lambda e: (order.get(e[1].action, len(order)), e[0]))
    w.heading(ws, row, "Check-in history (per action)")
    left_end = w.table(
        ws,
        row + 1,
        1,
        [
            Col("Check-in", 11, fmt=DATE_FORMAT),
            Col("Action ID", 9),
            Col("Action", 28, wrap=True),
            Col("Status then", 12, wrap=True),
            Col("Update", 36, wrap=True),
            Col("Progress", 9, fmt="0%", center=True),
        ],
        [
            [day, u.action, titles.get(u.action, ""), u.status.label, u.update,
             u.progress / 100 if u.progress is not None else None]
            for day, u in entries
        ],
        [f"check-in {day} update of {u.action}" for day, u in entries],
        "CheckInHistory",
    )  # fmt: skip

    # ----- right: indicators, their readings, actions by status -----
    row = 3
    ws.cell(row=row, column=right, value="Indicators").font = w.heading_font
    formats = {
        ind.id: number_format([ind.baseline, ind.target, *(r.value for r in ind.readings)])
        for ind in s.indicators
    }
    goals = {g.id for g in s.goals}
    ind_rows: list[list[Any]] = []
    for ind in s.indicators:
        ind_rows.append(
            [
                ind.id, ind.name, ind.baseline_date, ind.baseline, ind.source, ind.target_date,
                ind.target, ind.unit, ind.direction.value, ind.goal if ind.goal in goals else "",
                indicator_status(ind, w.today).label, "",
            ]
        )  # fmt: skip
    indicators_top = row + 1
    row = w.table(
        ws,
        indicators_top,
        right,
        [Col("ID", 6), Col("Indicator", 22, wrap=True), Col("Baseline date", 10.5),
         Col("Baseline", 9), Col("Source", 16, wrap=True), Col("Target date", 10.5),
         Col("Target", 9), Col("Unit", 8, wrap=True), Col("Direction", 9), Col("Goal", 6),
         Col("Status", 12, wrap=True), Col("Chart", 9)],
        ind_rows,
        [f"indicator {ind.id}" for ind in s.indicators],
        "IndicatorList",
    ) + 2  # fmt: skip
    for n, ind in enumerate(s.indicators, start=indicators_top + 1):
        for col in (right + 3, right + 6):
            ws.cell(row=n, column=col).number_format = formats[ind.id]

    ws.cell(row=row, column=right, value="Indicator readings").font = w.heading_font
    rd_rows: list[list[Any]] = []
    rd_items: list[str] = []
    blocks: list[tuple[Indicator, int, int]] = []  # indicator, first row, last row
    readings_top = row + 1
    for ind in s.indicators:
        first = readings_top + 1 + len(rd_rows)
        for reading in sorted(ind.readings, key=lambda r: r.date):
            rd_rows.append([ind.id, ind.name, reading.date, reading.value, reading.note])
            rd_items.append(f"indicator {ind.id} reading {reading.date}")
        if ind.readings:
            blocks.append((ind, first, first + len(ind.readings) - 1))
    row = w.table(
        ws,
        readings_top,
        right,
        [Col("ID", 6), Col("Name", 22, wrap=True), Col("Reading date", 10.5),
         Col("Value", 9), Col("Reading note", 16, wrap=True)],
        rd_rows,
        rd_items,
        "IndicatorReadings",
    )  # fmt: skip
    for n, values in enumerate(rd_rows, start=readings_top + 1):
        ws.cell(row=n, column=right + 3).number_format = formats[str(values[0])]
    row += 2
    ws.cell(row=row, column=right, value="Actions by status").font = w.heading_font
    status_top = row + 1
    right_end = w.table(
        ws,
        status_top,
        right + 1,
        [Col("Status", 22), Col("Actions", 10.5, center=True)],
        [[st.label, sum(1 for a in s.actions if a.status is st)] for st in ActionStatus],
        [],
        "ActionsByStatus",
    )

    # ----- below: the charts -----
    charts_top = max(left_end, right_end) + 3
    w.heading(ws, charts_top - 1, "Charts")
    chart_cols = (1, _column_after(LEFT, CHART_WIDTH_CM))
    charts: list[tuple[Any, str]] = [(_status_chart(ws, right + 1, status_top), "")]
    for ind, first, last in blocks:
        charts.append((_indicator_chart(w, ws, ind, right, first, last, formats[ind.id]), ind.id))
    breaks = []
    places: dict[str, int] = {}
    for n, (chart, ind_id) in enumerate(charts):
        chart_row, chart_col = divmod(n, CHARTS_PER_ROW)
        top = charts_top + chart_row * CHART_ROWS
        if chart_col == 0 and chart_row % CHART_ROWS_PER_PAGE == 0:
            breaks.append(top - 1 if chart_row == 0 else top)
        ws.add_chart(chart, f"{get_column_letter(chart_cols[chart_col])}{top}")
        if ind_id:
            places[ind_id] = top
    for n, ind in enumerate(s.indicators, start=indicators_top + 1):
        cell = ws.cell(row=n, column=right + len(RIGHT) - 1)
        if ind.id in places:
            cell.value = f"row {places[ind.id]}"
            cell.hyperlink = f"#'{ws.title}'!A{places[ind.id]}"
        else:
            cell.value = "no readings"
    where = (
        f"Charts of every indicator (and of the actions by status) are below the tables, "
        f"from row {charts_top}; the Indicators table links to each."
    )
    w.note(ws, 2, where, span=len(LEFT))
    w.finish(
        ws,
        "1:1",
        "A3",
        row_breaks=[b for b in breaks if b > 1],
        column_breaks=[len(LEFT) + GAP - 1],
    )


def _column_after(widths: Sequence[float], cm: float) -> int:
    """The first column at least ``cm`` centimetres right of the left edge of column A, in
    Excel's measure (the narrowest): a chart placed there never covers one placed in A."""
    px, col = 0.0, 1
    while px < cm / 2.54 * 96 + 8:
        px += (widths[col - 1] if col <= len(widths) else 8.43) * 7 + 5
        col += 1
    return col


def _font(size: int, bold: bool = False) -> Any:
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties

    props = CharacterProperties(sz=size * 100, b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _status_chart(ws: Any, col: int, top: int) -> Any:
    from openpyxl.chart import BarChart, Reference

    bar = BarChart()
    bar.type = "bar"
    bar.title = _chart_title("Actions by status")
    bar.legend = None
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.y_axis.majorGridlines = None
    bar.y_axis.title = _chart_title("Actions", size=11)
    bar.y_axis.scaling.min = 0
    bar.y_axis.number_format = "0"
    bar.x_axis.txPr = _font(11)
    bar.y_axis.txPr = _font(11)
    bar.add_data(
        Reference(ws, min_col=col + 1, min_row=top, max_row=top + len(ActionStatus)),
        titles_from_data=True,
    )
    bar.set_categories(Reference(ws, min_col=col, min_row=top + 1, max_row=top + len(ActionStatus)))
    bar.height, bar.width = CHART_HEIGHT_CM, CHART_WIDTH_CM
    return bar


def _indicator_chart(
    w: Writer, ws: Any, ind: Indicator, right: int, first: int, last: int, fmt: str
) -> Any:
    from openpyxl.chart import LineChart, Reference, Series

    chart = LineChart()
    chart.title = _chart_title(f"{ind.id} {ind.name}" + (f" ({ind.unit})" if ind.unit else ""))
    chart.legend = None
    chart.x_axis.number_format = DATE_FORMAT
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.y_axis.number_format = fmt
    chart.x_axis.txPr = _font(11)
    chart.y_axis.txPr = _font(11)
    series = Series(Reference(ws, min_col=right + 3, min_row=first, max_row=last), title="Value")
    series.marker.symbol = "circle"
    series.smooth = False  # straight lines between readings: no invented curve
    chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=right + 2, min_row=first, max_row=last))
    chart.height, chart.width = CHART_HEIGHT_CM, CHART_WIDTH_CM
    return chart


def _chart_title(text: str, size: int = 12) -> Any:
    """A chart title in bold, 12 points unless said (it prints at 9 points or more at any
    scale a sheet prints at)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    props = CharacterProperties(sz=size * 100, b=True)
    text = " ".join(clean_text(text).split())
    if len(text) > 60:
        text = text[:59] + "…"
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)
