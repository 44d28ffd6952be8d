"""The end of an activity, said plainly and large: `TIME IS UP` in block letters across the
screen, in both views, until the timer is started again or stopped."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

GLYPHS: dict[str, tuple[str, str, str]] = {
    "T": ("▀█▀", " █ ", " ▀ "),
    "I": ("█", "█", "▀"),
    "M": ("█▄ ▄█", "█ ▀ █", "▀   ▀"),
    "E": ("█▀▀", "█▀▀", "▀▀▀"),
    "S": ("█▀▀", "▀▀█", "▀▀▀"),
    "U": ("█ █", "█ █", "▀▀▀"),
    "P": ("█▀█", "█▀▀", "▀  "),
    " ": ("  ", "  ", "  "),
}
"""Three-line block letters for the words the banner says."""

WORDS = "TIME IS UP"
HINT = "The activity timer has run out · t starts it again · T hides it"


def block_letters(word: str) -> list[str]:
    """``word`` (of the letters in :data:`GLYPHS`) as three lines of block characters."""
    rows = ["", "", ""]
    for n, letter in enumerate(word):
        glyph = GLYPHS[letter]
        for row in range(3):
            rows[row] += ("" if n == 0 else " ") + glyph[row]
    return rows


class TimeUpBanner(Static):
    """Shown while the activity timer stands at zero: the words large, and what to do."""

    DEFAULT_CSS = """
    TimeUpBanner {
        display: none;
        height: auto;
        text-align: center;
        text-style: bold;
        background: $accent;
        color: $text;
    }
    TimeUpBanner.-shown {
        display: block;
    }
    """

    def on_mount(self) -> None:
        text = Text("\n".join(block_letters(WORDS)) + "\n", style="bold")
        text.append(HINT)
        self.update(text)

    def show(self, shown: bool) -> None:
        self.set_class(shown, "-shown")
