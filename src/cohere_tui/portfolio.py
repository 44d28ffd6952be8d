"""Funding streams, populations and the decision on each initiative: the sums that the
funding and coverage views, the findings, the workbook and the next cycle share.

Headless and pure: nothing here imports Textual or openpyxl, and every function only reads
the session. Dates are the session's own (its meeting date), never today's.

- *Money an initiative receives from a stream*: the stream's annual amount × the link's
  share (a percentage); links without a share split evenly what the shares leave. A stream
  with no annual amount gives an unknown sum.
- *Ends within a year*: a stream whose end date is on or before the day one year after the
  meeting date, or the day the session was created when it has no meeting date yet (a
  stream that has already ended counts too: its money is gone).
- *How strongly an initiative serves a population*: the mean of its ratings on the goals
  the population belongs to (unrated when the population belongs to no goal or the
  initiative is rated on none of them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import (
    DECISION_LABELS,
    DecisionChoice,
    FundingStream,
    Initiative,
    Population,
    Session,
)

DECISION_ORDER: tuple[DecisionChoice, ...] = tuple(DecisionChoice)
"""Decisions in the order the summary counts them."""


def one_year_after(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def funding_horizon(session: Session) -> dt.date:
    """The last day that counts as "within 12 months of the meeting": a year after the
    session's meeting date, or, before one is set, after the day the session was created
    (both the session's own dates: never today's)."""
    return one_year_after(session.meeting_date or session.created)


def ends_by(stream: FundingStream, horizon: dt.date | None) -> bool:
    """Whether the stream's money ends on or before ``horizon``."""
    return horizon is not None and stream.end is not None and stream.end <= horizon


# ----- money --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingPart:
    """One stream of one initiative's funding."""

    stream: FundingStream
    share: float | None
    """The share of the stream as recorded on the link (percent), or None."""
    amount: float | None
    """The money a year this initiative receives from it, None when unknown."""


def stream_split(session: Session, stream: FundingStream) -> dict[str, float | None]:
    """Initiative ID → the money a year it receives from ``stream`` (see the module notes)."""
    links = [
        (ini.id, link.share)
        for ini in session.initiatives
        for link in ini.streams
        if link.stream == stream.id
    ]
    return _split(stream, links)


def _split(
    stream: FundingStream, links: Sequence[tuple[str, float | None]]
) -> dict[str, float | None]:
    amount = stream.annual_amount
    if amount is None:
        return dict.fromkeys((iid for iid, _ in links), None)
    shared = sum(share for _, share in links if share is not None)
    unshared = sum(share is None for _, share in links)
    rest = max(amount * (100 - shared) / 100, 0.0) / unshared if unshared else 0.0
    return {iid: rest if share is None else amount * share / 100 for iid, share in links}


@dataclass
class Funding:
    """Every initiative's funding parts, computed once for a session."""

    parts: dict[str, list[FundingPart]] = field(default_factory=dict)
    """Initiative ID → its parts, in the order of its links (unknown streams left out)."""

    def of(self, initiative_id: str) -> list[FundingPart]:
        return self.parts.get(initiative_id, [])

    def total(self, initiative_id: str) -> float | None:
        """The money a year from all its streams; None when any part is unknown or it has
        none."""
        parts = self.of(initiative_id)
        if not parts or any(p.amount is None for p in parts):
            return None
        return sum(p.amount or 0.0 for p in parts)


def funding(session: Session) -> Funding:
    """Every initiative's funding parts."""
    streams = {st.id: st for st in session.streams}
    links: dict[str, list[tuple[str, float | None]]] = {sid: [] for sid in streams}
    for ini in session.initiatives:
        for link in ini.streams:
            if link.stream in links:
                links[link.stream].append((ini.id, link.share))
    splits = {sid: _split(streams[sid], each) for sid, each in links.items()}
    result = Funding()
    for ini in session.initiatives:
        parts = []
        for link in ini.streams:
            stream = streams.get(link.stream)
            if stream is not None:
                parts.append(FundingPart(stream, link.share, splits[stream.id].get(ini.id)))
        result.parts[ini.id] = parts
    return result


@dataclass(frozen=True)
class EndingShare:
    """How much of an initiative's funding ends within the horizon."""

    share: float
    """From 0 to 1."""
    by_amount: bool
    """True when weighed by money a year (every part's amount is known and the total is
    more than 0), False when by the number of streams."""
    ending: tuple[FundingPart, ...]
    """The parts that end."""
    total: float | None
    """The money a year from all its streams, when weighed by amount."""


def ending_share(parts: Sequence[FundingPart], horizon: dt.date | None) -> EndingShare | None:
    """The share of these funding parts that ends by ``horizon``; None without parts."""
    if not parts:
        return None
    ending = tuple(p for p in parts if ends_by(p.stream, horizon))
    amounts = [p.amount for p in parts]
    total = sum(a or 0.0 for a in amounts)
    if all(a is not None for a in amounts) and total > 0:
        return EndingShare(sum(p.amount or 0.0 for p in ending) / total, True, ending, total)
    return EndingShare(len(ending) / len(parts), False, ending, None)


def money(amount: float | None) -> str:
    """A sum with thousands separators and no currency (the room knows its own):
    '1,200,000'; cents only on a small sum that has them."""
    if amount is None:
        return "amount unknown"
    return f"{amount:,.0f}" if amount == int(amount) or amount >= 100 else f"{amount:,.2f}"


# ----- populations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    """One initiative serving a population."""

    initiative: Initiative
    strength: float | None
    """Mean of its ratings on the population's goals (None: unrated or no goals)."""
    streams: tuple[str, ...]
    """The streams that fund it (stream IDs)."""


@dataclass(frozen=True)
class Coverage:
    """Who serves one population, and how strongly: the equity lens."""

    population: Population
    goals: tuple[str, ...]
    """The goals it belongs to (goal IDs, in the session's order)."""
    served: tuple[Served, ...]
    """The initiatives that list it, in inventory order."""
    streams: tuple[str, ...]
    """The distinct streams funding those initiatives (stream IDs, in the session's order)."""
    may_serve: tuple[str, ...]
    """The streams that name it among the populations they may serve."""

    @property
    def unserved(self) -> bool:
        return not self.served

    def state(self) -> str:
        """The coverage in a symbol and words (never by colour alone)."""
        if not self.served:
            return "✗ nobody serves"
        n = len(self.served)
        if n == 1:
            return "● served by 1"
        streams = len(self.streams)
        return f"◆ served by {n} from {streams} stream" + ("" if streams == 1 else "s")


def population_goals(session: Session) -> dict[str, list[str]]:
    """Population ID → the goals it belongs to (goal IDs, in the session's order)."""
    result: dict[str, list[str]] = {n.id: [] for n in session.populations}
    for goal in session.goals:
        for pid in goal.populations:
            if pid in result and goal.id not in result[pid]:
                result[pid].append(goal.id)
    return result


def strength(ini: Initiative, goal_ids: Sequence[str]) -> float | None:
    """The mean of ``ini``'s ratings on these goals (None when it is rated on none)."""
    values = [ini.alignment[g] for g in goal_ids if g in ini.alignment]
    return sum(values) / len(values) if values else None


def coverage(session: Session) -> list[Coverage]:
    """Every population's coverage, in the session's order."""
    goals = population_goals(session)
    known_streams = [st.id for st in session.streams]
    by_population: dict[str, list[Initiative]] = {n.id: [] for n in session.populations}
    for ini in session.initiatives:
        for pid in dict.fromkeys(ini.populations):
            if pid in by_population:
                by_population[pid].append(ini)
    result = []
    for pop in session.populations:
        served = []
        funded: set[str] = set()
        for ini in by_population[pop.id]:
            ids = tuple(dict.fromkeys(k.stream for k in ini.streams if k.stream in known_streams))
            funded.update(ids)
            served.append(Served(ini, strength(ini, goals[pop.id]), ids))
        result.append(
            Coverage(
                pop,
                tuple(goals[pop.id]),
                tuple(served),
                tuple(s for s in known_streams if s in funded),
                tuple(st.id for st in session.streams if pop.id in st.populations),
            )
        )
    return result


# ----- decisions ----------------------------------------------------------------------------


def decision_text(ini: Initiative) -> str:
    """The decision in words: 'keep', 'combine with I5', 'undecided'."""
    decision = ini.decision
    if decision is None:
        return "undecided"
    if decision.choice is DecisionChoice.COMBINE:
        return f"combine with {decision.combine_with}"
    return decision.choice.label


def decision_prefix(ini: Initiative) -> str:
    """The decision's mark before a name where room is short ('✕ ' for sunset), '' when
    undecided; somewhere near says it in words (a column, the status line, the details)."""
    return f"{ini.decision.choice.symbol} " if ini.decision is not None else ""


def decision_mark(ini: Initiative) -> str:
    """The decision in a symbol and a word for a table cell: '✓ keep', '⊕ I5', '· undecided'."""
    decision = ini.decision
    if decision is None:
        return "· undecided"
    if decision.choice is DecisionChoice.COMBINE:
        return f"{decision.choice.symbol} with {decision.combine_with}"
    return f"{decision.choice.symbol} {decision.choice.label}"


def decision_counts(initiatives: Sequence[Initiative]) -> dict[DecisionChoice | None, int]:
    """How many initiatives have each decision (None: undecided), every key present."""
    counts: dict[DecisionChoice | None, int] = {choice: 0 for choice in DECISION_ORDER}
    counts[None] = 0
    for ini in initiatives:
        counts[ini.decision.choice if ini.decision else None] += 1
    return counts


def decision_summary(initiatives: Sequence[Initiative]) -> str:
    """'11 initiatives: 6 keep, 2 combine, 1 sunset, 2 undecided' (counts that are 0 are left
    out)."""
    n = len(initiatives)
    if not n:
        return "No initiatives yet"
    counts = decision_counts(initiatives)
    parts = [f"{counts[c]} {DECISION_LABELS[c]}" for c in DECISION_ORDER if counts[c]]
    if counts[None]:
        parts.append(f"{counts[None]} undecided")
    return f"{n} initiative{'' if n == 1 else 's'}: " + ", ".join(parts)


def stream_text(session: Session, ini: Initiative) -> str:
    """The streams that fund an initiative, in words: 'S2 MIECHV home visiting grant (ends
    2027-06-30); S3 Medicaid billing 10%'."""
    parts = []
    for link in ini.streams:
        stream = session.stream(link.stream)
        if stream is None:
            continue
        text = f"{stream.id} {stream.name}"
        if link.share is not None:
            text += f" {link.share:g}%"
        if stream.end is not None:
            text += f" (ends {stream.end})"
        parts.append(text)
    return "; ".join(parts)


def population_text(session: Session, ids: Sequence[str]) -> str:
    """Populations by ID and name: 'N1 Families with children 0–5, N2 …'."""
    names = []
    for pid in ids:
        pop = session.population(pid)
        names.append(f"{pid} {pop.name}" if pop else pid)
    return ", ".join(names)


def portfolio_rows(session: Session, ini: Initiative) -> list[tuple[str, str]]:
    """Label/value rows of an initiative's populations, streams, decision and history, for a
    detail pane (empty values are left out by the pane)."""
    decision = ini.decision
    decided = ""
    if decision is not None:
        decided = decision_mark(ini)
        if decision.rationale:
            decided += f" — {decision.rationale}"
        if decision.findings:
            decided += f" (answers {', '.join(decision.findings)})"
    return [
        ("Decision", decided or "· undecided (k decides)"),
        ("Groups", population_text(session, ini.populations)),
        ("Streams", stream_text(session, ini)),
        ("History", "\n".join(ini.history)),
    ]
