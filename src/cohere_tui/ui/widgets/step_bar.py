"""The five steps, always visible, the current one marked by a symbol as well as colour."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ...guide import STEPS

STEP_KEYS_HINT = "ctrl+pgup ◀ step ▶ ctrl+pgdn"


class StepBar(Static):
    """`1 Vision  2 Inventory  ▶3 Analysis◀  4 Action plan  5 Monitoring`."""

    current: reactive[int] = reactive(1)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for step in STEPS:
            if step.number == self.current:
                text.append(f" ▶{step.number} {step.name}◀ ", style="bold reverse")
            else:
                text.append(f"  {step.number} {step.name}  ", style="")
            if step.number < len(STEPS):
                text.append("│", style="dim")
        # where there is room: the keys that change step from anywhere, the grid included
        room = self.size.width - text.cell_len
        if room >= len(STEP_KEYS_HINT) + 2:
            text.append(" " * (room - len(STEP_KEYS_HINT) - 1))
            text.append(STEP_KEYS_HINT, style="dim")
        return text
