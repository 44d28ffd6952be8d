"""The sheets of the workbook but Monitoring, one function each (DESIGN §6).

Decisions worth knowing:

- Overdue highlighting in the Action Plan uses ``TODAY()`` in conditional formatting: a
  workbook opened weeks later shows what is late then (shaded orange, Due in bold). Blocked
  rows are shaded purple-grey and say "Blocked" in Status. So that meaning is not carried by
  colour alone, the Overview lists the overdue and blocked actions in words, and its counts,
  as of the export date (named there).
- In the Alignment grid an unrated cell holds "–" (text: neither the colour scale nor the
  column means count it); a legend under the grid explains the scale and the dash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..models import (
    RATING_LABELS,
    VISION_KEY,
    Action,
    ActionStatus,
    Domain,
    Finding,
    Initiative,
    Priority,
    Session,
)
from ..workbook_portfolio import (
    INVENTORY_COLUMNS,
    archived_table,
    inventory_values,
    overview_counts,
)
from .contract import (
    ACTION_PLAN_HEADERS,
    Names,
    action_plan_values,
    fit_text,
    join_ids,
    record_text,
)
from .layout import (
    BLOCKED_FILL,
    FONT,
    OVERDUE_FILL,
    SCALE,
    Col,
    Writer,
    comment_votes,
    mean_text,
    votes_cells,
)
from .prepare_portfolio import column_of, readiness_summary_rows, sheet_tables

UNRATED = "–"
"""What an unrated cell of the Alignment grid shows."""

ATTENTION_ROWS = 25
"""The most overdue or blocked actions the Overview lists (the Action Plan has them all)."""

EXTRA_ROWS = 500
"""Rows below the Action Plan's last action that still get validation and highlighting."""

UPDATED_HEADER = "Updated"
"""The Action Plan's column after the contract's: when each action was last updated (as of
the export), not read back."""


def finding_status(finding: Finding) -> str:
    if finding.dismissed:
        return "Dismissed"
    if finding.resolved:
        return "Resolved"
    return "Open"


def rating_word(mean: float | None) -> str:
    """The scale's word for a mean rating, or 'unrated' (shared with the app's coherence bars)."""
    from ..analysis import rating_word as word

    return word(mean)


def rating_bar(mean: float | None, width: int = 10) -> str:
    """A text bar for a mean rating on the 0–3 scale, e.g. ``███████░░░``."""
    if mean is None:
        return "·" * width
    filled = min(width, max(0, round(mean / 3 * width)))
    return "█" * filled + "░" * (width - filled)


OVERVIEW_COLUMNS = (22, 40, 24, 14, 12, 12)
"""The Overview's columns, shared by its tables (the sheet prints one page wide)."""


def overview(w: Writer, ws: Any) -> None:
    from ..analysis import coherence_summary
    from ..progress import is_overdue

    s = w.session
    span = len(OVERVIEW_COLUMNS)
    w.columns(ws, OVERVIEW_COLUMNS)
    ws.cell(row=1, column=1, value="Action plan").font = w.title_font
    title = w.put(ws, 1, 2, s.title, "session", "title")
    title.font = w.title_font
    cycle = f"{s.cycle}"
    if s.previous_cycle:
        cycle += f" (previous cycle: {s.previous_cycle})"
    meeting = s.meeting_date or w.today
    details: list[tuple[str, Any]] = [
        ("Organisation", s.organisation),
        ("Alignment type", s.alignment_type.label),
        ("Cycle", cycle),
        ("Meeting date" if s.meeting_date else "Date", meeting),
        ("Facilitator", s.facilitator),
        ("Exported", w.today),
    ]
    if w.record is not None:
        details.append(("Export ID", w.record.export_id))
    if w.owner:
        details.append(("This copy", f"{w.owner}'s actions, with the vision, the goals and "
                        "the findings they answer"))  # fmt: skip
    row = w.pairs(ws, 3, details, "session", span=span - 1)

    row += 1
    w.heading(ws, row, "Participants")
    row = (
        w.table(
            ws,
            row + 1,
            1,
            [Col("Name", 22, wrap=True), Col("Role", 40, wrap=True),
             Col("Organisation", 24, wrap=True), Col("Sector", 14, wrap=True)],
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
        ("Decisions logged", len(s.decisions)),
        ("Parking lot (open)", sum(1 for p in s.parking_lot if not p.done)),
    ]  # fmt: skip
    w.heading(ws, row, "Counts")
    row = (
        w.table(
            ws, row + 1, 1, [Col("Item", 22, wrap=True), Col("Count", 10, center=True)],
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

    w.heading_row(
        ws, row, f"Needs attention on {w.today.isoformat()}: overdue or blocked actions", span
    )
    if shown:
        row = (
            w.table(
                ws,
                row + 1,
                1,
                [Col("ID", 8), Col("Action", 40, wrap=True), Col("Owner", 24, wrap=True),
                 Col("Due", 11), Col("Status", 12, wrap=True), Col("Why", 12, wrap=True)],
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
                span=span,
            )
            row += 1
        row += 1
    else:
        w.note(ws, row + 1, "None: no action is overdue or blocked.", span=span)
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
            [Col("Domain", 22, wrap=True), Col("Reading", 30), Col("Mean", 14, fmt="0.0", center=True),
             Col("Rated", 14)],
            domain_rows,
            [],
            "CoherenceByDomain",
        )
        + 1
    )  # fmt: skip
    overall = summary.overall
    vision = summary.vision
    lines = [f"Across all domains: {rating_word(overall)}" + mean_text(overall) + "."]
    if vision is not None:
        lines.append(
            f"Fit with the vision: {rating_word(vision.mean)}{mean_text(vision.mean)}, "
            f"{vision.rated} of {vision.total} initiatives rated."
        )
    lines.append(
        f"{summary.unrated} of {summary.total} cells of the rating grid (vision, goals and "
        "domains) are still unrated."
    )
    for line in lines:
        w.note(ws, row, line, span=span)
        row += 1
    row += 1

    row = readiness_summary_rows(w, ws, row)

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
            span=span - 1,
        )
        row += 1

    if s.decisions:
        w.heading(ws, row, "Decision log")
        row = (
            w.table(
                ws,
                row + 1,
                1,
                [Col("ID", 8), Col("Decision", 40, wrap=True), Col("Date", 11),
                 Col("Step", 14, wrap=True)],
                [[d.id, d.text, d.date, _step_name(d.step)] for d in s.decisions],
                [f"decision {d.id}" for d in s.decisions],
                "DecisionList",
            )
            + 2
        )  # fmt: skip
    if s.parking_lot:
        w.heading(ws, row, "Parking lot")
        row = (
            w.table(
                ws,
                row + 1,
                1,
                [Col("ID", 8), Col("Item", 40, wrap=True), Col("Added", 11),
                 Col("Step", 14, wrap=True), Col("Done", 8)],
                [[p.id, p.text, p.added, _step_name(p.step), p.done] for p in s.parking_lot],
                [f"parking-lot item {p.id}" for p in s.parking_lot],
                "ParkingLot",
            )
            + 2
        )  # fmt: skip

    w.heading(ws, row, "How to read and return this workbook")
    lines = [
        "Ratings: 3 strong · 2 partial · 1 weak · 0 not aligned / working against · "
        f"{UNRATED} unrated (not yet rated). Colours darken as ratings rise; the digit is always shown.",
        "Action Plan: an action past its Due date and not Done or Dropped is shaded orange with "
        "its Due date in bold (as of the day the file is opened); Blocked rows are shaded "
        "purple-grey and say Blocked. The list above names them as of the export date. "
        "Updated says when each action's status or latest update last changed, as of the "
        "export date.",
        "To report progress: change Status, Latest update and Notes (Owner and Due may be "
        "corrected) in the Action Plan sheet and send the file back. Keep the ID column as it "
        "is, and sort the whole table if you sort it; add a new action as a new row with an "
        "empty ID. Only what you change is taken back, so several copies can come back, in "
        "any order.",
    ]
    for line in lines:
        row += 1
        w.note(ws, row, line, span=span)
    w.finish(ws, "1:1", "A2")


def _step_name(step: int | None) -> str:
    from ..guide import step as guide_step

    return "" if step is None else f"{step} {guide_step(step).name}"


def vision(w: Writer, ws: Any) -> None:
    s = w.session
    w.columns(ws, (20, 50, 50))
    ws.cell(row=1, column=1, value="Vision").font = w.title_font
    row = w.pairs(
        ws,
        3,
        [
            ("Vision statement", s.vision.statement),
            ("Theory of change", s.vision.theory_of_change),
        ],
        "vision",
        span=2,
    )
    row += 1
    w.heading(ws, row, "Assumptions")
    row = (
        w.table(
            ws,
            row + 1,
            1,
            [Col("#", 6, center=True), Col("Assumption", 50, wrap=True)],
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
        [Col("ID", 6), Col("Goal", 50, wrap=True), Col("Description", 50, wrap=True)],
        [[g.id, g.title, g.description] for g in s.goals],
        [f"goal {g.id}" for g in s.goals],
        "GoalList",
    )
    w.finish(ws, "1:1", "A2")


def inventory(w: Writer, ws: Any) -> None:
    s = w.session
    cols = [
        Col("ID", 5),
        Col("Name", 18, wrap=True),
        Col("Description", 27, wrap=True),
        Col("Lead", 12, wrap=True),
        Col("Organisation", 14, wrap=True),
        Col("Sector", 11, wrap=True),
        Col("Level", 9),
        Col("Status", 8),
        Col("Population", 13, wrap=True),
        Col("Funding", 13, wrap=True),
        Col("Outcomes", 17, wrap=True),
        Col("Data collected", 13, wrap=True),
        Col("Goals", 8, wrap=True),
        Col("Start", 10.5),
        Col("End", 10.5),
        Col("Rating notes", 25, wrap=True),
    ]
    rows = [
        [
            i.id, i.name, i.description, i.lead, i.organisation, i.sector.label, i.level.label,
            i.status.label, i.population, i.funding, i.outcomes, i.data_collected,
            join_ids(i.goals), i.start, i.end, rating_notes_text(s, i), *inventory_values(s, i),
        ]
        for i in s.initiatives
    ]  # fmt: skip
    cols += [column_of(c) for c in INVENTORY_COLUMNS]
    last = w.table(ws, 1, 1, cols, rows, [f"initiative {i.id}" for i in s.initiatives],
                   "InventoryList")  # fmt: skip
    archived = archived_table(s)
    if archived is not None:
        sheet_tables(w, ws, [archived], top=last + 2)
    w.finish(ws, "1:1", "C2", keep_columns=2)


def rating_column_label(session: Session, key: str) -> str:
    """'Vision', a goal's ID, or a domain's label: what a rating's column is called."""
    if key == VISION_KEY:
        return "Vision"
    try:
        return Domain(key).label
    except ValueError:
        return key


def rating_notes_text(session: Session, initiative: Initiative) -> str:
    """The initiative's rating notes, one per line: ``G2 (2 partial): …``."""
    lines = []
    for key, note in initiative.rating_notes.items():
        rating = (
            initiative.domains.get(Domain(key))
            if key in {d.value for d in Domain}
            else initiative.alignment.get(key)
        )
        said = f"{rating} {RATING_LABELS[rating]}" if rating is not None else "unrated"
        lines.append(f"{rating_column_label(session, key)} ({said}): {note}")
    return "\n".join(lines)


def alignment(w: Writer, ws: Any) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    s = w.session
    keys: list[str] = [VISION_KEY, *(g.id for g in s.goals)]
    domains = list(Domain)
    cols = [
        Col("ID", 5),
        Col("Initiative", 23, wrap=True),
        Col("Vision", 7, center=True),
        *(Col(g.id, 5, center=True) for g in s.goals),
        *(Col(d.label, 12.5, center=True) for d in domains),
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
        w.need(ws, c, (7 if c == first_rating else 5) if c - first_rating < len(keys) else 12.5)
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
                start_color=SCALE[0],
                mid_type="num",
                mid_value=1.5,
                mid_color=SCALE[1],
                end_type="num",
                end_value=3,
                end_color=SCALE[2],
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
        "goal. Domain columns: how the initiative fares in each of the six domains. A cell "
        "with a note has a comment; the notes are listed below.",
        *(f"{g.id}: {g.title}" for g in s.goals),
    ]
    if any(ini.votes for ini in s.initiatives):
        legend.append(
            "A cell the room voted on holds the agreed value (the median vote, or the room's "
            "choice); its comment and the table below give the votes and their spread, and "
            "mark where the room disagrees (votes 2 or more points apart)."
        )
    legend_span = min(len(cols) - 1, 6)
    for line in legend:
        w.note(ws, row, line, col=2, span=legend_span)
        row += 1
    row = _rating_notes(w, ws, row + 1, keys, domains)
    _votes(w, ws, row, keys, domains)
    w.finish(ws, "1:1", "C2", keep_columns=2)


def _votes(w: Writer, ws: Any, row: int, keys: list[str], domains: list[Domain]) -> int:
    """Many voices: the votes behind each voted cell, as a comment on the cell and as a
    table under the grid (agreed value, the votes, their spread, in words). Returns the
    next free row; a session without votes writes nothing (a cell with a rating note keeps
    the note in its comment, the votes after it)."""
    from ..votes import describe_votes, values_of

    s = w.session
    order = [*keys, *(d.value for d in domains)]
    first_rating = 3
    rows: list[list[Any]] = []
    items: list[str] = []
    for r, ini in enumerate(s.initiatives, start=2):
        for key in sorted(ini.votes, key=lambda k: order.index(k) if k in order else len(order)):
            values = values_of(ini.votes[key])
            if not values or key not in order:
                continue
            agreed = ini.alignment.get(key) if key in keys else ini.domains.get(Domain(key))
            words = describe_votes(values)
            comment_votes(ws.cell(row=r, column=first_rating + order.index(key)), words)
            label = rating_column_label(s, key)
            rows.append([
                ini.id, ini.name, label, UNRATED if agreed is None else agreed,
                *votes_cells(values), words,
            ])  # fmt: skip
            items.append(f"votes on {ini.id} × {label}")
    if not rows:
        return row
    w.heading(ws, row, "Many voices: the votes behind the agreed values")
    cols = [
        Col("ID", 5), Col("Initiative", 23, wrap=True), Col("Rating of", 14, wrap=True),
        Col("Agreed", 7, center=True), Col("Votes", 16, wrap=True),
        Col("Spread", 7, center=True), Col("The room", 16), Col("In words", 40, wrap=True),
    ]  # fmt: skip
    return w.table(ws, row + 1, 1, cols, rows, items, "AlignmentVotes") + 2


def _rating_notes(w: Writer, ws: Any, row: int, keys: list[str], domains: list[Domain]) -> int:
    """Each rating note as a comment on its cell, and all of them in a list under the grid;
    returns the next free row."""
    from openpyxl.comments import Comment

    s = w.session
    columns = {k: 3 + n for n, k in enumerate(keys)}
    columns.update({d.value: 3 + len(keys) + n for n, d in enumerate(domains)})
    notes: list[list[Any]] = []
    for r, ini in enumerate(s.initiatives, start=2):
        for key, note in ini.rating_notes.items():
            col = columns.get(key)
            if col is None:
                continue
            comment = Comment(fit_text(note)[0][:2000], "cohere-tui")
            comment.width, comment.height = 300, 120
            ws.cell(row=r, column=col).comment = comment
            rating = ws.cell(row=r, column=col).value
            said = f"{rating} {RATING_LABELS[rating]}" if isinstance(rating, int) else "unrated"
            notes.append([ini.id, f"{rating_column_label(s, key)} ({said}): {note}"])
    if not notes:
        return row
    w.heading(ws, row, "Rating notes")
    last = w.table(
        ws,
        row + 1,
        1,
        [Col("ID", 5), Col("Note", 23, wrap=True)],
        notes,
        [f"initiative {n[0]} rating note" for n in notes],
        "RatingNotes",
    )
    return last + 2


def relationships(w: Writer, ws: Any) -> None:
    s = w.session

    def name(ini_id: str) -> str:
        ini = s.initiative(ini_id)
        return ini.name if ini else ""

    cols = [
        Col("A ID", 6),
        Col("Initiative A", 26, wrap=True),
        Col("Relation", 16, wrap=True),
        Col("B ID", 6),
        Col("Initiative B", 26, wrap=True),
        Col("Note", 44, wrap=True),
    ]
    rows = [[r.a, name(r.a), r.kind.label, r.b, name(r.b), r.note] for r in s.relationships]
    items = [f"relationship {n} ({r.a}–{r.b})" for n, r in enumerate(s.relationships, 1)]
    w.table(ws, 1, 1, cols, rows, items, "RelationshipList")
    w.finish(ws, "1:1", "A2")


def findings(w: Writer, ws: Any) -> None:
    s = w.session
    cols = [
        Col("ID", 5),
        Col("Kind", 12, wrap=True),
        Col("Summary", 36, wrap=True),
        Col("Domain", 12, wrap=True),
        Col("Technical/adaptive", 11, wrap=True),
        Col("Initiatives", 11, wrap=True),
        Col("Goals", 8, wrap=True),
        Col("Status", 9),
        Col("Note", 19, wrap=True),
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
    w.finish(ws, "1:1", "C2", keep_columns=3)


def action_plan(w: Writer, ws: Any) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..progress import last_updates, update_age

    s = w.session
    cols = [
        Col("ID", 5),
        Col("Action", 26, wrap=True),
        Col("Owner", 12, wrap=True),
        Col("Partners", 13, wrap=True),
        Col("Start", 10.5),
        Col("Due", 10.5),
        Col("Status", 11, min_width=12),
        Col("Priority", 8),
        Col("Domain", 12, wrap=True),
        Col("Findings", 8, wrap=True),
        Col("Initiatives", 15, wrap=True),
        Col("Indicator", 15, wrap=True),
        Col("Latest update", 28, wrap=True),
        Col("Notes", 19, wrap=True),
        Col(UPDATED_HEADER, 13, wrap=True),
    ]
    assert tuple(c.header for c in cols[: len(ACTION_PLAN_HEADERS)]) == ACTION_PLAN_HEADERS
    names = Names.of(s)
    updated = last_updates(s)
    rows = [action_plan_values(s, a, names) for a in s.actions]
    shown = [
        [*values, update_age(updated[a.id], w.today)]
        for a, values in zip(s.actions, rows, strict=True)
    ]
    last = w.table(ws, 1, 1, cols, shown, [f"action {a.id}" for a in s.actions], "ActionPlan")
    if w.record is not None:
        for n, (action, values) in enumerate(zip(s.actions, rows, strict=True), start=2):
            texts = {h: record_text(v) for h, v in zip(ACTION_PLAN_HEADERS, values, strict=True)}
            w.record.rows[action.id] = (n, texts)
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

    area = f"A2:{get_column_letter(len(cols))}{end}"
    ws.conditional_formatting.add(area, FormulaRule(formula=[blocked], fill=fill(BLOCKED_FILL)))
    ws.conditional_formatting.add(area, FormulaRule(formula=[open_due], fill=fill(OVERDUE_FILL)))
    ws.conditional_formatting.add(
        f"F2:F{end}", FormulaRule(formula=[open_due], font=Font(name=FONT, bold=True))
    )
    w.finish(ws, "1:1", "C2", keep_columns=2)
