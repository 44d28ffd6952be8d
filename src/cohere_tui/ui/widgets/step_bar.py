"""Prepare and the five steps, always visible, the current one marked by a symbol as well as
colour."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ...guide import STAGES

STEP_KEYS_HINT = "ctrl+pgup ◀ step ▶ ctrl+pgdn"


class StepBar(Static):
    """`0 Prepare  1 Vision  2 Inventory  ▶3 Analysis◀  4 Action plan  5 Monitoring`;
    narrower, the gaps close up so that every stage still shows."""

    current: reactive[int] = reactive(1)

    def render(self) -> Text:
        width = self.size.width
        names = sum(len(f"{s.number} {s.name}") for s in STAGES)
        wide = width == 0 or names + len(STAGES) * 4 + len(STAGES) - 1 <= width
        pad = "  " if wide else " "
        text = Text(no_wrap=True, overflow="ellipsis")
        for stage in STAGES:
            if stage.number == self.current:
                text.append(
                    f"{pad[1:]}▶{stage.number} {stage.name}◀{pad[1:]}", style="bold reverse"
                )
            else:
                text.append(f"{pad}{stage.number} {stage.name}{pad}", style="")
            if stage is not STAGES[-1]:
                text.append("│", style="dim")
        # where there is room: the keys that change step from anywhere, the grid included
        room = self.size.width - text.cell_len
        if room >= len(STEP_KEYS_HINT) + 2:
            text.append(" " * (room - len(STEP_KEYS_HINT) - 1))
            text.append(STEP_KEYS_HINT, style="dim")
        return text

    def on_resize(self) -> None:
        self.refresh()
