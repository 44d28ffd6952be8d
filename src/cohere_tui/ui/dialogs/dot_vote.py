"""A dot-vote round on the open findings (step 3) or actions (step 4): from the phones, or
typed by the facilitator when the room has none — how many voted, then the dots each item
got. Either way the round is one :class:`~cohere_tui.edits.AddDotRound` (undoable, saved
with its ranking, which sorts the plan) and its tally is shown as bars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ...ballot.question import MAX_DOTS, MAX_OPTIONS
from ...edits import AddDotRound
from ...models import DotRound, DotTarget
from ...votes import MAX_VOICES, VoteError, parse_dots, tally_problem
from ..editing import apply_edit
from .form import FormDialog, FormField
from .tally import TallyDialog

if TYPE_CHECKING:
    from ...document import SessionDocument

HELP_WORDS = 48
"""An item's words in the typed tally's form are cut to this many characters."""


def _whole(text: str, low: int, high: int) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and text.isascii() and low <= int(text) <= high else None


def run_dot_vote(
    app: Any,
    document: SessionDocument,
    target: DotTarget,
    options: Sequence[tuple[str, str]],
    today: dt.date,
    *,
    saved: str,
    done: Callable[[DotRound], object] | None = None,
) -> None:
    """Ask how many dots each voice has and how many voices vote (empty: the phones), then
    take the round by ballot or as a typed tally, record it and show its tally.

    ``options`` are the items on the ballot (ID, words), at most
    :data:`~cohere_tui.ballot.question.MAX_OPTIONS`; ``saved`` is the sentence under the
    tally; ``done`` is called with the round once it is recorded."""
    from ...votes import dot_question

    options = list(options)[:MAX_OPTIONS]
    words = dict(options)
    ids = [item_id for item_id, _ in options]
    noun = target.value  # "findings" / "actions"
    fields = [
        FormField("dots", "Dots per voice", help=f"each voice spreads this many (1–{MAX_DOTS})"),
        FormField(
            "voices",
            "Voices",
            placeholder="empty: the phones vote",
            help="how many people voted, to type the dots each item got here; "
            "leave empty to ask the phones",
        ),
    ]

    def check(values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if _whole(str(values.get("dots") or ""), 1, MAX_DOTS) is None:
            errors["dots"] = f"Type a number of dots from 1 to {MAX_DOTS}."
        voices = str(values.get("voices") or "").strip()
        if voices and _whole(voices, 1, MAX_VOICES) is None:
            errors["voices"] = (
                f"Type how many people voted (1 to {MAX_VOICES}), or leave it empty for the phones."
            )
        return errors

    def record(round_: DotRound, voices: int) -> None:
        from ...votes import dot_tally

        if apply_edit(app, document, AddDotRound(round_)) is None:
            return
        tally = dot_tally(round_)
        rows = [
            (f"{item_id} {words.get(item_id, '')}", tally[item_id]) for item_id in round_.ranking
        ]
        app.push_screen(
            TallyDialog(
                f"Dot vote: {voices} {'voice' if voices == 1 else 'voices'}, "
                f"{round_.dots} dots each",
                rows,
                f"{saved} · ctrl+z undoes",
            )
        )
        if done is not None:
            done(round_)

    def typed(dots: int, voices: int, title: str) -> None:
        from ...votes import tally_round

        tally_fields = [
            FormField(item_id, item_id, placeholder="0", help=_cut(words[item_id]))
            for item_id in ids
        ]

        def check_tally(values: dict[str, Any]) -> dict[str, str]:
            errors: dict[str, str] = {}
            counts: dict[str, int] = {}
            for item_id in ids:
                try:
                    counts[item_id] = parse_dots(str(values.get(item_id) or ""))
                except VoteError as exc:
                    errors[item_id] = str(exc).capitalize() + "."
            if not errors:
                problem = tally_problem(counts, voices, dots)
                if problem is not None:
                    errors[ids[0]] = problem.capitalize() + "."
            return errors

        def tallied(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            counts = {item_id: parse_dots(str(values.get(item_id) or "")) for item_id in ids}
            round_ = tally_round(
                ids, counts, voices=voices, target=target, dots=dots, date=today, title=title
            )
            record(round_, voices)

        app.push_screen(
            FormDialog(
                f"Dots per {noun[:-1]}: {voices} voices × {dots} dots (up to {voices * dots})",
                tally_fields,
                check=check_tally,
            ),
            tallied,
        )

    def phones(dots: int) -> None:
        from ...votes import round_from_result
        from .ballot import BallotDialog

        question = dot_question(document.session, target, ids, dots)

        def closed(result: Any) -> None:
            if result is None:
                return
            if not result.casts:
                app.notify("No one voted: nothing recorded.", timeout=4)
                return
            round_ = round_from_result(result, target=target, date=today, title=question.text)
            record(round_, len(result.casts))

        app.push_screen(
            BallotDialog(
                app.context.ballots.server(),
                question,
                expected=len(document.session.participants) or None,
            ),
            closed,
        )

    def asked(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        dots = int(str(values["dots"]).strip())
        voices = str(values.get("voices") or "").strip()
        if voices:
            title = dot_question(document.session, target, ids, dots).text
            typed(dots, int(voices), title)
        else:
            phones(dots)

    app.push_screen(
        FormDialog(f"Dot vote on the {noun}", fields, {"dots": "3"}, check=check), asked
    )


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= HELP_WORDS else text[: HELP_WORDS - 1].rstrip() + "…"
