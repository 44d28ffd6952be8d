"""Key to settled screen, for the moves a facilitator makes all meeting: switching to each
step, opening the initiative form, toggling the presenter view — on the demo session, against
a bare Textual app doing the same push and switch, in the same run.

Run by ``bench/bench.py`` (it prints one JSON line); Pilot waits for the screen to settle
after each key, so each figure is the time until the app is idle again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, DataTable, Footer, Input, Static

ROUNDS = 7


class BareForm(ModalScreen[None]):
    BINDINGS = [("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical():
            for n in range(14):
                yield Input(placeholder=f"field {n}")


class Bare(App[None]):
    """A bare Textual app with what the measured moves need: five panes with a table each,
    a form of fourteen fields, a class toggled on the screen."""

    BINDINGS = [
        *((str(n), f"switch({n})", f"Pane {n}") for n in range(1, 6)),
        ("a", "form", "Form"),
        ("f5", "toggle", "Toggle"),
    ]

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="p1"):
            for n in range(1, 6):
                with Vertical(id=f"p{n}"):
                    yield Static(f"pane {n}")
                    yield DataTable(id=f"t{n}")
        yield Footer()

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_columns(*(f"c{n}" for n in range(6)))
            table.add_rows([[str(n)] * 6 for n in range(12)])

    def action_switch(self, n: int) -> None:
        self.query_one(ContentSwitcher).current = f"p{n}"

    def action_form(self) -> None:
        self.push_screen(BareForm())

    def action_toggle(self) -> None:
        self.screen.toggle_class("-presenter")


async def timed_keys(
    app: App[object], rounds: int, moves: dict[str, list[str]]
) -> dict[str, float]:
    results: dict[str, list[float]] = {name: [] for name in moves}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            for name, keys in moves.items():
                start = time.perf_counter()
                await pilot.press(keys[0])
                await pilot.pause()
                results[name].append(time.perf_counter() - start)
                for key in keys[1:]:  # put things back (not timed)
                    await pilot.press(key)
                    await pilot.pause()
    return {name: statistics.median(values) for name, values in results.items()}


def ours() -> App[object]:
    from cohere_tui.document import SessionDocument
    from cohere_tui.ui.app import CohereApp

    folder = Path(tempfile.mkdtemp(prefix="cohere-settle-"))
    path = folder / "demo.toml"
    path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    app = CohereApp(
        document=SessionDocument.open(path),
        sessions_dir=folder,
        exports_dir=folder / "exports",
        today=lambda: dt.date(2026, 11, 23),
    )
    app.call_later(lambda: None)
    return app


async def main() -> None:
    # back to step 1 untimed; from the grid of step 3 a digit rates, so escape leaves it first
    steps = {f"switch to step {n}": [str(n), *(["escape"] if n == 3 else []), "1"]
             for n in range(2, 6)}  # fmt: skip
    moves_ours = {**steps, "open the initiative form": ["2", "a", "escape", "1"],
                  "presenter view on/off": ["f5", "f5"]}  # fmt: skip
    # the first key of each list is the one timed: for the form, press 2 first (untimed)
    moves_ours["open the initiative form"] = ["a", "escape"]
    bare_moves = {**{f"switch to step {n}": [str(n), "1"] for n in range(2, 6)},
                  "open the initiative form": ["a", "escape"],
                  "presenter view on/off": ["f5", "f5"]}  # fmt: skip
    bare = await timed_keys(Bare(), ROUNDS, bare_moves)
    app = ours()
    results: dict[str, list[float]] = {name: [] for name in moves_ours}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(ROUNDS):
            for name, keys in moves_ours.items():
                if name == "open the initiative form":
                    await pilot.press("2")
                    await pilot.pause()
                start = time.perf_counter()
                await pilot.press(keys[0])
                await pilot.pause()
                results[name].append(time.perf_counter() - start)
                for key in keys[1:]:
                    await pilot.press(key)
                    await pilot.pause()
                if name == "open the initiative form":
                    await pilot.press("1")
                    await pilot.pause()
    # the moves measured change nothing: an edit would make the next switch redraw a step
    assert app.document.revision == 0, "the benchmark's keys changed the session"  # type: ignore[attr-defined]
    mine = {name: statistics.median(values) for name, values in results.items()}
    shutil.rmtree(Path(app.context.sessions_dir), ignore_errors=True)  # type: ignore[attr-defined]
    print(json.dumps({"bare": bare, "ours": mine}))


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
