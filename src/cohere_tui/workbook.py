"""The follow-up workbook: the session as an Excel action plan (DESIGN §6).

openpyxl is imported only inside the functions that build a workbook, so that importing
this module (and starting the app) stays light.

Decisions worth knowing:

- Every value a person typed goes through :meth:`_Writer.text`: it is always written as a
  text cell (never a formula or an error value, whatever it starts with), characters a
  workbook cannot hold are removed, and text longer than a cell holds is cut with a visible
  marker and a warning in :attr:`ExportResult.warnings`. Text that starts with ``=``, ``+``,
  ``-`` or ``@`` also gets Excel's quote prefix, so that editing the cell keeps it text.
- Overdue highlighting in the Action Plan uses ``TODAY()`` in conditional formatting: a
  workbook opened weeks later shows what is late then (shaded orange, Due in bold). Blocked
  rows are shaded purple-grey and say "Blocked" in Status. So that meaning is not carried by
  colour alone, the Overview lists the overdue and blocked actions in words, and its counts,
  as of the export date (named there).
- In the Alignment grid an unrated cell holds "–" (text: neither the colour scale nor the
  column means count it); a legend under the grid explains the scale and the dash.
- A list with no rows is still an Excel table: its header and one empty row (what Excel
  itself keeps when every row of a table is deleted), so filters and validation are there
  for rows people add.
- Dates are real dates shown as ``yyyy-mm-dd``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import (
    VISION_KEY,
    Action,
    ActionStatus,
    Domain,
    Finding,
    Priority,
    Session,
)
from .store import SessionFileError, free_path, slugify
from .workbook_portfolio import (
    INVENTORY_COLUMNS,
    Column,
    SheetTable,
    archived_table,
    funding_tables,
    inventory_values,
    overview_counts,
    population_tables,
)

SHEET_NAMES: tuple[str, ...] = (
    "Overview",
    "Prepare",
    "Vision",
    "Inventory",
    "Funding",
    "Populations",
    "Alignment",
    "Relationships",
    "Findings",
    "Action Plan",
    "Monitoring",
)
"""The workbook's sheets, in order (a contract: DESIGN §6)."""

ACTION_PLAN_SHEET = "Action Plan"

ACTION_PLAN_HEADERS: tuple[str, ...] = (
    "ID",
    "Action",
    "Owner",
    "Partners",
    "Start",
    "Due",
    "Status",
    "Priority",
    "Domain",
    "Findings",
    "Initiatives",
    "Indicator",
    "Latest update",
    "Notes",
)
"""The Action Plan sheet's columns, in order (a contract: DESIGN §6); row 1 holds them."""

MAX_CELL_CHARS = 32_767
"""The most characters (UTF-16 code units) an Excel cell holds."""

CUT_MARKER = "… [cut: {n:,} characters more, see the session file]"
CUT_MARKER_RE = re.compile(r"… \[cut: [\d,]+ characters more, see the session file\]\Z")
"""Ends a text that was too long for its cell."""

DATE_FORMAT = "yyyy-mm-dd"
EARLIEST_DATE = dt.date(1900, 3, 1)
"""Excel's dates start in 1900 (and its first two months are off by a day): older is text."""
FONT = "Calibri"
UNRATED = "–"
"""What an unrated cell of the Alignment grid shows."""

ATTENTION_ROWS = 25
"""The most overdue or blocked actions the Overview lists (the Action Plan has them all)."""

EXTRA_ROWS = 500
"""Rows below the Action Plan's last action that still get validation and highlighting."""

_FORMULA_START = ("=", "+", "-", "@")
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Colours: a dark blue header with white text; blue sequential ratings (colour-blind safe);
# orange for overdue and purple-grey for blocked rows (told apart without red/green).
_HEADER_FILL = "1F4E79"
_HEADER_FONT = "FFFFFF"
_BORDER = "A6A6A6"
_SCALE = ("F7FBFF", "9ECAE1", "4292C6")
_OVERDUE_FILL = "FBD3B0"
_BLOCKED_FILL = "DCD3EA"
_MUTED = "595959"


class WorkbookError(SessionFileError):
    """A workbook could not be written or read; the message names the file and what to do.

    A :class:`~cohere_tui.store.SessionFileError`, so the command line reports it like any
    other problem with a user's file (exit status 1, no traceback).
    """

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(path, [f"{path}: {message}"])
        self.message = message


class ExportExistsError(WorkbookError):
    """The export's target file exists and ``overwrite`` was not given."""


@dataclass
class ExportResult:
    """What :func:`export_workbook` wrote."""

    path: Path
    """The workbook written."""
    warnings: list[str] = field(default_factory=list)
    """Things the reader of the workbook should know (e.g. text cut to fit a cell)."""


# --------------------------------------------------------------------------------------------
# text safety


def clean_text(value: str) -> str:
    """``value`` without characters a workbook cannot hold; line ends become ``\\n``.

    Removes what openpyxl's ``ILLEGAL_CHARACTERS_RE`` refuses (C0 controls other than tab and
    line feed) plus lone surrogates and U+FFFE/U+FFFF, which XML cannot carry either.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_RE.sub("", value)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit_text(value: str) -> tuple[str, int]:
    """``value`` cleaned and cut to fit one cell; returns the text and how many characters were cut.

    A cut text ends with :data:`CUT_MARKER`, so the reader sees that something is missing.
    """
    text = clean_text(value)
    if len(text) <= MAX_CELL_CHARS // 2 or _utf16_len(text) <= MAX_CELL_CHARS:
        return text, 0
    budget = MAX_CELL_CHARS - _utf16_len(CUT_MARKER.format(n=len(text)))
    kept = text.encode("utf-16-le")[: budget * 2].decode("utf-16-le", errors="ignore")
    cut = len(text) - len(kept)
    return kept + CUT_MARKER.format(n=cut), cut


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


def default_export_path(exports_dir: Path, session_path: Path, today: dt.date) -> Path:
    """``exports_dir/<slug>-action-plan-<YYYY-MM-DD>.xlsx``, with -2, -3, … when taken.

    The slug is the session file's stem (made file-name safe). The folder is created when
    missing.
    """
    try:
        exports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(
            exports_dir,
            f"cannot create the exports folder ({exc.strerror}); name another folder",
        ) from None
    stem = f"{slugify(session_path.stem)}-action-plan-{today.isoformat()}"
    return free_path(exports_dir, stem, ".xlsx")


# --------------------------------------------------------------------------------------------
# the Action Plan's row, shared with the import


def join_ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def initiative_refs(session: Session, ids: Sequence[str]) -> str:
    """``I3 Home visiting; I7 Attendance team`` (IDs first, so they can be read back)."""
    parts = []
    for ini_id in ids:
        ini = session.initiative(ini_id)
        parts.append(f"{ini_id} {ini.name}" if ini else ini_id)
    return "; ".join(parts)


def indicator_text(session: Session, action: Action) -> str:
    """The action's own indicator text, then the measured indicators it is tracked by."""
    parts = [action.indicator] if action.indicator else []
    for ind_id in action.indicators:
        ind = session.indicator(ind_id)
        parts.append(f"{ind_id} {ind.name}" if ind else ind_id)
    return "; ".join(parts)


def action_plan_values(session: Session, action: Action) -> list[Any]:
    """One Action Plan row, in :data:`ACTION_PLAN_HEADERS` order (before text safety)."""
    return [
        action.id,
        action.title,
        action.owner,
        "; ".join(action.partners),
        action.start,
        action.due,
        action.status.label,
        action.priority.label,
        action.domain.label if action.domain else "",
        join_ids(action.findings),
        initiative_refs(session, action.initiatives),
        indicator_text(session, action),
        action.latest_update,
        action.notes,
    ]


def finding_status(finding: Finding) -> str:
    if finding.dismissed:
        return "Dismissed"
    if finding.resolved:
        return "Resolved"
    return "Open"


def rating_word(mean: float | None) -> str:
    """The scale's word for a mean rating, or 'unrated' (shared with the app's coherence bars)."""
    from .analysis import rating_word as word

    return word(mean)


def _mean_text(mean: float | None) -> str:
    return f" ({mean:.1f})" if mean is not None else ""


def rating_bar(mean: float | None, width: int = 10) -> str:
    """A text bar for a mean rating on the 0–3 scale, e.g. ``███████░░░``."""
    if mean is None:
        return "·" * width
    filled = min(width, max(0, round(mean / 3 * width)))
    return "█" * filled + "░" * (width - filled)


# --------------------------------------------------------------------------------------------
# building


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


class _Writer:
    """Writes one workbook; collects warnings and the widths each column needs."""

    def __init__(self, session: Session, today: dt.date) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.session = session
        self.today = today
        self.warnings: list[str] = []
        self.wb = Workbook()
        self.widths: dict[str, dict[int, float]] = {}
        self.wrapped: dict[str, list[tuple[int, int, str, bool]]] = {}
        """Per sheet: (row, column, text, bold) of every wrapping cell, to size its row."""
        side = Side(style="thin", color=_BORDER)
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.header_font = Font(name=FONT, bold=True, color=_HEADER_FONT)
        self.header_fill = PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
        self.header_align = Alignment(vertical="center", wrap_text=True)
        self.top = Alignment(vertical="top")
        self.top_wrap = Alignment(vertical="top", wrap_text=True)
        self.center = Alignment(vertical="top", horizontal="center")
        self.left = Alignment(vertical="top", horizontal="left")
        self.bold = Font(name=FONT, bold=True)
        self.title_font = Font(name=FONT, bold=True, size=16)
        self.heading_font = Font(name=FONT, bold=True, size=12, color=_HEADER_FILL)
        self.muted = Font(name=FONT, italic=True, color=_MUTED)

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
        if text.startswith(_FORMULA_START):
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


def _overview(w: _Writer, ws: Any) -> None:
    from .analysis import coherence_summary
    from .progress import is_overdue

    s = w.session
    ws.cell(row=1, column=1, value="Action plan").font = w.title_font
    title = w.put(ws, 1, 2, s.title, "session", "title")
    title.font = w.title_font
    cycle = f"{s.cycle}"
    if s.previous_cycle:
        cycle += f" (previous cycle: {s.previous_cycle})"
    meeting = s.meeting_date or w.today
    row = w.pairs(
        ws,
        3,
        [
            ("Organisation", s.organisation),
            ("Alignment type", s.alignment_type.label),
            ("Cycle", cycle),
            ("Meeting date" if s.meeting_date else "Date", meeting),
            ("Facilitator", s.facilitator),
            ("Exported", w.today),
        ],
        "session",
    )
    w.need(ws, 1, 24)
    w.need(ws, 2, min(60, max(w.measure(v) for v in (s.title, s.organisation, cycle)) + 2))

    row += 1
    w.heading(ws, row, "Participants")
    row = (
        w.table(
            ws,
            row + 1,
            1,
            [Col("Name", 28), Col("Role", 40, wrap=True), Col("Organisation", 36, wrap=True),
             Col("Sector", 22)],
            [
                [p.name, p.role, p.organisation, p.sector.label if p.sector else ""]
                for p in s.participants
            ],
            [f"participant {p.name}" for p in s.participants],
            "ParticipantList",
        )
        + 2
    )  # fmt: skip

    open_actions = [a for a in s.actions if a.status.is_open]
    overdue = [a for a in s.actions if is_overdue(a, w.today)]
    counts: list[tuple[str, int]] = [
        ("Goals", len(s.goals)),
        ("Initiatives", len(s.initiatives)),
        ("Relationships", len(s.relationships)),
        ("Findings (open)", sum(1 for f in s.findings if finding_status(f) == "Open")),
        ("Findings (dismissed or resolved)", sum(1 for f in s.findings if finding_status(f) != "Open")),
        ("Actions", len(s.actions)),
        *((f"Actions: {st.label}", sum(1 for a in s.actions if a.status is st)) for st in ActionStatus),
        ("Actions still open", len(open_actions)),
        (f"Actions overdue on {w.today.isoformat()}", len(overdue)),
        ("Indicators", len(s.indicators)),
        ("Check-ins", len(s.checkins)),
        *overview_counts(s),
    ]  # fmt: skip
    w.heading(ws, row, "Counts")
    row = (
        w.table(
            ws, row + 1, 1, [Col("Item", 40), Col("Count", 10, center=True)],
            [[k, v] for k, v in counts], [], "CountList",
        )
        + 2
    )  # fmt: skip

    late = {a.id for a in overdue}
    attention = [a for a in s.actions if a.id in late or a.status is ActionStatus.BLOCKED]
    attention.sort(key=lambda a: (a.id not in late, a.due or dt.date.max))
    shown = attention[:ATTENTION_ROWS]

    def why(a: Action) -> str:
        if a.id in late:
            return "overdue and blocked" if a.status is ActionStatus.BLOCKED else "overdue"
        return "blocked"

    w.heading(ws, row, f"Needs attention on {w.today.isoformat()}: overdue or blocked actions")
    if shown:
        row = (
            w.table(
                ws,
                row + 1,
                1,
                [Col("ID", 8), Col("Action", 40, wrap=True), Col("Owner", 24, wrap=True),
                 Col("Due", 11), Col("Status", 12), Col("Why", 18)],
                [[a.id, a.title, a.owner, a.due, a.status.label, why(a)] for a in shown],
                [f"action {a.id}" for a in shown],
                "AttentionList",
            )
            + 1
        )  # fmt: skip
        if len(attention) > len(shown):
            w.note(
                ws,
                row,
                f"… and {len(attention) - len(shown)} more (the oldest due dates are listed "
                "first): filter the Action Plan sheet by Status and Due to see them all.",
            )
            row += 1
        row += 1
    else:
        w.note(ws, row + 1, "None: no action is overdue or blocked.")
        row += 3

    summary = coherence_summary(s)
    w.heading(ws, row, "Coherence by domain (mean rating, 0–3)")
    domain_rows: list[list[Any]] = []
    for item in summary.domains:
        mean = item.mean
        domain_rows.append(
            [
                item.domain.label,
                f"{rating_bar(mean)}  {rating_word(mean)}",
                round(mean, 1) if mean is not None else "unrated",
                f"{item.rated} of {item.total}",
            ]
        )
    row = (
        w.table(
            ws,
            row + 1,
            1,
            [Col("Domain", 30), Col("Reading", 30), Col("Mean", 14, fmt="0.0", center=True),
             Col("Rated", 16)],
            domain_rows,
            [],
            "CoherenceByDomain",
        )
        + 1
    )  # fmt: skip
    overall = summary.overall
    vision = summary.vision
    lines = [f"Across all domains: {rating_word(overall)}" + _mean_text(overall) + "."]
    if vision is not None:
        lines.append(
            f"Fit with the vision: {rating_word(vision.mean)}{_mean_text(vision.mean)}, "
            f"{vision.rated} of {vision.total} initiatives rated."
        )
    lines.append(
        f"{summary.unrated} of {summary.total} cells of the rating grid (vision, goals and "
        "domains) are still unrated."
    )
    for line in lines:
        w.note(ws, row, line)
        row += 1
    row += 1
    row = _readiness_summary(w, ws, row)

    reflection = s.reflection
    if reflection.worked or reflection.change or reflection.next_focus:
        w.heading(ws, row, "Reflection")
        row = w.pairs(
            ws,
            row + 1,
            [
                ("What worked", reflection.worked),
                ("What to change", reflection.change),
                ("Next cycle's focus", reflection.next_focus),
            ],
            "reflection",
        )
        row += 1

    w.heading(ws, row, "How to read and return this workbook")
    lines = [
        "Ratings: 3 strong · 2 partial · 1 weak · 0 not aligned / working against · "
        f"{UNRATED} unrated (not yet rated). Colours darken as ratings rise; the digit is always shown.",
        "Action Plan: an action past its Due date and not Done or Dropped is shaded orange with "
        "its Due date in bold (as of the day the file is opened); Blocked rows are shaded "
        "purple-grey and say Blocked. The list above names them as of the export date.",
        "To report progress: change Status, Latest update and Notes (Owner and Due may be "
        "corrected) in the Action Plan sheet and send the file back. Keep the ID column as it "
        "is; add a new action as a new row with an empty ID.",
    ]
    for line in lines:
        row += 1
        w.note(ws, row, line)


def _readiness_summary(w: _Writer, ws: Any, row: int) -> int:
    """The Overview's readiness on the seven conditions; returns the next free row."""
    from .prepare import readiness_bar, readiness_summary, readiness_word

    summary = readiness_summary(w.session)
    w.heading(ws, row, "Readiness on the conditions for collaboration (1 emerging … 4 sustaining)")
    row = (
        w.table(
            ws, row + 1, 1,
            [Col("Condition", 40), Col("Reading", 30), Col("Rating", 14, center=True)],
            [[c.condition.label, f"{readiness_bar(c.rating, 8)}  {readiness_word(c.rating)}",
              c.rating if c.rating is not None else "unrated"] for c in summary.conditions],
            [], "ReadinessSummary",
        )
        + 1
    )  # fmt: skip
    mean = summary.mean
    line = (
        f"Overall: {readiness_word(mean)}{_mean_text(mean)}, {summary.rated} of "
        f"{summary.total} conditions rated."
    )
    if summary.weakest:
        line += " Improve first: " + ", ".join(c.label.lower() for c in summary.weakest) + "."
    w.note(ws, row, line)
    return row + 2


def _prepare(w: _Writer, ws: Any) -> None:
    """Prepare: the team with its roles and voices, the coverage of voices and sectors, the
    scope, readiness with its evidence, and the meeting plan."""
    from .models import SCOPE_LISTS
    from .prepare import (
        IMPROVE_IDEAS,
        agenda_minutes,
        coverage,
        open_prepare_findings,
        readiness_bar,
        readiness_summary,
        readiness_word,
        suggested_actions,
    )

    s = w.session
    ws.cell(row=1, column=1, value="Prepare").font = w.title_font
    w.need(ws, 1, 24)
    row = 3
    w.heading(ws, row, "The team: roles and the voices each brings")
    row = (
        w.table(
            ws, row + 1, 1,
            [Col("Name", 28), Col("Team role", 18), Col("Voices", 40, wrap=True),
             Col("Sector", 22), Col("Role", 36, wrap=True), Col("Organisation", 36, wrap=True)],
            [[p.name, p.team_role, ", ".join(v.label for v in p.voices),
              p.sector.label if p.sector else "", p.role, p.organisation]
             for p in s.participants],
            [f"participant {p.name}" for p in s.participants], "TeamList",
        )
        + 2
    )  # fmt: skip

    cov = coverage(s)
    w.heading(ws, row, "Coverage: the voices at the table")
    row = (
        w.table(
            ws, row + 1, 1,
            [Col("Voice", 28), Col("At the table", 18), Col("Who", 60, wrap=True)],
            [[v.voice.label, "✓ yes" if v.present else "✗ MISSING", ", ".join(v.people)]
             for v in cov.voices],
            [], "VoiceCoverage",
        )
        + 2
    )  # fmt: skip
    need = " (horizontal alignment needs 2 or more)" if cov.horizontal else ""
    w.heading(ws, row, f"Coverage: the sectors at the table{need}")
    row = (
        w.table(
            ws, row + 1, 1,
            [Col("Sector", 28), Col("At the table", 18), Col("Who", 60, wrap=True),
             Col("Initiatives in the inventory", 14, center=True)],
            [[c.sector.label, "✓ yes" if c.present else "✗ missing", ", ".join(c.people),
              c.initiatives] for c in cov.sectors],
            [], "SectorCoverage",
        )
        + 1
    )  # fmt: skip
    found = open_prepare_findings(s)
    if not cov.described:
        w.note(ws, row, "No team roles or voices recorded yet: the coverage is not checked.")
        row += 1
    for finding in found:
        w.note(ws, row, f"⚠ {finding.id}: {finding.summary}")
        row += 1
    row += 1

    scope = s.scope
    w.heading(ws, row, "Scope (Activity 1)")
    row = w.pairs(
        ws, row + 1,
        [("Question", scope.question), ("Time frame", scope.time_frame), ("Note", scope.note)],
        "scope",
    )  # fmt: skip
    row = (
        w.table(
            ws, row + 1, 1,
            [Col("Part", 28), Col("In scope", 50, wrap=True), Col("Out of scope", 50, wrap=True)],
            [[label, "\n".join(getattr(scope.included, key)),
              "\n".join(getattr(scope.excluded, key))] for key, label in SCOPE_LISTS.items()],
            [f"scope {label}" for label in SCOPE_LISTS.values()], "ScopeList",
        )
        + 2
    )  # fmt: skip

    summary = readiness_summary(s)
    then = summary.has_previous
    w.heading(ws, row, "Readiness on the conditions for collaboration (Activity 2)")
    cols = [Col("Condition", 40, wrap=True), Col("Rating", 10, center=True),
            Col("Level", 14), Col("Reading", 12)]  # fmt: skip
    if then:
        cols.append(Col("Previous cycle", 12, center=True))
    cols += [Col("Rated by", 28, wrap=True), Col("Evidence", 60, wrap=True)]
    rows: list[list[Any]] = []
    for c in summary.conditions:
        values: list[Any] = [c.condition.label, c.rating, readiness_word(c.rating),
                             readiness_bar(c.rating, 8)]  # fmt: skip
        if then:
            values.append(c.previous)
        rows.append([*values, c.rated_by, c.evidence])
    row = (
        w.table(ws, row + 1, 1, cols, rows, [f"readiness {c.condition.label}"
                for c in summary.conditions], "ReadinessList")
        + 1
    )  # fmt: skip
    mean = summary.mean
    lines = [
        "Scale: 1 emerging · 2 developing · 3 established · 4 sustaining; an empty rating is "
        "not yet rated.",
        f"Overall: {readiness_word(mean)}{_mean_text(mean)}, {summary.rated} of "
        f"{summary.total} conditions rated.",
    ]
    for suggestion in suggested_actions(s):
        taken = f" (taken up by {', '.join(suggestion.actions)})" if suggestion.taken else ""
        idea = IMPROVE_IDEAS[suggestion.condition]
        lines.append(f"Improve first: {suggestion.condition.label.lower()} — {idea}{taken}.")
    for line in lines:
        w.note(ws, row, line)
        row += 1
    row += 1

    if s.meetings:
        w.heading(ws, row, "Meeting plan")
        w.table(
            ws, row + 1, 1,
            [Col("Date", 12), Col("Purpose", 40, wrap=True), Col("Minutes", 10, center=True),
             Col("Agenda", 60, wrap=True), Col("Norms", 40, wrap=True)],
            [[m.date, m.purpose, agenda_minutes(m.agenda) or None,
              "\n".join(f"{a.title} ({a.minutes} min)" if a.minutes else a.title
                        for a in m.agenda),
              "\n".join(m.norms)] for m in s.meetings],
            [f"meeting {n}" for n in range(1, len(s.meetings) + 1)], "MeetingList",
        )  # fmt: skip


def _vision(w: _Writer, ws: Any) -> None:
    s = w.session
    ws.cell(row=1, column=1, value="Vision").font = w.title_font
    row = w.pairs(
        ws,
        3,
        [
            ("Vision statement", s.vision.statement),
            ("Theory of change", s.vision.theory_of_change),
        ],
        "vision",
    )
    w.need(ws, 1, 20)
    w.need(ws, 2, 70)
    row += 1
    w.heading(ws, row, "Assumptions")
    row = (
        w.table(
            ws,
            row + 1,
            1,
            [Col("#", 6, center=True), Col("Assumption", 70, wrap=True)],
            [[n, text] for n, text in enumerate(s.vision.assumptions, start=1)],
            [f"assumption {n}" for n in range(1, len(s.vision.assumptions) + 1)],
            "AssumptionList",
        )
        + 2
    )
    w.heading(ws, row, "Goals")
    w.table(
        ws,
        row + 1,
        1,
        [Col("ID", 6), Col("Goal", 70, wrap=True), Col("Description", 70, wrap=True)],
        [[g.id, g.title, g.description] for g in s.goals],
        [f"goal {g.id}" for g in s.goals],
        "GoalList",
    )


def _inventory(w: _Writer, ws: Any) -> None:
    s = w.session
    cols = [
        Col("ID", 5),
        Col("Name", 18, wrap=True),
        Col("Description", 30, wrap=True),
        Col("Lead", 12, wrap=True),
        Col("Organisation", 14, wrap=True),
        Col("Sector", 11, wrap=True),
        Col("Level", 9),
        Col("Status", 8),
        Col("Population", 16, wrap=True),
        Col("Funding", 16, wrap=True),
        Col("Outcomes", 20, wrap=True),
        Col("Data collected", 16, wrap=True),
        Col("Goals", 8, wrap=True),
        Col("Start", 10),
        Col("End", 10),
    ]
    rows = [
        [
            i.id, i.name, i.description, i.lead, i.organisation, i.sector.label, i.level.label,
            i.status.label, i.population, i.funding, i.outcomes, i.data_collected,
            join_ids(i.goals), i.start, i.end, *inventory_values(s, i),
        ]
        for i in s.initiatives
    ]  # fmt: skip
    cols += [_col(c) for c in INVENTORY_COLUMNS]
    last = w.table(ws, 1, 1, cols, rows, [f"initiative {i.id}" for i in s.initiatives],
                   "InventoryList")  # fmt: skip
    archived = archived_table(s)
    if archived is not None:
        _sheet_tables(w, ws, [archived], top=last + 2)


def _col(column: Column) -> Col:
    return Col(column.header, column.cap, wrap=column.wrap, fmt=column.fmt, center=column.center)


def _sheet_tables(w: _Writer, ws: Any, tables: Sequence[SheetTable], top: int = 1) -> None:
    """Tables one under the other: the first with its header in row ``top`` (row 1: no
    heading), the next ones under a heading (and a note in words)."""
    row = top
    for n, table in enumerate(tables):
        if n or top > 1:
            row += 2
            w.heading(ws, row, table.title)
            row += 1
            if table.note:
                w.note(ws, row, table.note)
                row += 1
        cols = [_col(c) for c in table.columns]
        row = w.table(ws, row, 1, cols, table.rows, table.items, table.name)


def _alignment(w: _Writer, ws: Any) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    s = w.session
    keys: list[str] = [VISION_KEY, *(g.id for g in s.goals)]
    domains = list(Domain)
    cols = [
        Col("ID", 6),
        Col("Initiative", 34, wrap=True),
        Col("Vision", 7, center=True),
        *(Col(g.id, 5, center=True) for g in s.goals),
        *(Col(d.label, 14, center=True) for d in domains),
    ]
    rows: list[list[Any]] = []
    for ini in s.initiatives:
        ratings: list[Any] = [ini.alignment.get(k) for k in keys]
        ratings += [ini.domains.get(d) for d in domains]
        rows.append([ini.id, ini.name, *(UNRATED if r is None else r for r in ratings)])
    last = w.table(
        ws, 1, 1, cols, rows, [f"initiative {i.id}" for i in s.initiatives], "AlignmentGrid"
    )
    first_rating, last_rating = 3, len(cols)
    for c in range(first_rating, last_rating + 1):
        w.need(ws, c, 7 if c - first_rating < len(keys) else 14)
    if rows:
        for r in range(2, last + 1):
            for c in range(first_rating, last_rating + 1):
                cell = ws.cell(row=r, column=c)
                if cell.value == UNRATED:
                    cell.font = w.muted
                else:
                    cell.font = w.bold
        area = f"{get_column_letter(first_rating)}2:{get_column_letter(last_rating)}{last}"
        ws.conditional_formatting.add(
            area,
            ColorScaleRule(
                start_type="num",
                start_value=0,
                start_color=_SCALE[0],
                mid_type="num",
                mid_value=1.5,
                mid_color=_SCALE[1],
                end_type="num",
                end_value=3,
                end_color=_SCALE[2],
            ),
        )
    # column means
    row = last + 1
    ws.cell(row=row, column=2, value="Column mean (rated cells)").font = w.bold
    ws.cell(row=row, column=2).alignment = w.top
    for j in range(first_rating - 1, len(cols)):
        values = [r[j] for r in rows if isinstance(r[j], int)]
        cell = ws.cell(row=row, column=j + 1)
        if values:
            cell.value = round(sum(values) / len(values), 1)
            cell.number_format = "0.0"
        else:
            cell.value = UNRATED
        cell.font = w.bold
        cell.alignment = w.center
        cell.border = w.border
    row += 2
    legend = [
        "Scale: 3 strong · 2 partial · 1 weak · 0 not aligned / working against · "
        f"{UNRATED} unrated (not yet rated, not a zero). Colours darken as ratings rise; "
        "the digit is always shown.",
        "Vision and goal columns: how well each initiative aligns with the vision and each "
        "goal. Domain columns: how the initiative fares in each of the six domains.",
        *(f"{g.id}: {g.title}" for g in s.goals),
    ]
    for line in legend:
        w.note(ws, row, line, col=2)
        row += 1
    w.finish(ws, "1:1", "C2")


def _relationships(w: _Writer, ws: Any) -> None:
    s = w.session

    def name(ini_id: str) -> str:
        ini = s.initiative(ini_id)
        return ini.name if ini else ""

    cols = [
        Col("A ID", 6),
        Col("Initiative A", 34, wrap=True),
        Col("Relation", 26),
        Col("B ID", 6),
        Col("Initiative B", 34, wrap=True),
        Col("Note", 60, wrap=True),
    ]
    rows = [[r.a, name(r.a), r.kind.label, r.b, name(r.b), r.note] for r in s.relationships]
    items = [f"relationship {n} ({r.a}–{r.b})" for n, r in enumerate(s.relationships, 1)]
    w.table(ws, 1, 1, cols, rows, items, "RelationshipList")


def _findings(w: _Writer, ws: Any) -> None:
    s = w.session
    cols = [
        Col("ID", 6),
        Col("Kind", 24, wrap=True),
        Col("Summary", 60, wrap=True),
        Col("Domain", 16, wrap=True),
        Col("Technical/adaptive", 12),
        Col("Initiatives", 20, wrap=True),
        Col("Goals", 12, wrap=True),
        Col("Status", 10),
        Col("Note", 40, wrap=True),
    ]
    rows = [
        [
            f.id, f.kind.label, f.summary, f.domain.label if f.domain else "",
            f.dimension.value.capitalize(), join_ids(f.initiatives), join_ids(f.goals),
            finding_status(f), f.note,
        ]
        for f in s.findings
    ]  # fmt: skip
    w.table(ws, 1, 1, cols, rows, [f"finding {f.id}" for f in s.findings], "FindingList")


def _action_plan(w: _Writer, ws: Any) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    s = w.session
    cols = [
        Col("ID", 5),
        Col("Action", 28, wrap=True),
        Col("Owner", 13, wrap=True),
        Col("Partners", 15, wrap=True),
        Col("Start", 10),
        Col("Due", 10),
        Col("Status", 11, min_width=12),
        Col("Priority", 8),
        Col("Domain", 12, wrap=True),
        Col("Findings", 8, wrap=True),
        Col("Initiatives", 17, wrap=True),
        Col("Indicator", 18, wrap=True),
        Col("Latest update", 26, wrap=True),
        Col("Notes", 22, wrap=True),
    ]
    assert tuple(c.header for c in cols) == ACTION_PLAN_HEADERS
    rows = [action_plan_values(s, a) for a in s.actions]
    last = w.table(ws, 1, 1, cols, rows, [f"action {a.id}" for a in s.actions], "ActionPlan")
    end = last + EXTRA_ROWS

    def choice(values: Sequence[str], title: str, area: str) -> None:
        listed = ",".join(values)
        dv = DataValidation(
            type="list",
            formula1=f'"{listed}"',
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=False,
            errorTitle=f"{title} not allowed",
            error=f"Choose one of: {', '.join(values)}",
        )
        dv.add(area)
        ws.add_data_validation(dv)

    choice([st.label for st in ActionStatus], "Status", f"G2:G{end}")
    choice([p.label for p in Priority], "Priority", f"H2:H{end}")
    choice([d.label for d in Domain], "Domain", f"I2:I{end}")

    open_due = 'AND(ISNUMBER($F2),$F2<TODAY(),$G2<>"Done",$G2<>"Dropped")'
    blocked = '$G2="Blocked"'

    def fill(color: str) -> Any:
        return PatternFill("solid", start_color=color, end_color=color, bgColor=color)

    ws.conditional_formatting.add(
        f"A2:N{end}", FormulaRule(formula=[blocked], fill=fill(_BLOCKED_FILL))
    )
    ws.conditional_formatting.add(
        f"A2:N{end}", FormulaRule(formula=[open_due], fill=fill(_OVERDUE_FILL))
    )
    ws.conditional_formatting.add(
        f"F2:F{end}", FormulaRule(formula=[open_due], font=Font(name=FONT, bold=True))
    )
    w.finish(ws, "1:1", "C2")


def _monitoring(w: _Writer, ws: Any) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference, Series
    from openpyxl.utils import get_column_letter

    from .progress import indicator_status

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


def _column_after(w: _Writer, ws: Any, start: int, cm: float) -> int:
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
# export


def build_workbook(session: Session, *, today: dt.date) -> tuple[Any, list[str]]:
    """The workbook (an openpyxl ``Workbook``) and the warnings collected building it."""
    w = _Writer(session, today)
    wb = w.wb
    sheets = [wb.active]
    sheets[0].title = SHEET_NAMES[0]
    sheets += [wb.create_sheet(name) for name in SHEET_NAMES[1:]]
    overview, prepare, vision, inventory, funding_ws, populations_ws, alignment = sheets[:7]
    relationships, findings, plan, monitoring = sheets[7:]
    _overview(w, overview)
    w.finish(overview, "1:1", "A2")
    _prepare(w, prepare)
    w.finish(prepare, "1:1", "A2")
    _vision(w, vision)
    w.finish(vision, "1:1", "A2")
    _inventory(w, inventory)
    w.finish(inventory, "1:1", "C2")
    _sheet_tables(w, funding_ws, funding_tables(session))
    w.finish(funding_ws, "1:1", "C2")
    _sheet_tables(w, populations_ws, population_tables(session))
    w.finish(populations_ws, "1:1", "C2")
    _alignment(w, alignment)
    _relationships(w, relationships)
    w.finish(relationships, "1:1", "A2")
    _findings(w, findings)
    w.finish(findings, "1:1", "C2")
    _action_plan(w, plan)
    _monitoring(w, monitoring)
    wb.active = SHEET_NAMES.index(ACTION_PLAN_SHEET)
    for ws in sheets:
        ws.sheet_view.tabSelected = ws.title == ACTION_PLAN_SHEET
    props = wb.properties
    props.title = clean_text(session.title)[:255]
    props.creator = clean_text(session.facilitator)[:255] or "cohere-tui"
    props.lastModifiedBy = props.creator
    props.subject = "Action plan"
    props.description = "Exported by cohere-tui"
    return wb, w.warnings


def export_workbook(
    session: Session,
    path: Path,
    *,
    today: dt.date,
    overwrite: bool = False,
    mode_from: Path | None = None,
) -> ExportResult:
    """Write the session's follow-up workbook to ``path`` (atomically) and return it.

    An existing file is never replaced unless ``overwrite`` is given:
    :class:`ExportExistsError` says so instead. Write failures raise :class:`WorkbookError`.
    The file is written as a session is (:func:`cohere_tui.files.atomic_write`): never
    through a link, keeping a replaced file's permissions; a new one takes those of
    ``mode_from`` (the session's file) when given.
    """
    import io

    from .files import atomic_write

    path = Path(path)
    if path.exists() and not overwrite:
        raise ExportExistsError(
            path, "already exists; choose another file name or remove the old file first"
        )
    if path.suffix.lower() != ".xlsx":
        raise WorkbookError(path, "a workbook's name must end in .xlsx; choose another name")
    wb, warnings = build_workbook(session, today=today)
    buffer = io.BytesIO()
    wb.save(buffer)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, buffer.getvalue(), exclusive=not overwrite, mode_from=mode_from)
    except FileExistsError:
        raise ExportExistsError(
            path, "was created while exporting; choose another file name"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = (
            "the disk is full; free some space or export elsewhere"
            if exc.errno == 28
            else "export to another folder (is the file open in Excel?)"
        )
        raise WorkbookError(path, f"could not write the workbook ({reason}); {hint}") from None
    return ExportResult(path=path, warnings=warnings)
