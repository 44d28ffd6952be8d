"""The coverage view, the equity lens: each population, the initiatives that serve it and
how strongly (from their ratings on the goals the population belongs to), and the streams
that fund them — which groups nobody serves, which are served by many from separate
streams.

Above, the populations (`a` add, `enter` edit with its goals, initiatives and streams,
`d` delete); below, every initiative for the population under the cursor: `space` says it
serves the population (or no longer does). `tab` moves between the two; `escape` closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Label, Static

from ...analysis import rating_word
from ...edits import TogglePopulation
from ...portfolio import Coverage, coverage, decision_mark, strength
from ..editing import apply_edit
from ..widgets.item_table import ItemTable
from ..widgets.key_footer import KeyFooter
from ..widgets.link_matrix import LinkMatrix, link_cell
from .portfolio_forms import UndoableModal, edit_population, item_requested

if TYPE_CHECKING:
    from ...document import Change, SessionDocument


def strength_text(value: float | None) -> str:
    """A strength as a digit and the scale's word: '2.5 strong', '– unrated'."""
    if value is None:
        return "– unrated"
    return f"{value:.1f} {rating_word(value)}".replace(".0 ", " ")


class CoverageScreen(UndoableModal):
    """Populations and who serves them. Keys: see the module docstring."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the step", id="coverage.close"),
    ]

    def __init__(self, document: SessionDocument, population_id: str | None = None) -> None:
        super().__init__(document)
        self.start_at = population_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog portfolio"):
            yield Label("", id="coverage-title", classes="dialog-title", markup=False)
            yield ItemTable(noun="population", stretch="name", id="population-table")
            yield LinkMatrix(fixed=2, shares=False, id="served-table")
            yield Static("", id="coverage-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#population-table", ItemTable)
        for label, key, width in [
            ("ID", "id", 4), ("Population", "name", 24), ("Goals", "goals", 9),
            ("Coverage", "state", 28), ("Strongest", "strongest", 11),
        ]:  # fmt: skip
            table.add_column(label, key=key, width=width)
        table.border_title = "Populations · a add · ⏎ edit and link · d delete"
        served = self.query_one("#served-table", LinkMatrix)
        served.add_column("Initiative", key="name", width=26)
        served.add_column("Decision", key="decision", width=12)
        served.add_column("Serves", key="serves", width=7)
        served.add_column("Strength", key="strength", width=11)
        served.add_column("Funded by", key="streams", width=16)
        self.fill(keep=self.start_at)
        table.focus()

    def document_changed(self, change: Change) -> None:
        self.fill()

    # ----- drawing ----------------------------------------------------------------------------

    def current(self) -> Coverage | None:
        pid = self.query_one("#population-table", ItemTable).current_id
        return next((c for c in coverage(self.session) if c.population.id == pid), None)

    def fill(self, keep: str | None = None) -> None:
        table = self.query_one("#population-table", ItemTable)
        keep = keep or table.current_id
        table.clear()
        every = coverage(self.session)
        for cov in every:
            strongest = max((s.strength for s in cov.served if s.strength is not None),
                            default=None)  # fmt: skip
            table.add_row(
                cov.population.id,
                table.long_text(cov.population.name),
                " ".join(cov.goals) or "—",
                cov.state(),
                strength_text(strongest) if cov.served else "—",
                key=cov.population.id,
            )
        table.move_cursor_to(keep)
        nobody = sum(c.unserved for c in every)
        many = sum(len(c.served) > 1 and len(c.streams) > 1 for c in every)
        self.query_one("#coverage-title", Label).update(
            f"Coverage · {len(every)} populations · {nobody} nobody serves · "
            f"{many} served by several initiatives from separate streams"
        )
        self.fill_served()

    def fill_served(self) -> None:
        served = self.query_one("#served-table", LinkMatrix)
        cursor = served.cursor_coordinate
        served.clear()
        cov = self.current()
        status = self.query_one("#coverage-status", Static)
        if cov is None:
            served.border_title = "Who serves them"
            status.update(
                "No population yet: press a to add one (e.g. families with children 0–5)."
                if not self.session.populations
                else ""
            )
            return
        pop = cov.population
        serving = {s.initiative.id for s in cov.served}
        for ini in self.session.initiatives:
            value = strength(ini, cov.goals)
            served.add_row(
                Text(f"{ini.id} {ini.name}", no_wrap=True, overflow="ellipsis"),
                decision_mark(ini),
                link_cell(ini.id in serving),
                strength_text(value) if ini.id in serving else "",
                " ".join(k.stream for k in ini.streams) or "—",
                key=ini.id,
            )
        if served.row_count:
            served.move_cursor(row=min(cursor.row, served.row_count - 1), column=2,
                               animate=False)  # fmt: skip
        served.border_title = Content(f"Who serves {pop.id} “{pop.name}” · space: serves or not")
        goals = ", ".join(cov.goals) or "no goal yet (link one with enter)"
        may = ", ".join(cov.may_serve) or "none named"
        status.update(
            f"{pop.id} · {cov.state()} · goals about them: {goals}\n"
            f"Streams funding those who serve them: {', '.join(cov.streams) or 'none'} · "
            f"streams that name them: {may} · strength = mean rating on those goals"
        )

    @on(DataTable.RowHighlighted, "#population-table")
    def _moved(self) -> None:
        self.fill_served()

    # ----- editing ----------------------------------------------------------------------------

    @on(ItemTable.Requested, "#population-table")
    def _population_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        item_requested(self, self.document, "population", event)

    @on(LinkMatrix.Requested, "#served-table")
    def _serve_requested(self, event: LinkMatrix.Requested) -> None:
        event.stop()
        cov = self.current()
        if cov is None:
            return
        if event.verb == "open":
            edit_population(self, self.document, cov.population.id, lambda _: None)
            return
        change = apply_edit(
            self, self.document, TogglePopulation("initiative", event.row, cov.population.id)
        )
        if change is not None:
            self.notify(f"{change.description} · ctrl+z undoes", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
