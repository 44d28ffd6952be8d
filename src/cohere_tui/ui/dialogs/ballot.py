"""The ballot on the wall: the address, the join code and the QR code for the phones, the
live count, the distribution once revealed; closing hands the votes back to be recorded.

The web server is the caller's (one per meeting, so the join code stays the same from
question to question); this screen only drives it. aiohttp is never imported here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...ballot.question import BallotResult, Count, Question
from ..widgets.key_footer import KeyFooter
from ..widgets.vote_bars import bars
from .confirm import ConfirmDialog

if TYPE_CHECKING:
    from ...ballot.server import BallotEvent, BallotServer

QR_STYLE = Style(color="#000000", bgcolor="#ffffff")
"""The QR code is drawn dark on light whatever the theme: that is what a camera reads."""


class BallotDialog(ModalScreen[BallotResult | None]):
    """Open ``question`` on the phones; `r` reveals, `enter` closes and records, `escape`
    discards (asking first when votes would be lost)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "finish", "Close and record", id="ballot.close",
                tooltip="Close the ballot and record the votes (undoable)"),
        Binding("r", "reveal", "Reveal", id="ballot.reveal",
                tooltip="Show the distribution on the wall and on the phones"),
        Binding("escape", "discard", "Discard", id="ballot.discard",
                tooltip="Close the ballot without recording (asks first when there are votes)"),
    ]  # fmt: skip

    def __init__(
        self,
        server: BallotServer,
        question: Question,
        *,
        expected: int | None = None,
        value_label: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self.server = server
        self.question = question
        self.expected = expected
        self.value_label = value_label or (lambda key: key)
        self.revealed = False
        self.notice = ""
        self.ended_message = ""
        self._ballot_done = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog ballot-dialog"):
            yield Label("Ballot: vote from your phone", classes="dialog-title")
            yield Static(self.question.text, id="ballot-question", markup=False)
            with Horizontal(id="ballot-body"):
                yield Static("", id="ballot-qr", markup=False)
                with Vertical(id="ballot-info"):
                    yield Static("Opening…", id="ballot-join", markup=False)
                    yield Static("", id="ballot-count", markup=False)
                    yield Static("", id="ballot-tally", markup=False)
                    yield Static("", id="ballot-notice", markup=False)
        yield KeyFooter()

    async def on_mount(self) -> None:
        from ...ballot.server import BallotError

        self.server.on_event = self._on_event
        try:
            invitation = await self.server.open(self.question, self.expected)
        except BallotError as exc:
            self.app.notify(str(exc), title="The ballot could not open", severity="error")
            self.dismiss(None)
            return
        qr = Text("\n".join(invitation.qr), style=QR_STYLE, no_wrap=True)
        self.query_one("#ballot-qr", Static).update(qr)
        join = Text()
        join.append("On the room's Wi-Fi, scan the code or open\n")
        join.append(invitation.address, style="bold")
        join.append("\nJoin code  ")
        join.append(" ".join(invitation.code), style="bold reverse")
        self.query_one("#ballot-join", Static).update(join)
        self._show()

    def on_unmount(self) -> None:
        if self.server.on_event == self._on_event:
            self.server.on_event = None

    # ----- live ----------------------------------------------------------------------------

    def _on_event(self, event: BallotEvent) -> None:
        if event.kind == "refused" and event.refusal is not None:
            self.notice = "⚠ " + event.refusal.text
        elif event.kind == "ended":
            self.ended_message = event.message
        self._show(event.count)

    def _show(self, count: Count | None = None) -> None:
        count = count or self.server.count()
        line = Text(count.text, style="bold")
        if self.ended_message:
            line = Text("⚠ " + self.ended_message + " — enter records them", style="bold")
        self.query_one("#ballot-count", Static).update(line)
        if self.revealed:
            tally = self.server.state.tally() if self.server.state.question else {}
            rows = [(self.value_label(key), n) for key, n in tally.items()]
            self.query_one("#ballot-tally", Static).update(bars(rows, width=16))
        self.query_one("#ballot-notice", Static).update(self.notice)

    # ----- keys ----------------------------------------------------------------------------

    def action_reveal(self) -> None:
        self.server.reveal()
        self.revealed = True
        self._show()

    async def action_finish(self) -> None:
        if self._ballot_done:
            return
        self._ballot_done = True
        result = await self.server.close()
        self.dismiss(result)

    def action_discard(self) -> None:
        if self.server.count().voted == 0 and self.server.ended is None:
            self.run_worker(self._discard(), exclusive=True)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._discard(), exclusive=True)

        voted = self.server.count().voted
        self.app.push_screen(
            ConfirmDialog(
                "Discard the ballot?",
                f"{voted} vote{'s' if voted != 1 else ''} will not be recorded.",
                yes="Discard",
                no="Keep voting",
            ),
            answered,
        )

    async def _discard(self) -> None:
        if self._ballot_done:
            return
        self._ballot_done = True
        await self.server.close()
        self.dismiss(None)
