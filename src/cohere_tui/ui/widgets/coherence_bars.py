"""The coherence summary: one bar per domain and overall, with the number beside each bar."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from ...analysis import rating_word as word

BAR_WIDTH = 8
BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(mean: float | None, width: int = BAR_WIDTH) -> str:
    """A bar of `width` cells for a mean on the 0–3 scale; '·' cells when nothing is rated."""
    if mean is None:
        return "·" * width
    eighths = round(max(0.0, min(3.0, mean)) / 3 * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (BLOCKS[part] if part else "")
    return text.ljust(width, "░")


class CoherenceBars(Static):
    """Per domain and overall: label, bar, mean, word, rated/total."""

    _lines: int | None = None
    _summary: Any = None
    _with_counts: bool | None = None

    def on_resize(self) -> None:
        """Narrower, the rated counts go (and come back when there is room)."""
        if self._summary is not None and self._counts_fit() != self._with_counts:
            self.show(self._summary)

    def _counts_fit(self) -> bool:
        return self.content_size.width >= 40 or self.content_size.width == 0

    def show(self, summary: Any, *, label_width: int = 9) -> None:
        self._summary = summary
        text = Text(no_wrap=True, overflow="ellipsis")
        with_counts = self._with_counts = self._counts_fit()
        rows: list[tuple[str, float | None, int, int]] = [
            (score.domain.short, score.mean, score.rated, score.total) for score in summary.domains
        ]
        for label, mean, rated, total in rows:
            text.append(f"{label:<{label_width}}", style="bold")
            text.append(bar(mean))
            shown = "–" if mean is None else f"{mean:.1f}"
            text.append(f" {shown:>3} {word(mean):<11}")
            text.append(f"{rated:>3}/{total}\n" if with_counts else "\n")
        overall = summary.overall
        text.append(f"{'Overall':<{label_width}}", style="bold reverse")
        text.append(bar(overall))
        shown = "–" if overall is None else f"{overall:.1f}"
        text.append(f" {shown:>3} {word(overall)}")
        # same number of lines as before: no new layout of the screen (a rating stays quick)
        lines = len(rows) + 1
        self.update(text, layout=self._lines != lines)
        self._lines = lines
