"""The workbook's funding streams, populations and decisions as plain tables: what the
`Funding` and `Populations` sheets show, and the decision columns of `Inventory`.

Headless and free of openpyxl: each sheet is a list of :class:`SheetTable` (a title, the
columns, the rows), which the workbook writes as Excel tables, one under the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .analysis import rating_word
from .models import DECISION_LABELS, DecisionChoice, Initiative, Session
from .portfolio import (
    coverage,
    decision_counts,
    decision_text,
    ends_by,
    funding,
    funding_horizon,
    population_goals,
    strength,
)

MONEY_FORMAT = "#,##0"


@dataclass(frozen=True)
class Column:
    """One column of a sheet table: its header, how wide it may grow, whether it wraps."""

    header: str
    cap: int = 30
    wrap: bool = False
    fmt: str | None = None
    center: bool = False


@dataclass
class SheetTable:
    """One Excel table of a sheet."""

    title: str
    """The heading above it (the first table of a sheet has none: its header is row 1)."""
    name: str
    """The Excel table's name (unique in the workbook)."""
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    """What each row is, for warnings: 'funding stream S2'."""
    note: str = ""
    """A line under the heading, in words."""


def _strength(value: float | None) -> str:
    return "unrated" if value is None else f"{value:.1f} {rating_word(value)}"


# ----- Inventory ----------------------------------------------------------------------------

INVENTORY_COLUMNS: list[Column] = [
    Column("Populations", 18, wrap=True),
    Column("Funding streams", 18, wrap=True),
    Column("Decision", 12, wrap=True),
    Column("Combine with", 8),
    Column("Decision rationale", 30, wrap=True),
    Column("Decision answers", 10, wrap=True),
    Column("History", 30, wrap=True),
]
"""The columns the Inventory sheet adds after its own."""


def inventory_values(session: Session, ini: Initiative) -> list[Any]:
    """One initiative's values for :data:`INVENTORY_COLUMNS`."""
    decision = ini.decision
    streams = []
    for link in ini.streams:
        text = link.stream + (f" ({link.share:g}%)" if link.share is not None else "")
        streams.append(text)
    return [
        ", ".join(ini.populations),
        ", ".join(streams),
        decision.choice.label if decision else "undecided",
        decision.combine_with if decision and decision.combine_with else "",
        decision.rationale if decision else "",
        ", ".join(decision.findings) if decision else "",
        "\n".join(ini.history),
    ]


def archived_table(session: Session) -> SheetTable | None:
    """The initiatives earlier cycles archived, for under the Inventory (None when none)."""
    if not session.archived_initiatives:
        return None
    table = SheetTable(
        "Archived by earlier cycles (sunset, or combined into another)",
        "ArchivedList",
        [
            Column("ID", 6),
            Column("Name", 26, wrap=True),
            Column("Decision", 16, wrap=True),
            Column("Rationale", 40, wrap=True),
            Column("History", 50, wrap=True),
        ],
    )
    for ini in session.archived_initiatives:
        decision = ini.decision
        table.rows.append([ini.id, ini.name, decision_text(ini),
                           decision.rationale if decision else "", "\n".join(ini.history)])  # fmt: skip
        table.items.append(f"archived initiative {ini.id}")
    return table


def overview_counts(session: Session) -> list[tuple[str, int]]:
    """Counts for the Overview: streams, populations and each decision."""
    counts = decision_counts(session.initiatives)
    rows: list[tuple[str, int]] = [
        ("Funding streams", len(session.streams)),
        ("Populations", len(session.populations)),
        ("Populations nobody serves", sum(c.unserved for c in coverage(session))),
    ]
    rows += [(f"Initiatives: {DECISION_LABELS[c]}", counts[c]) for c in DecisionChoice]
    rows.append(("Initiatives: undecided", counts[None]))
    if session.archived_initiatives:
        rows.append(("Initiatives archived by earlier cycles", len(session.archived_initiatives)))
    return rows


# ----- Funding ------------------------------------------------------------------------------


def funding_tables(session: Session) -> list[SheetTable]:
    """The Funding sheet: the streams, then initiatives × streams (the money each receives)."""
    horizon = funding_horizon(session)
    money_of = funding(session)
    when = session.meeting_date or session.created
    streams = SheetTable(
        "",
        "FundingStreamList",
        [
            Column("ID", 6),
            Column("Stream", 24, wrap=True),
            Column("Source", 9),
            Column("Annual amount", 14, fmt=MONEY_FORMAT),
            Column("Start", 10),
            Column("End", 10),
            Column("Ends within a year", 10, center=True),
            Column("Allowable uses", 28, wrap=True),
            Column("Restrictions", 30, wrap=True),
            Column("May serve", 16, wrap=True),
            Column("Funds", 24, wrap=True),
        ],
    )
    for st in session.streams:
        funded = []
        for ini in session.initiatives:
            link = next((k for k in ini.streams if k.stream == st.id), None)
            if link is not None:
                funded.append(ini.id + (f" ({link.share:g}%)" if link.share is not None else ""))
        streams.rows.append([
            st.id, st.name, st.source.label, st.annual_amount, st.start, st.end,
            "Yes" if ends_by(st, horizon) else "No", "\n".join(st.uses), st.restrictions,
            ", ".join(st.populations) or "any", ", ".join(funded),
        ])  # fmt: skip
        streams.items.append(f"funding stream {st.id}")

    matrix = SheetTable(
        "Initiatives × streams",
        "FundingMatrix",
        [
            Column("ID", 6),
            Column("Initiative", 26, wrap=True),
            Column("Decision", 14, wrap=True),
            Column("Annual funding", 14, fmt=MONEY_FORMAT),
            Column("Ending within a year", 14, fmt=MONEY_FORMAT),
            *(Column(st.id, 12, fmt=MONEY_FORMAT) for st in session.streams),
        ],
        note=(
            f"Each cell: the money a year the initiative receives from the stream ('linked' "
            f"when the amount is not known). Ending within a year: by {horizon}, a year after "
            f"{when}."
        ),
    )
    for ini in session.initiatives:
        parts = {p.stream.id: p for p in money_of.of(ini.id)}
        ending = [p for p in parts.values() if ends_by(p.stream, horizon)]
        ending_amount: Any = sum(p.amount or 0 for p in ending) if ending else None
        if ending and any(p.amount is None for p in ending):
            ending_amount = "unknown"
        cells: list[Any] = []
        for st in session.streams:
            part = parts.get(st.id)
            cells.append(None if part is None else part.amount if part.amount is not None
                         else "linked")  # fmt: skip
        total: Any = money_of.total(ini.id)
        if total is None and parts:
            total = "unknown"
        matrix.rows.append([ini.id, ini.name, decision_text(ini), total, ending_amount, *cells])
        matrix.items.append(f"initiative {ini.id}")
    return [streams, matrix]


# ----- Populations --------------------------------------------------------------------------


def population_tables(session: Session) -> list[SheetTable]:
    """The Populations sheet: each population with the goals about it and who serves it
    (the equity lens), then one row per population and initiative that serves it."""
    goals_of = population_goals(session)
    titles = {g.id: g.title for g in session.goals}
    summary = SheetTable(
        "",
        "PopulationList",
        [
            Column("ID", 6),
            Column("Population", 26, wrap=True),
            Column("Description", 34, wrap=True),
            Column("Goals about them", 30, wrap=True),
            Column("Served by", 10, center=True),
            Column("Initiatives", 30, wrap=True),
            Column("Funded by streams", 16, wrap=True),
            Column("Streams that name them", 16, wrap=True),
            Column("Coverage", 28, wrap=True),
        ],
    )
    served = SheetTable(
        "Who serves each population",
        "PopulationServed",
        [
            Column("Population", 6),
            Column("Name", 24, wrap=True),
            Column("Initiative", 6),
            Column("Initiative name", 26, wrap=True),
            Column("Strength", 14),
            Column("Funded by", 16, wrap=True),
            Column("Decision", 14, wrap=True),
        ],
        note="Strength: the initiative's mean rating on the goals about the population.",
    )
    for cov in coverage(session):
        pop = cov.population
        summary.rows.append([
            pop.id, pop.name, pop.description,
            "\n".join(f"{g} {titles.get(g, '')}".strip() for g in goals_of[pop.id]),
            len(cov.served),
            "\n".join(f"{s.initiative.id} {s.initiative.name} ({_strength(s.strength)})"
                      for s in cov.served),
            ", ".join(cov.streams), ", ".join(cov.may_serve),
            cov.state().split(" ", 1)[1],
        ])  # fmt: skip
        summary.items.append(f"population {pop.id}")
        for s in cov.served:
            ini = s.initiative
            served.rows.append([
                pop.id, pop.name, ini.id, ini.name,
                _strength(strength(ini, goals_of[pop.id])), ", ".join(s.streams),
                decision_text(ini),
            ])  # fmt: skip
            served.items.append(f"population {pop.id}, initiative {ini.id}")
    return [summary, served]
