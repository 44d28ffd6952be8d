"""The funding view: the funding streams, and a grid of streams × initiatives.

Above, the streams (`a` add, `enter` edit, `d` delete); below, one row per initiative and
one column per stream: `space` funds the initiative from the stream (or stops), `%` sets
the share of the stream it receives, `enter` edits the column's stream. `tab` moves
between the two; `escape` closes. Streams whose money ends within a year of the meeting
are marked `!` (in words in the status line too).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from ...edits import SetFundingLink
from ...measures import format_number
from ...models import FundingStream
from ...portfolio import decision_mark, ends_by, funding, funding_horizon, money
from ..editing import apply_edit
from ..widgets.item_table import ItemTable
from ..widgets.key_footer import KeyFooter
from ..widgets.link_matrix import LinkMatrix, link_cell
from .form import FormDialog, FormField
from .portfolio_forms import UndoableModal, edit_stream, item_requested, parse_share

if TYPE_CHECKING:
    from ...document import Change, SessionDocument

ENDING_MARK = "!"


def _cut(text: str) -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis", end="")


def _total_text(total: float | None, funded: bool) -> str:
    """An initiative's money a year: '—' with no stream, '?' when a part is unknown."""
    if total is not None:
        return money(total)
    return "?" if funded else "—"


class FundingScreen(UndoableModal):
    """Streams, and who each one funds. Keys: see the module docstring."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the step", id="funding.close"),
    ]

    def __init__(self, document: SessionDocument, today: dt.date) -> None:
        super().__init__(document)
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog portfolio"):
            yield Label("", id="funding-title", classes="dialog-title", markup=False)
            yield ItemTable(noun="funding stream", stretch="name", id="stream-table")
            yield LinkMatrix(fixed=3, id="funding-matrix")
            yield Static("", id="funding-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        streams = self.query_one("#stream-table", ItemTable)
        for label, key, width in [
            ("ID", "id", 4), ("Stream", "name", 20), ("Source", "source", 8),
            ("A year", "amount", 11), ("Ends", "end", 12), ("Uses", "uses", 22),
            ("May serve", "populations", 10), ("Funds", "funds", 6),
        ]:  # fmt: skip
            streams.add_column(label, key=key, width=width)
        streams.border_title = "Funding streams · a add · ⏎ edit · d delete"
        self.fill()
        streams.focus()

    def document_changed(self, change: Change) -> None:
        edit = change.edit
        if isinstance(edit, SetFundingLink) and not change.findings.added:
            self.refresh_stream(edit.stream_id)
        else:
            self.fill()

    def refresh_stream(self, stream_id: str) -> None:
        """After a link changed: redraw only that stream's column, the totals of the
        initiatives it funds (its split moved) and its row above (a keypress stays quick)."""
        session = self.session
        stream = session.stream(stream_id)
        matrix = self.query_one("#funding-matrix", LinkMatrix)
        if stream is None or stream_id not in {c.value for c in matrix.columns}:
            self.fill()
            return
        money_of = funding(session)
        funds = 0
        for ini in session.initiatives:
            link = next((k for k in ini.streams if k.stream == stream_id), None)
            funds += link is not None
            matrix.set_cell(
                ini.id, stream_id, link_cell(link is not None, link.share if link else None)
            )
            total = money_of.total(ini.id)
            matrix.set_cell(ini.id, "total", _total_text(total, bool(ini.streams)))
        self.query_one("#stream-table", ItemTable).update_cell(stream_id, "funds", str(funds))
        self._status()

    # ----- drawing ----------------------------------------------------------------------------

    def fill(self) -> None:
        session = self.session
        horizon = funding_horizon(session)
        money_of = funding(session)
        funded: dict[str, int] = {st.id: 0 for st in session.streams}
        for ini in session.initiatives:
            for sid in dict.fromkeys(k.stream for k in ini.streams):
                if sid in funded:
                    funded[sid] += 1

        streams = self.query_one("#stream-table", ItemTable)
        keep = streams.current_id
        streams.clear()
        for st in session.streams:
            end = str(st.end) if st.end else "ongoing"
            if ends_by(st, horizon):
                end += f" {ENDING_MARK}"
            streams.add_row(
                st.id,
                streams.long_text(st.name),
                st.source.label,
                money(st.annual_amount) if st.annual_amount is not None else "?",
                end,
                ", ".join(st.uses) or "—",
                " ".join(st.populations) or "any",
                str(funded[st.id]),
                key=st.id,
            )
        streams.move_cursor_to(keep)

        matrix = self.query_one("#funding-matrix", LinkMatrix)
        cursor = matrix.cursor_coordinate
        matrix.clear(columns=True)
        matrix.add_column("Initiative", key="name", width=22)
        matrix.add_column("A year", key="total", width=11)
        matrix.add_column("Decision", key="decision", width=11)
        for st in session.streams:
            mark = ENDING_MARK if ends_by(st, horizon) else ""
            matrix.add_column(f"{st.id}{mark}", key=st.id, width=max(5, len(st.id) + 1))
        for ini in session.initiatives:
            links = {k.stream: k.share for k in ini.streams}
            total = money_of.total(ini.id)
            cells: list[Any] = [
                _cut(f"{ini.id} {ini.name}"),
                _total_text(total, bool(links)),
                decision_mark(ini),
            ]
            cells += [link_cell(st.id in links, links.get(st.id)) for st in session.streams]
            matrix.add_row(*cells, key=ini.id)
        if matrix.row_count:
            matrix.move_cursor(row=min(cursor.row, matrix.row_count - 1),
                               column=cursor.column, animate=False)  # fmt: skip
        total = sum(st.annual_amount or 0 for st in session.streams)
        ending = sum(ends_by(st, horizon) for st in session.streams)
        when = session.meeting_date or session.created
        self.query_one("#funding-title", Label).update(
            f"Funding · {len(session.streams)} streams · {money(total)} a year · "
            f"{ending} end by {horizon}, within a year of {when}"
        )
        matrix.border_title = (
            "Streams × initiatives · space links · % share · ⏎ edit stream · ● funded · "
            f"· not · {ENDING_MARK} ends within a year"
        )
        self._status()

    def _status(self) -> None:
        matrix = self.query_one("#funding-matrix", LinkMatrix)
        status = self.query_one("#funding-status", Static)
        here = matrix.here()
        if here is None:
            focused = self.query_one("#stream-table", ItemTable).current_id
            stream = self.session.stream(focused) if focused else None
            status.update(self._describe_stream(stream) if stream else
                          "No stream yet: press a to add one." if not self.session.streams
                          else "")  # fmt: skip
            return
        ini = self.session.initiative(here[0])
        stream = self.session.stream(here[1])
        if ini is None or stream is None:
            return
        link = next((k for k in ini.streams if k.stream == stream.id), None)
        if link is None:
            what = "not funded by it (space funds it)"
        else:
            part = next((p for p in funding(self.session).of(ini.id) if p.stream.id == stream.id),
                        None)  # fmt: skip
            share = f"{link.share:g}% of it" if link.share is not None else "no share set"
            amount = money(part.amount) if part and part.amount is not None else "amount unknown"
            what = f"funded: {share}, {amount} a year"
        status.update(f"{ini.id} “{ini.name}” × {stream.id}: {what}\n"
                      + self._describe_stream(stream))  # fmt: skip

    def _describe_stream(self, stream: FundingStream) -> str:
        horizon = funding_horizon(self.session)
        end = f"ends {stream.end}" if stream.end else "ongoing"
        if ends_by(stream, horizon):
            end += " — within a year of the meeting"
        uses = ", ".join(stream.uses) or "no uses recorded"
        return f"{stream.id} “{stream.name}” · {stream.source.label} · {end} · uses: {uses}"

    @on(DataTable.CellHighlighted, "#funding-matrix")
    @on(DataTable.RowHighlighted, "#stream-table")
    def _moved(self) -> None:
        self._status()

    # ----- editing ----------------------------------------------------------------------------

    @on(ItemTable.Requested, "#stream-table")
    def _stream_requested(self, event: ItemTable.Requested) -> None:
        event.stop()
        item_requested(self, self.document, "stream", event, self.today)

    @on(LinkMatrix.Requested, "#funding-matrix")
    def _cell_requested(self, event: LinkMatrix.Requested) -> None:
        event.stop()
        ini = self.session.initiative(event.row)
        if ini is None:
            return
        link = next((k for k in ini.streams if k.stream == event.column), None)
        if event.verb == "open":
            edit_stream(self, self.document, event.column, self.today, lambda _: None)
        elif event.verb == "toggle":
            change = apply_edit(
                self, self.document, SetFundingLink(ini.id, event.column, link is None)
            )
            if change is not None:
                self.notify(f"{change.description} · ctrl+z undoes", timeout=3)
        else:
            self._ask_share(ini.id, event.column, link.share if link else None)

    def _ask_share(self, initiative_id: str, stream_id: str, share: float | None) -> None:
        fields = [
            FormField("share", "Share (%)", parse=parse_share,
                      help="the percentage of the stream's annual amount it receives; "
                      "blank = an even part of what other shares leave"),
        ]  # fmt: skip

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            edit = SetFundingLink(initiative_id, stream_id, True, result["share"])
            change = apply_edit(self, self.document, edit)
            if change is not None:
                self.notify(f"{change.description} · ctrl+z undoes", timeout=3)

        self.app.push_screen(
            FormDialog(
                f"Share of {stream_id} for {initiative_id}",
                fields,
                {"share": "" if share is None else format_number(share)},
            ),
            done,
        )

    def action_close(self) -> None:
        self.dismiss(None)
