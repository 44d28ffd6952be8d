"""Cross-reference checks of a session: each problem names the item it is about.

Pydantic checks each field on its own (types, ranges, ID shapes, empty required text);
this module checks what ties items together: duplicated IDs, unknown IDs, an end before
its start. Headless: never imports Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import VISION_KEY, Domain, DotTarget, RelationKind, Session
from .votes import CONSENSUS_SCALES, RATING_SCALE, READINESS_SCALE, dot_problems, vote_problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a session."""

    item: str
    """The item it is about, e.g. 'initiative I3' or 'action A2'."""
    message: str
    """What is wrong and what to do."""

    def __str__(self) -> str:
        return f"{self.item}: {self.message}"


_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)
"""Control, line-breaking and text-direction characters (but tab and line feed)."""
_UNSAFE_IN_LINE = re.compile(f"[\t\n{_UNSAFE.pattern[1:-1]}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """Text as it can be shown on a terminal: control, line-breaking and text-direction
    characters (from a file name, a lock file, a bad file) written as ``\\x1b`` or
    ``\\u202e``, so that they can neither drive the terminal nor reorder the line. Tab and
    line feed are kept, unless ``one_line``; anything else is as it was."""
    return (_UNSAFE_IN_LINE if one_line else _UNSAFE).sub(_escape, text)


def shown(text: str, limit: int = 40) -> str:
    """Text as it can be shown safely in a message: as typed when it is plain, quoted with
    its control and direction characters escaped when not, and shortened to ``limit``."""
    plain = all(
        ch.isprintable() and unicodedata.category(ch) not in ("Cf", "Zl", "Zp") for ch in text
    )
    if not plain:
        text = repr(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for item_id in ids:
        if item_id in seen and item_id not in dups:
            dups.append(item_id)
        seen.add(item_id)
    return dups


def _unknown(refs: Iterable[str], known: set[str]) -> list[str]:
    return [ref for ref in refs if ref not in known]


def check_session(session: Session) -> list[Problem]:
    """Every cross-reference problem of the session, in file order."""
    problems: list[Problem] = []

    def add(item: str, message: str) -> None:
        problems.append(Problem(item, message))

    collections: list[tuple[str, list[str]]] = [
        ("goal", [g.id for g in session.goals]),
        ("population", [n.id for n in session.populations]),
        ("funding stream", [st.id for st in session.streams]),
        ("initiative", [i.id for i in (*session.initiatives, *session.archived_initiatives)]),
        ("finding", [f.id for f in session.findings]),
        ("action", [a.id for a in session.actions]),
        ("indicator", [m.id for m in session.indicators]),
        ("parking-lot item", [p.id for p in session.parking_lot]),
        ("decision", [d.id for d in session.decisions]),
    ]
    for noun, ids in collections:
        for dup in _duplicates(ids):
            add(
                f"{noun} {dup}", f"the ID {dup} is used more than once; give each {noun} its own ID"
            )

    goal_ids = {g.id for g in session.goals}
    initiative_ids = {i.id for i in session.initiatives}
    finding_ids = {f.id for f in session.findings}
    action_ids = {a.id for a in session.actions}
    indicator_ids = {m.id for m in session.indicators}
    alignment_keys = goal_ids | {VISION_KEY}
    domain_keys = {d.value for d in Domain}

    def refs(item: str, field: str, values: Iterable[str], known: set[str], noun: str) -> None:
        for ref in _unknown(values, known):
            add(
                item,
                f"{field} names {noun} {shown(repr(ref))}, which does not exist; remove it or add the {noun}",
            )

    _check_portfolio(session, add, refs)

    for ini in session.initiatives:
        item = f"initiative {ini.id}"
        refs(item, "goals", ini.goals, goal_ids, "goal")
        for dup in _duplicates(ini.goals):
            add(item, f"goals lists {dup} more than once; remove the repeat")
        refs(item, "alignment", ini.alignment, alignment_keys, "goal")
        refs(item, "rating_notes", ini.rating_notes, alignment_keys | domain_keys, "rating")
        refs(item, "votes", ini.votes, alignment_keys | domain_keys, "rating")
        for key, votes in ini.votes.items():
            for problem in vote_problems(votes, RATING_SCALE):
                add(item, f"votes.{shown(key, 24)}: {problem}")
        if ini.start and ini.end and ini.end < ini.start:
            add(item, f"end {ini.end} is before start {ini.start}; correct one of the dates")

    seen_pairs: set[tuple[str, str, str]] = set()
    for n, rel in enumerate(session.relationships, start=1):
        item = f"relationship {n} ({shown(rel.a, 12)}–{shown(rel.b, 12)})"
        refs(item, "a", [rel.a], initiative_ids, "initiative")
        refs(item, "b", [rel.b], initiative_ids, "initiative")
        if rel.a == rel.b:
            add(item, "an initiative cannot be related to itself; name two different initiatives")
        first, second = (rel.a, rel.b)
        if rel.kind is not RelationKind.DEPENDS_ON and second < first:
            first, second = second, first
        pair = (first, second, rel.kind.value)
        if pair in seen_pairs:
            add(item, f"the same '{rel.kind.value}' relationship is listed twice; remove one")
        seen_pairs.add(pair)

    every_initiative = initiative_ids | {i.id for i in session.archived_initiatives}
    for fnd in session.findings:
        item = f"finding {fnd.id}"
        refs(item, "initiatives", fnd.initiatives, every_initiative, "initiative")
        refs(item, "goals", fnd.goals, goal_ids, "goal")

    for act in session.actions:
        item = f"action {act.id}"
        refs(item, "findings", act.findings, finding_ids, "finding")
        refs(item, "initiatives", act.initiatives, every_initiative, "initiative")
        refs(item, "indicators", act.indicators, indicator_ids, "indicator")
        if act.start and act.due and act.due < act.start:
            add(item, f"due {act.due} is before start {act.start}; correct one of the dates")

    for holder_noun, holders in (("action", session.actions), ("decision", session.decisions)):
        for holder in holders:
            for n, check in enumerate(holder.checks, start=1):
                for problem in vote_problems(check.votes, CONSENSUS_SCALES[check.method]):
                    add(f"{holder_noun} {holder.id}", f"checks #{n}: {problem}")

    for condition, entry in session.readiness.items():
        for problem in vote_problems(entry.votes, READINESS_SCALE):
            add(f"readiness {condition.value}", f"votes: {problem}")

    for n, round_ in enumerate(session.dot_rounds, start=1):
        item = f"dot-vote round {n} ({round_.date})"
        if round_.target is DotTarget.FINDINGS:
            refs(item, "options", round_.options, finding_ids, "finding")
        else:
            refs(item, "options", round_.options, action_ids, "action")
        for problem in dot_problems(round_):
            add(item, problem)

    for ind in session.indicators:
        item = f"indicator {ind.id}"
        if ind.goal is not None:
            refs(item, "goal", [ind.goal], goal_ids, "goal")
        if ind.baseline_date and ind.target_date and ind.target_date < ind.baseline_date:
            add(
                item,
                f"target_date {ind.target_date} is before baseline_date {ind.baseline_date}; "
                "correct one of the dates",
            )

    for n, chk in enumerate(session.checkins, start=1):
        item = f"check-in {n} ({chk.date})"
        refs(item, "updates", [u.action for u in chk.updates], action_ids, "action")

    return problems


_Add = Callable[[str, str], None]
_Refs = Callable[[str, str, Iterable[str], set[str], str], None]


def _check_portfolio(session: Session, add: _Add, refs: _Refs) -> None:
    """Funding streams, populations, readings by population and initiatives' decisions."""
    population_ids = {n.id for n in session.populations}
    stream_ids = {st.id for st in session.streams}
    initiative_ids = {i.id for i in session.initiatives}
    archived_ids = {i.id for i in session.archived_initiatives}
    finding_ids = {f.id for f in session.findings}

    for goal in session.goals:
        refs(f"goal {goal.id}", "populations", goal.populations, population_ids, "population")
    for stream in session.streams:
        item = f"funding stream {stream.id}"
        refs(item, "populations", stream.populations, population_ids, "population")
        if stream.start and stream.end and stream.end < stream.start:
            add(item, f"end {stream.end} is before start {stream.start}; correct one of the dates")

    shares: dict[str, float] = {}
    for archived, group in ((False, session.initiatives), (True, session.archived_initiatives)):
        for ini in group:
            item = f"{'archived initiative' if archived else 'initiative'} {ini.id}"
            lists = [("populations", ini.populations), ("streams", [k.stream for k in ini.streams])]
            for name, values in lists:
                for dup in _duplicates(values):
                    add(item, f"{name} lists {dup} more than once; remove the repeat")
            decision = ini.decision
            if decision is not None:
                partners = initiative_ids | archived_ids if archived else initiative_ids
                if decision.combine_with is not None:
                    refs(item, "decision.combine_with", [decision.combine_with], partners,
                         "initiative")  # fmt: skip
                    if decision.combine_with == ini.id:
                        add(item, "a decision cannot combine an initiative with itself; "
                            "name another initiative")  # fmt: skip
                if not archived:
                    refs(item, "decision.findings", decision.findings, finding_ids, "finding")
            if archived:
                continue
            refs(item, "populations", ini.populations, population_ids, "population")
            refs(item, "streams", [k.stream for k in ini.streams], stream_ids, "funding stream")
            for link in ini.streams:
                if link.share is not None:
                    shares[link.stream] = shares.get(link.stream, 0.0) + link.share
    for stream_id, total in shares.items():
        if total > 100 + 1e-9:
            add(
                f"funding stream {stream_id}",
                f"the initiatives' shares of it add up to {total:g}%, more than 100%; "
                "correct the shares so that they add up to 100% at most",
            )

    for ind in session.indicators:
        refs(f"indicator {ind.id}", "by_population", ind.by_population, population_ids,
             "population")  # fmt: skip
