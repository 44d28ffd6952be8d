"""A selection list whose boxes read ✓ or blank, so the choice is not shown by colour alone."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton


class Checklist(SelectionList[str]):
    """`space` toggles the highlighted item; chosen items show ✓."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            option = self.get_option_at_index(scroll_y + y)
        except Exception:
            return strip
        mark = "✓" if option.value in self._selected else " "
        segments = list(strip)
        for n, segment in enumerate(segments):
            if segment.text == ToggleButton.BUTTON_INNER:
                segments[n] = Segment(mark, segment.style, segment.control)
                break
        return Strip(segments, strip.cell_length)
