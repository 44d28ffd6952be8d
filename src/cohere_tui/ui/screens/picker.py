"""The session picker: every session in the sessions folder, and a new one from here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...models import AlignmentType
from ...store import SessionSummary, scan_sessions
from ...validation import printable
from ..dialogs.form import FormDialog, FormField
from ..widgets.key_footer import KeyFooter

_KEPT_COPY = re.compile(r"^(?P<base>.+)-(?P<label>recovered|conflict|copy)(-\d+)?$")


def _marks(path: Path) -> str:
    """Words after a session's title: open in another app, a recovered or conflict copy."""
    from ...lock import holder_of

    marks = []
    holder = holder_of(path)
    if holder is not None:
        marks.append(f"open: {holder.user}@{holder.host}")
    kept = _KEPT_COPY.match(path.stem)
    if kept and path.with_name(f"{kept['base']}.toml").exists():
        marks.append("copy" if kept["label"] == "copy" else f"{kept['label']} copy")
    return "".join(f" [{mark}]" for mark in marks)


class PickerScreen(Screen[None]):
    """Open a session (`enter`), create one (`n`), or open the demo (`m`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the selected session", id="picker.open"),
        Binding("n", "new", "New session", tooltip="Create a new session", id="picker.new"),
        Binding("m", "demo", "Demo", tooltip="Open the demo session", id="picker.demo"),
        Binding("r", "rescan", "Refresh", tooltip="Read the sessions folder again",
                id="picker.refresh"),
    ]  # fmt: skip

    class OpenRequested(Message):
        """Open this session file."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class NewRequested(Message):
        """Create a session with these values."""

        def __init__(self, values: dict[str, Any]) -> None:
            super().__init__()
            self.values = values

    class DemoRequested(Message):
        """Open the demo session."""

    def __init__(self, sessions_dir: Path) -> None:
        super().__init__()
        self.sessions_dir = sessions_dir
        self.summaries: list[SessionSummary] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static("cohere-tui · alignment and coherence, step by step", id="picker-title")
            yield Static(id="picker-folder", markup=False)
            yield DataTable(id="picker-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                "enter open · n new session · m demo session · ctrl+p every command · ctrl+q quit",
                id="picker-hint",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        table: DataTable[str | Text] = self.query_one("#picker-table", DataTable)
        for label, width in (
            ("Session", 34),
            ("Organisation", 22),
            ("Cycle", 5),
            ("Changed", 16),
            ("Contents", 24),
        ):
            table.add_column(label, width=width)
        self.action_rescan()
        table.focus()

    def action_rescan(self) -> None:
        table: DataTable[str | Text] = self.query_one("#picker-table", DataTable)
        table.clear()
        self.summaries = list(scan_sessions(self.sessions_dir))
        for n, item in enumerate(self.summaries):
            changed = f"{item.modified:%Y-%m-%d %H:%M}" if item.modified else ""
            if item.error:
                table.add_row(
                    Text(f"⚠ {printable(item.path.name, one_line=True)}", style="bold"),
                    Text("cannot open: " + item.error.split(": ", 1)[-1], overflow="ellipsis"),
                    "",
                    changed,
                    "",
                    key=str(n),
                )
                continue
            counts = item.counts
            table.add_row(
                Text(item.title + _marks(item.path), overflow="ellipsis", no_wrap=True),
                Text(item.organisation, end="", no_wrap=True),  # as written, not markup
                str(item.cycle),
                changed,
                f"{counts['goals']} goals · {counts['initiatives']} init. · {counts['actions']} act.",
                key=str(n),
            )
        folder = self.query_one("#picker-folder", Static)
        where = printable(str(self.sessions_dir), one_line=True)
        if self.summaries:
            folder.update(f"Sessions in {where}/ — newest first")
        else:
            folder.update(
                f"No sessions in {where}/ yet. Press n to start one, or m to open the demo session."
            )

    def _selected(self) -> SessionSummary | None:
        table: DataTable[str | Text] = self.query_one("#picker-table", DataTable)
        if not self.summaries or table.row_count == 0:
            return None
        return self.summaries[table.cursor_row]

    def action_open(self) -> None:
        item = self._selected()
        if item is not None:
            self.post_message(self.OpenRequested(item.path))

    @on(DataTable.RowSelected, "#picker-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_demo(self) -> None:
        self.post_message(self.DemoRequested())

    def action_new(self) -> None:
        fields = [
            FormField("title", "Title", required=True, placeholder="e.g. Family outcomes 2026"),
            FormField("organisation", "Organisation", placeholder="e.g. Harmon County"),
            FormField(
                "alignment_type",
                "Alignment type",
                kind="choice",
                required=True,
                options=[(t.label, t.value) for t in AlignmentType],
            ),
            FormField("facilitator", "Facilitator"),
        ]

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.post_message(self.NewRequested(values))

        self.app.push_screen(
            FormDialog("New session", fields, {"alignment_type": AlignmentType.HORIZONTAL.value}),
            done,
        )
