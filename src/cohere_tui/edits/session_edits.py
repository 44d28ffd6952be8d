"""The named edits of the five steps that are more than adding, changing or deleting an
item: ratings and their notes, the texts typed in place, check-ins and readings, statuses.

Headless: never imports Textual.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from ..measures import format_number
from ..models import (
    RATING_LABELS,
    VISION_KEY,
    ActionStatus,
    ActionUpdate,
    CheckIn,
    Domain,
    FindingOrigin,
    Indicator,
    Initiative,
    Reading,
    Session,
)
from .base import Edit, EditError, Transaction
from .items import KINDS, AddItem, UpdateItem, find


def rating_key_is_domain(key: str) -> bool:
    """Whether a grid column key names a domain (rather than the vision or a goal)."""
    return key in {d.value for d in Domain}


def get_rating(initiative: Initiative, key: str) -> int | None:
    """The rating in a grid column: 'vision', a goal ID or a domain value; None = unrated."""
    if rating_key_is_domain(key):
        return initiative.domains.get(Domain(key))
    return initiative.alignment.get(key)


def rating_column_name(key: str) -> str:
    """How a history sentence names a grid column: 'vision', 'G2', 'data use'."""
    if key == VISION_KEY:
        return "vision"
    if rating_key_is_domain(key):
        return Domain(key).label.lower()
    return key


def _initiative(session: Session, initiative_id: str) -> Initiative:
    _, ini = find(session, KINDS["initiative"], initiative_id)
    assert isinstance(ini, Initiative)
    return ini


def _shown(value: int | None) -> str:
    return "unrated" if value is None else str(value)


@dataclass
class SetRating(Edit):
    """Rate one cell of the grid 0–3, or clear it (``value`` None)."""

    initiative_id: str
    key: str
    value: int | None
    AREAS = frozenset({"ratings"})

    def apply(self, tx: Transaction) -> str:
        ini = _initiative(tx.session, self.initiative_id)
        key = self.key
        if key != VISION_KEY and not rating_key_is_domain(key) and tx.session.goal(key) is None:
            raise EditError(f"There is no goal {key} to rate against.")
        if self.value is not None and self.value not in RATING_LABELS:
            raise EditError(f"A rating is 0, 1, 2 or 3, not {self.value}.")
        before = get_rating(ini, key)
        if rating_key_is_domain(key):
            domains = dict(ini.domains)
            if self.value is None:
                domains.pop(Domain(key), None)
            else:
                domains[Domain(key)] = self.value
            tx.set(ini, domains=domains)
        else:
            alignment = dict(ini.alignment)
            if self.value is None:
                alignment.pop(key, None)
            else:
                alignment[key] = self.value
            tx.set(ini, alignment=alignment)
        cell = f"{ini.id} × {rating_column_name(key)}"
        if self.value is None:
            return f"Cleared {cell} (was {_shown(before)})"
        return f"Rated {cell} {_shown(before)} → {self.value}"


@dataclass
class SetRatingNote(Edit):
    """Write (or, when empty, remove) the note on one cell of the grid."""

    initiative_id: str
    key: str
    note: str
    AREAS = frozenset({"ratings"})

    def apply(self, tx: Transaction) -> str:
        ini = _initiative(tx.session, self.initiative_id)
        note = self.note.strip()
        notes = dict(ini.rating_notes)
        if note:
            notes[self.key] = note
        else:
            notes.pop(self.key, None)
        tx.set(ini, rating_notes=notes)
        cell = f"{ini.id} × {rating_column_name(self.key)}"
        return f"Wrote the note on {cell}" if note else f"Removed the note on {cell}"


TextField = Literal[
    "vision.statement", "vision.theory_of_change", "vision.assumptions",
    "reflection.worked", "reflection.change", "reflection.next_focus",
]  # fmt: skip

_TEXT_NAMES: dict[str, str] = {
    "vision.statement": "the vision statement",
    "vision.theory_of_change": "the theory of change",
    "vision.assumptions": "the assumptions",
    "reflection.worked": "what worked",
    "reflection.change": "what to change",
    "reflection.next_focus": "the next cycle's focus",
}


@dataclass
class SetText(Edit):
    """Text typed in place (the vision, the theory of change, the reflection…): one edit
    per change, merged into one step of the history while the typing goes on."""

    field: TextField
    text: str

    @property
    def areas(self) -> frozenset[str]:
        return frozenset({self.field.split(".")[0]})

    @property
    def merge_key(self) -> object | None:
        return ("text", self.field)

    def apply(self, tx: Transaction) -> str:
        part, name = self.field.split(".")
        holder = getattr(tx.session, part)
        value: Any = self.text
        if name == "assumptions":
            value = [line.strip() for line in self.text.splitlines() if line.strip()]
        try:
            tx.set(holder, **{name: value})
        except ValidationError as exc:
            message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            raise EditError(f"{_TEXT_NAMES[self.field].capitalize()}: {message}.") from None
        return f"Edited {_TEXT_NAMES[self.field]}"


DETAIL_FIELDS = (
    "title", "organisation", "alignment_type", "facilitator", "meeting_date",
)  # fmt: skip


@dataclass
class SetDetails(Edit):
    """The session's own details: title, organisation, alignment type, facilitator…"""

    values: dict[str, Any]
    AREAS = frozenset({"details"})

    def apply(self, tx: Transaction) -> str:
        session = tx.session
        unknown = set(self.values) - set(type(session).model_fields) - {"schema_version"}
        if unknown:
            raise EditError(f"A session has no detail called {sorted(unknown)[0]}.")
        changed = {k: v for k, v in self.values.items() if getattr(session, k) != v}
        try:
            tx.set(session, **changed)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            message = str(err["msg"]).removeprefix("Value error, ")
            raise EditError(f"The session's {where.replace('_', ' ')}: {message}.") from None
        names = ", ".join(k.replace("_", " ") for k in changed)
        return "Edited the session's details" + (f": {names}" if names else "")


@dataclass
class ToggleDismissed(Edit):
    """Set a finding aside, or bring it back."""

    finding_id: str
    AREAS = frozenset({"findings"})

    def apply(self, tx: Transaction) -> str:
        _, finding = find(tx.session, KINDS["finding"], self.finding_id)
        tx.set(finding, dismissed=not finding.dismissed)
        return f"{'Dismissed' if finding.dismissed else 'Restored'} finding {finding.id}"


@dataclass
class SetActionStatus(Edit):
    """One action's status, from the plan (a quick-status key) or a form."""

    action_id: str
    status: ActionStatus
    day: dt.date | None = None
    """When it happens: a changed status marks the action updated then (see
    :func:`cohere_tui.progress.update_stamp`)."""
    AREAS = frozenset({"actions"})

    def apply(self, tx: Transaction) -> str:
        from ..progress import update_stamp

        _, action = find(tx.session, KINDS["action"], self.action_id)
        before = action.status
        stamp = update_stamp(action, {"status": self.status}, self.day) if self.day else {}
        tx.set(action, status=self.status, **stamp)
        return f"Set {action.id} to {self.status.label} (was {before.label})"


def _checkin_of(tx: Transaction, day: dt.date) -> CheckIn:
    """The check-in of ``day``, created (in date order) when there is none yet."""
    session = tx.session
    for chk in session.checkins:
        if chk.date == day:
            return chk
    chk = CheckIn(date=day)
    at = next((n for n, c in enumerate(session.checkins) if c.date > day), len(session.checkins))
    tx.set(session, checkins=[*session.checkins[:at], chk, *session.checkins[at:]])
    return chk


@dataclass
class RecordUpdate(Edit):
    """What the room said about an action at the check-in of ``day``.

    The action takes the status, and the update (trimmed) as its latest update when it is
    not empty. The check-in holds one entry per action: a second record for the same action
    replaces the first; an empty update or a None progress keeps what the first said.
    """

    day: dt.date
    action_id: str
    status: ActionStatus
    update: str = ""
    progress: int | None = None
    AREAS = frozenset({"actions", "checkins"})

    def apply(self, tx: Transaction) -> str:
        _, action = find(tx.session, KINDS["action"], self.action_id)
        chk = _checkin_of(tx, self.day)
        text = self.update.strip()
        progress = self.progress
        index = next((n for n, u in enumerate(chk.updates) if u.action == action.id), None)
        if index is not None:
            previous = chk.updates[index]
            text = text or previous.update
            progress = previous.progress if progress is None else progress
        try:
            entry = ActionUpdate(action=action.id, status=self.status, update=text,
                                 progress=progress)  # fmt: skip
        except ValidationError as exc:
            message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            raise EditError(f"The update on {action.id}: {message}.") from None
        changes: dict[str, Any] = {"status": self.status}
        if self.update.strip():
            changes["latest_update"] = self.update.strip()
        if action.updated is None or action.updated < self.day:
            changes["updated"] = self.day  # discussed at the check-in: updated then
        tx.set(action, **changes)
        updates = list(chk.updates)
        if index is None:
            updates.append(entry)
        else:
            updates[index] = entry
        tx.set(chk, updates=updates)
        return f"Check-in {self.day}: {action.id} {self.status.label}"


@dataclass
class RecordReading(Edit):
    """A reading of an indicator on ``day``; ``replace`` a reading of that date (else a
    second reading of the same day is added beside the first)."""

    indicator_id: str
    day: dt.date
    value: float
    note: str = ""
    replace: bool = True
    AREAS = frozenset({"indicators"})

    def apply(self, tx: Transaction) -> str:
        _, indicator = find(tx.session, KINDS["indicator"], self.indicator_id)
        reading = _reading(indicator.id, self.day, self.value, self.note)
        readings = list(indicator.readings)
        if self.replace:
            readings = [r for r in readings if r.date != self.day]
        readings.append(reading)
        tx.set(indicator, readings=sorted(readings, key=lambda r: r.date))
        return f"Recorded {indicator.id} = {format_number(self.value)} on {self.day}"


def _reading(indicator_id: str, day: dt.date, value: float, note: str) -> Reading:
    if not math.isfinite(value):
        raise EditError(f"{value} is not a number a reading can have; type a number.")
    try:
        return Reading(date=day, value=value, note=note.strip())
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise EditError(f"The reading of {indicator_id}: {message}.") from None


def _reading_at(tx: Transaction, indicator_id: str, index: int) -> tuple[Indicator, Reading]:
    """The indicator and its reading at ``index`` (in date order), or the sentence why not."""
    _, indicator = find(tx.session, KINDS["indicator"], indicator_id)
    assert isinstance(indicator, Indicator)
    if not 0 <= index < len(indicator.readings):
        raise EditError(f"{indicator.id} has no reading {index + 1}.")
    return indicator, indicator.readings[index]


@dataclass
class UpdateReading(Edit):
    """Correct one reading of an indicator (by its place in date order): its date, value
    and note. The readings stay in date order."""

    indicator_id: str
    index: int
    day: dt.date
    value: float
    note: str = ""
    AREAS = frozenset({"indicators"})

    def apply(self, tx: Transaction) -> str:
        indicator, before = _reading_at(tx, self.indicator_id, self.index)
        reading = _reading(indicator.id, self.day, self.value, self.note)
        readings = list(indicator.readings)
        readings[self.index] = reading
        tx.set(indicator, readings=sorted(readings, key=lambda r: r.date))
        what = []
        if reading.date != before.date:
            what.append(f"date {before.date} → {reading.date}")
        if reading.value != before.value:
            what.append(f"value {before.value:g} → {reading.value:g}")
        if reading.note != before.note:
            what.append("note")
        return f"Corrected the reading of {indicator.id} on {before.date}: " + (
            ", ".join(what) or "unchanged"
        )


@dataclass
class DeleteReading(Edit):
    """Delete one reading of an indicator (by its place in date order)."""

    indicator_id: str
    index: int
    AREAS = frozenset({"indicators"})

    def apply(self, tx: Transaction) -> str:
        indicator, gone = _reading_at(tx, self.indicator_id, self.index)
        readings = [r for n, r in enumerate(indicator.readings) if n != self.index]
        tx.set(indicator, readings=readings)
        return f"Deleted the reading of {indicator.id} on {gone.date}"


@dataclass
class ParkingToItem(Edit):
    """A parked item becomes a finding or an action of its own, and is marked dealt with."""

    parking_id: str
    into: Literal["finding", "action"]
    created: str = ""
    AREAS = frozenset({"parking", "findings", "actions"})

    def apply(self, tx: Transaction) -> str:
        _, item = find(tx.session, KINDS["parking"], self.parking_id)
        values: dict[str, Any]
        source = f"From parking-lot item {item.id}."
        if self.into == "finding":
            from ..models import FindingKind

            values = {"kind": FindingKind.OTHER, "summary": item.text,
                      "origin": FindingOrigin.MANUAL, "note": source}  # fmt: skip
        else:
            values = {"title": item.text, "notes": source}
        add = AddItem(self.into, values)
        add.apply(tx)
        self.created = add.created
        UpdateItem("parking", item.id, {"done": True}).apply(tx)
        return f"Parked {item.id} became {self.into} {self.created}"


@dataclass
class ReplaceSession(Edit):
    """The whole session taken from another copy (work recovered after a crash)."""

    replacement: Session
    description: str = "Took the recovered work"

    def apply(self, tx: Transaction) -> str:
        session = tx.session
        tx.touch(session)
        for name in type(session).model_fields:
            setattr(session, name, getattr(self.replacement, name))
        return self.description


@dataclass
class BringFindingsUpToDate(Edit):
    """Nothing but the derivation every edit ends with: the derived findings brought in line
    with the ratings and relations (when a file was saved with stale ones)."""

    AREAS = frozenset({"findings"})

    def apply(self, tx: Transaction) -> str:
        return "Brought the findings up to date"
