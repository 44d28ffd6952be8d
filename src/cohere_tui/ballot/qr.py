"""The QR code of a ballot's address, as text a terminal can show.

segno builds the code (no other dependency); it is imported only here, when a ballot opens.
Each text line holds two rows of modules as half blocks (``▀`` upper dark, ``▄`` lower
dark, ``█`` both, space neither), so a version-2 code fits in 15 lines. Draw the lines
**dark on light** (e.g. black on white): a phone's camera reads dark modules on a light
ground, whatever the terminal's colours.
"""

from __future__ import annotations

QUIET_ZONE = 2
"""Light modules around the code (the standard asks 4; 2 reads fine on a screen and keeps
the code within an 80×24 terminal)."""

_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_matrix(data: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The modules of the QR code of ``data`` (True = dark), quiet zone included."""
    import segno

    code = segno.make(data, error="l", micro=False, boost_error=True)
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=border)]


def qr_lines(data: str, border: int = QUIET_ZONE) -> tuple[str, ...]:
    """The QR code of ``data`` as half-block text lines (see the module notes)."""
    rows = qr_matrix(data, border)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return tuple(
        "".join(_HALVES[(a, b)] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[0::2], rows[1::2], strict=True)
    )


def qr_svg(data: str, scale: int = 8) -> str:
    """The QR code of ``data`` as an SVG document (for a report or a printed handout)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(data, error="l", micro=False, boost_error=True).save(
        out, kind="svg", scale=scale, border=4, xmldecl=False
    )
    return out.getvalue().decode("utf-8")
