"""Step 3: the alignment grid, the findings derived live, relations and the coherence summary."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Static

from ...document import Change
from ...edits import (
    AddItem,
    DeleteItem,
    SetRating,
    SetRatingNote,
    SetVotes,
    ToggleDismissed,
    UpdateItem,
    get_rating,
)
from ...models import Dimension, Domain, Finding, FindingKind, FindingOrigin
from ..dialogs.action_form import action_fields, check_action_dates, values_from_finding
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.exercise import ExerciseScreen, exercise_picker
from ..dialogs.form import FormDialog, FormField
from ..dialogs.relations import RelationsScreen
from ..widgets.alignment_grid import AlignmentGrid, column_label
from ..widgets.coherence_bars import CoherenceBars
from ..widgets.findings_table import FindingsTable
from ..widgets.item_table import ItemTable
from .portfolio_keys import PortfolioStep

STATUS_HEIGHT = 2
"""The status line under the grid: the cell under the cursor, then what the last key did."""
LOWER_MIN_HEIGHT = 8
"""The findings and coherence panels keep at least this many lines."""
GRID_MIN_HEIGHT = 7
NARROW_WIDTH = 100
"""Narrower than this, the coherence panel drops its rated counts."""


class AnalysisStep(PortfolioStep):
    """Rate in the grid; findings and the coherence summary follow at once."""

    step_number = 3

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "relations", "Relations", tooltip="Relations of the initiative under the "
                "cursor (reinforces, overlaps, conflicts, depends on)", id="analysis.relations"),
        Binding("e", "exercise", "Exercise", tooltip="System alignment exercise: 2–3 "
                "initiatives against the vision and goals, large", id="analysis.exercise"),
        Binding("V", "dot_vote", "Dot vote", key_display="V", tooltip="Dot vote on the open "
                "findings, from the phones or typed: which matter most? (sorts the plan)",
                id="analysis.dots"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield AlignmentGrid(id="alignment-grid")
        yield Static(id="grid-status", markup=False)
        with Horizontal(id="analysis-lower"):
            yield FindingsTable(id="findings-table")
            yield CoherenceBars(id="coherence")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._announcement = ""
        """What the last key did, said in the status line until the cursor moves on."""

    def on_mount(self) -> None:
        self.query_one("#alignment-grid").border_title = (
            "Alignment · 0 not aligned · 1 weak · 2 partial · 3 strong · · unrated · * note"
            " · ~ split vote"
        )

    def on_resize(self) -> None:
        """The grid takes the lines it needs, leaving the findings at least
        :data:`LOWER_MIN_HEIGHT`; narrow, the coherence panel drops its counts."""
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        grid = self.query_one(AlignmentGrid)
        room = self.content_size.height - STATUS_HEIGHT - LOWER_MIN_HEIGHT
        limit = max(GRID_MIN_HEIGHT, room)
        if grid.height_limit != limit:
            grid.height_limit = limit
            grid.relayout()
        self.call_after_refresh(self._show_coherence)

    def focus_default(self) -> None:
        self._announcement = ""  # what a key did before the step was left is old news
        self._status()
        self.query_one(AlignmentGrid).focus()

    def selected_initiative_id(self) -> str | None:
        here = self.query_one(AlignmentGrid).current()
        return here[0].id if here else None

    # ----- drawing ----------------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Rebuild everything (on entering the step after edits elsewhere)."""
        self.shown_revision = self.document.revision
        grid = self.query_one(AlignmentGrid)
        grid.load(self.session)
        self.refresh_findings()
        self._status()

    def refresh_findings(self, change: Change | None = None) -> None:
        """Redraw the findings (the document keeps them derived) and the coherence summary.

        After a rating (``change`` names it) only the rows whose finding changed are
        touched, so a keypress stays immediate on a large session.
        """
        table = self.query_one(FindingsTable)
        if change is None or change.kind != "apply":
            table.fill(self.session)
        elif change.findings.changed:
            table.apply(self.session, change.findings)
        self._show_coherence()

    def _show_coherence(self) -> None:
        from ...analysis import coherence_summary

        self.query_one(CoherenceBars).show(coherence_summary(self.session))

    def document_changed(self, change: Change) -> None:
        """A rating (or its note) redraws its row, the changed findings and the summary;
        anything else redraws the step."""
        edit = change.edit
        if change.kind != "apply":  # what the last key did is no longer what the grid shows
            verb = "Undone" if change.kind == "undo" else "Redone"
            again = "ctrl+y redoes it" if change.kind == "undo" else "ctrl+z undoes it"
            self._announcement = f"{verb}: {change.description} · {again}"
        if isinstance(edit, SetRating | SetRatingNote | SetVotes):
            self.shown_revision = self.document.revision
            ini = self.session.initiative(edit.initiative_id)
            if ini is not None:
                self.query_one(AlignmentGrid).refresh_cells(ini, edit.key)
            if isinstance(edit, SetRating | SetVotes):
                self.refresh_findings(change)
            self._status()
            return
        self.sync()

    def _status(self) -> None:
        """The cell under the cursor, then what the last key did (or the cell's note)."""
        cell, note = self.query_one(AlignmentGrid).describe_cursor()
        self._show_status(cell, self._announcement or note)

    def _show_status(self, first: str, second: str) -> None:
        """Two lines, each cut to the width rather than wrapped: the second (what a key did)
        never falls out of the fixed height."""
        text = Text(f"{first}\n{second}" if second else first, no_wrap=True, overflow="ellipsis")
        # the status line has a fixed height: no new layout of the screen on each key
        self.query_one("#grid-status", Static).update(text, layout=False)

    @on(AlignmentGrid.CellHighlighted)
    def _cell_moved(self, event: AlignmentGrid.CellHighlighted) -> None:
        if not event.advanced:
            self._announcement = ""
        self._status()

    @on(AlignmentGrid.Said)
    def _grid_said(self, event: AlignmentGrid.Said) -> None:
        event.stop()
        self.announce(event.text)

    @on(FindingsTable.RowHighlighted, "#findings-table")
    def _finding_moved(self, event: FindingsTable.RowHighlighted) -> None:
        """The status line shows the whole finding under the cursor."""
        finding = self.session.finding(str(event.row_key.value))
        if finding is None or not event.data_table.has_focus:
            return
        where = f" · {finding.domain.label}" if finding.domain else ""
        self._show_status(
            f"{finding.id} · {finding.kind.label} · {finding.dimension.value}{where}",
            finding.summary,
        )

    def on_descendant_focus(self) -> None:
        if isinstance(self.screen.focused, AlignmentGrid):
            self._status()

    @on(AlignmentGrid.RateRequested)
    def _rate(self, event: AlignmentGrid.RateRequested) -> None:
        event.stop()
        change = self.apply(SetRating(event.initiative_id, event.key, event.value))
        if change is None:
            return
        grid = event.grid
        if grid.auto_move:
            grid.advance()
        self.announce(f"{change.description} · ctrl+z undoes")

    def announce(self, text: str) -> None:
        """Say in the status line what a key just did; it stays until the cursor moves (an
        auto-move after a rating keeps it)."""
        self._announcement = text
        self._status()

    # ----- notes, relations, exercise ---------------------------------------------------------

    @on(AlignmentGrid.NoteRequested)
    def _note(self, event: AlignmentGrid.NoteRequested) -> None:
        event.stop()
        ini = self.session.initiative(event.initiative_id)
        if ini is None:
            return
        key = event.key
        fields = [FormField("note", "Note", kind="multiline", height=4)]
        title = f"Note: {ini.id} × {column_label(self.session, key)}"

        def done(result: dict[str, Any] | None) -> None:
            if result is not None:
                self.apply(SetRatingNote(ini.id, key, result["note"]))

        self.app.push_screen(
            FormDialog(title, fields, {"note": ini.rating_notes.get(key, "")}), done
        )

    @on(AlignmentGrid.VotesRequested)
    def _votes(self, event: AlignmentGrid.VotesRequested) -> None:
        event.stop()
        ini = self.session.initiative(event.initiative_id)
        if ini is None:
            return
        if event.how == "ballot":
            self.open_ballot(ini.id, event.key)
        else:
            self.type_votes(ini.id, event.key)

    def type_votes(self, initiative_id: str, key: str) -> None:
        """A line of typed votes for the cell: one digit per voice, or a tally."""
        from ...votes import RATING_SCALE, typed_votes, values_of
        from ..dialogs.votes_form import typed_values, votes_form

        ini = self.session.initiative(initiative_id)
        if ini is None:
            return

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            values = typed_values(result, RATING_SCALE)
            if values:
                edit = SetVotes(initiative_id, key, typed_votes(values))
            else:
                current = self.session.initiative(initiative_id)
                keep = get_rating(current, key) if current is not None else None
                edit = SetVotes(initiative_id, key, [], agreed=keep)
            change = self.apply(edit)
            if change is not None:
                self.announce(f"{change.description} · ctrl+z undoes")

        title = f"Votes: {ini.id} × {column_label(self.session, key)}"
        current = values_of(ini.votes.get(key, []))
        self.app.push_screen(votes_form(title, current, RATING_SCALE), done)

    def open_ballot(self, initiative_id: str, key: str) -> None:
        """Ask the room on their phones; closing the ballot records the votes (one edit)."""
        from ...models import Vote
        from ...votes import RATING_SCALE, rating_question
        from ..dialogs.votes_form import ask_phones

        def record(votes: list[Vote]) -> None:
            change = self.apply(SetVotes(initiative_id, key, votes))
            if change is not None:
                self.announce(f"{change.description} · ctrl+z undoes")

        question = rating_question(self.session, initiative_id, key)
        expected = len(self.session.participants) or None
        server = self.context.ballots.server()
        ask_phones(self.app, server, question, RATING_SCALE, expected, record)

    def action_dot_vote(self) -> None:
        """A dot-vote round on the open findings, from the phones or typed; the ranking is
        saved (and sorts the plan)."""
        from ...models import DotTarget
        from ..dialogs.dot_vote import run_dot_vote

        findings = [f for f in self.session.findings if not f.dismissed and not f.resolved]
        if len(findings) < 2:
            self.notify("A dot vote needs at least two open findings.", severity="warning")
            return
        run_dot_vote(
            self.app,
            self.document,
            DotTarget.FINDINGS,
            [(f.id, f.summary) for f in findings],
            self.today(),
            saved="Saved with its ranking; the action plan can sort by it (g)",
        )

    def action_relations(self) -> None:
        here = self.query_one(AlignmentGrid).current()
        initiative_id = here[0].id if here else None
        self.app.push_screen(RelationsScreen(self.document, initiative_id))

    def action_exercise(self) -> None:
        if len(self.session.initiatives) < 2:
            self.notify("The exercise needs at least two initiatives.", severity="warning")
            return
        here = self.query_one(AlignmentGrid).current()
        chosen = [here[0].id] if here else []

        def done(result: dict[str, Any] | None) -> None:
            if result is not None:
                self.app.push_screen(ExerciseScreen(self.document, result["initiatives"]))

        self.app.push_screen(exercise_picker(self.session, chosen), done)

    # ----- findings ---------------------------------------------------------------------------

    def _finding_fields(self) -> list[FormField]:
        session = self.session
        return [
            FormField("summary", "Finding", kind="multiline", height=2, required=True),
            FormField("kind", "Kind", kind="choice", required=True,
                      options=[(k.label, k.value) for k in FindingKind]),
            FormField("dimension", "Dimension", kind="choice", required=True,
                      options=[(d.value.capitalize(), d.value) for d in Dimension]),
            FormField("domain", "Domain", kind="choice",
                      options=[(d.label, d.value) for d in Domain]),
            FormField("initiatives", "Initiatives", kind="multi",
                      options=[(f"{i.id}  {i.name}", i.id) for i in session.initiatives]),
            FormField("goals", "Goals", kind="multi",
                      options=[(f"{g.id}  {g.title}", g.id) for g in session.goals]),
            FormField("note", "Note", kind="multiline", height=2),
        ]  # fmt: skip

    @on(ItemTable.Requested, "#findings-table")
    def _finding_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        finding = self.session.finding(event.item_id) if event.item_id else None
        if event.verb == "add":
            self.edit_finding(None)
        elif event.verb == "edit" and finding is not None:
            self.edit_finding(finding)
        elif event.verb == "delete" and finding is not None:
            if finding.origin is FindingOrigin.DERIVED:
                self.toggle_dismissed(finding)
                return

            def done(yes: bool | None) -> None:
                if yes:
                    self.apply(DeleteItem("finding", finding.id))

            self.app.push_screen(
                ConfirmDialog(
                    f"Delete finding {finding.id}?", f"{finding.summary}\n\nctrl+z undoes it."
                ),
                done,
            )

    def edit_finding(self, finding: Finding | None) -> None:
        if finding is None:
            values: dict[str, Any] = {
                "kind": FindingKind.OTHER.value,
                "dimension": Dimension.TECHNICAL.value,
            }
        else:
            values = finding.model_dump(mode="json")
        title = f"Edit finding {finding.id}" if finding else "New finding"
        fields = self._finding_fields()
        if finding is not None and finding.origin is FindingOrigin.DERIVED:
            # derived findings keep what the analysis says; the room sets dimension and note
            fields = [f for f in fields if f.name in ("dimension", "note")]
            title += " (derived: dimension and note)"

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if finding is None:
                self.apply(AddItem("finding", {**result, "origin": FindingOrigin.MANUAL}))
            else:
                self.apply(UpdateItem("finding", finding.id, result))

        self.app.push_screen(FormDialog(title, fields, values), done)

    def toggle_dismissed(self, finding: Finding) -> None:
        change = self.apply(ToggleDismissed(finding.id))
        if change is not None:
            self.notify(f"{change.description} · ctrl+z undoes", timeout=3)

    @on(FindingsTable.FindingRequested)
    def _finding_verb(self, event: FindingsTable.FindingRequested) -> None:
        event.stop()
        table = self.query_one(FindingsTable)
        if event.verb == "toggle_dismissed":
            table.show_dismissed = not table.show_dismissed
            table.fill(self.session)
            return
        finding = self.session.finding(event.item_id) if event.item_id else None
        if finding is None:
            return
        if event.verb == "dismiss":
            self.toggle_dismissed(finding)
        elif event.verb == "action":
            self.make_action(finding)

    def make_action(self, finding: Finding) -> None:
        """A new action prefilled from the finding and linked to it; it appears in step 4."""
        session = self.session

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            add = AddItem("action", result)
            if self.apply(add):
                self.notify(f"{add.created} added to the action plan (step 4).", timeout=4)

        self.app.push_screen(
            FormDialog(
                f"New action for {finding.id}",
                action_fields(session, self.today()),
                values_from_finding(finding),
                check=check_action_dates,
            ),
            done,
        )
