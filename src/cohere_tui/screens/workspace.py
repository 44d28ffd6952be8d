"""The open session: header, step bar, the five steps, and the footer of keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, TextArea

from ..commands import PaletteCommand
from ..document import SessionDocument
from ..guide import step
from ..store import ConflictError, SessionFileError
from ..widgets.key_footer import KeyFooter
from ..widgets.session_header import SessionHeader
from ..widgets.step_bar import StepBar
from ..widgets.step_view import StepView
from ..widgets.vision_step import VisionStep
from .help import HelpScreen

AUTOSAVE_DELAY = 1.5
"""Seconds after the last edit before the session saves by itself."""


class WorkspaceScreen(Screen[None]):
    """One session, one step at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"goto({n})", step(n).name, show=False, id=f"step.{n}",
                    tooltip=f"Go to step {n}: {step(n).name}")
            for n in range(1, 6)
        ),
        Binding("ctrl+s", "save", "Save", tooltip="Save the session now", id="session.save"),
        Binding("ctrl+e", "export", "Export", tooltip="Write the follow-up workbook (Excel) "
                "to the exports folder", id="session.export"),
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
        Binding("escape", "leave_field", "Leave field", show=False, id="session.leave"),
    ]  # fmt: skip

    def __init__(self, document: SessionDocument) -> None:
        super().__init__()
        self.document = document
        self.current_step = 1
        self._autosave: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SessionHeader(id="session-header")
        yield StepBar(id="step-bar")
        with ContentSwitcher(initial="step-1", id="steps"):
            yield VisionStep(self.document, id="step-1")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.update_header()
        self.step_view(1).focus_default()
        if self.document.migrated_from is not None:
            self.notify(
                f"This file used schema {self.document.migrated_from}; it will be saved in the "
                "current format (the original is kept as .bak).",
                timeout=8,
            )

    # ----- steps ------------------------------------------------------------------------------

    def step_view(self, number: int) -> StepView:
        return self.query_one(f"#step-{number}", StepView)

    def make_step(self, number: int) -> StepView:
        """The view of step 2–5, built when the step is first shown (a faster start)."""
        if number == 2:
            from ..widgets.inventory_step import InventoryStep

            return InventoryStep(self.document, id="step-2")
        if number == 3:
            from ..widgets.analysis_step import AnalysisStep

            return AnalysisStep(self.document, id="step-3")
        if number == 4:
            from ..widgets.plan_step import PlanStep

            return PlanStep(self.document, id="step-4")
        from ..widgets.monitor_step import MonitorStep

        return MonitorStep(self.document, id="step-5")

    async def action_goto(self, number: int) -> None:
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query_children(f"#step-{number}"):
            await switcher.mount(self.make_step(number))
        self.current_step = number
        self.query_one(StepBar).current = number
        self.query_one(ContentSwitcher).current = f"step-{number}"
        view = self.step_view(number)
        view.sync()
        view.focus_default()

    def _today(self) -> dt.date:
        clock = getattr(self.app, "today", dt.date.today)
        day: dt.date = clock()
        return day

    def action_park(self) -> None:
        from .room_log import ask_and_log

        ask_and_log(self.app, self.document.session, "parking", self.current_step,
                    self._today(), self.session_edited)  # fmt: skip

    def action_decide(self) -> None:
        from .room_log import ask_and_log

        ask_and_log(self.app, self.document.session, "decision", self.current_step,
                    self._today(), self.session_edited)  # fmt: skip

    def action_room_log(self) -> None:
        from .room_log import RoomLogScreen

        self.app.push_screen(
            RoomLogScreen(self.document.session, self._today(), self.session_edited)
        )

    def action_timer(self) -> None:
        from ..widgets.activity_timer import DEFAULT_MINUTES, ActivityTimer
        from .form import FormDialog, FormField

        timer = self.query_one(ActivityTimer)
        if timer.running:
            timer.pause()
            return
        if timer.remaining > 0 and not timer.finished:
            timer.resume()
            return

        def parse_minutes(text: str) -> float:
            try:
                minutes = float(text or DEFAULT_MINUTES)
            except ValueError:
                raise ValueError(f"“{text}” is not a number of minutes.") from None
            if not 0 < minutes <= 24 * 60:
                raise ValueError("Give between 1 and 1440 minutes.")
            return minutes

        def done(result: dict[str, object] | None) -> None:
            if result is not None:
                timer.start(float(result["minutes"]))  # type: ignore[arg-type]

        self.app.push_screen(
            FormDialog(
                "Activity timer",
                [FormField("minutes", "Minutes", parse=parse_minutes,
                           help="t pauses and resumes; T stops the timer")],
                {"minutes": str(DEFAULT_MINUTES)},
            ),
            done,
        )  # fmt: skip

    def action_timer_stop(self) -> None:
        from ..widgets.activity_timer import ActivityTimer

        self.query_one(ActivityTimer).stop()

    # ----- workbook ---------------------------------------------------------------------------

    def action_export(self) -> None:
        """Save, then write the workbook in the background; a notice names the file."""
        if self.document.dirty:
            self.save(quiet=True)
        snapshot = self.document.session.model_copy(deep=True)
        source = self.document.path
        exports_dir = getattr(self.app, "exports_dir", source.parent.parent / "exports")
        clock = getattr(self.app, "today", dt.date.today)
        self.notify("Writing the workbook…", timeout=2)

        def work() -> None:
            from ..workbook import default_export_path, export_workbook

            try:
                target = default_export_path(exports_dir, source, clock())
                result = export_workbook(snapshot, target, today=clock())
            except (SessionFileError, OSError) as exc:
                self.app.call_from_thread(
                    self.notify, f"Could not export: {exc}", severity="error", timeout=15
                )
                return
            message = f"Workbook written: {result.path}"
            if result.warnings:
                message += "\n" + "\n".join(result.warnings)
            self.app.call_from_thread(self.notify, message, timeout=12)

        self.run_worker(work, thread=True, group="export", name="export")

    def action_import_updates(self) -> None:
        """Ask for a returned workbook, show what it would change, apply on confirmation."""
        from .confirm import ConfirmDialog
        from .form import FormDialog, FormField

        document = self.document
        exports_dir = getattr(self.app, "exports_dir", document.path.parent)

        def chosen(result: dict[str, object] | None) -> None:
            if result is None:
                return
            from ..updates import apply_updates, format_plan, plan_updates

            path = Path(str(result["workbook"])).expanduser()
            try:
                plan = plan_updates(document.session, path)
            except SessionFileError as exc:
                self.notify(str(exc), severity="error", timeout=15)
                return
            if not plan.has_changes:
                self.notify(format_plan(plan), title="Nothing to change", timeout=15)
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    count = apply_updates(document.session, plan)
                    self.session_edited()
                    self.save(quiet=True)
                    self.notify(f"{count} change(s) taken from {path.name}.", timeout=8)

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

    def session_edited(self) -> None:
        """Something outside the step views changed the session: mark it and redraw."""
        self.document.changed()
        self.step_view(self.current_step).sync()
        self._changed()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """Commands with no key of their own."""
        yield PaletteCommand(
            "Import updates from a returned workbook",
            "Merge Status, Latest update, Notes, Owner and Due edits by action ID",
            self.action_import_updates,
        )
        yield PaletteCommand(
            "Open another session",
            "Save this one and go back to the session picker",
            self.action_picker,
        )

    def action_picker(self) -> None:
        from .picker import PickerScreen

        if self.document.dirty and not self.save(quiet=True):
            return
        sessions_dir = getattr(self.app, "sessions_dir", self.document.path.parent)
        self.app.switch_screen(PickerScreen(sessions_dir))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.current_step))

    def action_leave_field(self) -> None:
        """Escape in a text field: leave it, so that the step keys work again."""
        focused = self.focused
        view = self.step_view(self.current_step)
        from ..widgets.inventory_step import InventoryStep

        if isinstance(view, InventoryStep) and view.clear_filter():
            return
        if isinstance(focused, TextArea | Input):
            view.focus_default()

    # ----- saving -----------------------------------------------------------------------------

    def update_header(self, problem: str = "") -> None:
        header = self.query_one(SessionHeader)
        session = self.document.session
        header.title_text = session.title
        parts = [f"cycle {session.cycle}", session.alignment_type.value]
        if session.organisation:
            parts.insert(0, session.organisation)
        header.detail = " · ".join(parts)
        header.dirty = self.document.dirty
        header.problem = problem

    @on(StepView.Changed)
    def _changed(self) -> None:
        self.update_header()
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_DELAY, self.autosave)

    def autosave(self) -> None:
        if self.document.dirty:
            self.save(quiet=True)

    def action_save(self) -> None:
        self.save(quiet=False)

    def save(self, *, quiet: bool) -> bool:
        """Save now; on a conflict keep both versions; on failure keep the work in memory."""
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        document = self.document
        try:
            document.save()
        except ConflictError:
            try:
                copy = document.save_copy_beside("conflict")
            except SessionFileError as exc:
                self.update_header(problem="the file changed on disk")
                self.notify(str(exc), severity="error", timeout=15)
                return False
            original = document.path
            document.path = copy
            document.fingerprint = None
            document.save()
            self.notify(
                f"{original.name} was changed by someone else since it was opened. "
                f"Both are kept: yours is now {copy.name}.",
                severity="warning",
                timeout=15,
            )
        except SessionFileError as exc:
            self.update_header(problem=exc.lines[0].split(": ", 1)[-1][:60])
            self.notify(f"{exc}\nYour work is still here, unsaved.", severity="error", timeout=15)
            return False
        header = self.query_one(SessionHeader)
        header.saved_at = dt.datetime.now()
        self.update_header()
        if not quiet:
            self.notify(f"Saved {document.path}", timeout=3)
        return True
