"""Numbers as the room types them and reads them back: indicator values, baselines, targets.

Headless. A number is shown exactly as it is kept (``1234567``, ``0.1``, ``2.5e-07``): never
rounded for display, so that a value shown in a form and saved back unchanged stays the
same number. A typed number is read as written, refusing what a session cannot hold (NaN,
infinity, a number beyond :data:`~cohere_tui.models.MAX_MEASURE`), with the reason.
"""

from __future__ import annotations

import math

from .models import measure_problem

__all__ = ["format_number", "parse_number"]


def format_number(value: float) -> str:
    """The shortest text that reads back as exactly ``value``: whole numbers without a
    decimal point (``42``), others as Python writes them (``0.1``, ``1234567.5``)."""
    value = float(value)  # a whole number read from a file may be an int
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def parse_number(text: str) -> float | None:
    """The number typed (thousands separators and a trailing ``%`` allowed), or None when
    nothing was typed. Raises :class:`ValueError` saying what to type instead."""
    text = text.strip().replace(",", "").rstrip("%").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a number: type a value such as 42 or 3.5.") from None
    problem = measure_problem(value)
    if problem:
        raise ValueError(f"“{text}” {problem}.")
    return value
