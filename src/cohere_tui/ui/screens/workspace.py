"""The open session: header, step bar, Prepare and the five steps, and the footer of keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, TextArea

from ...document import Change, SessionDocument
from ...guide import STEPS, step
from ...store import ConflictError, SessionFileError, unique_session_path
from ...words import count
from ..commands import PaletteCommand
from ..context import AppContext
from ..steps.base import StepView
from ..steps.vision import VisionStep
from ..widgets.activity_timer import ActivityTimer
from ..widgets.key_footer import KeyFooter
from ..widgets.presenter_bar import PresenterBar
from ..widgets.session_header import SessionHeader
from ..widgets.step_bar import StepBar
from ..widgets.time_up import TimeUpBanner

if TYPE_CHECKING:
    from ...search import Hit

STEPS_GROUP = Binding.Group("Go to a step")


class WorkspaceScreen(Screen[None]):
    """One session, one step at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"goto({n})", step(n).name, show=False, id=f"step.{n}",
                    group=STEPS_GROUP, tooltip=f"{n} {step(n).name}")
            for n in range(0, 6)
        ),
        Binding("ctrl+pageup", "step(-1)", "Previous step", priority=True, show=False,
                id="session.step_previous", key_display="ctrl+pgup",
                tooltip="Go to the previous step, from anywhere (the rating grid and text "
                "fields included); changes nothing"),
        Binding("ctrl+pagedown", "step(1)", "Next step", priority=True, show=False,
                id="session.step_next", key_display="ctrl+pgdn",
                tooltip="Go to the next step, from anywhere (the rating grid and text fields "
                "included); changes nothing"),
        Binding("ctrl+z", "undo", "Undo", tooltip="Take back the last change to the session "
                "(in a text field, ctrl+z undoes the typing)", id="session.undo"),
        Binding("ctrl+y,ctrl+shift+z", "redo", "Redo",
                tooltip="Make again the change last undone", id="session.redo"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the session now", id="session.save"),
        Binding("ctrl+f,slash", "find", "Find", key_display="/", tooltip="Find goals, "
                "initiatives, findings, actions, indicators, parked items and decisions by "
                "their words; enter goes there", id="session.find"),
        Binding("ctrl+e", "export", "Export", tooltip="Write the follow-up workbook (Excel) "
                "to the exports folder: the whole plan, or a copy per owner", id="session.export"),
        Binding("ctrl+r", "report", "Report", show=False, tooltip="Write the printable "
                "report (PDF) for interest holders to the exports folder", id="session.report"),
        Binding("R", "report(True)", "Public report", show=False, key_display="R",
                tooltip="Write the public edition of the report (PDF): people by role, no "
                "notes, no parking lot", id="session.report_public"),
        Binding("f1,question_mark", "help", "Help", key_display="f1",
                tooltip="Help for this step, with its reflection questions", id="session.help"),
        Binding("p", "park", "Park", tooltip="Put an off-topic item in the parking lot",
                id="session.park"),
        Binding("D", "decide", "Decision", key_display="D", tooltip="Log a decision the room "
                "made, dated today", id="session.decide"),
        Binding("L", "room_log", "Log", key_display="L", tooltip="Review the parking lot and "
                "the decision log", id="session.log"),
        Binding("t", "timer", "Timer", tooltip="Start, pause or resume the activity timer",
                id="session.timer"),
        Binding("T", "timer_stop", "Stop timer", show=False, key_display="T",
                tooltip="Stop and hide the activity timer", id="session.timer_stop"),
        Binding("f5", "presenter", "Presenter", tooltip="Presenter view on/off: the step's "
                "work large on the wall, the step and timer still shown", id="session.presenter"),
        Binding("right_square_bracket", "question(1)", "Next question", key_display="]",
                tooltip="Presenter view: put the step's next reflection question on the wall",
                id="session.question_next"),
        Binding("left_square_bracket", "question(-1)", "Previous question", key_display="[",
                tooltip="Presenter view: the previous reflection question",
                id="session.question_previous"),
        Binding("escape", "leave_field", "Leave field", show=False, id="session.leave",
                tooltip="Leave a text field, so that the step keys work again"),
    ]  # fmt: skip

    presenter: reactive[bool] = reactive(False)
    """The presenter view: the step's focal content for the wall, chrome hidden."""
    current_step: reactive[int] = reactive(1, init=False)
    """The step on screen (the step bar and the presenter band follow it)."""
    dirty: reactive[bool] = reactive(False)
    """Changes not yet saved (the header says so in words)."""
    saved_at: reactive[dt.datetime | None] = reactive(None)
    """When the session was last saved in this run."""
    problem: reactive[str] = reactive("")
    """Why the last save failed, shortly ("" when it worked)."""
    session_title: reactive[str] = reactive("")
    session_detail: reactive[str] = reactive("")
    """Organisation, cycle and alignment type."""
    band_title: reactive[str] = reactive("")
    """Title and detail in one line, for the presenter band."""

    def __init__(self, document: SessionDocument, context: AppContext | None = None) -> None:
        super().__init__()
        self.document = document
        self.context = context or AppContext()
        self._autosave: Timer | None = None
        self._save_as_offered = False
        """A failed save offers Save as… once, until a save works again."""
        self._unsubscribe = document.subscribe(self._document_changed)

    def compose(self) -> ComposeResult:
        yield PresenterBar(id="presenter-bar").data_bind(
            step_number=WorkspaceScreen.current_step,
            problem=WorkspaceScreen.problem,
            session_title=WorkspaceScreen.band_title,
        )
        yield SessionHeader(id="session-header").data_bind(
            title_text=WorkspaceScreen.session_title,
            detail=WorkspaceScreen.session_detail,
            dirty=WorkspaceScreen.dirty,
            saved_at=WorkspaceScreen.saved_at,
            problem=WorkspaceScreen.problem,
        )
        yield StepBar(id="step-bar").data_bind(current=WorkspaceScreen.current_step)
        yield TimeUpBanner(id="time-up")
        with ContentSwitcher(initial="step-1", id="steps"):
            yield VisionStep(self.document, self.context, id="step-1")
        yield KeyFooter()

    def on_unmount(self) -> None:
        self._unsubscribe()

    def on_mount(self) -> None:
        from ..widgets.activity_timer import ActivityTimer

        timer = self.query_one(ActivityTimer)
        banner = self.query_one(TimeUpBanner)
        self.watch(timer, "finished", banner.show)
        self._show_details()
        self.dirty = self.document.dirty
        self.step_view(1).sync()  # the other steps draw when first shown (a faster start)
        self.step_view(1).focus_default()
        if self.document.migrated_from is not None:
            kept = self.document.schema_backup
            self.notify(
                f"This file used schema {self.document.migrated_from}; it will be saved in the "
                f"current format (the original is kept as {kept.name if kept else '.bak'}).",
                timeout=8,
            )

    # ----- steps ------------------------------------------------------------------------------

    def step_view(self, number: int) -> StepView:
        return self.query_one(f"#step-{number}", StepView)

    def make_step(self, number: int) -> StepView:
        """The view of Prepare or step 2–5, built when first shown (a faster start)."""
        if number == 0:
            from ..steps.prepare import PrepareStep

            return PrepareStep(self.document, self.context, id="step-0")
        if number == 2:
            from ..steps.inventory import InventoryStep

            return InventoryStep(self.document, self.context, id="step-2")
        if number == 3:
            from ..steps.analysis import AnalysisStep

            return AnalysisStep(self.document, self.context, id="step-3")
        if number == 4:
            from ..steps.plan import PlanStep

            return PlanStep(self.document, self.context, id="step-4")
        from ..steps.monitor import MonitorStep

        return MonitorStep(self.document, self.context, id="step-5")

    async def action_goto(self, number: int) -> None:
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query_children(f"#step-{number}"):
            from ..widgets.item_table import ItemTable

            new_view = self.make_step(number)
            await switcher.mount(new_view)
            for table in new_view.query(ItemTable):
                table.wrap = self.presenter
        self.current_step = number
        self.query_one(ContentSwitcher).current = f"step-{number}"
        view = self.step_view(number)
        view.sync()
        view.focus_default()

    async def action_step(self, delta: int) -> None:
        """The previous or next step (none before the first or after the last)."""
        numbers = [s.number for s in STEPS]
        at = numbers.index(self.current_step) if self.current_step in numbers else 0
        target = numbers[max(0, min(len(numbers) - 1, at + delta))]
        if target != self.current_step:
            await self.action_goto(target)

    def _today(self) -> dt.date:
        return self.context.today()

    # ----- the one state channel: the document tells, the screen's state follows ------------

    def _document_changed(self, change: Change) -> None:
        """Every change to the session (an edit anywhere, an undo, a redo) comes here."""
        self.dirty = self.document.dirty
        if change.touches("details"):
            self._show_details()
        if self.is_mounted:
            view = self.step_view(self.current_step)
            view.document_changed(change)
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(self.context.autosave_delay, self.autosave)

    def _show_details(self) -> None:
        session = self.document.session
        parts = [f"cycle {session.cycle}", session.alignment_type.value]
        if session.organisation:
            parts.insert(0, session.organisation)
        self.session_title = session.title
        self.session_detail = " · ".join(parts)
        self.band_title = f"{session.title} · {self.session_detail}"

    def action_undo(self) -> None:
        change = self.document.undo()
        if change is None:
            self.notify("Nothing to undo.", timeout=2)
        else:
            self.notify(f"Undone: {change.description}. ctrl+y redoes it.", timeout=4)

    def action_redo(self) -> None:
        change = self.document.redo()
        if change is None:
            self.notify("Nothing to redo.", timeout=2)
        else:
            self.notify(f"Redone: {change.description}.", timeout=4)

    def action_find(self) -> None:
        from ..dialogs.find import FindDialog

        def done(hit: Hit | None) -> None:
            if hit is not None:
                self.run_worker(self._go_to(hit), group="find", exclusive=True)

        self.app.push_screen(FindDialog(self.document.session), done)

    async def _go_to(self, hit: Hit) -> None:
        """Show a found item where it lives: its step, the cursor on it."""
        if hit.step == 0:
            from ..dialogs.room_log import RoomLogScreen

            self.app.push_screen(RoomLogScreen(self.document, self._today(), reveal=hit.item_id))
            return
        await self.action_goto(hit.step)
        view = self.step_view(hit.step)
        if not view.reveal(hit.kind, hit.item_id):
            self.notify(f"{hit.item_id} is not shown in this step now.", timeout=4)

    def action_details(self) -> None:
        from ..dialogs.details import edit_details

        edit_details(self.app, self.document, self._today())

    def action_history(self) -> None:
        from ..dialogs.history_list import HistoryDialog

        self.app.push_screen(HistoryDialog(self.document.history()))

    # ----- presenter view -------------------------------------------------------------------

    def action_presenter(self) -> None:
        self.presenter = not self.presenter

    def notice_in_band(
        self, message: str, *, title: str = "", severity: str = "information", timeout: float = 5
    ) -> bool:
        """In the presenter view, say a notice in the band at the top (briefly) instead of a
        toast over the work; False in the normal view (the app shows a toast as usual)."""
        if not self.presenter or not self.is_mounted:
            return False
        self.query_one(PresenterBar).show_notice(
            message, title=title, severity=severity, timeout=timeout
        )
        return True

    def watch_presenter(self, on: bool) -> None:
        from ..widgets.item_table import ItemTable

        self.set_class(on, "-presenter")
        self.refresh_bindings()
        tables = list(self.query(ItemTable))
        if any(table.wrap != on for table in tables):
            for table in tables:
                table.wrap = on
            # redraw this step now, the others when shown (if they drew the other way)
            self.step_view(self.current_step).sync()
        self.call_after_refresh(self._keep_focus_visible)

    def _keep_focus_visible(self) -> None:
        """A panel the presenter view hides cannot keep the focus: go to the step's main one."""
        focused = self.focused
        if focused is None or not all(node.display for node in focused.ancestors_with_self):
            self.step_view(self.current_step).focus_default()

    def action_question(self, delta: int) -> None:
        self.query_one(PresenterBar).next_question(delta)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "question":
            return self.presenter
        if action in ("undo", "redo"):
            # a text field edits its own text with these keys (or has none)
            return not isinstance(self.focused, Input | TextArea)
        return True

    def action_park(self) -> None:
        from ..dialogs.room_log import ask_and_log

        ask_and_log(self.app, self.document, "parking", self.current_step, self._today(),
                    lambda: None)  # fmt: skip

    def action_decide(self) -> None:
        from ..dialogs.room_log import ask_and_log

        ask_and_log(self.app, self.document, "decision", self.current_step, self._today(),
                    lambda: None)  # fmt: skip

    def action_room_log(self) -> None:
        from ..dialogs.room_log import RoomLogScreen

        self.app.push_screen(RoomLogScreen(self.document, self._today()))

    def action_timer(self) -> None:
        from ..dialogs.form import FormDialog, FormField
        from ..widgets.activity_timer import DEFAULT_MINUTES, ActivityTimer

        timer = self.query_one(ActivityTimer)
        if timer.running:
            timer.pause()
            return
        if timer.remaining > 0 and not timer.finished:
            timer.resume()
            return

        offered = self.context.settings.timer_minutes or DEFAULT_MINUTES

        def parse_minutes(text: str) -> float:
            try:
                minutes = float(text or offered)
            except ValueError:
                raise ValueError(f"“{text}” is not a number of minutes.") from None
            if not 0 < minutes <= 24 * 60:
                raise ValueError("Give between 1 and 1440 minutes.")
            return minutes

        def done(result: dict[str, object] | None) -> None:
            if result is None:
                return
            minutes = float(result["minutes"])  # type: ignore[arg-type]
            timer.start(minutes)
            self.context.remember_timer_minutes(minutes)

        self.app.push_screen(
            FormDialog(
                "Activity timer",
                [FormField("minutes", "Minutes", parse=parse_minutes, replace=True,
                           help="t pauses and resumes; T stops the timer")],
                {"minutes": str(offered)},
            ),
            done,
        )  # fmt: skip

    @on(ActivityTimer.RunRequested)
    def _run_timer(self, event: ActivityTimer.RunRequested) -> None:
        """An agenda item's minutes on the activity timer (Prepare's meeting plan)."""
        event.stop()
        self.query_one(ActivityTimer).run_item(event.minutes, event.label)

    def action_timer_stop(self) -> None:
        from ..widgets.activity_timer import ActivityTimer

        self.query_one(ActivityTimer).stop()

    # ----- workbook ---------------------------------------------------------------------------

    def action_export(self) -> None:
        """Ask what to write — the whole plan, one copy per owner, or one owner's copy — then
        save and write it in the background; a notice names the files."""
        from ...workbook import owners
        from ..dialogs.form import FormDialog, FormField

        names = owners(self.document.session)
        options = [("The whole plan (one workbook)", "all")]
        if names:
            options.append((f"One workbook per owner ({len(names)})", "per-owner"))
            options += [(f"Only {name}'s actions", f"owner:{name}") for name in names]

        def chosen(result: dict[str, object] | None) -> None:
            if result is not None:
                self.export(str(result["what"]))

        field = FormField(
            "what", "Write", kind="choice", required=True, options=options,
            help="A copy per owner holds their actions, with the vision, the goals and their "
            "findings; each comes back through Import updates.",
        )  # fmt: skip
        self.app.push_screen(FormDialog("Export the workbook", [field], {"what": "all"}), chosen)

    def export(self, what: str = "all") -> None:
        """Save, then write ``what`` ("all", "per-owner" or "owner:NAME") in the background."""
        if self.document.dirty:
            self.save(quiet=True)
        snapshot = self.document.session.model_copy(deep=True)
        source = self.document.path
        exports_dir = self.context.exports_dir
        clock = self.context.today
        self.notify("Writing the workbook…", timeout=2)

        def work() -> None:
            from ...workbook import default_export_path, export_per_owner, export_workbook

            try:
                if what == "all":
                    target = default_export_path(exports_dir, source, clock())
                    results = [export_workbook(snapshot, target, today=clock(), mode_from=source)]
                else:
                    only = what.removeprefix("owner:") if what.startswith("owner:") else None
                    results = export_per_owner(
                        snapshot, exports_dir, source, today=clock(), only=only
                    )
            except (SessionFileError, OSError) as exc:
                self.app.call_from_thread(
                    self.notify, f"Could not export: {exc}", severity="error", timeout=15
                )
                return
            if len(results) == 1:
                message = f"Workbook written: {results[0].path}"
            else:
                message = f"{len(results)} workbooks written in {results[0].path.parent}"
            warnings = [w for r in results for w in r.warnings]
            if warnings:
                message += "\n" + "\n".join(warnings)
            self.app.call_from_thread(self.notify, message, timeout=12)

        self.run_worker(work, thread=True, group="export", name="export")

    def action_report(self, public: bool = False) -> None:
        """Save, then write the report (PDF) in the background; a notice names the file."""
        if self.document.dirty:
            self.save(quiet=True)
        snapshot = self.document.session.model_copy(deep=True)
        source = self.document.path
        exports_dir, sessions_dir = self.context.exports_dir, self.context.sessions_dir
        today = self._today()
        edition = "public report" if public else "report"
        self.notify(f"Writing the {edition}…", timeout=2)

        def work() -> None:
            from ...report import default_report_path, write_report

            try:
                target = default_report_path(exports_dir, source, today, public=public)
                result = write_report(snapshot, source, target, today=today, public=public,
                                      sessions_dir=sessions_dir)  # fmt: skip
            except (SessionFileError, OSError) as exc:
                self.app.call_from_thread(
                    self.notify, f"Could not write the {edition}: {exc}", severity="error",
                    timeout=15,
                )  # fmt: skip
                return
            message = "\n".join([f"Report written: {result.path}", *result.warnings])
            self.app.call_from_thread(self.notify, message, timeout=12)

        self.run_worker(work, thread=True, group="report", name="report")

    def action_import_updates(self) -> None:
        """Ask for a returned workbook, show what it would change, apply on confirmation."""
        from ..dialogs.confirm import ConfirmDialog
        from ..dialogs.form import FormDialog, FormField

        document = self.document
        exports_dir = self.context.exports_dir

        def chosen(result: dict[str, object] | None) -> None:
            if result is None:
                return
            from ...edits import ImportUpdates
            from ...workbook import format_plan, plan_updates
            from ..editing import apply_edit

            typed = str(result["workbook"]).strip()
            if len(typed) > 1 and typed[0] == typed[-1] and typed[0] in "'\"":
                typed = typed[1:-1]  # a path dropped into the terminal comes quoted
            try:
                path = Path(typed).expanduser()
            except RuntimeError:  # "~name" of an unknown user: taken as typed
                path = Path(typed)
            try:
                plan = plan_updates(document.session, path)
            except SessionFileError as exc:
                self.notify(str(exc), severity="error", timeout=15)
                return
            if not plan.has_changes:
                clean = not plan.problems and not plan.unresolved
                title = "Nothing to change" if clean else "Nothing applied"
                self.notify(format_plan(plan), title=title, timeout=15)
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    edit = ImportUpdates(plan, path.name, self.context.today())
                    if apply_edit(self, document, edit) is None:
                        return
                    self.save(quiet=True)
                    self.notify(
                        f"{count(edit.count, 'change')} taken from {path.name}; ctrl+z undoes "
                        "the import.",
                        timeout=8,
                    )

            self.app.push_screen(
                ConfirmDialog("Apply these updates?", format_plan(plan), yes="Apply"),
                confirmed,
            )

        self.app.push_screen(
            FormDialog(
                "Import updates from a returned workbook",
                [FormField("workbook", "Workbook file", required=True,
                           placeholder=f"e.g. {exports_dir}/…-action-plan-….xlsx")],
            ),
            chosen,
        )  # fmt: skip

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """Commands with no key of their own."""
        yield PaletteCommand(
            "Import updates from a returned workbook",
            "Merge Status, Latest update, Notes, Owner and Due edits by action ID",
            self.action_import_updates,
        )
        from ..dialogs.portfolio_palette import portfolio_commands

        yield from portfolio_commands(self.app, self.document, self._today)
        yield PaletteCommand(
            "Session details…",
            "Title, organisation, alignment type, facilitator, meeting date",
            self.action_details,
        )
        yield PaletteCommand(
            "History of changes",
            "Every change made in this run, oldest first; ctrl+z and ctrl+y walk it",
            self.action_history,
        )
        yield PaletteCommand(
            "Save as…",
            "Save the session to another file and go on there (the original stays as it was)",
            lambda: self.offer_save_as(continue_there=True),
        )
        yield PaletteCommand(
            "Save a copy as…",
            "Write a copy of the session to another file; work goes on in this one",
            lambda: self.offer_save_as(continue_there=False),
        )
        yield PaletteCommand(
            "Open another session",
            "Save this one and go back to the session picker",
            self.action_picker,
        )

    def on_monitor_step_next_cycle_requested(self) -> None:
        """Save, write the next cycle's file beside this one, and offer to open it."""
        from ..dialogs.confirm import ConfirmDialog

        document = self.document
        number = document.session.cycle + 1
        body = (
            f"cohere-tui writes cycle {number} beside {document.path.name}: vision, goals, "
            "inventory, ratings, relations, unfinished actions with their history and the "
            "indicators carry forward; initiatives decided 'sunset' are archived and those "
            "combined are merged. This file is saved and left as it is."
        )

        def done(yes: bool | None) -> None:
            if not yes:
                return
            from ...cycle import write_next_cycle

            if document.dirty and not self.save(quiet=True):
                return
            try:
                path = write_next_cycle(document.path, self._today())
            except SessionFileError as exc:
                self.notify(str(exc), severity="error", timeout=12)
                return
            self.notify(f"Cycle {number} written: {path}", timeout=10)

            def open_it(yes: bool | None) -> None:
                if yes:
                    self.post_message(self.OpenRequested(path))

            self.app.push_screen(ConfirmDialog(f"Open cycle {number} now?", str(path)), open_it)

        self.app.push_screen(ConfirmDialog("Start the next cycle?", body, yes="Write it"), done)

    class OpenRequested(Message):
        """Open another session file in place of this one (the app does it)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def action_picker(self) -> None:
        from .picker import PickerScreen

        if self.document.dirty and not self.save(quiet=True):
            return
        self.document.release_lock()
        self.app.switch_screen(PickerScreen(self.context.sessions_dir))

    def action_help(self) -> None:
        from ..dialogs.help import HelpScreen
        from ..keys import key_rows, step_key_rows

        view = self.step_view(self.current_step)
        session_keys = key_rows([self, self.app])
        self.app.push_screen(HelpScreen(self.current_step, step_key_rows(view), session_keys))

    def action_leave_field(self) -> None:
        """Escape in a text field: leave it, so that the step keys work again."""
        focused = self.focused
        view = self.step_view(self.current_step)
        from ..steps.inventory import InventoryStep

        if isinstance(view, InventoryStep) and view.clear_filter():
            return
        if isinstance(focused, TextArea | Input):
            view.focus_default()

    # ----- saving -----------------------------------------------------------------------------

    def update_header(self, problem: str = "") -> None:
        """Say whether the work is saved (and why not): the header and the presenter band
        follow the screen's state."""
        self.dirty = self.document.dirty
        self.problem = problem

    def autosave(self) -> None:
        if self.document.dirty:
            self.save(quiet=True)

    def action_save(self) -> None:
        self.save(quiet=False)

    def save(self, *, quiet: bool, offer: bool = True) -> bool:
        """Save now; on a conflict keep both versions; on failure keep the work in memory
        and (unless ``offer`` is false) offer Save as…"""
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        document = self.document
        try:
            document.save()
        except ConflictError as conflict:
            original = document.path
            try:
                copy = unique_session_path(original.parent, f"{original.stem}-conflict")
                document.save_as(copy)
            except SessionFileError as exc:
                self.update_header(problem="the file changed on disk")
                self.notify(str(exc), severity="error", timeout=15)
                if offer:
                    self.offer_save_as(continue_there=True, reason=str(conflict))
                return False
            why = conflict.lines[0].split(": ", 1)[-1].split(";")[0]
            self.notify(
                f"{original.name}: {why}. Both are kept: yours is now {copy.name}.",
                severity="warning",
                timeout=15,
            )
        except SessionFileError as exc:
            self.update_header(problem=exc.lines[0].split(": ", 1)[-1][:60])
            self.notify(f"{exc}\nYour work is still here, unsaved.", severity="error", timeout=15)
            if offer and (not self._save_as_offered or not quiet):
                self.offer_save_as(continue_there=True, reason=exc.lines[0])
            return False
        self._save_as_offered = False
        self.saved_at = dt.datetime.now()
        self.update_header()
        if not quiet:
            self.notify(f"Saved {document.path}", timeout=3)
        return True

    def offer_save_as(self, *, continue_there: bool, reason: str = "") -> None:
        """Ask where to save (after a failure: somewhere that can be written)."""
        from ..dialogs.save_as import ask_save_as

        if reason:
            self._save_as_offered = True
        document = self.document

        def done(path: Path) -> None:
            if continue_there:
                self._save_as_offered = False
                self.saved_at = dt.datetime.now()
                self.update_header()
                self.notify(f"Saved to {path}; the session goes on there.", timeout=8)
            else:
                self.notify(f"A copy was saved to {path}.", timeout=8)

        ask_save_as(
            self.app,
            document,
            continue_there=continue_there,
            sessions_dir=self.context.sessions_dir,
            reason=reason,
            done=done,
        )
