"""How a rating looks: the digit always, plus a colour from a colour-blind-safe scale."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, and the
# digit is always drawn, so no meaning rests on colour alone.
RATING_STYLES: dict[int, Style] = {
    0: Style(color="#ffffff", bgcolor="#a3400b", bold=True),
    1: Style(color="#000000", bgcolor="#e69f00", bold=True),
    2: Style(color="#000000", bgcolor="#56b4e9", bold=True),
    3: Style(color="#ffffff", bgcolor="#0062a0", bold=True),
}
UNRATED_MARK = "·"
UNRATED_STYLE = Style(dim=True)


def rating_cell(value: int | None, width: int = 3) -> Text:
    """A grid cell: ` 2 ` on its colour, or a dim `·` when unrated."""
    if value is None:
        return Text(UNRATED_MARK.center(width), style=UNRATED_STYLE)
    return Text(str(value).center(width), style=RATING_STYLES[value])


def mean_text(mean: float | None) -> str:
    return "–" if mean is None else f"{mean:.1f}"
