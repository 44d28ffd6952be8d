"""The named edits of Prepare: readiness on the conditions, the scope, the meetings and
their agendas. The team itself is the participants, changed by the generic item edits
(:class:`~cohere_tui.edits.items.AddItem`, :class:`~cohere_tui.edits.items.UpdateItem`, …)
with their team role and voices.

Headless: never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..models import (
    READINESS_LABELS,
    SCOPE_LISTS,
    AgendaItem,
    Condition,
    ConditionReadiness,
    Meeting,
    Scope,
    ScopeList,
)
from ..prepare import first_meeting_agenda
from .base import Edit, EditError, Transaction
from .items import KINDS, AddItem, find


def _message(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"{where.replace('_', ' ')}: {message}" if where else message


def _shown(value: int | None) -> str:
    return "unrated" if value is None else f"{value} ({READINESS_LABELS[value]})"


def _is_empty(entry: ConditionReadiness) -> bool:
    return entry == ConditionReadiness()


def put_readiness(tx: Transaction, condition: Condition, values: dict[str, Any]) -> list[str]:
    """Change one condition's entry (its rating, evidence, who rated it, its votes); an
    entry left empty is removed. Returns what changed."""
    session = tx.session
    entry = session.readiness.get(condition)
    current = entry.model_dump() if entry is not None else {}
    try:
        checked = ConditionReadiness.model_validate({**current, **values})
    except ValidationError as exc:
        raise EditError(f"Readiness on {condition.label.lower()}: {_message(exc)}.") from None
    before = entry if entry is not None else ConditionReadiness()
    changed = [name for name in values if getattr(checked, name) != getattr(before, name)]
    if not changed:
        return []
    if _is_empty(checked):
        tx.set(session, readiness={k: v for k, v in session.readiness.items() if k != condition})
    elif entry is None:
        tx.set(session, readiness={**session.readiness, condition: checked})
    else:
        tx.set(entry, **{name: getattr(checked, name) for name in changed})
    return changed


@dataclass
class SetReadiness(Edit):
    """Rate one condition 1–4 (emerging, developing, established, sustaining), or clear its
    rating (``rating`` None)."""

    condition: Condition
    rating: int | None
    AREAS = frozenset({"readiness"})

    def apply(self, tx: Transaction) -> str:
        if self.rating is not None and self.rating not in READINESS_LABELS:
            raise EditError(
                f"Readiness is rated 1 emerging, 2 developing, 3 established or 4 sustaining, "
                f"not {self.rating}."
            )
        entry = tx.session.readiness.get(self.condition)
        before = entry.rating if entry is not None else None
        put_readiness(tx, self.condition, {"rating": self.rating})
        name = self.condition.label.lower()
        if self.rating is None:
            return f"Cleared readiness on {name} (was {_shown(before)})"
        return f"Rated readiness on {name} {_shown(before)} → {_shown(self.rating)}"


@dataclass
class UpdateReadiness(Edit):
    """Change what is recorded on one condition: its rating, evidence, who rated it."""

    condition: Condition
    values: dict[str, Any]
    AREAS = frozenset({"readiness"})

    def apply(self, tx: Transaction) -> str:
        unknown = set(self.values) - set(ConditionReadiness.model_fields)
        if unknown:
            raise EditError(f"A readiness condition has no field called {sorted(unknown)[0]}.")
        values = {k: v.strip() if isinstance(v, str) else v for k, v in self.values.items()}
        changed = put_readiness(tx, self.condition, values)
        names = ", ".join(name.replace("_", " ") for name in changed)
        return f"Edited readiness on {self.condition.label.lower()}" + (
            f": {names}" if names else ""
        )


def clean_list(lines: list[str] | str) -> list[str]:
    """A list typed one item per line (or given as a list): items trimmed, blanks dropped,
    repeats kept once."""
    items = lines.splitlines() if isinstance(lines, str) else lines
    out: list[str] = []
    for item in items:
        text = item.strip()
        if text and text not in out:
            out.append(text)
    return out


_SCOPE_NAMES = {
    "question": "question",
    "time_frame": "time frame",
    "note": "note",
}


@dataclass
class SetScope(Edit):
    """Change the scope: ``question``, ``time_frame``, ``note`` (text) and ``included`` /
    ``excluded`` (a mapping of some of ``agencies``, ``levels``, ``populations``,
    ``initiatives`` to lists, or to text with one item per line). Fields not named stay."""

    values: dict[str, Any]
    AREAS = frozenset({"scope"})

    def apply(self, tx: Transaction) -> str:
        scope = tx.session.scope
        unknown = set(self.values) - set(Scope.model_fields)
        if unknown:
            raise EditError(f"The scope has no part called {sorted(unknown)[0]}.")
        changes: dict[str, Any] = {}
        said: list[str] = []
        for name, value in self.values.items():
            if name in ("included", "excluded"):
                side: ScopeList = getattr(scope, name)
                lists = dict(value)
                wrong = set(lists) - set(SCOPE_LISTS)
                if wrong:
                    raise EditError(f"The scope has no list called {sorted(wrong)[0]}.")
                merged = {**side.model_dump(), **{k: clean_list(v) for k, v in lists.items()}}
                try:
                    new_side = ScopeList.model_validate(merged)
                except ValidationError as exc:
                    raise EditError(f"The scope: {_message(exc)}.") from None
                if new_side != side:
                    changes[name] = new_side
                    word = "in" if name == "included" else "out"
                    said.extend(
                        f"{SCOPE_LISTS[k].lower()} {word}"
                        for k in lists
                        if getattr(new_side, k) != getattr(side, k)
                    )
            else:
                text = value.strip() if isinstance(value, str) else value
                if text != getattr(scope, name):
                    changes[name] = text
                    said.append(_SCOPE_NAMES[name])
        if changes:
            try:
                tx.set(scope, **changes)
            except ValidationError as exc:
                raise EditError(f"The scope: {_message(exc)}.") from None
        return "Edited the scope" + (f": {', '.join(said)}" if said else "")


# ----- meetings and their agendas ----------------------------------------------------------


def _meeting(tx: Transaction, ref: str) -> Meeting:
    _, meeting = find(tx.session, KINDS["meeting"], ref)
    assert isinstance(meeting, Meeting)
    return meeting


def _meeting_name(ref: str, meeting: Meeting) -> str:
    return f"meeting {int(ref) + 1}" + (f" ({meeting.date})" if meeting.date else "")


def _agenda_item(values: dict[str, Any], where: str) -> AgendaItem:
    try:
        return AgendaItem.model_validate(values)
    except ValidationError as exc:
        raise EditError(f"The agenda item of {where}: {_message(exc)}.") from None


def _index(meeting: Meeting, index: int, where: str) -> int:
    if not 0 <= index < len(meeting.agenda):
        raise EditError(f"The agenda of {where} has no item {index + 1}.")
    return index


@dataclass
class AddMeeting(Edit):
    """Add a meeting; the first meeting of a session, given no agenda, starts with the
    agenda of Prepare and the five steps (:func:`cohere_tui.prepare.first_meeting_agenda`).
    ``created`` names it afterwards (its place)."""

    values: dict[str, Any]
    at: int | None = None
    created: str = ""
    AREAS = frozenset({"meetings"})

    def apply(self, tx: Transaction) -> str:
        values = dict(self.values)
        prefilled = not tx.session.meetings and not values.get("agenda")
        if prefilled:
            values["agenda"] = first_meeting_agenda()
        add = AddItem("meeting", values, self.at)
        said = add.apply(tx)
        self.created = add.created
        if prefilled:
            said += f", its agenda prefilled from Prepare and the five steps ({len(values['agenda'])} items)"
        return said


@dataclass
class AddAgendaItem(Edit):
    """Add an item to a meeting's agenda (at the end, or at place ``at``); ``created`` is
    its place afterwards."""

    meeting: str
    values: dict[str, Any]
    at: int | None = None
    created: int = -1
    AREAS = frozenset({"meetings"})

    def apply(self, tx: Transaction) -> str:
        meeting = _meeting(tx, self.meeting)
        where = _meeting_name(self.meeting, meeting)
        item = _agenda_item(self.values, where)
        agenda = list(meeting.agenda)
        at = len(agenda) if self.at is None else max(0, min(len(agenda), self.at))
        agenda.insert(at, item)
        tx.set(meeting, agenda=agenda)
        self.created = at
        return f"Added “{item.title}” to the agenda of {where}"


@dataclass
class UpdateAgendaItem(Edit):
    """Change some fields of one agenda item."""

    meeting: str
    index: int
    values: dict[str, Any]
    AREAS = frozenset({"meetings"})

    def apply(self, tx: Transaction) -> str:
        meeting = _meeting(tx, self.meeting)
        where = _meeting_name(self.meeting, meeting)
        index = _index(meeting, self.index, where)
        item = meeting.agenda[index]
        checked = _agenda_item({**item.model_dump(), **self.values}, where)
        changed = [n for n in self.values if getattr(checked, n) != getattr(item, n)]
        if changed:
            tx.set(item, **{n: getattr(checked, n) for n in changed})
        names = ", ".join(changed)
        return f"Edited agenda item {index + 1} of {where}" + (f": {names}" if names else "")


@dataclass
class DeleteAgendaItem(Edit):
    """Take one item off a meeting's agenda."""

    meeting: str
    index: int
    AREAS = frozenset({"meetings"})

    def apply(self, tx: Transaction) -> str:
        meeting = _meeting(tx, self.meeting)
        where = _meeting_name(self.meeting, meeting)
        index = _index(meeting, self.index, where)
        gone = meeting.agenda[index]
        tx.set(meeting, agenda=[a for n, a in enumerate(meeting.agenda) if n != index])
        return f"Took “{gone.title}” off the agenda of {where}"


@dataclass
class MoveAgendaItem(Edit):
    """Move an agenda item ``offset`` places up (negative) or down, clamped at the ends;
    ``index`` follows the item (what a second move names)."""

    meeting: str
    index: int
    offset: int
    AREAS = frozenset({"meetings"})

    def apply(self, tx: Transaction) -> str:
        meeting = _meeting(tx, self.meeting)
        where = _meeting_name(self.meeting, meeting)
        index = _index(meeting, self.index, where)
        agenda = list(meeting.agenda)
        target = max(0, min(len(agenda) - 1, index + self.offset))
        if target != index:
            agenda.insert(target, agenda.pop(index))
            tx.set(meeting, agenda=agenda)
        item = agenda[target]
        self.index = target
        return f"Moved “{item.title}” to place {target + 1} of the agenda of {where}"


__all__ = [
    "AddAgendaItem",
    "AddMeeting",
    "DeleteAgendaItem",
    "MoveAgendaItem",
    "SetReadiness",
    "SetScope",
    "UpdateAgendaItem",
    "UpdateReadiness",
    "clean_list",
]
