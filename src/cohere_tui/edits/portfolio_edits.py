"""The named edits of funding streams, populations and the decision on each initiative:
link an initiative to a stream (with its share), link populations to what serves them,
record readings of an indicator by population, and record the room's decision.

Headless: never imports Textual. Adding, changing and deleting streams and populations
themselves are the generic item edits (``AddItem("stream", …)``, ``DeleteItem("population",
…)``, with their references, in :mod:`.items`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from ..measures import format_number
from ..models import (
    DecisionChoice,
    FundingStream,
    Goal,
    Initiative,
    InitiativeDecision,
    Reading,
    Session,
    StreamLink,
)
from .base import Edit, EditError, Transaction
from .items import KINDS, find


def _initiative(session: Session, initiative_id: str) -> Initiative:
    _, ini = find(session, KINDS["initiative"], initiative_id)
    assert isinstance(ini, Initiative)
    return ini


def _message(exc: ValidationError) -> str:
    return str(exc.errors()[0]["msg"]).removeprefix("Value error, ")


def _share_text(share: float | None) -> str:
    return "" if share is None else f" ({share:g}%)"


@dataclass
class SetDecision(Edit):
    """The room's decision on one initiative (``choice`` None: undecided again)."""

    initiative_id: str
    choice: DecisionChoice | None
    combine_with: str | None = None
    rationale: str = ""
    findings: Sequence[str] = ()
    AREAS = frozenset({"initiatives"})

    def apply(self, tx: Transaction) -> str:
        session = tx.session
        ini = _initiative(session, self.initiative_id)
        if self.choice is None:
            tx.set(ini, decision=None)
            return f"Cleared the decision on {ini.id}"
        partner = self.combine_with if self.choice is DecisionChoice.COMBINE else None
        if self.choice is DecisionChoice.COMBINE:
            if not partner:
                raise EditError(f"Say which initiative {ini.id} is combined with.")
            if partner == ini.id:
                raise EditError(f"{ini.id} cannot be combined with itself; choose another.")
            if session.initiative(partner) is None:
                raise EditError(f"There is no initiative {partner} to combine {ini.id} with.")
        known = {f.id for f in session.findings}
        unknown = [fid for fid in self.findings if fid not in known]
        if unknown:
            raise EditError(f"There is no finding {unknown[0]} for the decision to answer.")
        try:
            decision = InitiativeDecision(
                choice=self.choice,
                combine_with=partner,
                rationale=self.rationale.strip(),
                findings=list(dict.fromkeys(self.findings)),
            )
        except ValidationError as exc:
            raise EditError(f"The decision on {ini.id}: {_message(exc)}.") from None
        tx.set(ini, decision=decision)
        said = f"combine with {partner}" if partner else self.choice.label
        return f"Decided on {ini.id}: {said}"


@dataclass
class SetFundingLink(Edit):
    """Fund an initiative from a stream (``linked``), with a share of the stream in percent
    (None: an even part of what other shares leave), or stop doing so."""

    initiative_id: str
    stream_id: str
    linked: bool = True
    share: float | None = None
    AREAS = frozenset({"initiatives", "funding"})

    def apply(self, tx: Transaction) -> str:
        session = tx.session
        ini = _initiative(session, self.initiative_id)
        _, stream = find(session, KINDS["stream"], self.stream_id)
        kept = [k for k in ini.streams if k.stream != stream.id]
        if not self.linked:
            tx.set(ini, streams=kept)
            return f"{ini.id} no longer funded by {stream.id}"
        if self.share is not None and not (math.isfinite(self.share) and 0 < self.share <= 100):
            raise EditError("A share is a percentage above 0 and up to 100.")
        link = StreamLink(stream=stream.id, share=self.share)
        at = next((n for n, k in enumerate(ini.streams) if k.stream == stream.id), len(kept))
        tx.set(ini, streams=[*kept[:at], link, *kept[at:]])
        return f"{ini.id} funded by {stream.id}{_share_text(self.share)}"


Holder = Literal["initiative", "goal", "stream"]


@dataclass
class SetPopulationLinks(Edit):
    """Which goals, initiatives and streams name a population: each list given replaces
    who names it (None leaves that kind as it is). Kept in each holder's own order."""

    population_id: str
    goals: Sequence[str] | None = None
    initiatives: Sequence[str] | None = None
    streams: Sequence[str] | None = None
    AREAS = frozenset({"populations", "goals", "initiatives", "funding"})

    def apply(self, tx: Transaction) -> str:
        session = tx.session
        _, pop = find(session, KINDS["population"], self.population_id)
        changed = 0
        groups: list[tuple[str, Sequence[str] | None, Sequence[Goal | Initiative | FundingStream]]]
        groups = [
            ("goal", self.goals, session.goals),
            ("initiative", self.initiatives, session.initiatives),
            ("funding stream", self.streams, session.streams),
        ]
        for noun, wanted, holders in groups:
            if wanted is None:
                continue
            known = {h.id for h in holders}
            unknown = [ref for ref in wanted if ref not in known]
            if unknown:
                raise EditError(f"There is no {noun} {unknown[0]} to link {pop.id} to.")
            chosen = set(wanted)
            for holder in holders:
                has = pop.id in holder.populations
                if has == (holder.id in chosen):
                    continue
                if has:
                    values = [p for p in holder.populations if p != pop.id]
                else:
                    values = [*holder.populations, pop.id]
                tx.set(holder, populations=values)
                changed += 1
        return f"Linked population {pop.id}: {changed} change" + ("" if changed == 1 else "s")


@dataclass
class TogglePopulation(Edit):
    """One holder (an initiative, a goal or a stream) names a population, or stops naming
    it."""

    holder: Holder
    ref: str
    population_id: str
    AREAS = frozenset({"populations", "goals", "initiatives", "funding"})

    def apply(self, tx: Transaction) -> str:
        _, pop = find(tx.session, KINDS["population"], self.population_id)
        _, item = find(tx.session, KINDS[self.holder], self.ref)
        if pop.id in item.populations:
            tx.set(item, populations=[p for p in item.populations if p != pop.id])
            return f"{item.id} no longer serves {pop.id}"
        tx.set(item, populations=[*item.populations, pop.id])
        return f"{item.id} serves {pop.id}"


def _ordered_groups(session: Session, groups: dict[str, list[Reading]]) -> dict[str, list[Reading]]:
    order = {n.id: k for k, n in enumerate(session.populations)}
    return dict(sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order))))


@dataclass
class RecordGroupReading(Edit):
    """A reading of an indicator for one population on ``day`` (beside the overall
    readings); ``replace`` that population's reading of the same date."""

    indicator_id: str
    population_id: str
    day: dt.date
    value: float
    note: str = ""
    replace: bool = True
    AREAS = frozenset({"indicators"})

    def apply(self, tx: Transaction) -> str:
        session = tx.session
        _, indicator = find(session, KINDS["indicator"], self.indicator_id)
        _, pop = find(session, KINDS["population"], self.population_id)
        if not math.isfinite(self.value):
            raise EditError(f"{self.value} is not a number a reading can have; type a number.")
        try:
            reading = Reading(date=self.day, value=self.value, note=self.note.strip())
        except ValidationError as exc:
            raise EditError(f"The reading of {indicator.id}: {_message(exc)}.") from None
        readings = list(indicator.by_population.get(pop.id, []))
        if self.replace:
            readings = [r for r in readings if r.date != self.day]
        readings.append(reading)
        groups = dict(indicator.by_population)
        groups[pop.id] = sorted(readings, key=lambda r: r.date)
        tx.set(indicator, by_population=_ordered_groups(session, groups))
        return f"Recorded {indicator.id} for {pop.id} = {format_number(self.value)} on {self.day}"


@dataclass
class DeleteGroupReading(Edit):
    """Delete one reading of an indicator for a population (by its place in date order)."""

    indicator_id: str
    population_id: str
    index: int
    AREAS = frozenset({"indicators"})

    def apply(self, tx: Transaction) -> str:
        _, indicator = find(tx.session, KINDS["indicator"], self.indicator_id)
        readings = indicator.by_population.get(self.population_id, [])
        if not 0 <= self.index < len(readings):
            raise EditError(
                f"{indicator.id} has no reading {self.index + 1} for {self.population_id}."
            )
        gone = readings[self.index]
        rest = [r for n, r in enumerate(readings) if n != self.index]
        groups = dict(indicator.by_population)
        if rest:
            groups[self.population_id] = rest
        else:
            del groups[self.population_id]
        tx.set(indicator, by_population=groups)
        return f"Deleted the reading of {indicator.id} for {self.population_id} on {gone.date}"


__all__ = [
    "DeleteGroupReading",
    "RecordGroupReading",
    "SetDecision",
    "SetFundingLink",
    "SetPopulationLinks",
    "TogglePopulation",
]
