"""The coherence summary: one bar per domain and overall, with the number beside each bar."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from ...analysis import rating_word as word

BAR_WIDTH = 8
MIN_BAR_WIDTH = 4
BLOCKS = " ▏▎▍▌▋▊▉█"
LABEL_WIDTH = 9
WORDS_WIDTH = 16
"""` 2.2 not aligned`: the mean and its word after the bar."""
COUNTS_WIDTH = 6
"""` 10/11`: how many initiatives are rated in the domain."""
TITLE = "Coherence by domain"


def bar(mean: float | None, width: int = BAR_WIDTH) -> str:
    """A bar of `width` cells for a mean on the 0–3 scale; '·' cells when nothing is rated."""
    if mean is None:
        return "·" * width
    eighths = round(max(0.0, min(3.0, mean)) / 3 * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (BLOCKS[part] if part else "")
    return text.ljust(width, "░")


def _shown(mean: float | None) -> str:
    return "–" if mean is None else f"{mean:.1f}"


class CoherenceBars(Static):
    """Per domain and overall: label, bar, mean, word, rated/total. It fits its room: the
    counts go first when narrow, then the bars shorten; when short, the overall moves into
    the title."""

    _lines: int | None = None
    _summary: Any = None
    _shape: tuple[int, bool, bool] | None = None

    def on_mount(self) -> None:
        self.border_title = TITLE

    def on_resize(self) -> None:
        if self._summary is not None and self._fit() != self._shape:
            self.show(self._summary)

    def _fit(self) -> tuple[int, bool, bool]:
        """(bar width, with counts, overall in the title) for the room there is."""
        width, height = self.content_size
        if width == 0:
            return BAR_WIDTH, True, False
        counts = width >= LABEL_WIDTH + BAR_WIDTH + WORDS_WIDTH + COUNTS_WIDTH
        room = width - LABEL_WIDTH - WORDS_WIDTH - (COUNTS_WIDTH if counts else 0)
        short = self._summary is not None and height <= len(self._summary.domains)
        return max(MIN_BAR_WIDTH, min(BAR_WIDTH, room)), counts, short

    def show(self, summary: Any) -> None:
        self._summary = summary
        self._shape = bar_width, with_counts, short = self._fit()
        text = Text(no_wrap=True, overflow="ellipsis")
        for score in summary.domains:
            text.append(f"{score.domain.short:<{LABEL_WIDTH}}", style="bold")
            text.append(bar(score.mean, bar_width))
            text.append(f" {_shown(score.mean):>3} {word(score.mean):<11}")
            text.append(f"{score.rated:>3}/{score.total}\n" if with_counts else "\n")
        overall = summary.overall
        if short:
            text.rstrip()
            self.border_title = f"Overall coherence {_shown(overall)} {word(overall)}"
        else:
            self.border_title = TITLE
            text.append(f"{'Overall':<{LABEL_WIDTH}}", style="bold reverse")
            text.append(bar(overall, bar_width))
            text.append(f" {_shown(overall)} {word(overall)}")
        # same number of lines as before: no new layout of the screen (a rating stays quick)
        lines = len(summary.domains) + (0 if short else 1)
        self.update(text, layout=self._lines != lines)
        self._lines = lines
