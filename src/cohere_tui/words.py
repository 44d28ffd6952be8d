"""Small rules of the room's language: counts with their nouns, values with their units.

Headless (never imports Textual): the app, the workbook and the report can say things the
same way.
"""

from __future__ import annotations

PERCENT_LIKE = frozenset({"%", "‰", "pp", "°"})
"""Units written right after the number (``54%``); every other unit gets a space."""


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 initiative``, ``2 initiatives`` (``plural`` when the noun does not just add s)."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def with_unit(value: float | None, unit: str, missing: str = "") -> str:
    """A value with its unit: ``54%``, ``40 referrals``, ``31 days``; ``missing`` for None."""
    if value is None:
        return missing
    unit = unit.strip()
    if not unit:
        return f"{value:g}"
    return f"{value:g}{unit}" if unit in PERCENT_LIKE else f"{value:g} {unit}"
