"""The forms of funding streams, populations and decisions, shared by the funding view, the
coverage view and the steps: each builds its form, applies the edit, and says what it did."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual.app import App
from textual.binding import Binding, BindingType
from textual.widget import Widget

from ...edits import (
    AddItem,
    Composite,
    DeleteItem,
    SetDecision,
    SetPopulationLinks,
    UpdateItem,
    next_item_id,
    usage,
)
from ...measures import format_number
from ...models import DecisionChoice, FundingSource, Session
from ..editing import apply_edit
from ..widgets.item_table import ItemTable
from .base import Dialog
from .confirm import ConfirmDialog
from .form import FormDialog, FormField

if TYPE_CHECKING:
    from ...document import Change, SessionDocument

Node = Widget | App[Any]
Done = Callable[[str | None], None]
"""Called with the ID of the item added or changed (None when nothing changed)."""

_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9}


def parse_amount(text: str) -> float | None:
    """An annual amount as typed: '1200000', '1,200,000', '1.2M', '450k'; blank = unknown."""
    typed = text.strip()
    if not typed:
        return None
    cleaned = re.sub(r"[\s,_]", "", typed).lower().lstrip("$€£")
    factor = 1.0
    if cleaned[-1:] in _SUFFIX:
        factor = _SUFFIX[cleaned[-1]]
        cleaned = cleaned[:-1]
    try:
        value = float(cleaned) * factor
    except ValueError:
        raise ValueError(
            f"“{typed}” is not an amount: type a number such as 1200000, 1,200,000 or 1.2M."
        ) from None
    if not 0 <= value < 1e15:
        raise ValueError("An annual amount is zero or more (and less than a quadrillion).")
    return value


def parse_share(text: str) -> float | None:
    """A share of a stream in percent, as typed: '40', '40%', '12.5'; blank = not set."""
    typed = text.strip().removesuffix("%").strip()
    if not typed:
        return None
    try:
        value = float(typed.replace(",", "."))
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a percentage: type e.g. 40.") from None
    if not 0 < value <= 100:
        raise ValueError("A share is a percentage above 0 and up to 100.")
    return value


def amount_text(value: float | None) -> str:
    """How an amount is offered for editing: digits, no separators."""
    if value is None:
        return ""
    return format_number(value)


def _date_parser(today: dt.date) -> Callable[[str], dt.date | None]:
    def parse(text: str) -> dt.date | None:
        from ...dates import parse_date

        return parse_date(text, today)

    return parse


def _check_dates(values: dict[str, Any]) -> dict[str, str]:
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        return {"end": f"The end ({end}) is before the start ({start})."}
    return {}


# ----- undo inside the views ----------------------------------------------------------------


class UndoableModal(Dialog[None]):
    """A view over the session with ctrl+z and ctrl+y of its own (the workspace's keys do
    not reach a dialog). It follows the document while mounted: subclasses redraw in
    :meth:`document_changed`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "undo", "Undo", tooltip="Take back the last change to the session",
                id="view.undo"),
        Binding("ctrl+y", "redo", "Redo", tooltip="Make again the change last undone",
                id="view.redo"),
    ]  # fmt: skip

    def __init__(self, document: SessionDocument) -> None:
        super().__init__()
        self.document = document
        self._unsubscribe = document.subscribe(self._changed)

    @property
    def session(self) -> Session:
        return self.document.session

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _changed(self, change: Change) -> None:
        if self.is_mounted:
            self.document_changed(change)

    def document_changed(self, change: Change) -> None:
        """Redraw after a change to the session (from here, an undo, or anywhere)."""

    def action_undo(self) -> None:
        change = self.document.undo()
        self.notify("Nothing to undo." if change is None else
                    f"Undone: {change.description}. ctrl+y redoes it.", timeout=4)  # fmt: skip

    def action_redo(self) -> None:
        change = self.document.redo()
        self.notify("Nothing to redo." if change is None else
                    f"Redone: {change.description}.", timeout=4)  # fmt: skip


# ----- funding streams --------------------------------------------------------------------


def stream_fields(session: Session, today: dt.date) -> list[FormField]:
    """The form of a funding stream."""
    parse = _date_parser(today)
    return [
        FormField("name", "Stream", required=True, placeholder="e.g. MIECHV home visiting grant"),
        FormField("source", "Source", kind="choice", required=True,
                  options=[(s.label, s.value) for s in FundingSource]),
        FormField("annual_amount", "Annual amount", parse=parse_amount,
                  placeholder="a number, no currency: 1200000 or 1.2M",
                  help="blank when not known"),
        FormField("start", "Start date", kind="date", parse=parse, placeholder="YYYY-MM-DD"),
        FormField("end", "End date", kind="date", parse=parse,
                  placeholder="YYYY-MM-DD: when the money ends; blank = ongoing"),
        FormField("uses", "Allowable uses", kind="multiline", height=3,
                  help="one use per line, e.g. home visiting"),
        FormField("restrictions", "Restrictions", kind="multiline", height=2),
        FormField("populations", "May serve", kind="multi",
                  options=[(f"{n.id}  {n.name}", n.id) for n in session.populations],
                  help="the populations it may serve; none ticked = no limit recorded"
                  if session.populations else "no populations yet: add them in the coverage view"),
    ]  # fmt: skip


def edit_stream(
    node: Node, document: SessionDocument, stream_id: str | None, today: dt.date, done: Done
) -> None:
    """Add a stream (``stream_id`` None) or edit one, by its form."""
    session = document.session
    stream = session.stream(stream_id) if stream_id else None
    if stream is not None:
        values: dict[str, Any] = stream.model_dump(mode="python")
        values["source"] = stream.source.value
        values["annual_amount"] = amount_text(stream.annual_amount)
        values["uses"] = "\n".join(stream.uses)
    else:
        values = {"source": FundingSource.STATE.value}

    def finished(result: dict[str, Any] | None) -> None:
        if result is None:
            return
        result["uses"] = [u.strip() for u in str(result["uses"]).splitlines() if u.strip()]
        if stream is None:
            add = AddItem("stream", result)
            done(add.created if apply_edit(node, document, add) else None)
        else:
            changed = apply_edit(node, document, UpdateItem("stream", stream.id, result))
            done(stream.id if changed else None)

    title = f"Edit funding stream {stream.id}" if stream else "New funding stream"
    node.app.push_screen(
        FormDialog(title, stream_fields(session, today), values, check=_check_dates), finished
    )


def delete_item(node: Node, document: SessionDocument, kind: str, ref: str, done: Done) -> None:
    """Ask, then delete a stream or a population with its references."""
    session = document.session
    item = session.stream(ref) if kind == "stream" else session.population(ref)
    if item is None:
        return
    used = usage(session, kind, ref)
    noun = "funding stream" if kind == "stream" else "population"
    body = f"“{item.name}”"
    if used:
        body += f"\n\nIt is {used.describe()}; those links go too."
    body += "\n\nctrl+z undoes it."

    def finished(yes: bool | None) -> None:
        if yes and apply_edit(node, document, DeleteItem(kind, ref)):
            done(ref)

    node.app.push_screen(ConfirmDialog(f"Delete {noun} {ref}?", body), finished)


def item_requested(
    node: Node,
    document: SessionDocument,
    kind: Literal["stream", "population"],
    event: ItemTable.Requested,
    today: dt.date | None = None,
) -> None:
    """`a`, `enter` or `d` in a list of streams or populations: its form, or the question
    before a delete; the cursor then goes to the item. A stream's form needs ``today`` (for
    dates typed as 'today' or '+2w')."""
    table = event.table

    def done(ref: str | None) -> None:
        table.move_cursor_to(ref)

    ref = event.item_id
    if event.verb == "delete" and ref:
        delete_item(node, document, kind, ref, done)
    elif event.verb == "add" or (event.verb == "edit" and ref):
        target = ref if event.verb == "edit" else None
        if kind == "stream" and today is not None:
            edit_stream(node, document, target, today, done)
        elif kind == "population":
            edit_population(node, document, target, done)


# ----- populations ------------------------------------------------------------------------


def population_fields(session: Session) -> list[FormField]:
    """The form of a population, with who names it: goals, initiatives and streams."""
    return [
        FormField("name", "Population", required=True,
                  placeholder="e.g. families with children 0–5"),
        FormField("description", "Who they are", kind="multiline", height=2,
                  help="ages, places, eligibility, how many"),
        FormField("goals", "Goals about them", kind="multi",
                  options=[(f"{g.id}  {g.title}", g.id) for g in session.goals]),
        FormField("initiatives", "Served by", kind="multi",
                  options=[(f"{i.id}  {i.name}", i.id) for i in session.initiatives],
                  help="space ticks an initiative that serves them"),
        FormField("streams", "Streams that may serve them", kind="multi",
                  options=[(f"{s.id}  {s.name}", s.id) for s in session.streams]),
    ]  # fmt: skip


def edit_population(
    node: Node, document: SessionDocument, population_id: str | None, done: Done
) -> None:
    """Add a population (``population_id`` None) or edit one, with its links, by its form."""
    session = document.session
    pop = session.population(population_id) if population_id else None
    values: dict[str, Any] = {}
    if pop is not None:
        values = {
            "name": pop.name,
            "description": pop.description,
            "goals": [g.id for g in session.goals if pop.id in g.populations],
            "initiatives": [i.id for i in session.initiatives if pop.id in i.populations],
            "streams": [s.id for s in session.streams if pop.id in s.populations],
        }

    def finished(result: dict[str, Any] | None) -> None:
        if result is None:
            return
        own = {"name": result["name"], "description": result["description"]}
        pid = pop.id if pop is not None else next_item_id(document.session, "population")
        first = AddItem("population", own) if pop is None else UpdateItem("population", pid, own)
        links = SetPopulationLinks(pid, result["goals"], result["initiatives"], result["streams"])
        verb = "Added" if pop is None else "Edited"
        edit = Composite([first, links], f"{verb} population {pid} “{result['name']}”")
        done(pid if apply_edit(node, document, edit) else None)

    title = f"Edit population {pop.id}" if pop else "New population"
    node.app.push_screen(FormDialog(title, population_fields(session), values), finished)


# ----- the decision on an initiative ------------------------------------------------------

UNDECIDED = "undecided"


def decide(node: Node, document: SessionDocument, initiative_id: str | None) -> None:
    """The room's decision on one initiative, by keys: the rules' suggestion is offered
    first (when nothing is decided yet); the room chooses."""
    from ...analysis import suggest_decision

    session = document.session
    ini = session.initiative(initiative_id) if initiative_id else None
    if ini is None:
        node.notify("Move to an initiative first.", severity="warning", timeout=3)
        return
    hint = suggest_decision(session, ini)
    decision = ini.decision
    answered = set(decision.findings if decision else hint.findings)
    mine = [f for f in session.findings if ini.id in f.initiatives or f.id in answered]
    others = [(f"{i.id}  {i.name}", i.id) for i in session.initiatives if i.id != ini.id]
    partner_hint = f" with {hint.combine_with}" if hint.combine_with else ""
    cited = f" ({', '.join(hint.findings)})" if hint.findings else ""
    fields = [
        FormField("choice", "Decision", kind="choice", required=True,
                  options=[(c.label.capitalize(), c.value) for c in DecisionChoice]
                  + [("Undecided", UNDECIDED)],
                  help=f"suggested: {hint.choice.label}{partner_hint} — {hint.reason}{cited}"),
        FormField("combine_with", "Combine with", kind="choice", options=others,
                  help="only for 'combine': the initiative it joins"),
        FormField("rationale", "Why", kind="multiline", height=3),
        FormField("findings", "Answers findings", kind="multi",
                  options=[(f"{f.id}  {f.summary}", f.id) for f in mine],
                  help="space ticks a finding the decision answers" if mine
                  else "no finding names this initiative"),
    ]  # fmt: skip
    if decision is not None:
        values: dict[str, Any] = {
            "choice": decision.choice.value,
            "combine_with": decision.combine_with,
            "rationale": decision.rationale,
            "findings": decision.findings,
        }
    else:
        values = {
            "choice": hint.choice.value,
            "combine_with": hint.combine_with,
            "findings": list(hint.findings),
        }

    def check(result: dict[str, Any]) -> dict[str, str]:
        if result["choice"] == DecisionChoice.COMBINE.value and not result["combine_with"]:
            return {"combine_with": "Choose the initiative it is combined with."}
        return {}

    def finished(result: dict[str, Any] | None) -> None:
        if result is None:
            return
        choice = None if result["choice"] == UNDECIDED else DecisionChoice(result["choice"])
        edit = SetDecision(
            ini.id, choice, result["combine_with"], result["rationale"], result["findings"]
        )
        change = apply_edit(node, document, edit)
        if change is not None:
            node.notify(f"{change.description} · ctrl+z undoes", timeout=4)

    node.app.push_screen(
        FormDialog(f"Decision on {ini.id} “{ini.name}”", fields, values, check=check), finished
    )
