"""The Textual app: a session picker, then the workspace of one session."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from ..document import SessionDocument
from ..settings import Settings, load_settings, save_settings
from ..store import BACKUP_SUFFIX, SessionFileError, new_session, unique_session_path
from ..validation import printable
from .commands import BindingsProvider
from .context import AppContext
from .screens.workspace import WorkspaceScreen
from .themes import THEME_LABELS, THEMES


class KeyBarrier(Message):
    """Follows a key along its way (the focused widget up to the app) to say it has been
    dealt with, so that the next key is handed on only then (see :meth:`CohereApp.on_event`)."""

    def __init__(self, round_: int, token: int) -> None:
        super().__init__()
        self.round = round_
        self.token = token


KEY_ROUNDS = 2
"""A key's binding may post a message whose handler opens a dialog: two rounds along the
focus chain see both through."""
KEY_SAFETY = 0.3
"""Seconds after which the next key goes on anyway (a widget removed on the way)."""

MIN_WIDTH = 80
MIN_HEIGHT = 24
"""The smallest terminal every screen is laid out for; below it the app asks for more room."""

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from .screens.picker import PickerScreen


class CohereApp(App[int]):
    """cohere-tui: walk a team through the alignment-and-coherence cycle."""

    TITLE = "cohere-tui"
    CSS_PATH = Path(__file__).parent / "cohere.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {BindingsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Save and quit", id="app.quit"),
    ]  # fmt: skip

    def __init__(
        self,
        *,
        sessions_dir: Path = Path("sessions"),
        exports_dir: Path = Path("exports"),
        document: SessionDocument | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        settings: Settings | None = None,
        autosave_delay: float = 1.5,
    ) -> None:
        super().__init__()
        self.today = today
        """Where the app reads today's date: tests and snapshots pass a fixed one."""
        self.sessions_dir = sessions_dir
        self.exports_dir = exports_dir
        self.document = document
        self._settings_problem = ""
        if settings is None:
            loaded = load_settings()
            settings, self._settings_problem = loaded.settings, loaded.problem
        self.settings = settings
        """This user's remembered choices (theme, timer minutes)."""
        for theme in THEMES.values():
            self.register_theme(theme)
        # set without the watcher: assigning the theme here would make Textual parse every
        # stylesheet a second time and restyle the whole workspace just after the first
        # paint; the first parse already reads this theme's variables
        self.set_reactive(CohereApp.theme, settings.theme)
        dark = self.current_theme.dark
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{settings.theme}", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())
        for name in list(self.available_themes):
            if name not in THEMES:
                self.unregister_theme(name)
        self.context = AppContext(
            sessions_dir=sessions_dir,
            exports_dir=exports_dir,
            today=today,
            settings=settings,
            remember_timer_minutes=self.remember_timer_minutes,
            autosave_delay=autosave_delay,
        )
        """What the screens and steps are given of this run (folders, clock, settings)."""
        self.exit_notes: list[str] = []
        """Said on the terminal once the app has closed (e.g. where unsaved work was kept)."""
        self._terminal_fd: int | None = None
        self._key_in_flight = False
        self._held_keys: list[events.Key] = []
        self._key_token = 0
        self._key_timer: Timer | None = None

    # ----- keys, one at a time ------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Hand typed keys on one at a time: the next goes only when the last has been dealt
        with, including a dialog it opened, and a dialog still opening gets its keys once it
        is ready. So `a` then `d` typed at once add an item and type `d` into its form,
        instead of also asking to delete the item under the cursor."""
        if type(event) is events.Key and not event.is_forwarded:
            self._held_keys.append(event)
            await self._pump_keys()
            return
        await super().on_event(event)

    def _dialog_opening(self) -> bool:
        from .dialogs.base import Dialog

        screen = self.screen
        return isinstance(screen, Dialog) and not screen.ready

    async def _pump_keys(self) -> None:
        """Hand on the next typed key, unless one is on its way or a dialog is opening."""
        if self._key_in_flight or not self._held_keys or self._dialog_opening():
            return
        key = self._held_keys.pop(0)
        self._key_in_flight = True
        self._key_token += 1
        await super().on_event(key)
        self._send_barrier(1)

    def keys_may_go_on(self) -> None:
        """A dialog is ready for the keys typed while it opened (it calls this)."""
        self.call_next(self._pump_keys)

    def _send_barrier(self, round_: int) -> None:
        if self._key_timer is not None:
            self._key_timer.stop()
        token = self._key_token
        self._key_timer = self.set_timer(KEY_SAFETY, lambda: self._release_key(token))
        try:
            target = self.focused or self.screen
        except ScreenStackError:  # closing down
            return
        target.post_message(KeyBarrier(round_, self._key_token))

    def on_key_barrier(self, message: KeyBarrier) -> None:
        message.stop()
        if message.token != self._key_token or not self._key_in_flight:
            return
        if message.round < KEY_ROUNDS:
            self._send_barrier(message.round + 1)
        else:
            self._release_key(message.token)

    def _release_key(self, token: int) -> None:
        if token != self._key_token:  # a late safety timer of a key long dealt with
            return
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        self._key_in_flight = False
        if self._held_keys:
            self.call_next(self._pump_keys)

    def on_mount(self) -> None:
        from .. import started

        self.call_after_refresh(started)  # start-up ends with the first paint
        self._catch_stop_signals()
        if self.document is not None:
            self.open_document(self.document)
        else:
            from .screens.picker import PickerScreen

            self.push_screen(PickerScreen(self.sessions_dir))
        if self._settings_problem:
            self.notify(self._settings_problem, title="Settings", severity="warning", timeout=10)
        self._check_size()

    async def on_unmount(self) -> None:
        self._catch_stop_signals(stop=True)
        if self.document is not None:
            self.document.release_lock()
        await self.context.ballots.stop()  # closing the app closes the ballot

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Theme"):
                yield command
        for name, (label, help_text) in THEME_LABELS.items():
            if name != self.theme:
                yield SystemCommand(f"Theme: {label}", help_text, partial(self.set_theme, name))

    # ----- themes and size --------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        """Switch theme and remember it for this user."""
        self.theme = name

    def watch_theme(self, name: str) -> None:
        if name in THEMES and name != self.settings.theme:
            self.settings.theme = name
            self._save_settings("the theme")

    def remember_timer_minutes(self, minutes: float) -> None:
        """The timer offers the last whole number of minutes chosen, next time too."""
        whole = round(minutes)
        if minutes == whole and 1 <= whole <= 24 * 60 and whole != self.settings.timer_minutes:
            self.settings.timer_minutes = whole
            self._save_settings("the timer's minutes")

    def _save_settings(self, what: str) -> None:
        problem = save_settings(self.settings)
        if problem:
            self.notify(f"{problem}; {what} applies until you quit.", severity="warning")

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        """Below the smallest usable size, say so instead of drawing a broken layout."""
        from .screens.too_small import TooSmallScreen

        width, height = size or self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        top = self.screen_stack[-1] if self.screen_stack else None
        if small and not isinstance(top, TooSmallScreen):
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif not small and isinstance(top, TooSmallScreen):
            self.pop_screen()

    # ----- opening ----------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, its text always as written: messages quote file names, cells
        and file contents, where ``[`` is just a character (``[/]`` would stop the app), and
        where a control character (a file named with escape codes) is shown escaped, never
        sent to the terminal."""
        super().notify(
            printable(message),
            title=printable(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def open_document(self, document: SessionDocument, *, take_over: bool = False) -> None:
        """Lock the session, offer work recovered from a crash, then show it.

        A session open in another running app asks what to do; unsaved work kept by a run
        that did not close cleanly is offered.
        """
        from ..lock import LockHeldError, SessionLock
        from ..recovery import pending_recovery
        from .dialogs.recovery import LockedDialog, RecoveryDialog

        try:
            lock: SessionLock | None = document.take_lock(take_over=take_over)
        except LockHeldError as exc:
            self.push_screen(
                LockedDialog(document.path, exc.holder),
                lambda choice: self._locked_choice(document, choice),
            )
            return
        except OSError as exc:
            lock = None  # the folder cannot be written: the first save says so, offers Save as…
            self.notify(
                f"{document.path.parent}: cannot be written ({exc.strerror}). You can work, "
                "but changes cannot be saved there: use Save as… (ctrl+p) to choose another "
                "place.",
                title="Read-only folder",
                severity="warning",
                timeout=12,
            )
        copy = pending_recovery(document.path)
        stale = lock.stale if lock is not None else None
        if copy is not None:
            copy_time = dt.datetime.fromtimestamp(copy.stat().st_mtime)
            self.push_screen(
                RecoveryDialog(document.path, copy, stale, copy_time),
                lambda choice: self._recovery_choice(document, copy, choice),
            )
            return
        if stale is not None or (lock is not None and lock.stale_unreadable):
            who = f" ({stale.user} on {stale.host}, from {stale.started:%H:%M})" if stale else ""
            backup = document.path.with_name(document.path.name + BACKUP_SUFFIX)
            kept = f"; the version before is kept as {backup.name}" if backup.is_file() else ""
            self.notify(
                f"The last run with this session{who} did not close cleanly. Everything it "
                f"autosaved is here{kept}.",
                title="Not closed cleanly last time",
                severity="warning",
                timeout=12,
            )
        self.show_document(document)

    def _fall_back(self) -> None:
        """Nothing opened: show the session picker (unless a session or the picker shows)."""
        from .screens.picker import PickerScreen

        if not isinstance(self.screen, PickerScreen | WorkspaceScreen):
            self.push_screen(PickerScreen(self.sessions_dir))

    def _locked_choice(self, document: SessionDocument, choice: str | None) -> None:
        if choice == "anyway":
            self.open_document(document, take_over=True)
        elif choice == "copy":
            original = document.path
            try:
                copy = unique_session_path(original.parent, f"{original.stem}-copy")
                document.save_as(copy)
            except SessionFileError as exc:
                self.notify(str(exc), title="Cannot make a copy", severity="error", timeout=12)
                self._fall_back()
                return
            self.notify(
                f"Working in {copy.name}; {original.name} is left to the other app.", timeout=8
            )
            self.open_document(document)
        else:
            self._fall_back()

    def _recovery_choice(self, document: SessionDocument, copy: Path, choice: str | None) -> None:
        from ..recovery import read_recovered, set_aside

        if choice == "recover":
            try:
                recovered = read_recovered(copy)
            except SessionFileError as exc:
                self.notify(str(exc), title="Cannot read the recovered copy", severity="error")
            else:
                document.take_recovered(recovered)
                try:
                    document.save()
                except SessionFileError as exc:
                    self.notify(
                        f"{exc}\nThe recovered work is open, unsaved; {copy.name} is kept.",
                        severity="error",
                        timeout=15,
                    )
                else:
                    copy.unlink(missing_ok=True)
                    self.notify(
                        f"The recovered work is saved in {document.path.name}; the version "
                        f"before is kept as {document.path.name}{BACKUP_SUFFIX}.",
                        timeout=10,
                    )
        else:
            set_aside(copy, document.path)
            self.notify(
                f"The session is as saved; the recovered work stays in {copy.name}.", timeout=8
            )
        self.show_document(document)

    def show_document(self, document: SessionDocument) -> None:
        previous = self.document
        if previous is not None and previous is not document:
            previous.release_lock()
        self.document = document
        from .screens.picker import PickerScreen

        # after the dialog that asked for it has closed
        if isinstance(self.screen, PickerScreen | WorkspaceScreen):
            self.switch_screen(WorkspaceScreen(document, self.context))
        else:
            self.push_screen(WorkspaceScreen(document, self.context))

    def open_path(self, path: Path) -> None:
        """Open another session file in place of the current one (after saving it)."""
        try:
            document = SessionDocument.open(path)
        except SessionFileError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", timeout=12)
            return
        self.open_document(document)

    @on(WorkspaceScreen.OpenRequested)
    def _open_next(self, event: WorkspaceScreen.OpenRequested) -> None:
        self.open_path(event.path)

    # the picker's messages by handler name: the picker is imported only when it shows
    def on_picker_screen_open_requested(self, event: PickerScreen.OpenRequested) -> None:
        try:
            document = SessionDocument.open(event.path)
        except SessionFileError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", timeout=12)
            return
        self.open_document(document)

    def on_picker_screen_new_requested(self, event: PickerScreen.NewRequested) -> None:
        values = dict(event.values)
        title = values.pop("title")
        try:
            self.sessions_dir.mkdir(parents=True, exist_ok=True)
            path = unique_session_path(self.sessions_dir, title)
            document = SessionDocument.create(new_session(title, **values), path)
        except (OSError, SessionFileError) as exc:
            self.notify(str(exc), title="Cannot create", severity="error", timeout=12)
            return
        self.open_document(document)

    def on_picker_screen_demo_requested(self) -> None:
        from ..demo import ensure_demo

        try:
            path = ensure_demo(self.sessions_dir)
            document = SessionDocument.open(path)
        except (OSError, SessionFileError) as exc:
            self.notify(str(exc), title="Cannot open the demo", severity="error", timeout=12)
            return
        self.open_document(document)

    # ----- quitting ---------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """A fault in the app: save the room's work beside the session before closing."""
        document = self.document
        if document is not None and document.dirty:
            try:
                from ..recovery import write_recovered

                path = write_recovered(document, self.sessions_dir)
            except Exception:  # the app is going down anyway; keep the original error
                path = None
            if path is not None:
                self.exit_notes.append(f"cohere-tui: unsaved work was kept in {path}")
                # the work is in the copy, offered at the next start: no autosave due while
                # the app closes writes the session file after all
                document.dirty = False
        if document is not None:
            with contextlib.suppress(Exception):
                document.release_lock()
        super()._handle_exception(error)

    STOP_SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")
    """Told to stop: the computer shuts down, the terminal closed, ctrl+c from outside."""
    EXIT_GRACE = 3.0
    """Seconds the app has to close after a stop signal (its work already kept) before it
    ends at once: a terminal that went away can leave the screen's shutdown waiting forever."""

    def _catch_stop_signals(self, *, stop: bool = False) -> None:
        """The terminal closed (SIGHUP), the computer shuts down (SIGTERM) or the process is
        interrupted (SIGINT): keep the work. A terminal that went away (SIGHUP then SIGCONT)
        is not woken up again."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for name in self.STOP_SIGNALS:
                number = getattr(signal, name, None)
                if number is None:
                    continue
                if stop:
                    loop.remove_signal_handler(number)
                else:
                    loop.add_signal_handler(number, self._stopped_by_signal, number)
            if not stop:
                self._watch_terminal()

    def _watch_terminal(self) -> int | None:
        """The terminal's file descriptor, when the app draws on one; its SIGCONT handler
        (which redraws after a suspend) then acts only while the terminal is still there."""
        self._terminal_fd = None
        if self.is_headless or not hasattr(signal, "SIGCONT"):
            return None
        try:
            fd = sys.__stderr__.fileno() if sys.__stderr__ is not None else -1
        except (OSError, ValueError):
            return None
        if fd < 0 or not os.isatty(fd):
            return None
        self._terminal_fd = fd
        resume = signal.getsignal(signal.SIGCONT)
        if callable(resume):

            def guarded(number: int, frame: Any) -> None:
                if os.isatty(fd):  # after a hang-up there is no terminal to redraw
                    resume(number, frame)

            signal.signal(signal.SIGCONT, guarded)
        return fd

    def _terminal_gone(self) -> bool:
        fd = self._terminal_fd
        return fd is not None and not os.isatty(fd)

    def _stopped_by_signal(self, number: int) -> None:
        from ..recovery import keep_unsaved_work

        kept = keep_unsaved_work(self.document, self.sessions_dir)
        if kept is not None:
            self.exit_notes.append(f"cohere-tui: unsaved work was kept in {kept}")
        if self._terminal_gone():  # nothing left to draw on or to restore: end now
            os._exit(128 + number)
        if not self.is_headless:
            watchdog = threading.Timer(self.EXIT_GRACE, os._exit, args=(128 + number,))
            watchdog.daemon = True
            watchdog.start()
        self.exit(return_code=128 + number)

    async def action_quit(self) -> None:
        """Save first; if saving fails, ask before losing anything."""
        screen = self.screen
        workspace = next(
            (s for s in reversed(self.screen_stack) if isinstance(s, WorkspaceScreen)), None
        )
        if workspace is None or not workspace.document.dirty:
            self.exit(0)
            return
        if workspace.save(quiet=True, offer=False):
            self.exit(0)
            return
        from .dialogs.recovery import ChoiceDialog
        from .dialogs.save_as import ask_save_as

        document = workspace.document

        def done(choice: str | None) -> None:
            if choice == "quit":
                self.exit(1, return_code=1)
            elif choice == "save-as":
                ask_save_as(
                    self,
                    document,
                    continue_there=True,
                    sessions_dir=self.sessions_dir,
                    done=lambda path: self.exit(0),
                )

        del screen
        self.push_screen(
            ChoiceDialog(
                "The session could not be saved",
                f"{document.path}\n\nYour changes are still here. Save them to another file "
                "(Save as…), stay and fix the problem (see the message), or quit and lose them.",
                [("save-as", "Save as…", "s"), ("stay", "Stay", "n"),
                 ("quit", "Quit, lose changes", "y")],
                cancel="stay",
            ),
            done,
        )  # fmt: skip
