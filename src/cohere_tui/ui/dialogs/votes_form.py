"""The room's votes on one thing on a scale (a rating cell, a readiness condition): typed by
the facilitator in one line, or asked of the phones in a ballot. One look and one set of
words wherever the room votes on a scale."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...votes import Scale, VoteError, parse_votes
from .form import FormDialog, FormField

if TYPE_CHECKING:
    from ...ballot.question import BallotResult, Question
    from ...ballot.server import BallotServer
    from ...models import Vote


def votes_form(title: str, current: list[int], scale: Scale) -> FormDialog:
    """One line of typed votes on ``scale``: one digit per voice (``3 3 2 1 3``) or a tally
    per value (``3:2 2:1``); empty removes the votes. Votes off the scale are refused in
    the form, with the sentence of :func:`~cohere_tui.votes.parse_votes`."""
    low, high = scale.low, scale.high
    example = " ".join(str(v) for v in (high, high, high - 1, low + 1, high))
    fields = [
        FormField(
            "votes",
            "Votes",
            help=f"one digit per voice ({example}) or a tally per value ({high}:2 {high - 1}:1), "
            f"on the scale {scale.describe()}; empty removes the votes",
        )
    ]

    def check(values: dict[str, Any]) -> dict[str, str]:
        text = str(values["votes"]).strip()
        if not text:
            return {}
        try:
            parse_votes(text, scale)
        except VoteError as exc:
            return {"votes": str(exc).capitalize() + "."}
        return {}

    now = " ".join(str(v) for v in current)
    return FormDialog(title, fields, {"votes": now}, check=check)


def typed_values(result: dict[str, Any], scale: Scale) -> list[int]:
    """The votes a :func:`votes_form` gave back (none when it was left empty)."""
    text = str(result["votes"]).strip()
    return parse_votes(text, scale) if text else []


def ask_phones(
    app: Any,
    server: BallotServer,
    question: Question,
    scale: Scale,
    expected: int | None,
    record: Callable[[list[Vote]], object],
) -> None:
    """A ballot on the wall for a question on ``scale`` (the tally reads each value with its
    word, ``2 partial``); closing it hands the phones' votes to ``record`` (nothing when no
    one voted, and the room is told)."""
    from ...votes import votes_from_result
    from .ballot import BallotDialog

    labels = {str(v): f"{v} {word}" for v, word in scale.labels.items()}

    def closed(result: BallotResult | None) -> None:
        if result is None:
            return
        votes = votes_from_result(result)
        if not votes:
            app.notify("No one voted: nothing recorded.", timeout=4)
            return
        record(votes)

    app.push_screen(
        BallotDialog(server, question, expected=expected, value_label=lambda k: labels.get(k, k)),
        closed,
    )
