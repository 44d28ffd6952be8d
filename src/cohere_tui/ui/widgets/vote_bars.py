"""Votes as bars with numbers: the room's distribution, a consensus check, a dot tally.

Each row is its label, a bar of full blocks and the count in digits, so the reading never
rests on colour or on the bar's length alone."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

BAR = "█"
EMPTY = "·"


def bars(rows: Sequence[tuple[str, int]], width: int = 24, label_width: int | None = None) -> Text:
    """One line per row: ``label  ██████ 7``; the longest bar is ``width`` blocks."""
    top = max((n for _, n in rows), default=0) or 1
    pad = (
        label_width
        if label_width is not None
        else max((len(label) for label, _ in rows), default=0)
    )
    text = Text()
    for index, (label, count) in enumerate(rows):
        if index:
            text.append("\n")
        shown = label if len(label) <= pad else label[: pad - 1] + "…"
        text.append(f"{shown:<{pad}}  ")
        length = round(width * count / top)
        text.append(BAR * length if length else EMPTY, style="bold")
        text.append(f" {count}")
    return text
