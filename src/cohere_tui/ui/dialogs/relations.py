"""Relations between initiatives: for one initiative, or every pair; add, edit, delete by keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, Static

from ...edits import AddItem, DeleteItem, UpdateItem
from ...models import RELATION_LABELS, RelationKind, Relationship, Session
from ..editing import apply_edit
from ..widgets.item_table import ItemTable
from ..widgets.key_footer import KeyFooter
from .base import Dialog
from .confirm import ConfirmDialog
from .form import FormDialog, FormField

if TYPE_CHECKING:
    from ...document import SessionDocument

RELATION_SYMBOLS: dict[RelationKind, str] = {
    RelationKind.REINFORCES: "＋",
    RelationKind.OVERLAPS: "≈",
    RelationKind.CONFLICTS: "✗",
    RelationKind.DEPENDS_ON: "→",
}


def relation_text(kind: RelationKind) -> str:
    """Symbol and words: meaning never by colour alone."""
    return f"{RELATION_SYMBOLS[kind]} {RELATION_LABELS[kind]}"


class RelationsScreen(Dialog[None]):
    """`a` add, `enter` edit, `d` delete; `v` switches between one initiative and every pair."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the grid", id="relations.close"),
        Binding("v", "toggle_view", "All pairs / this one", tooltip="Show every pair, or only "
                "this initiative's relations", id="relations.view"),
    ]  # fmt: skip

    def __init__(self, document: SessionDocument, initiative_id: str | None) -> None:
        super().__init__()
        self.document = document
        self.initiative_id = initiative_id
        self.show_all = initiative_id is None

    @property
    def session(self) -> Session:
        return self.document.session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog relations"):
            yield Label("", id="relations-title", classes="dialog-title", markup=False)
            yield ItemTable(noun="relationship", id="relations-table")
            yield Static(
                "＋ reinforces · ≈ overlaps/duplicates · ✗ conflicts/competes · → depends on",
                classes="field-help",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(ItemTable)
        table.add_column("A", width=24)
        table.add_column("Relation", width=24)
        table.add_column("B", width=24)
        table.add_column("Note")
        self.fill()
        table.focus()

    def _initiative_label(self, initiative_id: str) -> str:
        ini = self.session.initiative(initiative_id)
        return f"{initiative_id} {ini.name}" if ini else initiative_id

    def shown(self) -> list[tuple[int, Relationship]]:
        return [
            (n, rel)
            for n, rel in enumerate(self.session.relationships)
            if self.show_all or self.initiative_id in (rel.a, rel.b)
        ]

    def fill(self, keep: str | None = None) -> None:
        table = self.query_one(ItemTable)
        keep = keep or table.current_id
        table.clear()
        for n, rel in self.shown():
            table.add_row(
                Text(self._initiative_label(rel.a), overflow="ellipsis", no_wrap=True),
                relation_text(rel.kind),
                Text(self._initiative_label(rel.b), overflow="ellipsis", no_wrap=True),
                rel.note,
                key=str(n),
            )
        title = self.query_one("#relations-title", Label)
        if self.show_all or self.initiative_id is None:
            title.update(f"Relations · every pair · {table.row_count}")
        else:
            title.update(
                f"Relations of {self._initiative_label(self.initiative_id)} · {table.row_count}"
            )
        table.move_cursor_to(keep)

    def action_toggle_view(self) -> None:
        if self.initiative_id is not None:
            self.show_all = not self.show_all
            self.fill()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(ItemTable.Requested)
    def _requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        index = None if event.item_id is None else int(event.item_id)
        if event.verb == "add":
            self.edit(None)
        elif event.verb == "edit" and index is not None:
            self.edit(index)
        elif event.verb == "delete" and index is not None:
            rel = self.session.relationships[index]

            def done(yes: bool | None) -> None:
                if yes:
                    apply_edit(self, self.document, DeleteItem("relationship", str(index)))
                    self.fill()

            self.app.push_screen(
                ConfirmDialog(
                    "Delete this relationship?",
                    f"{self._initiative_label(rel.a)} {RELATION_LABELS[rel.kind]} {self._initiative_label(rel.b)}",
                ),
                done,
            )

    def edit(self, index: int | None) -> None:
        if len(self.session.initiatives) < 2:  # a choice of nothing cannot be drawn
            self.notify("A relation needs two initiatives: add them in step 2.", severity="warning")
            return
        options = [(f"{i.id}  {i.name}", i.id) for i in self.session.initiatives]
        fields = [
            FormField("a", "Initiative", kind="choice", required=True, options=options),
            FormField("kind", "Relation", kind="choice", required=True,
                      options=[(relation_text(k), k.value) for k in RelationKind],
                      help="for 'depends on': the first initiative depends on the second"),
            FormField("b", "Other initiative", kind="choice", required=True, options=options),
            FormField("note", "Note", kind="multiline", height=2),
        ]  # fmt: skip
        rels = self.session.relationships
        if index is not None:
            values: dict[str, Any] = rels[index].model_dump(mode="json")
        else:
            values = {"a": self.initiative_id, "kind": RelationKind.REINFORCES.value}
            others = [i.id for i in self.session.initiatives if i.id != self.initiative_id]
            if self.initiative_id is not None and others:
                values["b"] = others[0]  # never the same initiative as the first

        def check(result: dict[str, Any]) -> dict[str, str]:
            if result["a"] == result["b"]:
                return {"b": "Choose two different initiatives."}
            for n, rel in enumerate(rels):
                same = (rel.a, rel.b) == (result["a"], result["b"]) or (
                    result["kind"] != RelationKind.DEPENDS_ON.value
                    and (rel.b, rel.a) == (result["a"], result["b"])
                )
                if n != index and same and rel.kind.value == result["kind"]:
                    return {"kind": "These two already have this relation."}
            return {}

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if index is None:
                add = AddItem("relationship", result)
                if apply_edit(self, self.document, add) is not None:
                    self.fill(keep=add.created)
            else:
                apply_edit(self, self.document, UpdateItem("relationship", str(index), result))
                self.fill(keep=str(index))

        title = "Edit relationship" if index is not None else "New relationship"
        self.app.push_screen(FormDialog(title, fields, values, check=check), done)
