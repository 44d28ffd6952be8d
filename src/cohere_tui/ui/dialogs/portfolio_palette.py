"""The funding and coverage views in the command palette, from any step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

from ..commands import PaletteCommand

if TYPE_CHECKING:
    from ...document import SessionDocument


def portfolio_commands(
    app: App[Any], document: SessionDocument, today: Callable[[], dt.date]
) -> list[PaletteCommand]:
    """The funding and coverage views from any step (steps 2 and 3 have keys for them)."""

    def funding_view() -> None:
        from .funding import FundingScreen

        app.push_screen(FundingScreen(document, today()))

    def coverage_view() -> None:
        from .coverage import CoverageScreen

        app.push_screen(CoverageScreen(document))

    def archive_view() -> None:
        from .archive import ArchiveScreen

        app.push_screen(ArchiveScreen(document.session))

    return [
        PaletteCommand(
            "Funding streams × initiatives",
            "Add streams, fund initiatives, set shares; see what ends within a year (F)",
            funding_view,
        ),
        PaletteCommand(
            "Coverage of populations (equity lens)",
            "Who serves each population and how strongly; who nobody serves (C)",
            coverage_view,
        ),
        PaletteCommand(
            "Archived initiatives",
            "Initiatives earlier cycles sunset or combined into another, with their history",
            archive_view,
        ),
    ]
