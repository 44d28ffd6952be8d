"""Step 2: the inventory of initiatives, as a table with a detail pane, sorted and filtered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from ...edits import AddItem, DeleteItem, UpdateItem, usage
from ...models import Initiative, InitiativeStatus, Level, Sector, Session
from ...portfolio import (
    decision_mark,
    decision_prefix,
    decision_summary,
    decision_text,
    portfolio_rows,
)
from ...words import count
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.form import FormDialog, FormField
from ..widgets.detail_grid import detail_grid
from ..widgets.item_table import ItemTable
from .portfolio_keys import PortfolioStep

SORTS: list[tuple[str, Callable[[Initiative], Any]]] = [
    ("ID", lambda i: int(i.id[1:])),
    ("name", lambda i: i.name.casefold()),
    ("sector", lambda i: (i.sector.label, i.name.casefold())),
    ("level", lambda i: (list(Level).index(i.level), i.name.casefold())),
    ("lead", lambda i: (i.lead.casefold(), i.name.casefold())),
    ("status", lambda i: (list(InitiativeStatus).index(i.status), i.name.casefold())),
]


def initiative_text(ini: Initiative) -> str:
    """Everything searchable about an initiative, for the filter."""
    return " ".join(
        [
            ini.id,
            ini.name,
            ini.description,
            ini.lead,
            ini.organisation,
            ini.sector.label,
            ini.level.label,
            ini.status.label,
            ini.population,
            ini.funding,
            ini.outcomes,
            ini.data_collected,
            " ".join(ini.goals),
            " ".join(ini.populations),
            " ".join(k.stream for k in ini.streams),
            decision_text(ini),
        ]
    ).casefold()


def parse_optional_date(text: str) -> dt.date | None:
    from ...dates import parse_date

    return parse_date(text, dt.date.today())


def initiative_fields(session: Session) -> list[FormField]:
    """The form of an initiative: every field of the inventory."""
    return [
        FormField("name", "Name", required=True, placeholder="e.g. Family Resource Centers"),
        FormField("description", "Description", kind="multiline", height=3),
        FormField("lead", "Lead"),
        FormField("organisation", "Organisation"),
        FormField("sector", "Sector", kind="choice", required=True,
                  options=[(s.label, s.value) for s in Sector]),
        FormField("level", "Level", kind="choice", required=True,
                  options=[(lv.label, lv.value) for lv in Level]),
        FormField("status", "Status", kind="choice", required=True,
                  options=[(st.label, st.value) for st in InitiativeStatus]),
        FormField("population", "Serves (population)"),
        *([FormField("populations", "Populations", kind="multi",
                     options=[(f"{n.id}  {n.name}", n.id) for n in session.populations],
                     help="space ticks a population it serves")]
          if session.populations else []),
        FormField("funding", "Funding", kind="multiline", height=2),
        FormField("outcomes", "Outcomes sought", kind="multiline", height=2),
        FormField("data_collected", "Data collected", kind="multiline", height=2),
        FormField("goals", "Goals advanced", kind="multi",
                  options=[(f"{g.id}  {g.title}", g.id) for g in session.goals],
                  help="space toggles a goal" if session.goals else "no goals yet: add them in step 1"),
        FormField("start", "Start date", kind="date", parse=parse_optional_date,
                  placeholder="YYYY-MM-DD, today, +2w …"),
        FormField("end", "End date", kind="date", parse=parse_optional_date,
                  placeholder="YYYY-MM-DD, e.g. when a grant ends"),
    ]  # fmt: skip


def check_dates(values: dict[str, Any]) -> dict[str, str]:
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        return {"end": f"The end ({end}) is before the start ({start})."}
    return {}


COLUMNS: list[tuple[str, str, int]] = [
    ("ID", "id", 4),
    ("Initiative", "name", 24),
    ("Sector", "sector", 11),
    ("Lead", "lead", 14),
    ("Goals", "goals", 9),
    ("Status", "status", 7),
    ("Funding", "funding", 8),
    ("Decision", "decision", 11),
]


class InventoryStep(PortfolioStep):
    """The inventory: `a` add, `enter` edit, `d` delete, `s` sort, `/` filter."""

    step_number = 2

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by the next column", id="inventory.sort"),
        Binding("slash", "filter", "Filter", key_display="/", tooltip="Filter initiatives by text",
                id="inventory.filter"),
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sort_index = 0
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="inventory-main"):
            yield Input(
                placeholder="Filter: type to show matching initiatives; escape clears",
                id="inventory-filter",
            )
            yield ItemTable(noun="initiative", stretch="name", id="inventory-table")
        yield Static(id="initiative-detail", markup=False)

    def on_mount(self) -> None:

        self._add_columns()
        self.query_one("#initiative-detail").border_title = "Selected initiative"

    def _add_columns(self) -> None:
        table = self.query_one("#inventory-table", ItemTable)
        for label, key, width in COLUMNS:
            table.add_column(label, key=key, width=width)

    def focus_default(self) -> None:
        self.query_one("#inventory-table", ItemTable).focus()

    def selected_initiative_id(self) -> str | None:
        return self.query_one("#inventory-table", ItemTable).current_id

    # ----- drawing ----------------------------------------------------------------------------

    def shown_initiatives(self) -> list[Initiative]:
        items = list(self.session.initiatives)
        if self.filter_text:
            words = self.filter_text.casefold().split()
            items = [i for i in items if all(w in initiative_text(i) for w in words)]
        _label, key = SORTS[self.sort_index]
        return sorted(items, key=key)

    def refresh_view(self, keep: str | None = None) -> None:
        self.shown_revision = self.document.revision
        table = self.query_one("#inventory-table", ItemTable)
        keep = keep or table.current_id
        table.clear()
        shown = self.shown_initiatives()
        table.plan_rows([ini.name for ini in shown])
        for ini in shown:
            name = table.long_text(decision_prefix(ini) + ini.name)
            table.add_row(
                ini.id,
                name,
                ini.sector.label,
                ini.lead,
                ", ".join(ini.goals) or "—",
                ini.status.label,
                " ".join(k.stream for k in ini.streams) or "—",
                decision_mark(ini),
                key=ini.id,
                height=table.row_height(ini.name),
            )
        total = len(self.session.initiatives)
        sort_label = SORTS[self.sort_index][0]
        shown_text = (
            f"{len(shown)} of {count(total, 'initiative')}"
            if self.filter_text
            else count(total, "initiative")
        )
        table.border_title = f"Inventory · {shown_text} · sorted by {sort_label}"
        if self.session.archived_initiatives:
            table.border_title += f" · {len(self.session.archived_initiatives)} archived"
        if self.filter_text:
            table.border_title += f" · filter “{self.filter_text}”"
        table.border_subtitle = decision_summary(self.session.initiatives)
        table.move_cursor_to(keep)
        self.show_detail(table.current_id)

    def show_detail(self, initiative_id: str | None) -> None:
        detail = self.query_one("#initiative-detail", Static)
        ini = self.session.initiative(initiative_id) if initiative_id else None
        if ini is None:
            detail.update(
                "No initiative yet: press a to add one."
                if not self.session.initiatives
                else "No initiative matches the filter."
            )
            return
        goals = (
            ", ".join(
                f"{gid} {g.title}" if (g := self.session.goal(gid)) else gid for gid in ini.goals
            )
            or "none"
        )
        rows = [
            ("What", ini.description),
            ("Lead", " · ".join(p for p in (ini.lead, ini.organisation) if p)),
            ("Sector", f"{ini.sector.label} · {ini.level.label} level · {ini.status.label}"),
            ("Serves", ini.population),
            ("Funding", ini.funding),
            ("Outcomes", ini.outcomes),
            ("Data", ini.data_collected),
            ("Goals", goals),
        ]
        if ini.start or ini.end:
            rows.append(("Dates", f"{ini.start or '?'} → {ini.end or 'ongoing'}"))
        rows[3:3] = portfolio_rows(self.session, ini)  # the decision near the top
        detail.update(detail_grid(f"{ini.id} · {ini.name}", rows))

    @on(ItemTable.RowHighlighted, "#inventory-table")
    def _highlighted(self, event: ItemTable.RowHighlighted) -> None:
        self.show_detail(None if event.row_key.value is None else str(event.row_key.value))

    # ----- sort and filter ---------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.refresh_view()
        self.notify(f"Sorted by {SORTS[self.sort_index][0]}.", timeout=2)

    def action_filter(self) -> None:
        box = self.query_one("#inventory-filter", Input)
        box.add_class("visible")
        box.focus()

    @on(Input.Changed, "#inventory-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refresh_view()

    @on(Input.Submitted, "#inventory-filter")
    def _filter_done(self) -> None:
        self.query_one("#inventory-table", ItemTable).focus()

    def reveal(self, kind: str, item_id: str) -> bool:
        """A found initiative is shown even when the filter would hide it."""
        if self.filter_text:
            box = self.query_one("#inventory-filter", Input)
            box.value = ""
            self.filter_text = ""
            box.remove_class("visible")
            self.refresh_view()
        return super().reveal(kind, item_id)

    def clear_filter(self) -> bool:
        """Escape in the filter: clear it and go back to the table. True if it did anything."""
        box = self.query_one("#inventory-filter", Input)
        if not box.has_focus and not self.filter_text:
            return False
        box.value = ""
        self.filter_text = ""
        box.remove_class("visible")
        self.refresh_view()
        self.query_one("#inventory-table", ItemTable).focus()
        return True

    # ----- editing ----------------------------------------------------------------------------

    @on(ItemTable.Requested, "#inventory-table")
    def _requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        if event.verb == "add":
            self.edit(None)
        elif event.verb == "edit" and event.item_id:
            self.edit(self.session.initiative(event.item_id))
        elif event.verb == "delete" and event.item_id:
            self.delete(event.item_id)

    def edit(self, ini: Initiative | None) -> None:
        values: dict[str, Any] = (
            ini.model_dump(mode="python", exclude={"alignment", "domains", "rating_notes"})
            if ini
            else {"sector": Sector.EDUCATION.value, "level": Level.COUNTY.value,
                  "status": InitiativeStatus.ACTIVE.value}
        )  # fmt: skip
        for key in ("sector", "level", "status"):
            values[key] = str(values[key])
        title = f"Edit initiative {ini.id}" if ini else "New initiative"

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if ini is None:
                add = AddItem("initiative", result)
                if self.apply(add):
                    self.refresh_view(keep=add.created)
            else:
                self.apply(UpdateItem("initiative", ini.id, result))

        self.app.push_screen(
            FormDialog(title, initiative_fields(self.session), values, check=check_dates), done
        )

    def delete(self, initiative_id: str) -> None:
        ini = self.session.initiative(initiative_id)
        if ini is None:
            return
        used = usage(self.session, "initiative", initiative_id)
        body = f"“{ini.name}”"
        if used:
            body += f"\n\nIt has {used.describe()}; those go too."
        body += "\n\nctrl+z undoes it."

        def done(yes: bool | None) -> None:
            if yes:
                self.apply(DeleteItem("initiative", initiative_id))

        self.app.push_screen(ConfirmDialog(f"Delete initiative {initiative_id}?", body), done)
