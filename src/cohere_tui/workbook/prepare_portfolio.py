"""The Prepare sheet (the team, its coverage, the scope, readiness, the meeting plan), the
Overview's readiness summary, and the Funding and Populations sheets (tables from
:mod:`cohere_tui.workbook_portfolio`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..workbook_portfolio import Column, SheetTable, funding_tables, population_tables
from .layout import Col, Writer, comment_votes, mean_text, votes_cells

if TYPE_CHECKING:
    from ..prepare import ConditionScore


def readiness_summary_rows(w: Writer, ws: Any, row: int) -> int:
    """The Overview's readiness on the seven conditions; returns the next free row."""
    from ..prepare import readiness_bar, readiness_summary, readiness_word

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
        f"Overall: {readiness_word(mean)}{mean_text(mean)}, {summary.rated} of "
        f"{summary.total} conditions rated."
    )
    if summary.weakest:
        line += " Improve first: " + ", ".join(c.label.lower() for c in summary.weakest) + "."
    w.note(ws, row, line)
    return row + 2


def prepare_sheet(w: Writer, ws: Any) -> None:
    """Prepare: the team with its roles and voices, the coverage of voices and sectors, the
    scope, readiness with its evidence, and the meeting plan."""
    from ..models import SCOPE_LISTS
    from ..prepare import (
        IMPROVE_IDEAS,
        agenda_minutes,
        coverage,
        open_prepare_findings,
        readiness_bar,
        readiness_disagreements,
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
    top = row + 1
    row = (
        w.table(ws, top, 1, cols, rows, [f"readiness {c.condition.label}"
                for c in summary.conditions], "ReadinessList")
        + 1
    )  # fmt: skip
    mean = summary.mean
    lines = [
        "Scale: 1 emerging · 2 developing · 3 established · 4 sustaining; an empty rating is "
        "not yet rated.",
        f"Overall: {readiness_word(mean)}{mean_text(mean)}, {summary.rated} of "
        f"{summary.total} conditions rated.",
    ]
    for suggestion in suggested_actions(s):
        taken = f" (taken up by {', '.join(suggestion.actions)})" if suggestion.taken else ""
        idea = IMPROVE_IDEAS[suggestion.condition]
        lines.append(f"Improve first: {suggestion.condition.label.lower()} — {idea}{taken}.")
    if any(c.votes for c in summary.conditions):
        lines.append(
            "A condition the room voted on holds the agreed rating (the median vote, or the "
            "room's choice); its comment and the table below give the votes and their spread, "
            "and mark where the room disagrees (votes 2 or more points apart)."
        )
    lines += [f"⚠ {f.id}: {f.summary}" for f in readiness_disagreements(s)]
    for line in lines:
        w.note(ws, row, line)
        row += 1
    row = _readiness_votes(w, ws, row + 1, top, summary.conditions)

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
    w.finish(ws, "1:1", "A2")


def _readiness_votes(
    w: Writer, ws: Any, row: int, top: int, conditions: Sequence[ConditionScore]
) -> int:
    """Many voices on readiness: the votes behind each voted condition, as a comment on its
    rating (in the readiness table, whose header is row ``top``) and as a table (agreed
    rating, the votes, their spread, in words). Returns the next free row; a session
    without readiness votes writes nothing."""
    from ..votes import READINESS_SCALE, describe_votes

    rows: list[list[Any]] = []
    for n, c in enumerate(conditions, start=1):
        if not c.votes:
            continue
        words = describe_votes(c.votes, READINESS_SCALE)
        comment_votes(ws.cell(row=top + n, column=2), words)
        rows.append([c.condition.label, c.rating, *votes_cells(c.votes), words])
    if not rows:
        return row
    w.heading(ws, row, "Many voices: the votes behind the agreed readiness")
    cols = [
        Col("Condition", 40, wrap=True), Col("Agreed", 10, center=True),
        Col("Votes", 16, wrap=True), Col("Spread", 8, center=True), Col("The room", 18),
        Col("In words", 50, wrap=True),
    ]  # fmt: skip
    items = [f"votes on readiness {r[0]}" for r in rows]
    return w.table(ws, row + 1, 1, cols, rows, items, "ReadinessVotes") + 2


def column_of(column: Column) -> Col:
    return Col(column.header, column.cap, wrap=column.wrap, fmt=column.fmt, center=column.center)


def sheet_tables(w: Writer, ws: Any, tables: Sequence[SheetTable], top: int = 1) -> None:
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
        cols = [column_of(c) for c in table.columns]
        row = w.table(ws, row, 1, cols, table.rows, table.items, table.name)


def funding_sheet(w: Writer, ws: Any) -> None:
    """Funding: the streams, and which initiatives each funds."""
    sheet_tables(w, ws, funding_tables(w.session))
    w.finish(ws, "1:1", "C2")


def populations_sheet(w: Writer, ws: Any) -> None:
    """Populations: who the initiatives serve, and the readings by population."""
    sheet_tables(w, ws, population_tables(w.session))
    w.finish(ws, "1:1", "C2")
