"""Text the room typed, made ready for the page: never markup, always breakable.

Everything here returns plain strings (or lists of them). The template puts strings on the
page as text, so a ``#``, ``$``, ``*``, ``[``, ``\\``, ``<``, ``@`` or a backtick in them is
printed as typed, never read as typesetting code.
"""

from __future__ import annotations

import re
import unicodedata

ZWSP = "\u200b"
"""Zero-width space: an invisible place where a line may break."""

LONG_WORD = 18
"""Runs of this many characters or more without a space get break opportunities."""

_LONG = re.compile(rf"\S{{{LONG_WORD},}}")
_BULLET = re.compile(r"^\s*(?:[-*•–]\s+|\d+[.)]\s+)")
_JOINERS = frozenset({"\u200d", "\u2060"})


def _joins(char: str) -> bool:
    """Whether no break may come before ``char`` (it belongs to the character before it)."""
    return (
        unicodedata.category(char).startswith("M")
        or char in _JOINERS
        or "\ufe00" <= char <= "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin-tone modifiers
    )


def _break_word(match: re.Match[str]) -> str:
    word = match.group()
    out: list[str] = []
    for n, char in enumerate(word):
        if n and not _joins(char) and word[n - 1] not in _JOINERS:
            out.append(ZWSP)
        out.append(char)
    return "".join(out)


def breakable(text: str) -> str:
    """``text`` with a break opportunity between the characters of each very long word (a
    pasted link, a serial number), so that it wraps inside its column instead of running off
    the page. Shorter words are left alone (they break at spaces, as usual)."""
    return _LONG.sub(_break_word, text)


def one_line(text: str) -> str:
    """``text`` on one line: every run of white space (line ends too) becomes one space."""
    return breakable(" ".join(text.split()))


def paragraphs(text: str) -> list[str]:
    """``text`` as paragraphs for the page.

    A blank line starts a new paragraph; a line that starts with a list marker (``-``, ``*``,
    ``•``, ``1.``) starts one too. Other line ends are where the typist's box happened to wrap,
    so they become spaces and the page wraps the text to its own width.
    """
    result: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if current:
                result.append(" ".join(current))
                current = []
            continue
        if _BULLET.match(line) and current:
            result.append(" ".join(current))
            current = []
        current.append(" ".join(line.split()))
    if current:
        result.append(" ".join(current))
    return [breakable(p) for p in result]


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return breakable(flat)
    return breakable(flat[: limit - 1].rstrip() + "…")
