"""The machinery of the one edit path: transactions that remember what they change.

Headless: never imports Textual.

An :class:`Edit` is one named change to a session (rate a cell, delete a goal, import a
workbook). :meth:`SessionDocument.apply <cohere_tui.document.SessionDocument.apply>` runs it
inside a :class:`Transaction`. Before the edit changes a model object it *touches* it
(:meth:`Transaction.touch`, or :meth:`Transaction.set`, which touches and assigns): the
transaction keeps the object's field values as they were. That record is the whole of undo
and redo: undoing swaps every touched object's fields back, redoing swaps them again. No
object is copied deeply and the objects themselves stay the same Python objects, so a
later edit that changed one of them still finds it after an earlier one is undone and
redone (undo and redo go strictly in order).

Rules for writing an edit:

- touch an object before changing it; containers held in its fields (lists, dicts) are
  copied when it is touched, so changing them in place afterwards is safe;
- assign through the model (``setattr`` validates), or construct new model objects;
- never read the clock or anything outside the session and the edit's own fields: an edit
  is a pure function of the session, so that it can be tested and described;
- raise :class:`EditError` with a sentence for the room when the edit cannot be made; the
  transaction then puts back everything it touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel

from ..models import Session


class EditError(ValueError):
    """An edit that cannot be made; the message is a sentence for the room."""


_State = tuple[dict[str, Any], set[str]]


def _copy(value: Any) -> Any:
    """Plain containers copied (all the way down); model objects kept as the same object."""
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, set):
        return set(value)
    return value


def capture(obj: BaseModel) -> _State:
    """The field values of ``obj`` as they are now."""
    return (
        {name: _copy(value) for name, value in obj.__dict__.items()},
        set(obj.__pydantic_fields_set__),
    )


def restore(obj: BaseModel, state: _State) -> None:
    """Give ``obj`` back the field values of ``state`` (without validation: they were valid)."""
    values, fields_set = state
    obj.__dict__.clear()
    obj.__dict__.update({name: _copy(value) for name, value in values.items()})
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields_set))


@dataclass
class Record:
    """What one edit changed: every touched object with its fields from before (or, once
    undone, from after). :meth:`swap` turns one into the other."""

    saved: list[tuple[BaseModel, _State]] = field(default_factory=list)

    def swap(self) -> None:
        swapped = []
        for obj, state in self.saved:
            now = capture(obj)
            restore(obj, state)
            swapped.append((obj, now))
        self.saved = swapped

    def absorb(self, later: Record) -> None:
        """Take in a later record of the same run of typing: objects this one already holds
        keep their older state."""
        held = {id(obj) for obj, _ in self.saved}
        self.saved.extend((obj, state) for obj, state in later.saved if id(obj) not in held)

    def changed(self) -> bool:
        """Whether any touched object now differs from what was kept."""
        return any(capture(obj)[0] != state[0] for obj, state in self.saved)


class Transaction:
    """One edit being applied: the session, and what has been touched so far."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._saved: dict[int, tuple[BaseModel, _State]] = {}

    def touch(self, obj: BaseModel) -> None:
        """Keep ``obj``'s fields as they are before the edit changes them (once per edit)."""
        key = id(obj)
        if key not in self._saved:
            self._saved[key] = (obj, capture(obj))

    def set(self, obj: BaseModel, **values: Any) -> None:
        """Touch ``obj`` and assign ``values`` to its fields (validated by the model)."""
        self.touch(obj)
        for name, value in values.items():
            setattr(obj, name, value)

    def record(self) -> Record:
        return Record(list(self._saved.values()))

    def rollback(self) -> None:
        """Put back everything touched (the edit failed)."""
        for obj, state in self._saved.values():
            restore(obj, state)
        self._saved.clear()


class Edit:
    """One named change to a session. Subclasses are dataclasses holding what the change
    needs (IDs, values), and implement :meth:`apply`."""

    AREAS: ClassVar[frozenset[str]] = frozenset({"all"})

    @property
    def areas(self) -> frozenset[str]:
        """What the edit may change, for views that redraw only what they show: ``"all"``,
        or names such as ``"ratings"``, ``"goals"``, ``"actions"`` (see :data:`AREA_NAMES`)."""
        return self.AREAS

    def apply(self, tx: Transaction) -> str:
        """Make the change through ``tx``; return the sentence the room reads in the history
        ("Rated I1 × vision 3 → 2"). Raise :class:`EditError` when it cannot be made."""
        raise NotImplementedError

    @property
    def merge_key(self) -> object | None:
        """Edits of one run of typing share a key (e.g. the field being typed in), so that
        undo takes back the run at once rather than letter by letter; None never merges."""
        return None


AREA_NAMES = frozenset(
    {
        "all", "details", "participants", "vision", "goals", "initiatives", "ratings",
        "relationships", "findings", "actions", "indicators", "checkins", "reflection",
        "parking", "decisions", "funding", "populations", "scope", "readiness", "meetings",
    }
)  # fmt: skip
"""The parts of a session an edit can name in :attr:`Edit.areas`."""


@dataclass
class Composite(Edit):
    """Several edits as one step of the history, under one sentence."""

    edits: list[Edit]
    description: str = ""

    @property
    def areas(self) -> frozenset[str]:
        return frozenset[str]().union(*(e.areas for e in self.edits)) if self.edits else frozenset()

    def apply(self, tx: Transaction) -> str:
        said = [edit.apply(tx) for edit in self.edits]
        return self.description or "; ".join(s for s in said if s)


@dataclass
class FunctionEdit(Edit):
    """A change made by a plain function of the session, for changes that are a whole
    computation (an import of a workbook, a recovered copy). ``touch`` is given the
    transaction first, to touch every object the function may change."""

    description: str
    touch: Callable[[Transaction], None]
    change: Callable[[Session], object]
    area_names: frozenset[str] = frozenset({"all"})

    @property
    def areas(self) -> frozenset[str]:
        return self.area_names

    def apply(self, tx: Transaction) -> str:
        self.touch(tx)
        self.change(tx.session)
        return self.description
