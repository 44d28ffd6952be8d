"""The keys of funding, populations and decisions, shared by the inventory and the analysis
steps: `k` records the room's decision on the initiative under the cursor, `F` opens the
funding view (streams × initiatives), `C` the coverage view (populations × who serves
them). Every one of them is in the command palette too."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from .base import StepView

PORTFOLIO = Binding.Group("Decide · Funding · Coverage")


class PortfolioStep(StepView):
    """A step that shows initiatives: subclasses say which one is under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "decide", "Decide", group=PORTFOLIO, tooltip="Record the room's decision on "
                "this initiative: keep, scale up, combine, redesign or sunset",
                id="portfolio.decide"),
        Binding("F", "funding", "Funding", key_display="F", group=PORTFOLIO, tooltip="Funding "
                "streams × initiatives: add streams, fund initiatives, set shares",
                id="portfolio.funding"),
        Binding("C", "coverage", "Coverage", key_display="C", group=PORTFOLIO, tooltip="Who "
                "serves each population, and how strongly: the equity lens",
                id="portfolio.coverage"),
    ]  # fmt: skip

    def selected_initiative_id(self) -> str | None:
        """The initiative under the cursor (override)."""
        return None

    def action_decide(self) -> None:
        from ..dialogs.portfolio_forms import decide

        decide(self, self.document, self.selected_initiative_id())

    def action_funding(self) -> None:
        from ..dialogs.funding import FundingScreen

        self.app.push_screen(FundingScreen(self.document, self.today()))

    def action_coverage(self) -> None:
        from ..dialogs.coverage import CoverageScreen

        initiative = self.session.initiative(self.selected_initiative_id() or "")
        first = initiative.populations[0] if initiative and initiative.populations else None
        self.app.push_screen(CoverageScreen(self.document, first))
