"""How the alignment grid shares out its width: the one place that decides column widths.

A pure function of the room there is (cells across, lines down) and what must be shown (the
initiative names, the rating columns and their possible headers), so that it is tested
without a screen and every size of terminal is laid out by the same rule:

1. the initiatives' names first, up to :data:`NAME_COMFORT` cells;
2. then the names whole (up to :data:`NAME_MAX`), on two lines where there is height for it;
3. then the unrated count beside the row mean;
4. then longer column headers ("Fund/Pol" rather than "Fund"), column by column;
5. then a second blank between cells.

Every cell keeps at least :data:`MIN_CELL` cells (a digit, a note mark and a third mark), one
blank between cells (the cursor draws its brackets there) and the row mean always shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

MIN_CELL = 3
"""The narrowest rating cell."""
NAME_MIN = 12
"""The narrowest the initiative names get (narrower, the grid scrolls sideways instead)."""
NAME_COMFORT = 22
"""Names get this much before any other column grows."""
NAME_MAX = 48
"""Names longer than this are cut (on one line) or wrapped (on two)."""
MEAN_WIDTH = 4
UNRATED_WIDTH = 3
NAME_PAD = 1
"""A blank either side of the names."""


@dataclass(frozen=True)
class GridColumn:
    """A rating column: its key and the headers it can show, longest first."""

    key: str
    headers: tuple[str, ...]


@dataclass(frozen=True)
class GridLayout:
    """Widths of every part of a grid line, and how many lines a row takes."""

    name_width: int
    """Cells for the names (without their blanks)."""
    name_lines: int
    """1, or 2 when long names wrap."""
    widths: tuple[int, ...]
    """Each rating cell."""
    headers: tuple[str, ...]
    """The header chosen for each rating column."""
    gap: int
    """Blank cells between rating cells (and before the first, after the last)."""
    show_unrated: bool
    """Whether the unrated count shows after the row mean."""

    @property
    def name_part(self) -> int:
        """The fixed left part: the names and their blanks."""
        return self.name_width + 2 * NAME_PAD

    @property
    def offsets(self) -> list[int]:
        """Where each rating cell starts in the scrolling part of a line."""
        found, x = [], 0
        for width in self.widths:
            x += self.gap
            found.append(x)
            x += width
        return found

    @property
    def tail_width(self) -> int:
        """The row mean (and unrated count) after the last gap, with a closing blank."""
        return MEAN_WIDTH + (1 + UNRATED_WIDTH if self.show_unrated else 0) + 1

    @property
    def body_width(self) -> int:
        """The scrolling part: every rating cell with its gaps, then the tail."""
        return sum(self.widths) + self.gap * (len(self.widths) + 1) + self.tail_width

    @property
    def total_width(self) -> int:
        return self.name_part + self.body_width


def _body(widths: Sequence[int], gap: int, unrated: bool) -> int:
    tail = MEAN_WIDTH + (1 + UNRATED_WIDTH if unrated else 0) + 1
    return sum(widths) + gap * (len(widths) + 1) + tail


def layout_grid(
    width: int,
    lines: int | None,
    names: Sequence[str],
    columns: Sequence[GridColumn],
    *,
    fixed_lines: int = 2,
) -> GridLayout:
    """Share ``width`` cells among the names and the columns (see the module docstring).

    ``lines`` is the height the grid may take (None: as much as it needs), ``names`` the
    text of each row's name, ``fixed_lines`` the header lines that do not scroll.
    """
    wanted = min(NAME_MAX, max((cell_len(n) for n in names), default=0))
    wanted = max(wanted, NAME_MIN)
    choice = [len(c.headers) - 1 for c in columns]  # the shortest header of each

    def widths() -> list[int]:
        return [max(MIN_CELL, cell_len(c.headers[n])) for c, n in zip(columns, choice, strict=True)]

    gap, unrated = 1, False
    room = width - 2 * NAME_PAD - _body(widths(), gap, unrated)
    name = max(NAME_MIN, min(room, NAME_COMFORT, wanted))
    spare = room - name
    # the names whole, then the unrated count
    grow = max(0, min(spare, wanted - name))
    name += grow
    spare -= grow
    if spare >= 1 + UNRATED_WIDTH:
        unrated = True
        spare -= 1 + UNRATED_WIDTH
    # longer headers, column by column
    for n, column in enumerate(columns):
        for better in range(choice[n] - 1, -1, -1):
            cost = max(MIN_CELL, cell_len(column.headers[better])) - widths()[n]
            if cost <= spare:
                spare -= cost
                choice[n] = better
    if spare >= len(columns) + 1:
        gap = 2
    name_lines = 1
    if name < wanted and lines is not None and fixed_lines + 2 * len(names) <= lines:
        name_lines = 2
    return GridLayout(
        name_width=name,
        name_lines=name_lines,
        widths=tuple(widths()),
        headers=tuple(c.headers[n] for c, n in zip(columns, choice, strict=True)),
        gap=gap,
        show_unrated=unrated,
    )


def wrap_cells(text: str, width: int, lines: int) -> list[str]:
    """``text`` in ``lines`` lines of exactly ``width`` cells: broken between words, the last
    line cut with an ellipsis when the text is longer still."""
    words = text.split()
    out: list[str] = []
    current = ""
    while words and len(out) < lines:
        word = words[0]
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            words.pop(0)
            continue
        if not current:  # one word wider than the line: break it
            current = set_cell_size(word, width)
            words[0] = word[len(current) :]
        out.append(current)
        current = ""
    if current and len(out) < lines:
        out.append(current)
    if words and out:
        rest = out[-1] + " " + " ".join(words)
        out[-1] = set_cell_size(rest, width - 1) + "…"
    out += [""] * (lines - len(out))
    return [set_cell_size(line, width) for line in out]
