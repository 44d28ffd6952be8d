"""The Monitoring sheet: check-in history, indicator readings, actions by status, charts."""

from __future__ import annotations

from typing import Any

from ..models import ActionStatus
from .contract import clean_text
from .layout import DATE_FORMAT, Col, Writer


def monitoring(w: Writer, ws: Any) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference, Series
    from openpyxl.utils import get_column_letter

    from ..progress import indicator_status

    s = w.session
    titles = {a.id: a.title for a in s.actions}
    order = {a.id: n for n, a in enumerate(s.actions)}
    entries = [(chk.date, upd) for chk in s.checkins for upd in chk.updates]
    entries.sort(key=lambda e: (order.get(e[1].action, len(order)), e[0]))
    ck_cols = [
        Col("Check-in", 11, fmt=DATE_FORMAT),
        Col("Action ID", 9),
        Col("Action", 30, wrap=True),
        Col("Status then", 12),
        Col("Update", 40, wrap=True),
        Col("Progress", 9, fmt="0%", center=True),
    ]
    ck_rows = [
        [
            day,
            u.action,
            titles.get(u.action, ""),
            u.status.label,
            u.update,
            u.progress / 100 if u.progress is not None else None,
        ]
        for day, u in entries
    ]
    ck_items = [f"check-in {day} update of {u.action}" for day, u in entries]
    left_rd = len(ck_cols) + 2
    rd_cols = [
        Col("Indicator", 9),
        Col("Name", 24, wrap=True),
        Col("Reading date", 11, fmt=DATE_FORMAT),
        Col("Value", 10),
        Col("Unit", 10, wrap=True),
        Col("Baseline", 10),
        Col("Target", 10),
        Col("Indicator status", 16, wrap=True),
        Col("Reading note", 24, wrap=True),
    ]
    rd_rows: list[list[Any]] = []
    rd_items: list[str] = []
    blocks: list[tuple[str, int, int]] = []  # chart title, first row, last row
    for ind in s.indicators:
        status = indicator_status(ind, w.today).label
        base = [ind.id, ind.name]
        tail = [ind.unit, ind.baseline, ind.target, status]
        start = 3 + len(rd_rows)
        if ind.readings:
            for reading in ind.readings:
                rd_rows.append([*base, reading.date, reading.value, *tail, reading.note])
                rd_items.append(f"indicator {ind.id} reading {reading.date}")
            label = f"{ind.id} {ind.name}" + (f" ({ind.unit})" if ind.unit else "")
            blocks.append((label, start, start + len(ind.readings) - 1))
        else:
            rd_rows.append([*base, None, None, *tail, "no readings yet"])
            rd_items.append(f"indicator {ind.id}")
    status_rows: list[list[Any]] = [
        [st.label, sum(1 for a in s.actions if a.status is st)] for st in ActionStatus
    ]

    # check-ins on the left; readings on the right, then actions by status and the charts
    # below the readings, so that every chart sits over empty cells
    w.heading(ws, 1, "Check-in history (per action)")
    ws.cell(row=1, column=left_rd, value="Indicator readings").font = w.heading_font
    w.table(ws, 2, 1, ck_cols, ck_rows, ck_items, "CheckInHistory")
    readings_end = w.table(ws, 2, left_rd, rd_cols, rd_rows, rd_items, "IndicatorReadings")
    w.need(ws, left_rd - 1, 2)
    status_top = readings_end + 3
    ws.cell(row=status_top - 1, column=left_rd, value="Actions by status").font = w.heading_font
    w.table(
        ws,
        status_top,
        left_rd,
        [Col("Status", 12), Col("Actions", 9, center=True)],
        status_rows,
        [],
        "ActionsByStatus",
    )
    chart_col = left_rd + 3  # right of the status table, with a column between

    bar = BarChart()
    bar.type = "bar"
    bar.title = _chart_title("Actions by status")
    bar.legend = None
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.y_axis.majorGridlines = None
    bar.y_axis.title = "Actions"
    bar.add_data(
        Reference(ws, min_col=left_rd + 1, min_row=status_top, max_row=status_top + 5),
        titles_from_data=True,
    )
    bar.set_categories(
        Reference(ws, min_col=left_rd, min_row=status_top + 1, max_row=status_top + 5)
    )
    bar.height, bar.width = CHART_HEIGHT_CM, CHART_WIDTH_CM
    ws.add_chart(bar, f"{get_column_letter(chart_col)}{status_top}")

    # one line chart per indicator with readings, two side by side
    second_col = _column_after(w, ws, left_rd, CHART_WIDTH_CM)
    top = status_top + CHART_ROWS + 1
    for n, (label, first, last) in enumerate(blocks[:MAX_INDICATOR_CHARTS]):
        chart = LineChart()
        chart.title = _chart_title(label)
        chart.legend = None
        chart.x_axis.number_format = DATE_FORMAT
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        series = Series(
            Reference(ws, min_col=left_rd + 3, min_row=first, max_row=last), title="Value"
        )
        series.marker.symbol = "circle"
        series.smooth = False  # straight lines between readings: no invented curve
        chart.series.append(series)
        chart.set_categories(Reference(ws, min_col=left_rd + 2, min_row=first, max_row=last))
        chart.height, chart.width = CHART_HEIGHT_CM, CHART_WIDTH_CM
        col = left_rd if n % 2 == 0 else second_col
        ws.add_chart(chart, f"{get_column_letter(col)}{top + (n // 2) * (CHART_ROWS + 1)}")
    w.finish(ws, "1:2", "A3")


CHART_WIDTH_CM = 10.5
CHART_HEIGHT_CM = 6.0
CHART_ROWS = 12
"""Rows a chart spans at the default row height (20 px); taller rows only add space."""
MAX_INDICATOR_CHARTS = 12


def _column_after(w: Writer, ws: Any, start: int, cm: float) -> int:
    """The first column at least ``cm`` centimetres right of the left edge of ``start``."""
    widths = w.widths.get(ws.title, {})
    px, col = 0.0, start
    while px < cm / 2.54 * 96 + 8:
        px += widths.get(col, 8.43) * 7 + 5
        col += 1
    return col


def _chart_title(text: str) -> Any:
    """A chart title in 10-point bold (the default is too large for a small chart)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    props = CharacterProperties(sz=1000, b=True)
    text = " ".join(clean_text(text).split())
    if len(text) > 90:
        text = text[:89] + "…"
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


# --------------------------------------------------------------------------------------------
