"""How a sheet is laid out: the writer every sheet uses for cells, tables and print settings.

Every value a person typed goes through :meth:`Writer.text`: it is always written as a text
cell (never a formula or an error value, whatever it starts with), characters a workbook
cannot hold are removed, and text longer than a cell holds is cut with a visible marker and
a warning. Text that starts with ``=``, ``+``, ``-`` or ``@`` also gets Excel's quote prefix,
so that editing the cell keeps it text.

openpyxl is imported only inside the functions that build a workbook.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
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

LINE_HEIGHT = 13.5
"""Points per line of wrapped 11-point text (LibreOffice gives 13.4 with its fallback for
Calibri, Excel 15 with Calibri itself; Excel recomputes a row without a fixed height)."""

ROW_HEIGHT = 15.0
"""A row of one line."""


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` characters wide (an estimate
    that errs on the tall side, so that no text is cut where a spreadsheet keeps the height
    it is given — LibreOffice does, and with a font wider than Calibri in its place).

    Measured in LibreOffice with its fallback font for Calibri: a line holds about 1.1
    characters per unit of column width, less two; bold text a little less than one.
    """
    import textwrap

    per_line = max(4, int(width * (0.9 if bold else 1.1)) - 2)
    total = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= per_line:
            total += 1
        else:
            total += len(textwrap.wrap(paragraph, per_line, break_on_hyphens=False)) or 1
    return total


def row_height(lines: int) -> float:
    """The height in points of a row of ``lines`` lines of wrapped text."""
    return ROW_HEIGHT if lines <= 1 else min(409.0, round(lines * LINE_HEIGHT + 3, 1))


# Printing. Every sheet prints landscape with body text at 9 points or more on Letter and
# A4 (11-point text at a scale of 83 % or more). Column widths are counted in LibreOffice's
# worst case: where Calibri is missing it measures columns with a wider fallback font, one
# unit of width being 7 points (Calibri's own is about 5.6), so a sheet that fits there
# fits everywhere. A sheet too wide for one page at that scale is split by columns at
# chosen places, its identifying columns (ID and name) printed again on every page.

PAGE_WIDTH_PT = 792.0
"""Letter landscape (A4 landscape is wider, 842)."""
PAGE_HEIGHT_PT = 595.0
"""A4 landscape (Letter landscape is taller, 612)."""
SIDE_MARGIN_IN = 0.3
TOP_MARGIN_IN = 0.6
PRINT_WIDTH_PT = PAGE_WIDTH_PT - 2 * SIDE_MARGIN_IN * 72
UNIT_PT = 7.0
"""The width of one unit of column width, in LibreOffice's worst case."""
MIN_SCALE = 83
"""The smallest print scale, in percent: 11-point text prints at 9.1 points."""


def print_scale(units: float) -> int:
    """The scale (percent, at most 100) at which ``units`` of column width fit the page."""
    return min(100, int(100 * PRINT_WIDTH_PT / max(1.0, units * UNIT_PT)))


def column_pages(widths: Sequence[float], keep: int) -> list[tuple[int, int]]:
    """Split columns ``1..len(widths)`` into pages that each fit at :data:`MIN_SCALE` with the
    first ``keep`` columns repeated on every page; returns (first, last) column per page,
    as even as the widths allow."""
    budget = PRINT_WIDTH_PT / (UNIT_PT * MIN_SCALE / 100)
    repeated = sum(widths[:keep])
    rest = list(widths[keep:])
    room = max(budget - repeated, max(rest, default=1.0))
    pages_needed = max(1, math.ceil(sum(rest) / room))
    while True:
        target = sum(rest) / pages_needed
        pages: list[tuple[int, int]] = []
        start, used = keep + 1, 0.0
        for n, width in enumerate(rest, start=keep + 1):
            if used and (used + width > room or (used >= target and len(pages) < pages_needed - 1)):
                pages.append((start, n - 1))
                start, used = n, 0.0
            used += width
        pages.append((start, len(widths)))
        if len(pages) <= pages_needed or pages_needed >= len(rest):
            return pages
        pages_needed += 1


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
    cap: float = 30
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
        self.wrapped: dict[str, list[tuple[int, int, str, bool, int]]] = {}
        """Per sheet: (row, column, text, bold, columns spanned) of every wrapping cell, to
        size its row."""
        self.fixed: set[str] = set()
        """Sheets whose column widths are set by :meth:`columns`, not by their content."""
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

    def wraps(
        self, ws: Any, row: int, col: int, value: Any, bold: bool = False, span: int = 1
    ) -> None:
        if isinstance(value, str) and value:
            self.wrapped.setdefault(ws.title, []).append((row, col, value, bold, span))

    def need(self, ws: Any, col: int, width: float) -> None:
        if ws.title in self.fixed:
            return
        sheet = self.widths.setdefault(ws.title, {})
        sheet[col] = max(sheet.get(col, 0.0), width)

    def columns(self, ws: Any, widths: Sequence[float]) -> None:
        """Fix the sheet's column widths (for sheets of several tables sharing columns)."""
        self.widths[ws.title] = {n: w for n, w in enumerate(widths, start=1)}
        self.fixed.add(ws.title)

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
        # Each column's border and alignment are set on its first cell and copied to the
        # others as a whole (setting them one by one costs openpyxl a style lookup each).
        styles: list[Any] = []
        for j, col in enumerate(cols):
            cell = ws.cell(row=top + 1, column=left + j)
            cell.border = self.border
            cell.alignment = self.center if col.center else self.top_wrap if col.wrap else self.top
            styles.append(copy.copy(cell._style))
        for i, values in enumerate(rows):
            r = top + 1 + i
            where = items[i] if i < len(items) else ""
            for j, col in enumerate(cols):
                ws.cell(row=r, column=left + j)._style = copy.copy(styles[j])
                cell = self.put(ws, r, left + j, values[j], where, col.header)
                if col.fmt and values[j] is not None and not isinstance(values[j], str):
                    cell.number_format = col.fmt
                if col.wrap and not col.center:
                    self.wraps(ws, r, left + j, values[j])
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

    def pairs(
        self, ws: Any, row: int, pairs: Sequence[tuple[str, Any]], where: str, span: int = 1
    ) -> int:
        """Label–value lines (label bold in column A, the value from column B over ``span``
        columns, wrapped); returns the next free row."""
        for label, value in pairs:
            ws.cell(row=row, column=1, value=label).font = self.bold
            ws.cell(row=row, column=1).alignment = self.top
            cell = self.put(ws, row, 2, value, where, label)
            cell.alignment = self.left if isinstance(value, dt.date) else self.top_wrap
            if span > 1 and isinstance(value, str):
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=1 + span)
            self.wraps(ws, row, 2, value, span=span)
            row += 1
        return row

    def note(self, ws: Any, row: int, text: str, col: int = 1, span: int = 1) -> None:
        """A line of explanation in muted italics; with ``span``, wrapped across that many
        columns (merged), so that it prints whole."""
        cell = ws.cell(row=row, column=col)
        self.text(cell, text)
        cell.font = self.muted
        if span > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
            cell.alignment = self.top_wrap
            self.wraps(ws, row, col, text, span=span)

    def heading_row(self, ws: Any, row: int, text: str, span: int = 1) -> None:
        """A section heading; with ``span``, wrapped across that many columns."""
        cell = ws.cell(row=row, column=1)
        self.text(cell, text)
        cell.font = self.heading_font
        if span > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
            cell.alignment = self.top_wrap
            self.wraps(ws, row, 1, text, bold=True, span=span)

    def finish(
        self,
        ws: Any,
        title_rows: str | None,
        freeze: str | None,
        *,
        keep_columns: int = 1,
        row_breaks: Sequence[int] = (),
        column_breaks: Sequence[int] = (),
    ) -> None:
        """Column widths, row heights, frozen panes and print settings.

        Rows get the height their wrapped text needs without being fixed at it (Excel sizes
        them again; LibreOffice keeps the height but grows a row whose text is edited). The
        sheet prints at the largest scale that fits the page width, never below
        :data:`MIN_SCALE`; a sheet too wide for that is split into pages of columns with its
        first ``keep_columns`` columns (and ``title_rows``) repeated. ``row_breaks`` start a
        new page before those rows (charts never straddle two pages); ``column_breaks`` end a
        page after those columns (blocks of tables side by side print one after the other).
        """
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.dimensions import RowDimension
        from openpyxl.worksheet.page import PageMargins
        from openpyxl.worksheet.pagebreak import Break, ColBreak, RowBreak
        from openpyxl.worksheet.properties import PageSetupProperties

        class AutoRow(RowDimension):  # type: ignore[misc]
            """A row with a height but not a fixed one (no ``customHeight``)."""

            @property
            def customHeight(self) -> bool:
                return False

        widths = self.widths.get(ws.title, {})
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = round(width, 1)
        lines: dict[int, int] = {}
        for row, col, text, bold, span in self.wrapped.get(ws.title, []):
            width = sum(widths.get(c, 8.43) for c in range(col, col + span))
            n = wrapped_lines(text, width, bold)
            if n > lines.get(row, 1):
                lines[row] = n
        for row, n in lines.items():
            old = ws.row_dimensions[row]
            ws.row_dimensions[row] = AutoRow(
                ws, index=row, ht=row_height(n), hidden=old.hidden, outlineLevel=old.outlineLevel
            )
        if freeze:
            ws.freeze_panes = freeze
        last_col = max(widths, default=1)
        column_widths = [widths.get(c, 8.43) for c in range(1, last_col + 1)]
        setup = ws.page_setup
        setup.orientation = "landscape"
        if ws.sheet_properties.pageSetUpPr is None:
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        else:
            ws.sheet_properties.pageSetUpPr.fitToPage = False
        scale = print_scale(sum(column_widths))
        if column_breaks:
            edges = [0, *column_breaks, last_col]
            scale = print_scale(max(sum(column_widths[a:b]) for a, b in itertools.pairwise(edges)))
            breaks = ColBreak()
            for col in column_breaks:
                breaks.append(Break(id=col))
            ws.col_breaks = breaks
            setup.pageOrder = "downThenOver"
        elif scale < MIN_SCALE:
            pages = column_pages(column_widths, keep_columns)
            widest = max(
                sum(column_widths[:keep_columns]) + sum(column_widths[a - 1 : b]) for a, b in pages
            )
            scale = print_scale(widest)
            breaks = ColBreak()
            for _, last in pages[:-1]:
                breaks.append(Break(id=last))
            ws.col_breaks = breaks
            ws.print_title_cols = f"A:{get_column_letter(keep_columns)}"
            setup.pageOrder = "overThenDown"
        setup.scale = scale
        if row_breaks:
            rows = RowBreak()
            for row in row_breaks:
                rows.append(Break(id=row - 1))
            ws.row_breaks = rows
        if title_rows:
            ws.print_title_rows = title_rows
        ws.print_options.horizontalCentered = False
        ws.page_margins = PageMargins(
            left=SIDE_MARGIN_IN,
            right=SIDE_MARGIN_IN,
            top=TOP_MARGIN_IN,
            bottom=TOP_MARGIN_IN,
            header=0.25,
            footer=0.25,
        )
        ws.oddHeader.left.text = header_footer_text(self.session.title)
        ws.oddHeader.right.text = "&A"
        ws.oddFooter.left.text = f"Exported {self.today.isoformat()}"
        ws.oddFooter.right.text = "Page &P of &N"


def votes_cells(values: Sequence[int]) -> list[Any]:
    """Many voices in a table row: the votes (highest first), their spread and whether the
    room disagrees, in words (the Alignment and Prepare sheets' vote tables)."""
    from ..votes import disagrees, spread

    return [
        " ".join(str(v) for v in sorted(values, reverse=True)),
        spread(values),
        "the room disagrees" if disagrees(values) else "agrees",
    ]


def comment_votes(cell: Any, words: str) -> None:
    """The votes behind an agreed value as the comment of its cell (after a note already
    there)."""
    from openpyxl.comments import Comment

    text = f"Votes: {words}"
    if cell.comment is not None:  # a rating note is there too: keep both
        text = f"{cell.comment.text}\n{text}"
    cell.comment = Comment(clean_text(text), "cohere-tui", width=260, height=90)


def mean_text(mean: float | None) -> str:
    """' (2.3)' after a word for a mean, or '' when there is none."""
    return f" ({mean:.1f})" if mean is not None else ""
