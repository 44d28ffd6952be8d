"""Step 3: the alignment grid and the findings (shown read-only until step 3 is built out)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ..models import RELATION_LABELS, VISION_KEY, Domain
from .rating_style import rating_cell
from .step_view import StepView


class AnalysisStep(StepView):
    """Initiative × (vision, goals, six domains) ratings, relationships and findings."""

    step_number = 3

    def compose(self) -> ComposeResult:
        yield DataTable(id="alignment-grid", cursor_type="cell", zebra_stripes=False)
        yield Static(id="analysis-findings")

    def on_mount(self) -> None:
        self.query_one(
            "#alignment-grid"
        ).border_title = "Alignment · 0 not aligned · 1 weak · 2 partial · 3 strong · · unrated"
        self.query_one("#analysis-findings").border_title = "Findings and relationships"
        self.refresh_view()

    def focus_default(self) -> None:
        self.query_one("#alignment-grid").focus()

    def refresh_view(self) -> None:
        self.shown_revision = self.document.revision
        session = self.session
        grid: DataTable[Text] = self.query_one("#alignment-grid", DataTable)
        grid.clear(columns=True)
        grid.add_column("Initiative", key="name", width=22)
        grid.add_column("Vis", key=VISION_KEY, width=3)
        for goal in session.goals:
            grid.add_column(goal.id, key=goal.id, width=3)
        for domain in Domain:
            grid.add_column(domain.short[:5], key=domain.value, width=5)
        for ini in session.initiatives:
            cells = [Text(f"{ini.id} {ini.name}", overflow="ellipsis", no_wrap=True)]
            cells.append(rating_cell(ini.alignment.get(VISION_KEY)))
            cells.extend(rating_cell(ini.alignment.get(g.id)) for g in session.goals)
            cells.extend(rating_cell(ini.domains.get(d), width=5) for d in Domain)
            grid.add_row(*cells, key=ini.id)
        text = Text()
        open_findings = [f for f in session.findings if not f.dismissed]
        for fnd in open_findings:
            text.append(f"{fnd.id} ", style="bold")
            text.append(f"[{fnd.kind.label} · {fnd.dimension.value}] ")
            text.append(fnd.summary + "\n")
        if session.relationships:
            text.append("\n")
        for rel in session.relationships:
            text.append(f"{rel.a} {RELATION_LABELS[rel.kind]} {rel.b}", style="bold")
            if rel.note:
                text.append(f" — {rel.note}")
            text.append("\n")
        if not text:
            text.append("No findings yet: rate initiatives in the grid above.")
        text.rstrip()
        self.query_one("#analysis-findings", Static).update(text)
