"""Many voices: the rules for votes on a rating, a consensus check and a dot-vote round.

Headless and pure (never imports Textual, openpyxl or a web server). A vote is a
:class:`~cohere_tui.models.Vote`: an anonymous voice ID (``V1``, ``V2``, …), a value and an
optional name. Votes are kept as lists keyed by what is voted on: ``Initiative.votes`` by
rating key (``vision``, a goal ID or a domain), ``ConsensusCheck.votes`` on a decision or an
action, ``DotRound.votes`` by option, ``ConditionReadiness.votes`` on a readiness condition (the
same list and the same functions, on the readiness :class:`Scale` 1–4).

Changes to a session go through the edits of :mod:`cohere_tui.edits.vote_edits`
(:class:`~cohere_tui.edits.SetVotes`, :class:`~cohere_tui.edits.SetReadinessVotes`,
:class:`~cohere_tui.edits.RecordConsensus`, :class:`~cohere_tui.edits.AddDotRound`); this
module only reads.

The rules (the room can read them in the help):

- **Agreed value** of a rating: the room's choice, kept in the rating field itself
  (``alignment`` / ``domains``, a readiness condition's ``rating``), so the analysis, the
  grid and the workbook read it as before. When votes are recorded and the room names no value, it is the *median*; with an
  even number of votes, the lower of the two middle values (the room claims no more
  alignment than half of it sees).
- **Spread**: highest vote minus lowest. A spread of :data:`DISAGREEMENT_SPREAD` (2) or
  more is marked ``~`` beside the agreed value (``2~``) and raises the derived finding *the
  room disagrees* (see :mod:`cohere_tui.analysis`): on a rating cell, or on a readiness
  condition.
- **Distribution** in words and symbols, every value of the scale shown, ``·`` for none:
  ``0:· 1:1 2:2 3:3``.
- **Consensus** (:func:`consensus`):

  - *fist to five* (0 fist … 5 full support): passes when at least one voice voted and
    every vote is 3 ("I can live with it") or more; a fist or a 1–2 means concerns the
    room must hear first.
  - *gradients of agreement* (1 endorse … 8 block): passes when at least one voice
    supports (1, 2, 3 or 6) and no one asks for more discussion (5), disagrees seriously
    (7) or blocks (8); abstaining (4) neither helps nor stops it.

- **Dot votes** (:func:`dot_tally`, :func:`dot_ranking`): each voice spreads up to
  ``dots`` dots over the options (several on one option allowed); the tally is the dots per
  option; the ranking orders the options by dots, most first, ties in ballot order. The
  ranking saved with the round sorts the plan (:func:`dot_priority`).
- **Typed dot votes** (:func:`tally_round`): without phones the facilitator types how many
  dots each option got and how many voices voted. The tally must be whole numbers, none
  negative, at least one dot, and no more than voices × dots in all. Who gave which dot is
  not known, so the dots are dealt one at a time to anonymous voices ``V1``, ``V2``, … in
  turn, as cards are dealt: the tally and the ranking are the room's, the split between
  voices is only a way of keeping the round in the same shape as a ballot's.

Typed votes (:func:`parse_votes`): one digit per voice (``3 3 2 1 3`` or ``33213``) or a
tally per value (``3:2 2:1``, or ``3x2 2x1``: two voices 3, one voice 2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .ballot.question import BallotResult, Option, Question
from .models import (
    RATING_LABELS,
    READINESS_LABELS,
    VISION_KEY,
    Action,
    Condition,
    ConsensusCheck,
    ConsensusMethod,
    Decision,
    Domain,
    DotRound,
    DotTarget,
    Initiative,
    Session,
    Vote,
)

DISAGREEMENT_SPREAD = 2
"""Votes on one rating that span this many points or more: the room disagrees."""
SPREAD_MARK = "~"
"""Shown beside the agreed value when the votes span :data:`DISAGREEMENT_SPREAD` or more."""
NO_VOTES = "·"
"""Shown in a distribution for a value no one chose."""
MAX_VOICES = 500
"""The most votes one thing can hold (a town-hall meeting)."""


@dataclass(frozen=True)
class Scale:
    """What a vote may be: whole numbers from ``low`` to ``high``, each with a word."""

    low: int
    high: int
    labels: Mapping[int, str]

    @property
    def values(self) -> range:
        return range(self.low, self.high + 1)

    def __contains__(self, value: object) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and self.low <= value <= self.high
        )

    def describe(self) -> str:
        """``0–3`` as a message names the scale."""
        return f"{self.low}–{self.high}"


RATING_SCALE = Scale(0, 3, RATING_LABELS)
"""The rating scale of the grid and the exercise: 0 not aligned … 3 strong."""
READINESS_SCALE = Scale(1, 4, READINESS_LABELS)
"""The readiness scale of Prepare: 1 emerging … 4 sustaining."""

FIST_TO_FIVE = Scale(
    0,
    5,
    {
        0: "fist: I block this",
        1: "serious concerns",
        2: "concerns to discuss first",
        3: "I can live with it",
        4: "I support it",
        5: "full support, I will champion it",
    },
)
GRADIENTS = Scale(
    1,
    8,
    {
        1: "endorse",
        2: "endorse with a minor point",
        3: "support with reservations",
        4: "abstain",
        5: "more discussion needed",
        6: "I don't like it but will support it",
        7: "serious disagreement",
        8: "block",
    },
)
CONSENSUS_SCALES: dict[ConsensusMethod, Scale] = {
    ConsensusMethod.FIST_TO_FIVE: FIST_TO_FIVE,
    ConsensusMethod.GRADIENTS: GRADIENTS,
}
FIST_TO_FIVE_PASS = 3
"""Fist to five passes when every vote is at least this."""
GRADIENTS_SUPPORT = frozenset({1, 2, 3, 6})
GRADIENTS_STOP = frozenset({5, 7, 8})


ConsensusHolder = Decision | Action
"""What a consensus check is logged with."""


class VoteError(ValueError):
    """Votes that cannot be taken; the message says what is wrong and what to do."""


# ----- one list of votes ------------------------------------------------------------------


def values_of(votes: Iterable[Vote]) -> list[int]:
    return [vote.value for vote in votes]


def agreed_value(values: Sequence[int]) -> int | None:
    """The median vote (the lower middle one for an even count); None without votes."""
    if not values:
        return None
    return sorted(values)[(len(values) - 1) // 2]


def spread(values: Sequence[int]) -> int:
    """Highest vote minus lowest (0 for fewer than two votes)."""
    return max(values) - min(values) if values else 0


def disagrees(values: Sequence[int]) -> bool:
    """Whether the votes span :data:`DISAGREEMENT_SPREAD` points or more."""
    return spread(values) >= DISAGREEMENT_SPREAD


def spread_mark(values: Sequence[int]) -> str:
    """``~`` when the room disagrees, else nothing."""
    return SPREAD_MARK if disagrees(values) else ""


def distribution(values: Iterable[int], scale: Scale) -> dict[int, int]:
    """How many votes each value of the scale got (every value present)."""
    counts = dict.fromkeys(scale.values, 0)
    for value in values:
        if value in counts:
            counts[value] += 1
    return counts


def distribution_text(values: Iterable[int], scale: Scale = RATING_SCALE) -> str:
    """``0:· 1:1 2:2 3:3``: each value of the scale and its count, ``·`` for none."""
    return " ".join(
        f"{value}:{count if count else NO_VOTES}"
        for value, count in distribution(values, scale).items()
    )


def cell_text(agreed: int | None, values: Sequence[int]) -> str:
    """What a rating cell shows: the agreed digit (``·`` when unset) and the spread mark."""
    digit = NO_VOTES if agreed is None else str(agreed)
    return digit + spread_mark(values)


def describe_votes(values: Sequence[int], scale: Scale = RATING_SCALE) -> str:
    """A sentence for the status line: ``5 votes: 0:· 1:1 2:2 3:2, spread 2 — the room
    disagrees``."""
    if not values:
        return "no votes"
    noun = "vote" if len(values) == 1 else "votes"
    text = f"{len(values)} {noun}: {distribution_text(values, scale)}"
    if len(values) > 1:
        text += f", spread {spread(values)}"
        if disagrees(values):
            text += " — the room disagrees"
    return text


_TALLY = re.compile(r"^(\d+)\s*[:x×*]\s*(\d+)$")


def parse_votes(text: str, scale: Scale = RATING_SCALE) -> list[int]:
    """Votes as the facilitator types them: one digit per voice (``3 3 2 1 3``, ``33213``)
    or a tally per value (``3:2 2:1`` or ``3x2 2x1``: two voices 3, one voice 2).

    Raises :class:`VoteError` naming the first thing that is not a vote.
    """
    parts = text.replace(",", " ").split()
    if not parts:
        raise VoteError("type the votes: one digit per voice (3 3 2) or a tally (3:2 2:1)")
    values: list[int] = []
    for part in parts:
        tally = _TALLY.match(part)
        if tally:
            value, count = int(tally.group(1)), int(tally.group(2))
            _check_value(value, scale, part)
            values.extend([value] * count)
        elif part.isdigit() and part.isascii():
            digits = [int(ch) for ch in part] if scale.high < 10 else [int(part)]
            for value in digits:
                _check_value(value, scale, part)
            values.extend(digits)
        else:
            raise VoteError(
                f"{part!r} is not a vote; type one digit per voice (3 3 2) or a tally (3:2 2:1)"
            )
        if len(values) > MAX_VOICES:
            raise VoteError(f"more than {MAX_VOICES} votes; type at most {MAX_VOICES}")
    return values


def _check_value(value: int, scale: Scale, part: str) -> None:
    if value not in scale:
        raise VoteError(
            f"{part!r}: {value} is outside the scale {scale.describe()}; "
            f"type votes from {scale.low} to {scale.high}"
        )


def typed_votes(values: Iterable[int]) -> list[Vote]:
    """Typed votes as anonymous voices ``V1``, ``V2``, … in the order typed."""
    return [Vote(voice=f"V{n}", value=value) for n, value in enumerate(values, start=1)]


def vote_problems(votes: Sequence[Vote], scale: Scale) -> list[str]:
    """What is wrong with one list of votes: values off the scale, a voice twice."""
    problems: list[str] = []
    seen: set[str] = set()
    for vote in votes:
        if vote.value not in scale:
            problems.append(
                f"{vote.voice} voted {vote.value}, outside the scale {scale.describe()}; "
                "correct the vote"
            )
        if vote.voice in seen:
            problems.append(f"{vote.voice} votes more than once; keep one vote per voice")
        seen.add(vote.voice)
    return problems


# ----- ratings ----------------------------------------------------------------------------


def is_domain_key(key: str) -> bool:
    """Whether a rating key names a domain (rather than the vision or a goal)."""
    return key in _DOMAIN_KEYS


_DOMAIN_KEYS = frozenset(d.value for d in Domain)


def cell_votes(initiative: Initiative, key: str) -> list[Vote]:
    """The votes on one rating of an initiative (``vision``, a goal ID or a domain)."""
    return list(initiative.votes.get(key, []))


def condition_votes(session: Session, condition: Condition) -> list[Vote]:
    """The votes on one readiness condition."""
    entry = session.readiness.get(condition)
    return list(entry.votes) if entry is not None else []


# ----- consensus --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsensusResult:
    """Whether a consensus check passes, and why, in a sentence for the room."""

    passes: bool
    reason: str


def consensus(method: ConsensusMethod, values: Sequence[int]) -> ConsensusResult:
    """Whether the votes pass by the rule of ``method`` (see the module notes)."""
    scale = CONSENSUS_SCALES[method]
    if not values:
        return ConsensusResult(False, "no one has voted yet")
    off = [v for v in values if v not in scale]
    if off:
        return ConsensusResult(False, f"{off[0]} is not on the scale {scale.describe()}")
    n = len(values)
    if method is ConsensusMethod.FIST_TO_FIVE:
        below = sum(v < FIST_TO_FIVE_PASS for v in values)
        if below:
            fists = sum(v == 0 for v in values)
            why = f"{below} of {n} below {FIST_TO_FIVE_PASS}"
            if fists:
                why += f" ({fists} {'fist' if fists == 1 else 'fists'})"
            return ConsensusResult(False, f"does not pass: {why}; hear the concerns first")
        return ConsensusResult(True, f"passes: all {n} at {FIST_TO_FIVE_PASS} or more")
    stops = [v for v in values if v in GRADIENTS_STOP]
    if stops:
        words = ", ".join(
            f"{count} {GRADIENTS.labels[value]}"
            for value, count in sorted(distribution(stops, GRADIENTS).items())
            if count
        )
        return ConsensusResult(False, f"does not pass: {words}")
    if not any(v in GRADIENTS_SUPPORT for v in values):
        return ConsensusResult(False, "does not pass: no one supports it (all abstain)")
    support = sum(v in GRADIENTS_SUPPORT for v in values)
    return ConsensusResult(True, f"passes: {support} of {n} support, no one stops it")


def check_passes(check: ConsensusCheck) -> ConsensusResult:
    return consensus(check.method, values_of(check.votes))


def consensus_target(session: Session, target_id: str) -> ConsensusHolder | None:
    """The decision or action a consensus check is logged with."""
    if target_id.startswith("D"):
        return next((d for d in session.decisions if d.id == target_id), None)
    return session.action(target_id)


# ----- dot votes --------------------------------------------------------------------------


def dot_tally(round_: DotRound) -> dict[str, int]:
    """Dots per option, every option present, in ballot order (votes on an option not on
    the ballot are counted after them)."""
    tally = dict.fromkeys(round_.options, 0)
    for option, votes in round_.votes.items():
        tally[option] = tally.get(option, 0) + sum(v.value for v in votes)
    return tally


def dot_ranking(round_: DotRound) -> list[str]:
    """The options by dots, most first; ties keep ballot order."""
    tally = dot_tally(round_)
    order = {option: n for n, option in enumerate(tally)}
    return sorted(tally, key=lambda option: (-tally[option], order[option]))


def dots_by_voice(round_: DotRound) -> dict[str, int]:
    """How many dots each voice spent."""
    spent: dict[str, int] = {}
    for votes in round_.votes.values():
        for vote in votes:
            spent[vote.voice] = spent.get(vote.voice, 0) + vote.value
    return spent


def dot_problems(round_: DotRound) -> list[str]:
    """What is wrong with a round: dots on an option not on the ballot, a voice that spent
    more dots than the round gives, a vote of no dots, an option twice."""
    problems: list[str] = []
    options = set(round_.options)
    if len(options) != len(round_.options):
        problems.append("options lists an item more than once; remove the repeat")
    for option, votes in round_.votes.items():
        if option not in options:
            problems.append(
                f"votes on {option}, which is not among the options; add it or remove the votes"
            )
        for problem in vote_problems(votes, Scale(1, 99, {})):  # the total is checked below
            problems.append(f"votes.{option}: {problem}")
    for voice, spent in dots_by_voice(round_).items():
        if spent > round_.dots:
            problems.append(
                f"{voice} spent {spent} dots, more than the {round_.dots} of the round; "
                "correct the votes"
            )
    for option in round_.ranking:
        if option not in options:
            problems.append(f"ranking names {option}, which is not among the options; remove it")
    return problems


def dot_round(
    options: Sequence[str],
    ballots: Mapping[str, Mapping[str, int]],
    *,
    target: DotTarget,
    dots: int,
    date: dt.date,
    title: str = "",
    names: Mapping[str, str] | None = None,
) -> DotRound:
    """A closed round from each voice's dots (voice → option → dots), ranked.

    Raises :class:`VoteError` when a voice spends more dots than the round gives.
    """
    names = names or {}
    votes: dict[str, list[Vote]] = {}
    for voice, given in ballots.items():
        for option, count in given.items():
            if count:
                votes.setdefault(option, []).append(
                    Vote(voice=voice, value=count, name=names.get(voice, ""))
                )
    ordered = {option: votes[option] for option in options if option in votes}
    ordered.update({o: v for o, v in votes.items() if o not in ordered})
    round_ = DotRound(
        date=date, target=target, dots=dots, title=title, options=list(options), votes=ordered
    )
    problems = dot_problems(round_)
    if problems:
        raise VoteError(problems[0])
    round_.ranking = dot_ranking(round_)
    return round_


def parse_dots(text: str) -> int:
    """A number of dots typed for one option: empty is none; raises :class:`VoteError`
    for anything but a whole number from 0."""
    text = text.strip()
    if not text:
        return 0
    if text.startswith("-") and text[1:].strip().isdigit():
        raise VoteError(f"{text}: an option cannot get fewer than no dots; type 0 or more")
    if not (text.isdigit() and text.isascii()):
        raise VoteError(f"{text!r} is not a number of dots; type a whole number (0, 1, 2 …)")
    return int(text)


def tally_problem(tally: Mapping[str, int], voices: int, dots: int) -> str | None:
    """What is wrong with a typed tally for ``voices`` voices of ``dots`` dots each, or None."""
    total = sum(tally.values())
    if any(count < 0 for count in tally.values()):
        return "an option cannot get fewer than no dots; type 0 or more"
    if total == 0:
        return "no dots typed; type how many dots each option got"
    if total > voices * dots:
        return (
            f"{total} dots in all, but {voices} {'voice' if voices == 1 else 'voices'} with "
            f"{dots} dots each have only {voices * dots}; check the counts or the voices"
        )
    return None


def tally_round(
    options: Sequence[str],
    tally: Mapping[str, int],
    *,
    voices: int,
    target: DotTarget,
    dots: int,
    date: dt.date,
    title: str = "",
) -> DotRound:
    """A closed round from a typed tally (dots per option) and the number of voices: the
    dots are dealt one at a time to anonymous voices ``V1``, ``V2``, … in turn (so none gets
    more than ``dots`` when the tally fits; see the module notes), so the round has the
    shape of a ballot's and the same tally and ranking.

    Raises :class:`VoteError` when the tally is not one the voices could give."""
    problem = tally_problem(tally, voices, dots)
    if problem is not None:
        raise VoteError(problem)
    ballots: dict[str, dict[str, int]] = {}
    dealt = 0
    for option in options:
        for _ in range(tally.get(option, 0)):  # one dot at a time, to each voice in turn
            mine = ballots.setdefault(f"V{dealt % voices + 1}", {})
            mine[option] = mine.get(option, 0) + 1
            dealt += 1
    return dot_round(options, ballots, target=target, dots=dots, date=date, title=title)


def target_ids(session: Session, target: DotTarget) -> set[str]:
    """The findings or actions a round on ``target`` may name."""
    if target is DotTarget.FINDINGS:
        return {f.id for f in session.findings}
    return {a.id for a in session.actions}


def dot_priority(session: Session) -> dict[str, int]:
    """Each action's place by the room's dots (1 = most), for sorting the plan.

    The latest round on actions ranks them directly; otherwise the latest round on findings
    ranks each action by the best-ranked finding it answers. Actions the round does not
    reach are left out (they sort after the ranked ones).
    """
    for round_ in reversed(session.dot_rounds):
        ranking = round_.ranking or dot_ranking(round_)
        tally = dot_tally(round_)
        ranked = [option for option in ranking if tally.get(option, 0) > 0]
        if round_.target is DotTarget.ACTIONS:
            return {action_id: n for n, action_id in enumerate(ranked, start=1)}
        place = {finding_id: n for n, finding_id in enumerate(ranked, start=1)}
        priority: dict[str, int] = {}
        for action in session.actions:
            places = [place[f] for f in action.findings if f in place]
            if places:
                priority[action.id] = min(places)
        return priority
    return {}


def dot_referenced(session: Session) -> set[str]:
    """Findings and actions some dot-vote round names (kept while the round is)."""
    return {option for round_ in session.dot_rounds for option in round_.options}


# ----- ballots: the question in words, the result back as votes ---------------------------


def _quoted(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


def scale_question(text: str, scale: Scale) -> Question:
    """A single-choice question on a scale: one option per value, with its word (what a
    readiness condition or any other scale asks)."""
    return Question(
        text=text,
        options=tuple(
            Option(str(v), f"{v} — {scale.labels.get(v, '')}".rstrip(" —")) for v in scale.values
        ),
    )


def readiness_question(condition: Condition) -> Question:
    """The question of one readiness condition in plain words, on the 1–4 scale."""
    low, high = READINESS_SCALE.low, READINESS_SCALE.high
    return scale_question(
        f"How ready are we on {condition.label.lower()}? "
        f"{low} {READINESS_LABELS[low]} … {high} {READINESS_LABELS[high]}",
        READINESS_SCALE,
    )


def rating_question(session: Session, initiative_id: str, key: str) -> Question:
    """The question of one rating cell in plain words (nothing else of the session).

    Raises :class:`VoteError` for an unknown initiative or key."""
    ini = session.initiative(initiative_id)
    if ini is None:
        raise VoteError(f"initiative {initiative_id} does not exist")
    name = f"{ini.id} {_quoted(ini.name)}"
    if is_domain_key(key):
        text = f"How well aligned is {name} in {Domain(key).label.lower()}?"
    elif key == VISION_KEY:
        vision = session.vision.statement.strip()
        text = f"How well does {name} fit the shared vision" + (
            f" {_quoted(vision, 240)}?" if vision else "?"
        )
    else:
        goal = session.goal(key)
        if goal is None:
            raise VoteError(f"{key!r} is neither the vision, a goal nor a domain")
        text = f"How well does {name} serve goal {goal.id} {_quoted(goal.title)}?"
    return scale_question(text, RATING_SCALE)


def consensus_question(session: Session, target_id: str, method: ConsensusMethod) -> Question:
    """The question of a consensus check on a decision or a proposed action."""
    target = consensus_target(session, target_id)
    if target is None:
        raise VoteError(f"{target_id} is neither a decision nor an action of the session")
    words = target.text if isinstance(target, Decision) else target.title
    noun = "decision" if isinstance(target, Decision) else "proposed action"
    return scale_question(
        f"Can you support the {noun} {target_id} {_quoted(words, 240)}?", CONSENSUS_SCALES[method]
    )


def dot_question(
    session: Session, target: DotTarget, options: Sequence[str], dots: int, title: str = ""
) -> Question:
    """The question of a dot-vote round: each option is a finding or action, in words."""
    labels: list[Option] = []
    for item_id in options:
        if target is DotTarget.FINDINGS:
            finding = session.finding(item_id)
            words = finding.summary if finding else None
        else:
            action = session.action(item_id)
            words = action.title if action else None
        if words is None:
            raise VoteError(f"{item_id} is not a {target.value[:-1]} of the session")
        labels.append(Option(item_id, f"{item_id} {' '.join(words.split())}"))
    text = title or f"Which {target.value} matter most? Spread your {dots} dots."
    return Question(text=text, options=tuple(labels), dots=dots)


def votes_from_result(result: BallotResult) -> list[Vote]:
    """A single-choice ballot's result as votes (anonymous voices, optional names)."""
    return [
        Vote(voice=voice, value=int(choice), name=name)
        for voice, choice, name in result.choices()
        if choice.isdigit()
    ]


def round_from_result(
    result: BallotResult, *, target: DotTarget, date: dt.date, title: str = ""
) -> DotRound:
    """A dot-vote ballot's result as a ranked round."""
    question = result.question
    ballots = {cast.voice: dict(cast.dots) for cast in result.casts if cast.dots}
    names = {cast.voice: cast.name for cast in result.casts if cast.name}
    return dot_round(
        [o.key for o in question.options],
        ballots,
        target=target,
        dots=question.dots,
        date=date,
        title=title,
        names=names,
    )
