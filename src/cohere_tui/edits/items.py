"""Adding, changing, moving and deleting the items of a session, with their references.

Headless: never imports Textual. Every kind of item a session holds in a list is described
once in :data:`KINDS`; the generic edits (:class:`AddItem`, :class:`UpdateItem`,
:class:`MoveItem`, :class:`DeleteItem`) work for all of them, and deleting an item removes
every reference to it (:func:`usage` says which, for the confirmation).

Items with an ID (goals ``G``, initiatives ``I``, findings ``F``, actions ``A``,
indicators ``M``, parking-lot items ``P``, decisions ``D``, funding streams ``S``,
populations ``N``) are named by it; participants, relationships and meetings, which have
none, by their place in the list (``"0"``, ``"1"``, …).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from pydantic import BaseModel, ValidationError

from ..models import (
    Action,
    Decision,
    DotRound,
    Finding,
    FindingOrigin,
    FundingStream,
    Goal,
    IdPrefix,
    Indicator,
    Initiative,
    Meeting,
    ParkingItem,
    Participant,
    Population,
    Relationship,
    Session,
    next_id,
)
from .base import Edit, EditError, Transaction

KindName = Literal[
    "participant", "goal", "initiative", "relationship", "finding", "action", "indicator",
    "parking", "decision", "population", "stream", "meeting",
]  # fmt: skip


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _meeting_text(meeting: Meeting) -> str:
    if meeting.purpose.strip():
        return meeting.purpose
    return f"of {meeting.date}" if meeting.date else "without a date"


@dataclass(frozen=True)
class Kind:
    """One kind of item: where the session keeps it and how the room names it."""

    name: KindName
    noun: str
    field: str
    """The session's list that holds it."""
    model: type[BaseModel]
    prefix: IdPrefix | None
    """The ID prefix, or None for items named by their place."""
    area: str
    text: Callable[[Any], str]
    """The item's own words (title, name, summary…)."""


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("participant", "participant", "participants", Participant, None, "participants",
             lambda p: p.name),
        Kind("goal", "goal", "goals", Goal, "G", "goals", lambda g: g.title),
        Kind("initiative", "initiative", "initiatives", Initiative, "I", "initiatives",
             lambda i: i.name),
        Kind("relationship", "relationship", "relationships", Relationship, None,
             "relationships", lambda r: f"{r.a} {r.kind.label} {r.b}"),
        Kind("finding", "finding", "findings", Finding, "F", "findings", lambda f: f.summary),
        Kind("action", "action", "actions", Action, "A", "actions", lambda a: a.title),
        Kind("indicator", "indicator", "indicators", Indicator, "M", "indicators",
             lambda m: m.name),
        Kind("parking", "parking-lot item", "parking_lot", ParkingItem, "P", "parking",
             lambda p: p.text),
        Kind("decision", "decision", "decisions", Decision, "D", "decisions", lambda d: d.text),
        Kind("population", "population", "populations", Population, "N", "populations",
             lambda n: n.name),
        Kind("stream", "funding stream", "streams", FundingStream, "S", "funding",
             lambda s: s.name),
        Kind("meeting", "meeting", "meetings", Meeting, None, "meetings", _meeting_text),
    )
}  # fmt: skip


def items_of(session: Session, kind: Kind) -> list[Any]:
    return cast(list[Any], getattr(session, kind.field))


def find(session: Session, kind: Kind, ref: str) -> tuple[int, Any]:
    """The index and the item named ``ref``; :class:`EditError` when there is none."""
    items = items_of(session, kind)
    if kind.prefix is None:
        if ref.isdigit() and int(ref) < len(items):
            return int(ref), items[int(ref)]
    else:
        for n, item in enumerate(items):
            if item.id == ref:
                return n, item
    raise EditError(f"There is no {kind.noun} {ref} (it may have been deleted meanwhile).")


def name_of(kind: Kind, item: Any) -> str:
    """'goal G2 “Every child ready…”' or 'participant “Ana Ruiz”'."""
    words = f"“{_short(kind.text(item))}”"
    if kind.prefix is not None:
        return f"{kind.noun} {item.id} {words}"
    return f"{kind.noun} {words}"


def _model_error(kind: Kind, exc: ValidationError) -> EditError:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or kind.noun
    message = str(err["msg"]).removeprefix("Value error, ")
    return EditError(f"The {kind.noun} cannot take that {where}: {message}.")


# ----- references -------------------------------------------------------------------------


@dataclass
class Usage:
    """Where an item is referred to, for the delete confirmation."""

    places: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.places)

    def describe(self) -> str:
        return "; ".join(self.places)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def usage(session: Session, kind_name: str, ref: str) -> Usage:
    """What else names the item (what deleting it also removes)."""
    kind = KINDS[kind_name]
    _, item = find(session, kind, ref)
    out = Usage()
    if kind.name == "goal":
        gid = item.id
        linked = sum(gid in i.goals for i in session.initiatives)
        rated = sum(gid in i.alignment for i in session.initiatives)
        findings = sum(gid in f.goals for f in session.findings)
        indicators = sum(m.goal == gid for m in session.indicators)
        if linked:
            out.places.append(f"linked from {_count(linked, 'initiative')}")
        if rated:
            out.places.append(_count(rated, "rating"))
        if findings:
            out.places.append(f"named in {_count(findings, 'finding')}")
        if indicators:
            out.places.append(f"measured by {_count(indicators, 'indicator')}")
    elif kind.name == "initiative":
        iid = item.id
        ratings = len(item.alignment) + len(item.domains)
        relations = sum(iid in (r.a, r.b) for r in session.relationships)
        findings = sum(iid in f.initiatives for f in session.findings)
        actions = sum(iid in a.initiatives for a in session.actions)
        if ratings:
            out.places.append(_count(ratings, "rating"))
        if relations:
            out.places.append(_count(relations, "relationship"))
        if findings:
            out.places.append(f"named in {_count(findings, 'finding')}")
        if actions:
            out.places.append(f"named in {_count(actions, 'action')}")
        combined = sum(_combines_with(i, iid) for i in session.initiatives)
        if combined:
            out.places.append(
                f"the decision of {_count(combined, 'initiative')} to combine with it"
            )
    elif kind.name == "finding":
        actions = sum(item.id in a.findings for a in session.actions)
        if actions:
            out.places.append(f"answered by {_count(actions, 'action')}")
        decided = sum(_answers(i, item.id) for i in session.initiatives)
        if decided:
            out.places.append(f"answered by the decision on {_count(decided, 'initiative')}")
    elif kind.name == "population":
        out.places.extend(_population_usage(session, item.id))
    elif kind.name == "stream":
        funded = sum(any(k.stream == item.id for k in i.streams) for i in session.initiatives)
        if funded:
            out.places.append(f"funds {_count(funded, 'initiative')}")
    if kind.name in ("finding", "action"):
        rounds = sum(item.id in r.options for r in session.dot_rounds)
        if rounds:
            out.places.append(f"on the ballot of {_count(rounds, 'dot-vote round')}")
    if kind.name == "action":
        entries = sum(u.action == item.id for c in session.checkins for u in c.updates)
        if entries:
            out.places.append(f"{entries} check-in " + ("entry" if entries == 1 else "entries"))
    elif kind.name == "indicator":
        actions = sum(item.id in a.indicators for a in session.actions)
        if actions:
            out.places.append(f"tracks {_count(actions, 'action')}")
    return out


def _without(values: list[str], ref: str) -> list[str]:
    return [v for v in values if v != ref]


def _combines_with(ini: Initiative, initiative_id: str) -> bool:
    return ini.decision is not None and ini.decision.combine_with == initiative_id


def _answers(ini: Initiative, finding_id: str) -> bool:
    return ini.decision is not None and finding_id in ini.decision.findings


def _population_usage(session: Session, pid: str) -> list[str]:
    places = []
    served = sum(pid in i.populations for i in session.initiatives)
    goals = sum(pid in g.populations for g in session.goals)
    streams = sum(pid in s.populations for s in session.streams)
    readings = sum(len(m.by_population.get(pid, [])) for m in session.indicators)
    if served:
        places.append(f"served by {_count(served, 'initiative')}")
    if goals:
        places.append(f"named by {_count(goals, 'goal')}")
    if streams:
        places.append(f"named by {_count(streams, 'funding stream')}")
    if readings:
        places.append(_count(readings, "indicator reading"))
    return places


def _drop_population(tx: Transaction, pid: str) -> int:
    session = tx.session
    n = 0
    holders: list[Initiative | Goal | FundingStream] = [
        *session.initiatives, *session.goals, *session.streams
    ]  # fmt: skip
    for holder in holders:
        if pid in holder.populations:
            tx.set(holder, populations=_without(holder.populations, pid))
            n += 1
    for ind in session.indicators:
        if pid in ind.by_population:
            n += len(ind.by_population[pid])
            tx.set(ind, by_population={k: v for k, v in ind.by_population.items() if k != pid})
    return n


def _forget_in_rounds(tx: Transaction, item_id: str) -> int:
    """Take a deleted finding or action out of every dot-vote round (a round left with no
    option goes); returns how many rounds changed."""
    session: Session = tx.session
    changed = 0
    kept: list[DotRound] = []
    for round_ in session.dot_rounds:
        if item_id in round_.options or item_id in round_.votes or item_id in round_.ranking:
            changed += 1
            if len(round_.options) <= 1 and item_id in round_.options:
                continue
            tx.set(
                round_,
                options=[o for o in round_.options if o != item_id],
                votes={o: v for o, v in round_.votes.items() if o != item_id},
                ranking=[o for o in round_.ranking if o != item_id],
            )
        kept.append(round_)
    if len(kept) != len(session.dot_rounds):
        tx.set(session, dot_rounds=kept)
    return changed


def _drop_references(tx: Transaction, kind: Kind, item: Any) -> int:
    """Remove every reference to ``item``; returns how many places changed."""
    session = tx.session
    n = 0
    if kind.name == "goal":
        gid = item.id
        for ini in session.initiatives:
            if (
                gid in ini.goals
                or gid in ini.alignment
                or gid in ini.rating_notes
                or gid in ini.votes
            ):
                tx.set(
                    ini,
                    goals=_without(ini.goals, gid),
                    alignment={k: v for k, v in ini.alignment.items() if k != gid},
                    rating_notes={k: v for k, v in ini.rating_notes.items() if k != gid},
                    votes={k: v for k, v in ini.votes.items() if k != gid},
                )
                n += 1
        for fnd in session.findings:
            if gid in fnd.goals:
                tx.set(fnd, goals=_without(fnd.goals, gid))
                n += 1
        for ind in session.indicators:
            if ind.goal == gid:
                tx.set(ind, goal=None)
                n += 1
    elif kind.name == "initiative":
        iid = item.id
        kept = [r for r in session.relationships if iid not in (r.a, r.b)]
        if len(kept) != len(session.relationships):
            n += len(session.relationships) - len(kept)
            tx.set(session, relationships=kept)
        for fnd in session.findings:
            if iid in fnd.initiatives:
                tx.set(fnd, initiatives=_without(fnd.initiatives, iid))
                n += 1
        for act in session.actions:
            if iid in act.initiatives:
                tx.set(act, initiatives=_without(act.initiatives, iid))
                n += 1
        for ini in session.initiatives:
            if _combines_with(ini, iid):
                tx.set(ini, decision=None)
                n += 1
    elif kind.name == "finding":
        for act in session.actions:
            if item.id in act.findings:
                tx.set(act, findings=_without(act.findings, item.id))
                n += 1
        for ini in session.initiatives:
            if ini.decision is not None and _answers(ini, item.id):
                tx.set(ini.decision, findings=_without(ini.decision.findings, item.id))
                n += 1
        n += _forget_in_rounds(tx, item.id)
    elif kind.name == "population":
        n += _drop_population(tx, item.id)
    elif kind.name == "stream":
        for ini in session.initiatives:
            if any(k.stream == item.id for k in ini.streams):
                tx.set(ini, streams=[k for k in ini.streams if k.stream != item.id])
                n += 1
    elif kind.name == "action":
        n += _forget_in_rounds(tx, item.id)
        for chk in session.checkins:
            kept_updates = [u for u in chk.updates if u.action != item.id]
            if len(kept_updates) != len(chk.updates):
                n += len(chk.updates) - len(kept_updates)
                tx.set(chk, updates=kept_updates)
    elif kind.name == "indicator":
        for act in session.actions:
            if item.id in act.indicators:
                tx.set(act, indicators=_without(act.indicators, item.id))
                n += 1
    return n


# ----- the edits --------------------------------------------------------------------------


@dataclass
class AddItem(Edit):
    """Add an item built from ``values`` (a form's result); items with an ID get the next
    free one. ``at`` places it (default: at the end). After applying, ``created`` names it
    (its ID, or its index)."""

    kind: str
    values: dict[str, Any]
    at: int | None = None
    created: str = ""

    @property
    def areas(self) -> frozenset[str]:
        return frozenset({KINDS[self.kind].area})

    def apply(self, tx: Transaction) -> str:
        kind = KINDS[self.kind]
        session = tx.session
        items = items_of(session, kind)
        values = dict(self.values)
        if kind.prefix is not None:
            values["id"] = next_id(kind.prefix, _taken_ids(session, kind))
        try:
            item = kind.model.model_validate(values)
        except ValidationError as exc:
            raise _model_error(kind, exc) from None
        at = len(items) if self.at is None else max(0, min(len(items), self.at))
        tx.set(session, **{kind.field: [*items[:at], item, *items[at:]]})
        self.created = item.id if kind.prefix is not None else str(at)  # type: ignore[attr-defined]
        return f"Added {name_of(kind, item)}"


@dataclass
class UpdateItem(Edit):
    """Change some fields of one item (the others stay as they are)."""

    kind: str
    ref: str
    values: dict[str, Any]

    @property
    def areas(self) -> frozenset[str]:
        return frozenset({KINDS[self.kind].area})

    def apply(self, tx: Transaction) -> str:
        kind = KINDS[self.kind]
        _, item = find(tx.session, kind, self.ref)
        merged = {**item.model_dump(), **self.values}
        if kind.prefix is not None:
            merged["id"] = item.id  # an ID never changes
        try:
            checked = kind.model.model_validate(merged)
        except ValidationError as exc:
            raise _model_error(kind, exc) from None
        changed = [name for name in self.values if getattr(checked, name) != getattr(item, name)]
        if changed:
            tx.set(item, **{name: getattr(checked, name) for name in changed})
        fields = ", ".join(name.replace("_", " ") for name in changed)
        return f"Edited {name_of(kind, item)}" + (f": {fields}" if fields else "")


@dataclass
class MoveItem(Edit):
    """Move an item ``offset`` places up (negative) or down its list, clamped at the ends."""

    kind: str
    ref: str
    offset: int

    @property
    def areas(self) -> frozenset[str]:
        return frozenset({KINDS[self.kind].area})

    def apply(self, tx: Transaction) -> str:
        kind = KINDS[self.kind]
        index, item = find(tx.session, kind, self.ref)
        items = list(items_of(tx.session, kind))
        target = max(0, min(len(items) - 1, index + self.offset))
        if target != index:
            items.insert(target, items.pop(index))
            tx.set(tx.session, **{kind.field: items})
        if kind.prefix is None:
            self.ref = str(target)  # what a second move of the same item names
        where = "up" if self.offset < 0 else "down"
        return f"Moved {name_of(kind, item)} {where} to place {target + 1}"


@dataclass
class DeleteItem(Edit):
    """Delete an item and every reference to it (links, ratings, check-in entries…)."""

    kind: str
    ref: str

    @property
    def areas(self) -> frozenset[str]:
        return frozenset({"all"})

    def apply(self, tx: Transaction) -> str:
        kind = KINDS[self.kind]
        session = tx.session
        index, item = find(session, kind, self.ref)
        if kind.name == "finding" and item.origin is FindingOrigin.DERIVED and not item.resolved:
            raise EditError(
                f"Finding {item.id} follows from the ratings and relations and would come "
                "back at once; dismiss it (x) instead, or change what it follows from."
            )
        items = items_of(session, kind)
        tx.set(session, **{kind.field: [*items[:index], *items[index + 1 :]]})
        references = _drop_references(tx, kind, item)
        said = f"Deleted {name_of(kind, item)}"
        if references:
            said += f" and {_count(references, 'reference')}"
        return said


def _taken_ids(session: Session, kind: Kind) -> list[str]:
    """The IDs a new item of this kind must not take: its list's, and for initiatives the
    archived ones' too (an earlier cycle's initiative keeps its ID)."""
    taken = [i.id for i in items_of(session, kind)]
    if kind.name == "initiative":
        taken += [i.id for i in session.archived_initiatives]
    return taken


def next_item_id(session: Session, kind_name: str) -> str:
    """The ID an :class:`AddItem` of this kind would give now."""
    kind = KINDS[kind_name]
    if kind.prefix is None:
        return str(len(items_of(session, kind)))
    return next_id(kind.prefix, _taken_ids(session, kind))


__all__ = [
    "KINDS",
    "AddItem",
    "DeleteItem",
    "EditError",
    "Kind",
    "MoveItem",
    "UpdateItem",
    "Usage",
    "find",
    "name_of",
    "next_item_id",
    "usage",
]
