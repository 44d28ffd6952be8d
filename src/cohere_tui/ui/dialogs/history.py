"""The story across cycles, in the terminal: coherence per domain, actions and indicators for
each cycle of the session's chain, as bars with their numbers (the report's history charts).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...history import Chain, CycleFigures, load_chain
from ...models import Domain, Session
from ..widgets.coherence_bars import bar

if TYPE_CHECKING:
    from ...document import SessionDocument

MAX_COLUMNS = 4
"""Cycles shown side by side (the latest ones); 80 columns hold four."""
BAR = 8
LABEL = 10
COLUMN = 14


def _change(before: float | None, after: float | None, *, places: int = 1) -> str:
    """The change from one cycle to the next, in words and an arrow: ``+0.4 ↑``."""
    if before is None or after is None:
        return ""
    delta = round(round(after, places) - round(before, places), places)  # as the numbers read
    if delta == 0:
        return "= same"
    arrow = "↑" if delta > 0 else "↓"
    return f"{delta:+.{places}f} {arrow}"


def _mean(value: float | None) -> str:
    return "  –" if value is None else f"{value:3.1f}"


def _count_bar(value: int, top: int) -> str:
    if top <= 0:
        return "░" * BAR
    return bar(3 * value / top, BAR)


def history_text(chain: Chain) -> Text:
    """The chain's figures as text: one column per cycle (the latest :data:`MAX_COLUMNS`),
    each figure as a bar and its number, and the change since the cycle before."""
    text = Text(no_wrap=True, overflow="ellipsis")
    cycles = chain.cycles
    if not chain.has_history:
        current = cycles[-1] if cycles else None
        text.append("No earlier cycle yet.", style="bold")
        if current is not None:
            text.append(
                f"\nThis is cycle {current.cycle}. When it ends, N (next cycle) writes cycle "
                f"{current.cycle + 1}; from then on this view compares the cycles.\n\n"
            )
            _table(text, [current])
        for problem in chain.problems:
            text.append(f"\n{problem}", style="italic")
        return text
    shown = cycles[-MAX_COLUMNS:]
    if len(cycles) > len(shown):
        text.append(
            f"The latest {len(shown)} of {len(cycles)} cycles (the report shows them all).\n\n",
            style="italic",
        )
    _table(text, shown)
    for problem in chain.problems:
        text.append(f"\n{problem}", style="italic")
    return text


def _table(text: Text, shown: list[CycleFigures]) -> None:
    text.append(" " * LABEL)
    for c in shown:
        text.append(f"{'Cycle ' + str(c.cycle):<{COLUMN}}", style="bold")
    if len(shown) > 1:
        text.append(f"vs cycle {shown[-2].cycle}", style="bold")
    text.append("\n" + f"{'last met':<{LABEL}}")
    for c in shown:
        text.append(f"{c.date.isoformat():<{COLUMN}}")
    text.append("\n\n")
    text.append("Coherence per domain (0–3)\n", style="bold underline")
    rows: list[tuple[str, list[float | None]]] = [
        (d.short, [c.domains.get(d) for c in shown]) for d in Domain
    ]
    rows.append(("Overall", [c.overall for c in shown]))
    for label, values in rows:
        text.append(f"{label:<{LABEL}}", style="bold" if label == "Overall" else "")
        for value in values:
            text.append(bar(value, BAR))
            text.append(f" {_mean(value)}".ljust(COLUMN - BAR))
        if len(values) > 1:
            text.append(_change(values[-2], values[-1]))
        text.append("\n")
    text.append("\nActions\n", style="bold underline")
    top = max(c.actions for c in shown)
    counts = {"done": [c.done for c in shown], "open": [c.open for c in shown]}
    for label, symbol in (("done", "✓"), ("open", "○")):
        text.append(f"{label:<{LABEL}}")
        for value in counts[label]:
            text.append(_count_bar(value, top))
            text.append(f" {symbol}{value:>3}".ljust(COLUMN - BAR))
        text.append("\n")
    text.append(f"{'of':<{LABEL}}")
    for c in shown:
        text.append(f"{str(c.actions) + ' actions':<{COLUMN}}")
    text.append("\n\nIndicators on track\n", style="bold underline")
    text.append(" " * LABEL)
    for c in shown:
        shown_text = (
            f"{c.indicators_on_track} of {c.indicators_measured}"
            if c.indicators_measured
            else "no readings"
        )
        text.append(f"{shown_text:<{COLUMN}}")
    text.append("\n")


def reflections_text(session: Session) -> Text:
    """What each earlier cycle's reflection said (the session keeps them as it goes on), the
    newest last; nothing when there is no earlier cycle."""
    text = Text()
    if not session.earlier_cycles:
        return text
    text.append("\nWhat each cycle's reflection said\n", style="bold underline")
    for earlier in session.earlier_cycles:
        ended = f", ended {earlier.ended}" if earlier.ended else ""
        text.append(f"Cycle {earlier.cycle}{ended}\n", style="bold")
        said = earlier.reflection
        for label, value in (("Worked", said.worked), ("To change", said.change),
                             ("Next focus", said.next_focus)):  # fmt: skip
            if value.strip():
                text.append(f"  {label}: ", style="bold")
                text.append(" ".join(value.split()) + "\n")
    return text


class HistoryScreen(ModalScreen[None]):
    """`escape` closes. The earlier cycles are read in the background."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "close", "Close", id="history.close", tooltip="Back to step 5")
    ]

    def __init__(
        self, document: SessionDocument, today: dt.date, sessions_dir: Path | None = None
    ) -> None:
        super().__init__()
        self.document = document
        self.today = today
        self.sessions_dir = sessions_dir
        self.chain: Chain | None = None
        """The chain once read (for tests and for anything shown after)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog history"):
            yield Label("History across cycles", classes="dialog-title")
            with VerticalScroll():
                yield Static("Reading the earlier cycles…", id="history-body")
                yield Static(id="history-reflections")

    def on_mount(self) -> None:
        session = self.document.session.model_copy(deep=True)
        path = self.document.path
        sessions_dir = self.sessions_dir

        def work() -> None:
            chain = load_chain(session, path, today=self.today, sessions_dir=sessions_dir)
            self.app.call_from_thread(self.show, chain)

        self.run_worker(work, thread=True, group="history", name="history")

    def show(self, chain: Chain) -> None:
        self.chain = chain
        self.query_one("#history-body", Static).update(history_text(chain))
        # below the columns, wrapped where they are cut
        self.query_one("#history-reflections", Static).update(
            reflections_text(self.document.session)
        )

    def action_close(self) -> None:
        self.dismiss(None)
