"""Many voices as edits: the votes on a rating or a readiness condition, a consensus check,
a dot-vote round.

Headless: never imports Textual. Each is one step of the history, so undo takes back a
whole round of votes at once (a ballot closed, a row of typed digits). The rules
(agreed value, consensus, ranking) are :mod:`cohere_tui.votes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import (
    READINESS_LABELS,
    VISION_KEY,
    Condition,
    ConsensusCheck,
    Decision,
    Domain,
    DotRound,
    DotTarget,
    Vote,
)
from ..votes import (
    CONSENSUS_SCALES,
    RATING_SCALE,
    READINESS_SCALE,
    Scale,
    agreed_value,
    check_passes,
    consensus_target,
    dot_problems,
    dot_ranking,
    spread,
    target_ids,
    values_of,
    vote_problems,
)
from .base import Edit, EditError, Transaction
from .prepare_edits import put_readiness
from .session_edits import get_rating, rating_column_name, rating_key_is_domain


def _holder_areas(target_id: str) -> frozenset[str]:
    """What a consensus check on ``target_id`` (a decision or an action) changes."""
    return frozenset({"decisions" if target_id.startswith("D") else "actions"})


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _agreed(
    votes: list[Vote], agreed: int | None, scale: Scale, scale_words: str
) -> tuple[list[int], int | None]:
    """The values of the votes and the agreed value they give (``agreed``, or their
    median; None for no votes and no ``agreed``). Raises :class:`EditError` for votes off
    the scale, a voice twice, or an agreed value off the scale."""
    problems = vote_problems(votes, scale)
    if problems:
        raise EditError(f"These votes cannot be recorded: {problems[0]}.")
    if agreed is not None and agreed not in scale:
        raise EditError(f"An agreed rating is {scale_words}, not {agreed}.")
    values = values_of(votes)
    return values, agreed if agreed is not None or not values else agreed_value(values)


def _recorded(values: list[int], value: int | None, where: str, word: str = "") -> str:
    """The history's sentence for votes recorded on ``where`` (the agreed value followed by
    its ``word``, when given)."""
    if not values:
        return f"Cleared the votes on {where}"
    said = f"Recorded {_plural(len(values), 'vote')} on {where}: agreed {value}"
    if word:
        said += f" {word}"
    if len(values) > 1:
        said += f", spread {spread(values)}"
    return said


@dataclass
class SetVotes(Edit):
    """Record the room's votes on one rating, replacing any earlier ones, and set its agreed
    value (``agreed``, or the median of the votes). No votes clears the votes and, unless
    ``agreed`` is given, the rating."""

    initiative_id: str
    key: str
    votes: list[Vote]
    agreed: int | None = None
    AREAS = frozenset({"ratings"})

    def apply(self, tx: Transaction) -> str:
        ini = tx.session.initiative(self.initiative_id)
        if ini is None:
            raise EditError(
                f"There is no initiative {self.initiative_id} (it may have been deleted)."
            )
        key = self.key
        if key != VISION_KEY and not rating_key_is_domain(key) and tx.session.goal(key) is None:
            raise EditError(f"There is no goal {key} to vote on.")
        values, value = _agreed(self.votes, self.agreed, RATING_SCALE, "0, 1, 2 or 3")
        votes = dict(ini.votes)
        if self.votes:
            votes[key] = list(self.votes)
        else:
            votes.pop(key, None)
        changes: dict[str, object] = {"votes": votes}
        if get_rating(ini, key) != value:
            if rating_key_is_domain(key):
                domains = dict(ini.domains)
                if value is None:
                    domains.pop(Domain(key), None)
                else:
                    domains[Domain(key)] = value
                changes["domains"] = domains
            else:
                alignment = dict(ini.alignment)
                if value is None:
                    alignment.pop(key, None)
                else:
                    alignment[key] = value
                changes["alignment"] = alignment
        tx.set(ini, **changes)
        return _recorded(values, value, f"{ini.id} × {rating_column_name(key)}")


@dataclass
class SetReadinessVotes(Edit):
    """Record the room's votes on one readiness condition (1–4 each), replacing any earlier
    ones, and set its agreed rating (``agreed``, or the median of the votes). No votes
    clears the votes and, unless ``agreed`` is given, the rating."""

    condition: Condition
    votes: list[Vote]
    agreed: int | None = None
    AREAS = frozenset({"readiness"})

    def apply(self, tx: Transaction) -> str:
        words = ", ".join(f"{n} {w}" for n, w in READINESS_LABELS.items())
        values, value = _agreed(self.votes, self.agreed, READINESS_SCALE, words)
        put_readiness(tx, self.condition, {"votes": list(self.votes), "rating": value})
        word = READINESS_LABELS[value] if value is not None else ""
        return _recorded(values, value, f"{self.condition.short} readiness", word)


@dataclass
class RecordConsensus(Edit):
    """Log a consensus check with a decision (``D…``) or a proposed action (``A…``)."""

    target_id: str
    check: ConsensusCheck

    @property
    def areas(self) -> frozenset[str]:
        return _holder_areas(self.target_id)

    def apply(self, tx: Transaction) -> str:
        target = consensus_target(tx.session, self.target_id)
        if target is None:
            raise EditError(f"There is no decision or action {self.target_id} to check.")
        problems = vote_problems(self.check.votes, CONSENSUS_SCALES[self.check.method])
        if problems:
            raise EditError(f"These votes cannot be recorded: {problems[0]}.")
        tx.set(target, checks=[*target.checks, self.check])
        result = check_passes(self.check)
        noun = "decision" if isinstance(target, Decision) else "action"
        return (
            f"Consensus check on {noun} {target.id} ({self.check.method.label.lower()}, "
            f"{_plural(len(self.check.votes), 'vote')}): {result.reason}"
        )


@dataclass
class DeleteConsensus(Edit):
    """Take one consensus check off its decision or action (``index`` in its list)."""

    target_id: str
    index: int

    @property
    def areas(self) -> frozenset[str]:
        return _holder_areas(self.target_id)

    def apply(self, tx: Transaction) -> str:
        target = consensus_target(tx.session, self.target_id)
        if target is None or not 0 <= self.index < len(target.checks):
            raise EditError(f"There is no such consensus check on {self.target_id}.")
        checks = list(target.checks)
        removed = checks.pop(self.index)
        tx.set(target, checks=checks)
        return f"Deleted the consensus check of {removed.date} on {target.id}"


@dataclass
class AddDotRound(Edit):
    """Save a dot-vote round with its ranking (worked out from the dots when none is given)."""

    round: DotRound

    @property
    def areas(self) -> frozenset[str]:
        return frozenset({self.round.target.value})

    def apply(self, tx: Transaction) -> str:
        round_ = self.round
        known = target_ids(tx.session, round_.target)
        noun = "finding" if round_.target is DotTarget.FINDINGS else "action"
        for option in round_.options:
            if option not in known:
                raise EditError(f"There is no {noun} {option} to vote on.")
        problems = dot_problems(round_)
        if problems:
            raise EditError(f"This round cannot be recorded: {problems[0]}.")
        if not round_.ranking:
            round_ = round_.model_copy(update={"ranking": dot_ranking(round_)})
        tx.set(tx.session, dot_rounds=[*tx.session.dot_rounds, round_])
        voices = {v.voice for votes in round_.votes.values() for v in votes}
        top = ", ".join(round_.ranking[:3])
        return (
            f"Dot vote on {len(round_.options)} {noun}s ({_plural(len(voices), 'voice')}, "
            f"{round_.dots} dots each): {top or 'no dots'} first"
        )


@dataclass
class DeleteDotRound(Edit):
    """Delete one dot-vote round (``index`` in the session's list)."""

    index: int
    AREAS = frozenset({"findings", "actions"})

    def apply(self, tx: Transaction) -> str:
        rounds = list(tx.session.dot_rounds)
        if not 0 <= self.index < len(rounds):
            raise EditError("There is no such dot-vote round.")
        removed = rounds.pop(self.index)
        tx.set(tx.session, dot_rounds=rounds)
        return f"Deleted the dot vote of {removed.date} on {removed.target.value}"


__all__ = [
    "AddDotRound",
    "DeleteConsensus",
    "DeleteDotRound",
    "RecordConsensus",
    "SetReadinessVotes",
    "SetVotes",
]
