"""Prepare, before the cycle: the team with its roles and voices, the coverage of voices and
sectors, readiness on the seven conditions (Activity 2), the scope (Activity 1) and the
meeting plan with its agendas, whose items the activity timer can run."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from ...document import Change
from ...edits import (
    AddAgendaItem,
    AddItem,
    AddMeeting,
    DeleteAgendaItem,
    DeleteItem,
    MoveAgendaItem,
    SetReadiness,
    SetReadinessVotes,
    SetScope,
    UpdateAgendaItem,
    UpdateItem,
    UpdateReadiness,
)
from ...guide import STAGES
from ...models import (
    READINESS_LABELS,
    SCOPE_LISTS,
    Condition,
    Meeting,
    Sector,
    Voice,
)
from ...prepare import (
    agenda_minutes,
    clock_minutes,
    coverage,
    improve_action_values,
    open_prepare_findings,
    readiness_disagreements,
    readiness_summary,
    readiness_text,
    suggested_actions,
    team_roles,
)
from ...votes import READINESS_SCALE, condition_votes, describe_votes, spread_mark, values_of
from ..dialogs.action_form import action_fields, check_action_dates
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.form import FormDialog, FormField
from ..widgets.activity_timer import ActivityTimer
from ..widgets.coverage_panel import CoveragePanel
from ..widgets.item_table import ItemTable, MovableItemTable
from ..widgets.readiness_table import ReadinessTable
from .base import StepView

SECTOR_OPTIONS = [(s.label, s.value) for s in Sector]
VOICE_OPTIONS = [(v.label, v.value) for v in Voice]
STAGE_OPTIONS = [(f"{s.number} {s.name}", str(s.number)) for s in STAGES]

SCOPE_ROWS: tuple[tuple[str, str], ...] = (
    ("question", "Question"),
    *SCOPE_LISTS.items(),
    ("time_frame", "Time frame"),
    ("note", "Note"),
)
"""The rows of the scope table: the question, the four lists (in and out), time, note."""
SCOPE_SHORT = {"agencies": "Agencies", "initiatives": "Initiatives"}
"""Shorter names for the table's first column (the form and the workbook say them whole)."""


def _minutes(text: str) -> int:
    text = text.strip().removesuffix("min").strip()
    if not text:
        return 0
    try:
        minutes = int(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a number of minutes: type e.g. 20.") from None
    if not 0 <= minutes <= 24 * 60:
        raise ValueError("Give between 0 and 1440 minutes.")
    return minutes


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _condition_of(finding_key: str) -> str:
    """The condition a finding "the room disagrees on readiness" names, in its short name."""
    try:
        return Condition(finding_key.partition(":")[2]).short
    except ValueError:
        return finding_key.partition(":")[2]


def _refit(table: ItemTable) -> None:
    """Refit the stretch column once the new rows are laid out: rows can bring a scrollbar,
    which narrows the table without resizing it."""
    table.call_after_refresh(table.fit_stretch_column)


class AgendaTable(MovableItemTable):
    """A meeting's agenda: `a`/`enter`/`d`, `shift+↑`/`shift+↓` move, `t` times the item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "time_item", "Time item", tooltip="Run the activity timer for this "
                "agenda item's minutes (t again pauses it)", id="agenda.time"),
    ]  # fmt: skip

    class TimeRequested(Message):
        def __init__(self, item_id: str | None) -> None:
            super().__init__()
            self.item_id = item_id

    def action_time_item(self) -> None:
        self.post_message(self.TimeRequested(self.current_id))


class TeamTable(ItemTable):
    """The team: its voices column may be narrow rather than pushed out of sight."""

    MIN_STRETCH = 6


class PrepareStep(StepView):
    """The team, coverage, readiness, scope and meetings; `tab` moves between them."""

    step_number = 0
    _narrow = False
    _said = ""
    """What the last vote key did, said in the readiness status line until the cursor moves."""
    _said_on: Condition | None = None
    """The condition the cursor was on when it was said."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="prepare-scroll"):
            with Horizontal(id="prepare-top"):
                with Vertical(id="prepare-left"):
                    yield TeamTable(noun="team member", stretch="voices", id="team-table")
                    yield ReadinessTable(id="readiness-table")
                    yield Static(id="readiness-suggest", markup=False)
                yield CoveragePanel(id="team-coverage")
            with Horizontal(id="prepare-bottom"):
                with Vertical(id="scope-and-norms"):
                    yield ItemTable(noun="part of the scope", stretch="included", id="scope-table")
                    yield Static(id="meeting-norms", markup=False)
                with Vertical(id="meeting-plan"):
                    yield ItemTable(noun="meeting", stretch="purpose", id="meetings-table")
                    yield AgendaTable(noun="agenda item", stretch="title", id="agenda-table")

    def on_mount(self) -> None:
        team = self.query_one("#team-table", ItemTable)
        team.border_title = "Team · roles and voices"
        self._team_columns(narrow=False)
        self.query_one("#team-coverage", CoveragePanel).border_title = "Coverage"
        scope = self.query_one("#scope-table", ItemTable)
        scope.border_title = "Scope (Activity 1)"
        scope.add_column("Part", key="part", width=12)
        scope.add_column("In", key="included", width=12)
        scope.add_column("Out", key="excluded", width=18)
        meetings = self.query_one("#meetings-table", ItemTable)
        meetings.border_title = "Meetings"
        meetings.add_column("Date", key="date", width=10)
        meetings.add_column("Purpose", key="purpose", width=12)
        meetings.add_column("Time", key="time", width=9)
        agenda = self.query_one("#agenda-table", AgendaTable)
        agenda.add_column("#", key="n", width=2)
        agenda.add_column("Item", key="title", width=12)
        agenda.add_column("Min", key="minutes", width=3)
        agenda.add_column("Stage", key="stage", width=11)
        self.query_one("#meeting-norms").border_title = "Norms of the meeting"

    def focus_default(self) -> None:
        self.query_one("#team-table", ItemTable).focus()

    NARROW = 100
    """Below this width the coverage panel narrows, the team table leaves out the sector
    (the coverage panel names the sectors) so that the voices still show, and the scope
    comes above the meeting plan instead of beside it."""

    def _team_columns(self, *, narrow: bool) -> None:
        team = self.query_one("#team-table", ItemTable)
        team.clear(columns=True)
        team.add_column("Name", key="name", width=14)
        team.add_column("Team role", key="team_role", width=14)
        team.add_column("Voices", key="voices", width=12)
        if not narrow:
            team.add_column("Sector", key="sector", width=15)
        self._narrow = narrow

    def on_resize(self) -> None:
        narrow = self.size.width < self.NARROW
        self.set_class(narrow, "-narrow")
        if narrow != self._narrow:
            self._team_columns(narrow=narrow)
            self._fill_team()

    # ----- drawing ----------------------------------------------------------------------------

    def refresh_view(self) -> None:
        self.shown_revision = self.document.revision
        self._fill_team()
        self._fill_coverage()
        self._fill_readiness()
        self._fill_scope()
        self._fill_meetings()

    def document_changed(self, change: Change) -> None:
        """Redraw only what the change may concern (a rating redraws no team or agenda)."""
        self.shown_revision = self.document.revision
        if change.touches("participants"):
            self._fill_team()
        if change.touches("participants", "initiatives", "details", "findings"):
            self._fill_coverage()
        if change.touches("readiness", "actions"):
            edit = change.edit
            if change.kind != "apply" and isinstance(edit, SetReadinessVotes):
                verb = "Undone" if change.kind == "undo" else "Redone"
                again = "ctrl+y redoes it" if change.kind == "undo" else "ctrl+z undoes it"
                self._said = f"{verb}: {change.description} · {again}"
                self._said_on = self.query_one("#readiness-table", ReadinessTable).condition
            self._fill_readiness()
        if change.touches("scope"):
            self._fill_scope()
        if change.touches("meetings"):
            self._fill_meetings()

    def _fill_team(self) -> None:
        table = self.query_one("#team-table", ItemTable)
        keep = table.current_id
        table.clear()
        people = self.session.participants
        for n, person in enumerate(people):
            voices = ", ".join(v.short for v in person.voices)
            cells: list[object] = [
                person.name,
                person.team_role or "·",
                table.long_text(voices or "·"),
            ]
            if not self._narrow:
                cells.append(person.sector.label if person.sector else "·")
            table.add_row(
                *cells,
                key=str(n),
                height=table.row_height(voices),
            )
        count = len(people)
        table.border_subtitle = f"{count} " + ("person" if count == 1 else "people")
        table.move_cursor_to(keep)
        _refit(table)

    def _fill_coverage(self) -> None:
        self.query_one("#team-coverage", CoveragePanel).show(
            coverage(self.session), open_prepare_findings(self.session)
        )

    def _fill_readiness(self) -> None:
        session = self.session
        summary = readiness_summary(session)
        table = self.query_one("#readiness-table", ReadinessTable)
        table.fill(summary, set(summary.weakest))
        mean = "–" if summary.mean is None else f"{summary.mean:.1f}"
        table.border_title = (
            f"Readiness · overall {mean} · {summary.rated} of {summary.total} rated"
        )
        split = any(spread_mark(score.votes) for score in summary.conditions)
        table.border_subtitle = "1 emerging … 4 sustaining" + (" · ~ split vote" if split else "")
        self._readiness_status()

    def _readiness_status(self) -> None:
        """The line under the readiness table: what the last vote key did; else, on a
        condition the room voted on (the table focused), the votes' distribution; else the
        conditions the room disagrees on and the ones to improve first."""
        hint = self.query_one("#readiness-suggest", Static)
        session = self.session
        table = self.query_one("#readiness-table", ReadinessTable)
        if self._said:
            hint.update(self._said)
            return
        condition = table.condition if table.has_focus else None
        votes = condition_votes(session, condition) if condition is not None else []
        if condition is not None and votes:
            hint.update(f"{condition.short} · {describe_votes(values_of(votes), READINESS_SCALE)}")
            return
        parts = [
            f"~ {f.id} the room disagrees on {_condition_of(f.key)}"
            for f in readiness_disagreements(session)
        ]
        summary = readiness_summary(session)
        suggestions = suggested_actions(session)
        if not summary.rated:
            parts.append("Rate each condition 1–4 with the digit keys.")
        elif not suggestions:
            parts.append(
                "✓ Every rated condition is established or better: nothing to improve first."
            )
        else:
            improve = []
            for s in suggestions:
                state = f"→ {', '.join(s.actions)}" if s.taken else "f makes an action"
                improve.append(f"{s.condition.short} ({readiness_text(s.rating)}) {state}")
            parts.append("◆ Improve first: " + "; ".join(improve))
        hint.update(" · ".join(parts))

    def _fill_scope(self) -> None:
        scope = self.session.scope
        table = self.query_one("#scope-table", ItemTable)
        keep = table.current_id
        table.clear()
        for key, label in SCOPE_ROWS:
            if key in SCOPE_LISTS:
                inside = "; ".join(getattr(scope.included, key))
                outside = "; ".join(getattr(scope.excluded, key))
            else:
                inside, outside = getattr(scope, key), ""
            table.add_row(
                SCOPE_SHORT.get(key, label),
                table.long_text(inside or "·"),
                outside or ("" if key not in SCOPE_LISTS else "·"),
                key=key,
                height=table.row_height(inside),
            )
        table.move_cursor_to(keep)
        _refit(table)

    def _fill_meetings(self) -> None:
        table = self.query_one("#meetings-table", ItemTable)
        keep = table.current_id
        table.clear()
        for n, meeting in enumerate(self.session.meetings):
            table.add_row(
                str(meeting.date) if meeting.date else "·",
                table.long_text(meeting.purpose or "·"),
                clock_minutes(agenda_minutes(meeting.agenda)),
                key=str(n),
            )
        count = len(self.session.meetings)
        table.border_subtitle = f"{count} meeting" + ("" if count == 1 else "s")
        table.move_cursor_to(keep)
        _refit(table)
        self._fill_agenda()

    def _meeting_index(self) -> int | None:
        current = self.query_one("#meetings-table", ItemTable).current_id
        return int(current) if current is not None else None

    def _meeting(self) -> Meeting | None:
        index = self._meeting_index()
        meetings = self.session.meetings
        return meetings[index] if index is not None and index < len(meetings) else None

    def _fill_agenda(self) -> None:
        table = self.query_one("#agenda-table", AgendaTable)
        norms = self.query_one("#meeting-norms", Static)
        keep = table.current_id
        table.clear()
        meeting = self._meeting()
        if meeting is None:
            table.border_title = "Agenda"
            norms.border_title = "Norms of the meeting"
            table.border_subtitle = "add a meeting first"
            norms.update("·")
            return
        for n, item in enumerate(meeting.agenda):
            stage = "" if item.step is None else f"{item.step} {STAGES[item.step].name}"
            table.add_row(
                str(n + 1),
                table.long_text(item.title),
                str(item.minutes) if item.minutes else "·",
                stage,
                key=str(n),
                height=table.row_height(item.title),
            )
        when = f" · {meeting.date}" if meeting.date else ""
        table.border_title = f"Agenda{when}"
        norms.border_title = f"Norms of the meeting{when}"
        table.border_subtitle = f"{clock_minutes(agenda_minutes(meeting.agenda))} · t times an item"
        norms.update(
            " · ".join(meeting.norms) if meeting.norms else "· none yet (enter on the meeting)"
        )
        table.move_cursor_to(keep)
        _refit(table)

    @on(DataTable.RowHighlighted, "#meetings-table")
    def _meeting_moved(self) -> None:
        self._fill_agenda()

    # ----- the team ---------------------------------------------------------------------------

    @on(ItemTable.Requested, "#team-table")
    def _person_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        index = int(event.item_id) if event.item_id is not None else None
        if event.verb == "add":
            self._edit_person(None)
        elif event.verb == "edit" and index is not None:
            self._edit_person(index)
        elif event.verb == "delete" and index is not None:
            person = self.session.participants[index]

            def done(yes: bool | None) -> None:
                if yes:
                    self.apply(DeleteItem("participant", str(index)))

            self.app.push_screen(
                ConfirmDialog(f"Remove {person.name} from the team?", "ctrl+z undoes it."), done
            )

    def _edit_person(self, index: int | None) -> None:
        people = self.session.participants
        roles = team_roles(self.session)
        fields = [
            FormField("name", "Name", required=True),
            FormField("team_role", "Team role", suggestions=roles,
                      placeholder="facilitator, note-taker, member … (→ completes)",
                      help="Any role the team names: " + ", ".join(roles[:6]) + "."),
            FormField("voices", "Voices they bring", kind="multi", options=VOICE_OPTIONS),
            FormField("sector", "Sector", kind="choice", options=SECTOR_OPTIONS),
            FormField("role", "Job / role", placeholder="e.g. Director of student services"),
            FormField("organisation", "Organisation", placeholder="e.g. Harmon County Schools"),
        ]  # fmt: skip
        values = people[index].model_dump(mode="json") if index is not None else {}

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            table = self.query_one("#team-table", ItemTable)
            if index is None:
                add = AddItem("participant", result)
                if self.apply(add):
                    table.move_cursor_to(add.created)
            else:
                self.apply(UpdateItem("participant", str(index), result))

        title = "Edit team member" if index is not None else "New team member"
        self.app.push_screen(FormDialog(title, fields, values), done)

    # ----- readiness --------------------------------------------------------------------------

    @on(ReadinessTable.RateRequested)
    def _rate(self, event: ReadinessTable.RateRequested) -> None:
        event.stop()
        before = self.session.readiness.get(event.condition)
        was = readiness_text(before.rating if before is not None else None).removeprefix("· ")
        if self.apply(SetReadiness(event.condition, event.value)) is not None:
            # said where the eyes are, as the grid of step 3 does, not in a notice over it
            now = readiness_text(event.value).removeprefix("· ")
            table = self.query_one("#readiness-table", ReadinessTable)
            table.border_subtitle = f"{event.condition.short}: {now} (was {was}) · ctrl+z undoes"

    @on(ReadinessTable.VotesRequested)
    def _votes(self, event: ReadinessTable.VotesRequested) -> None:
        event.stop()
        if event.how == "ballot":
            self._readiness_ballot(event.condition)
        else:
            self._type_readiness_votes(event.condition)

    def _type_readiness_votes(self, condition: Condition) -> None:
        """A line of typed votes on the condition (1–4): one digit per voice, or a tally."""
        from ...votes import typed_votes
        from ..dialogs.votes_form import typed_values, votes_form

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            values = typed_values(result, READINESS_SCALE)
            if values:
                self._record_votes(SetReadinessVotes(condition, typed_votes(values)))
            else:  # the votes go, the agreed rating stays
                entry = self.session.readiness.get(condition)
                keep = entry.rating if entry is not None else None
                self._record_votes(SetReadinessVotes(condition, [], agreed=keep))

        current = values_of(condition_votes(self.session, condition))
        self.app.push_screen(
            votes_form(f"Votes: {condition.label}", current, READINESS_SCALE), done
        )

    def _readiness_ballot(self, condition: Condition) -> None:
        """Ask the room on their phones; closing the ballot records the votes (one edit)."""
        from ...models import Vote
        from ...votes import readiness_question
        from ..dialogs.votes_form import ask_phones

        def record(votes: list[Vote]) -> None:
            self._record_votes(SetReadinessVotes(condition, votes))

        expected = len(self.session.participants) or None
        server = self.context.ballots.server()
        question = readiness_question(condition)
        ask_phones(self.app, server, question, READINESS_SCALE, expected, record)

    def _record_votes(self, edit: SetReadinessVotes) -> None:
        change = self.apply(edit)
        if change is not None:
            self._say(f"{change.description} · ctrl+z undoes", edit.condition)

    def _say(self, text: str, condition: Condition) -> None:
        """Say what a vote key did under the readiness table, until the cursor moves on."""
        self._said, self._said_on = text, condition
        self._readiness_status()

    @on(DataTable.RowHighlighted, "#readiness-table")
    def _condition_moved(self) -> None:
        table = self.query_one("#readiness-table", ReadinessTable)
        if table.condition != self._said_on:  # a redraw keeps the cursor: still said
            self._said = ""
        self._readiness_status()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ReadinessTable):
            self._readiness_status()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, ReadinessTable):
            self._said = ""
            self._readiness_status()

    @on(ReadinessTable.LeaveRequested)
    def _leave_readiness(self, event: ReadinessTable.LeaveRequested) -> None:
        event.stop()
        self.focus_default()

    @on(ItemTable.Requested, "#readiness-table")
    def _readiness_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        if event.verb != "edit" or event.item_id is None:
            return
        condition = Condition(event.item_id)
        entry = self.session.readiness.get(condition)
        names = [p.name for p in self.session.participants]
        fields = [
            FormField("rating", "Readiness", kind="choice",
                      options=[(f"{n} {w}", str(n)) for n, w in READINESS_LABELS.items()]),
            FormField("evidence", "Evidence", kind="multiline", height=3,
                      help="What the room has seen or heard that the rating rests on."),
            FormField("rated_by", "Rated by", suggestions=["whole team, by consensus", *names],
                      placeholder="whole team, by consensus — or the names"),
        ]  # fmt: skip
        values: dict[str, Any] = {}
        if entry is not None:
            values = {
                "rating": None if entry.rating is None else str(entry.rating),
                "evidence": entry.evidence,
                "rated_by": entry.rated_by,
            }

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            rating = result.get("rating")
            result["rating"] = None if rating in (None, "") else int(rating)
            self.apply(UpdateReadiness(condition, result))

        self.app.push_screen(FormDialog(condition.label, fields, values), done)

    @on(ReadinessTable.ImproveRequested)
    def _improve(self, event: ReadinessTable.ImproveRequested) -> None:
        event.stop()
        condition = event.condition
        values = improve_action_values(self.session, condition)

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            add = AddItem("action", {**result, "conditions": [condition.value]})
            if self.apply(add):
                self.notify(f"{add.created} added to the action plan (step 4).", timeout=4)

        self.app.push_screen(
            FormDialog(
                f"Improve readiness: {condition.label}",
                action_fields(self.session, self.today()),
                values,
                check=check_action_dates,
            ),
            done,
        )

    # ----- scope ------------------------------------------------------------------------------

    @on(ItemTable.Requested, "#scope-table")
    def _scope_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        if event.verb != "edit" or event.item_id is None:
            if event.verb in ("add", "delete"):
                self.notify("Enter edits the part of the scope under the cursor.", timeout=3)
            return
        key = event.item_id
        scope = self.session.scope
        label = dict(SCOPE_ROWS)[key]
        if key in SCOPE_LISTS:
            fields = [
                FormField("included", "In scope", kind="multiline", height=4,
                          help="One per line."),
                FormField("excluded", "Out of scope", kind="multiline", height=3,
                          help="One per line: what the effort deliberately leaves out."),
            ]  # fmt: skip
            values: dict[str, Any] = {
                "included": "\n".join(getattr(scope.included, key)),
                "excluded": "\n".join(getattr(scope.excluded, key)),
            }
        else:
            helps = {
                "question": "The question the session answers.",
                "time_frame": "e.g. September 2026 to June 2028",
                "note": "Anything else the room said about the scope.",
            }
            fields = [FormField(key, label, kind="multiline", height=3, help=helps[key])]
            values = {key: getattr(scope, key)}

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if key in SCOPE_LISTS:
                self.apply(
                    SetScope({
                        "included": {key: _lines(result["included"])},
                        "excluded": {key: _lines(result["excluded"])},
                    })
                )  # fmt: skip
            else:
                self.apply(SetScope({key: result[key]}))

        self.app.push_screen(FormDialog(f"Scope · {label}", fields, values), done)

    # ----- meetings and agendas ---------------------------------------------------------------

    def _date_field(self) -> FormField:
        from ...dates import parse_date

        today = self.today()
        return FormField("date", "Date", parse=lambda text: parse_date(text, today),
                         placeholder="YYYY-MM-DD, +2w, thursday …")  # fmt: skip

    @on(ItemTable.Requested, "#meetings-table")
    def _meeting_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        index = int(event.item_id) if event.item_id is not None else None
        meetings = self.session.meetings
        if event.verb == "delete" and index is not None:
            meeting = meetings[index]

            def gone(yes: bool | None) -> None:
                if yes:
                    self.apply(DeleteItem("meeting", str(index)))

            self.app.push_screen(
                ConfirmDialog(
                    f"Delete meeting {index + 1}?",
                    f"{meeting.purpose or meeting.date or ''}\n\nIts agenda and norms go too; "
                    "ctrl+z undoes it.",
                ),
                gone,
            )
            return
        if event.verb not in ("add", "edit") or (event.verb == "edit" and index is None):
            return
        editing = meetings[index] if event.verb == "edit" and index is not None else None
        first = not meetings
        fields = [
            self._date_field(),
            FormField("purpose", "Purpose", placeholder="e.g. Launch: form the team"),
            FormField("norms", "Norms", kind="multiline", height=4,
                      help="One per line: the working agreements the room keeps."
                      + (" The first meeting's agenda is prefilled from Prepare and the five "
                         "steps." if first else "")),
        ]  # fmt: skip
        values: dict[str, Any] = {}
        if editing is not None:
            values = {
                "date": "" if editing.date is None else editing.date.isoformat(),
                "purpose": editing.purpose,
                "norms": "\n".join(editing.norms),
            }

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            result["norms"] = _lines(result["norms"])
            table = self.query_one("#meetings-table", ItemTable)
            if editing is None:
                add = AddMeeting(result)
                if self.apply(add):
                    table.move_cursor_to(add.created)
                    self._fill_agenda()
            else:
                self.apply(UpdateItem("meeting", str(index), result))

        title = f"Edit meeting {(index or 0) + 1}" if editing is not None else "New meeting"
        self.app.push_screen(FormDialog(title, fields, values), done)

    @on(ItemTable.Requested, "#agenda-table")
    def _agenda_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        meeting_index = self._meeting_index()
        meeting = self._meeting()
        if meeting is None or meeting_index is None:
            self.notify("Add a meeting first: a in the meetings list.", timeout=4)
            return
        ref = str(meeting_index)
        index = int(event.item_id) if event.item_id is not None else None
        table = self.query_one("#agenda-table", AgendaTable)
        if event.verb in ("up", "down") and index is not None:
            move = MoveAgendaItem(ref, index, -1 if event.verb == "up" else 1)
            self.apply(move)
            table.move_cursor_to(str(move.index))
            return
        if event.verb == "delete" and index is not None:
            item = meeting.agenda[index]

            def gone(yes: bool | None) -> None:
                if yes:
                    self.apply(DeleteAgendaItem(ref, index))

            self.app.push_screen(
                ConfirmDialog(f"Take “{item.title}” off the agenda?", "ctrl+z undoes it."), gone
            )
            return
        if event.verb not in ("add", "edit") or (event.verb == "edit" and index is None):
            return
        editing = meeting.agenda[index] if event.verb == "edit" and index is not None else None
        fields = [
            FormField("title", "Item", required=True, placeholder="e.g. Step 1: draft the vision"),
            FormField("minutes", "Minutes", parse=_minutes, placeholder="e.g. 20"),
            FormField("step", "Stage", kind="choice", options=STAGE_OPTIONS),
            FormField("note", "Note", kind="multiline", height=2),
        ]
        values: dict[str, Any] = {}
        if editing is not None:
            values = {
                "title": editing.title,
                "minutes": str(editing.minutes) if editing.minutes else "",
                "step": None if editing.step is None else str(editing.step),
                "note": editing.note,
            }

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if result.get("step") is not None:
                result["step"] = int(result["step"])
            if editing is None or index is None:
                at = None if index is None else index + 1
                add = AddAgendaItem(ref, result, at)
                if self.apply(add):
                    table.move_cursor_to(str(add.created))
            else:
                self.apply(UpdateAgendaItem(ref, index, result))

        title = "Edit agenda item" if editing is not None else "New agenda item"
        self.app.push_screen(FormDialog(title, fields, values), done)

    @on(AgendaTable.TimeRequested)
    def _time_item(self, event: AgendaTable.TimeRequested) -> None:
        event.stop()
        meeting = self._meeting()
        if meeting is None or event.item_id is None:
            return
        item = meeting.agenda[int(event.item_id)]
        if not item.minutes:
            self.notify(
                f"“{item.title}” has no minutes yet: enter sets them, or t elsewhere asks.",
                timeout=4,
            )
            return
        self.post_message(ActivityTimer.RunRequested(item.minutes, item.title))
