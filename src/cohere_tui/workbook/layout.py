"""How a sheet is laid out: the writer every sheet uses for cells, tables and print settings.

Every value a person typed goes through :meth:`Writer.text`: it is always written as a text
cell (never a formula or an error value, whatever it starts with), characters a workbook
cannot hold are removed, and text longer than a cell holds is cut with a visible marker and
a warning. Text that starts with ``=``, ``+``, ``-`` or ``@`` also gets Excel's quote prefix,
so that editing the cell keeps it text.

openpyxl is imported only inside the functions that build a workbook.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..models import Session
from .contract import FORMULA_START, MAX_CELL_CHARS, clean_text, fit_text

if TYPE_CHECKING:
    from .record import ExportRecord

DATE_FORMAT = "yyyy-mm-dd"
EARLIEST_DATE = dt.date(1900, 3, 1)
"""Excel's dates start in 1900 (and its first two months are off by a day): older is text."""
FONT = "Calibri"

# Colours: a dark blue header with white text; blue sequential ratings (colour-blind safe);
# orange for overdue and purple-grey for blocked rows (told apart without red/green).
HEADER_FILL = "1F4E79"
HEADER_FONT = "FFFFFF"
BORDER = "A6A6A6"
SCALE = ("F7FBFF", "9ECAE1", "4292C6")
OVERDUE_FILL = "FBD3B0"
BLOCKED_FILL = "DCD3EA"
MUTED = "595959"

LINE_HEIGHT = 15
"""Points per line of 11-point text: rows of wrapped text get this much per line."""


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` characters wide (an estimate).

    Neither openpyxl nor LibreOffice sizes rows to wrapped text when the file is opened, so
    the export sets each row's height from this. Proportional text fits a little more than
    ``width`` characters of a column's unit (the width of a digit); bold text a little less.
    """
    import textwrap

    per_line = max(4, int(width * (1.08 if bold else 1.18)) - 1)
    total = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= per_line:
            total += 1
        else:
            total += len(textwrap.wrap(paragraph, per_line, break_on_hyphens=False)) or 1
    return total


def header_footer_text(value: str, limit: int = 80) -> str:
    """Text safe for a print header or footer (``&`` is a code there)."""
    text = " ".join(clean_text(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("&", "&&")


# --------------------------------------------------------------------------------------------
# paths


@dataclass(frozen=True)
class Col:
    """A column of a table written to a sheet."""

    header: str
    cap: int = 30
    """The widest the column gets, in characters; longer text wraps."""
    wrap: bool = False
    """Long text wraps (otherwise it is cut off at the column's edge)."""
    fmt: str | None = None
    """Number format of the data cells."""
    center: bool = False
    min_width: int = 0


class Writer:
    """Writes one workbook; collects warnings and the widths each column needs."""

    def __init__(self, session: Session, today: dt.date) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.session = session
        self.today = today
        self.owner = ""
        """Whose copy this is ('' for the whole plan)."""
        self.record: ExportRecord | None = None
        """What the Action Plan wrote, filled in as it is written."""
        self.warnings: list[str] = []
        self.wb = Workbook()
        self.widths: dict[str, dict[int, float]] = {}
        self.wrapped: dict[str, list[tuple[int, int, str, bool]]] = {}
        """Per sheet: (row, column, text, bold) of every wrapping cell, to size its row."""
        side = Side(style="thin", color=BORDER)
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.header_font = Font(name=FONT, bold=True, color=HEADER_FONT)
        self.header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        self.header_align = Alignment(vertical="center", wrap_text=True)
        self.top = Alignment(vertical="top")
        self.top_wrap = Alignment(vertical="top", wrap_text=True)
        self.center = Alignment(vertical="top", horizontal="center")
        self.left = Alignment(vertical="top", horizontal="left")
        self.bold = Font(name=FONT, bold=True)
        self.title_font = Font(name=FONT, bold=True, size=16)
        self.heading_font = Font(name=FONT, bold=True, size=12, color=HEADER_FILL)
        self.muted = Font(name=FONT, italic=True, color=MUTED)

    # ----- cells ------------------------------------------------------------------------

    def text(self, cell: Any, value: str, where: str = "", what: str = "") -> None:
        """Write text a person typed: always a text cell, cleaned, cut to fit."""
        text, cut = fit_text(value)
        if cut:
            place = ", ".join(p for p in (where, what) if p) or f"cell {cell.coordinate}"
            self.warnings.append(
                f"{place}: {len(value):,} characters is more than a workbook cell holds "
                f"({MAX_CELL_CHARS:,}); the workbook shows the first part and marks the cut "
                "— the session file keeps the whole text"
            )
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True

    def put(self, ws: Any, row: int, col: int, value: Any, where: str = "", what: str = "") -> Any:
        cell = ws.cell(row=row, column=col)
        if value is None:
            return cell
        if isinstance(value, str):
            if value:
                self.text(cell, value, where, what)
        elif isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            if day < EARLIEST_DATE:
                place = ", ".join(p for p in (where, what) if p) or f"cell {cell.coordinate}"
                self.warnings.append(
                    f"{place}: {day.isoformat()} is before 1900-03-01, which a spreadsheet "
                    "cannot hold as a date; it is written as text"
                )
                self.text(cell, day.isoformat())
            else:
                cell.value = day
                cell.number_format = DATE_FORMAT
        elif isinstance(value, bool):
            self.text(cell, "Yes" if value else "No")
        elif isinstance(value, float) and not math.isfinite(value):
            self.text(cell, str(value))  # nan and inf are not numbers a workbook holds
        else:
            cell.value = value
        return cell

    def wraps(self, ws: Any, row: int, col: int, value: Any, bold: bool = False) -> None:
        if isinstance(value, str) and value:
            self.wrapped.setdefault(ws.title, []).append((row, col, value, bold))

    def need(self, ws: Any, col: int, width: float) -> None:
        sheet = self.widths.setdefault(ws.title, {})
        sheet[col] = max(sheet.get(col, 0.0), width)

    @staticmethod
    def measure(value: Any) -> int:
        if value is None:
            return 0
        if isinstance(value, dt.date):
            return 10
        if isinstance(value, float):
            return len(f"{value:g}")
        return max((len(line) for line in str(value).split("\n")), default=0)

    # ----- blocks -----------------------------------------------------------------------

    def table(
        self,
        ws: Any,
        top: int,
        left: int,
        cols: Sequence[Col],
        rows: Sequence[Sequence[Any]],
        items: Sequence[str],
        name: str,
    ) -> int:
        """Write a header and rows as an Excel table; returns the last row used."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.table import Table, TableStyleInfo

        for j, col in enumerate(cols):
            cell = ws.cell(row=top, column=left + j, value=col.header)
            cell.font = self.header_font
            cell.fill = self.header_fill
            cell.alignment = self.header_align
            cell.border = self.border
            self.wraps(ws, top, left + j, col.header, bold=True)
            longest = max((self.measure(r[j]) for r in rows), default=0)
            header_need = min(len(col.header) + 3, col.cap)  # room for the filter button
            self.need(ws, left + j, max(col.min_width, header_need, min(longest, col.cap) + 1))
        for i, values in enumerate(rows):
            r = top + 1 + i
            where = items[i] if i < len(items) else ""
            for j, col in enumerate(cols):
                cell = self.put(ws, r, left + j, values[j], where, col.header)
                cell.border = self.border
                if col.fmt and values[j] is not None and not isinstance(values[j], str):
                    cell.number_format = col.fmt
                if col.center:
                    cell.alignment = self.center
                elif col.wrap:
                    cell.alignment = self.top_wrap
                    self.wraps(ws, r, left + j, values[j])
                else:
                    cell.alignment = self.top
        last = top + max(len(rows), 1)
        if not rows:
            for j in range(len(cols)):
                ws.cell(row=last, column=left + j).border = self.border
        ref = f"{get_column_letter(left)}{top}:{get_column_letter(left + len(cols) - 1)}{last}"
        table = Table(displayName=name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(
            name="TableStyleMedium2",
            showFirstColumn=False,
            showLastColumn=False,
            showRowStripes=True,
            showColumnStripes=False,
        )
        ws.add_table(table)
        return last

    def heading(self, ws: Any, row: int, text: str) -> None:
        ws.cell(row=row, column=1, value=text).font = self.heading_font

    def pairs(self, ws: Any, row: int, pairs: Sequence[tuple[str, Any]], where: str) -> int:
        """Label–value lines (label bold in column A); returns the next free row."""
        for label, value in pairs:
            ws.cell(row=row, column=1, value=label).font = self.bold
            ws.cell(row=row, column=1).alignment = self.top
            cell = self.put(ws, row, 2, value, where, label)
            cell.alignment = self.left if isinstance(value, dt.date) else self.top_wrap
            self.wraps(ws, row, 2, value)
            row += 1
        return row

    def note(self, ws: Any, row: int, text: str, col: int = 1) -> None:
        cell = ws.cell(row=row, column=col)
        self.text(cell, text)
        cell.font = self.muted

    def finish(self, ws: Any, title_rows: str, freeze: str | None) -> None:
        """Column widths, frozen panes and print settings."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.page import PageMargins
        from openpyxl.worksheet.properties import PageSetupProperties

        widths = self.widths.get(ws.title, {})
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = round(width, 1)
        lines: dict[int, int] = {}
        for row, col, text, bold in self.wrapped.get(ws.title, []):
            n = wrapped_lines(text, widths.get(col, 8.43), bold)
            if n > lines.get(row, 1):
                lines[row] = n
        for row, n in lines.items():
            ws.row_dimensions[row].height = min(409, n * LINE_HEIGHT + 2)
        if freeze:
            ws.freeze_panes = freeze
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        if ws.sheet_properties.pageSetUpPr is None:
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        else:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = title_rows
        ws.print_options.horizontalCentered = False
        ws.page_margins = PageMargins(
            left=0.4, right=0.4, top=0.65, bottom=0.65, header=0.25, footer=0.25
        )
        ws.oddHeader.left.text = header_footer_text(self.session.title)
        ws.oddHeader.right.text = "&A"
        ws.oddFooter.left.text = f"Exported {self.today.isoformat()}"
        ws.oddFooter.right.text = "Page &P of &N"


# --------------------------------------------------------------------------------------------
# the sheets
