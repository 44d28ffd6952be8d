"""The next cycle: a new session file that carries forward what the cycle left unfinished.

Headless (never imports Textual or openpyxl). The previous cycle's file is never modified:
it stays as the history of that cycle, and the new file names it in ``previous_cycle``.

What the next cycle holds (DESIGN §2, step 5):

- **unchanged**: title, organisation, alignment type, facilitator, participants (the team,
  with their team roles and voices), the scope, the vision (statement, theory of change,
  assumptions), goals, populations, funding streams, initiatives with their ratings, rating
  notes, links and decisions, relationships, and every indicator with all its readings (by
  population too);
- **readiness**: every condition keeps its rating, evidence and who rated it, as the
  starting point the room revisits; each rating is also kept as ``previous`` (readiness
  *then*), so that step 5 of the new cycle shows then against now. The room's votes on a
  condition stay with the cycle that cast them (the new cycle starts from the agreed
  rating, and the room votes again when it revisits it);
- **the room's decisions, acted on**: an initiative decided *sunset* leaves the inventory
  for ``archived_initiatives`` (kept as history, with a line saying so); one decided
  *combine with* another is merged into it: the other (the one that stays) takes its goals,
  populations and funding streams (shares of a stream both had are added), a line of
  history names what was combined into it and why, and the combined one is archived with
  its decision. Chains are followed (I3 with I2, I2 with I1: both into I1); in a circle of
  combinations the lowest-numbered initiative stays. Relationships of archived initiatives
  are dropped; carried actions that named a combined initiative name the one it was merged
  into;
- **open actions** (not started, in progress, blocked), whole: status, latest update,
  dates, links and notes. Done and dropped actions stay only in the previous file;
- **check-ins**: each check-in keeps only its entries about carried actions, so each carried
  action keeps its history. A check-in left with no entry is kept when it has a note (the
  room's words on that day), and dropped when it has neither entries nor a note;
- **findings**: those a carried action or a carried decision answers (so every link stays
  valid), every manual
  finding not dismissed, and every derived finding whose condition still held (not
  resolved) — dismissed ones included, so that a finding the room set aside stays set aside
  and each keeps its ID, its technical/adaptive tag and its note when the analysis is
  re-run. Resolved derived findings no carried action answers, and dismissed manual ones,
  stay behind;
- **parking lot**: the items not yet dealt with;
- **the reflection** goes forward as history: ``earlier_cycles`` gains this cycle (its
  number, file, the day the next one started and its reflection), which step 1 of the new
  cycle shows as its starting prompt (what to change, the next focus);
- **fresh**: decisions (with their consensus checks), dot-vote rounds (they prioritised
  this cycle's findings and actions), the meeting plan and the reflection start empty;
  ``cycle`` is one more;
  ``created`` is today; ``meeting_date`` is unset; ``previous_cycle`` is the previous file's
  name (both files are in the same folder).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .files import taken
from .models import (
    MAX_CYCLE,
    DecisionChoice,
    EarlierCycle,
    Finding,
    FindingOrigin,
    Initiative,
    Reflection,
    Session,
    StreamLink,
)
from .store import SessionFileError, load_session, save_session

_CYCLE_SUFFIX = re.compile(r"-cycle-[0-9]+(?:-[0-9]+)?$")


def _carry_finding(finding: Finding, referenced: set[str]) -> bool:
    if finding.id in referenced:
        return True
    if finding.origin is FindingOrigin.MANUAL:
        return not finding.dismissed
    return not finding.resolved


def next_cycle(session: Session, source_path: Path, today: dt.date) -> Session:
    """The next cycle's session, built from ``session`` (which is not changed).

    ``source_path`` is the previous cycle's file; the new session names it relative to the
    folder it shares with the new file. See the module docstring for what is carried.
    Raises :class:`SessionFileError` when ``session`` is the last cycle counted
    (:data:`~cohere_tui.models.MAX_CYCLE`).
    """
    if session.cycle >= MAX_CYCLE:
        raise SessionFileError(
            source_path,
            [
                f"{source_path}: cycle: this is cycle {session.cycle:,}, the last one "
                f"cohere-tui counts to ({MAX_CYCLE:,}); nothing was written — check the cycle "
                "number in the file"
            ],
        )
    new = session.model_copy(deep=True)
    new.cycle = session.cycle + 1
    new.previous_cycle = source_path.name
    new.created = today
    new.meeting_date = None
    new.earlier_cycles = [
        *new.earlier_cycles,
        EarlierCycle(
            cycle=session.cycle,
            file=source_path.name,
            ended=today,
            reflection=session.reflection.model_copy(deep=True),
        ),
    ]
    new.reflection = Reflection()
    new.decisions = []
    new.dot_rounds = []
    new.meetings = []
    for entry in new.readiness.values():
        entry.previous = entry.rating
        entry.votes = []
    new.parking_lot = [p for p in new.parking_lot if not p.done]

    new.actions = [a for a in new.actions if a.status.is_open]
    carried = {a.id for a in new.actions}
    for chk in new.checkins:
        if any(u.action not in carried for u in chk.updates):
            chk.updates = [u for u in chk.updates if u.action in carried]
    new.checkins = sorted(
        (c for c in new.checkins if c.updates or c.note.strip()), key=lambda c: c.date
    )

    _act_on_decisions(new, session.cycle)
    referenced = {fid for a in new.actions for fid in a.findings}
    referenced |= {fid for i in new.initiatives if i.decision for fid in i.decision.findings}
    new.findings = [f for f in new.findings if _carry_finding(f, referenced)]
    kept = {f.id for f in new.findings}
    for act in new.actions:
        if any(fid not in kept for fid in act.findings):  # pragma: no cover - all are kept
            act.findings = [fid for fid in act.findings if fid in kept]
    return new


def _num(item_id: str) -> int:
    return int(item_id[1:]) if item_id[1:].isdigit() else 0


def combination_targets(initiatives: list[Initiative]) -> dict[str, str]:
    """Initiative ID → the initiative it is finally merged into, for every initiative whose
    decision combines it with another (chains followed; in a circle the lowest-numbered
    initiative stays and is not in the result)."""
    by_id = {ini.id: ini for ini in initiatives}

    def partner(ini: Initiative) -> str | None:
        decision = ini.decision
        if decision is None or decision.choice is not DecisionChoice.COMBINE:
            return None
        return decision.combine_with if decision.combine_with in by_id else None

    targets: dict[str, str] = {}
    for ini in initiatives:
        nxt = partner(ini)
        if nxt is None:
            continue
        path = [ini.id]
        while nxt is not None and nxt not in path:
            path.append(nxt)
            nxt = partner(by_id[nxt])
        survivor = path[-1] if nxt is None else min(path[path.index(nxt) :], key=_num)
        if survivor != ini.id:
            targets[ini.id] = survivor
    return targets


def _merge_streams(into: list[StreamLink], extra: list[StreamLink]) -> list[StreamLink]:
    merged = list(into)
    for link in extra:
        at = next((n for n, k in enumerate(merged) if k.stream == link.stream), None)
        if at is None:
            merged.append(link.model_copy())
        else:
            mine = merged[at].share
            share = None if mine is None or link.share is None else min(100.0, mine + link.share)
            merged[at] = StreamLink(stream=link.stream, share=share)
    return merged


def _said(rationale: str) -> str:
    return f": {rationale}" if rationale.strip() else ""


def _act_on_decisions(new: Session, cycle: int) -> None:
    """Archive the sunset initiatives and merge the combined ones (see the module notes)."""
    targets = combination_targets(new.initiatives)
    by_id = {ini.id: ini for ini in new.initiatives}
    gone: set[str] = set(targets)
    for ini in new.initiatives:
        decision = ini.decision
        if ini.id in targets or decision is None:
            continue
        if decision.choice is DecisionChoice.SUNSET:
            gone.add(ini.id)
            ini.history = [*ini.history, f"Cycle {cycle}: sunset{_said(decision.rationale)}"]
        elif decision.choice is DecisionChoice.COMBINE:  # stays: the lowest of a circle
            ini.history = [
                *ini.history,
                f"Cycle {cycle}: to be combined with {decision.combine_with}; it stayed as the "
                f"one the others were merged into{_said(decision.rationale)}",
            ]
            ini.decision = None
    for ini in new.initiatives:
        target_id = targets.get(ini.id)
        if target_id is None:
            continue
        target = by_id[target_id]
        rationale = ini.decision.rationale if ini.decision else ""
        target.goals = list(dict.fromkeys([*target.goals, *ini.goals]))
        target.populations = list(dict.fromkeys([*target.populations, *ini.populations]))
        target.streams = _merge_streams(target.streams, ini.streams)
        target.history = [
            *target.history,
            f"Cycle {cycle}: {ini.id} “{ini.name}” was combined into it{_said(rationale)}",
        ]
        ini.history = [
            *ini.history,
            f"Cycle {cycle}: combined into {target.id} “{target.name}”{_said(rationale)}",
        ]
    if not gone:
        return
    new.archived_initiatives = [
        *new.archived_initiatives,
        *(ini for ini in new.initiatives if ini.id in gone),
    ]
    new.initiatives = [ini for ini in new.initiatives if ini.id not in gone]
    new.relationships = [r for r in new.relationships if r.a not in gone and r.b not in gone]
    for act in new.actions:
        if any(i in targets for i in act.initiatives):
            act.initiatives = list(dict.fromkeys(targets.get(i, i) for i in act.initiatives))


def next_cycle_path(source_path: Path, session: Session) -> Path:
    """``<stem>-cycle-<n>.toml`` beside the source, where ``n`` is the next cycle's number and
    ``<stem>`` is the source's name without an earlier ``-cycle-N`` (or ``-cycle-N-M``)
    ending; never an existing file: ``-cycle-<n>-2``, ``-cycle-<n>-3``, … when taken."""
    stem = _CYCLE_SUFFIX.sub("", source_path.stem) or "session"
    # a file name holds at most 255 bytes: leave room for "-cycle-N-M.toml"
    stem = stem.encode("utf-8", "surrogateescape")[:200].decode("utf-8", "ignore") or "session"
    number = session.cycle + 1
    candidate = source_path.with_name(f"{stem}-cycle-{number}.toml")
    n = 2
    while taken(candidate):  # a dangling link takes the name too: it is never written through
        candidate = source_path.with_name(f"{stem}-cycle-{number}-{n}.toml")
        n += 1
    return candidate


def write_next_cycle(source_path: Path | str, today: dt.date) -> Path:
    """Read a session file, write its next cycle beside it, and return the new file's path.

    The source file is only read (through a link, the file it points to, beside which the
    new file is written). Raises :class:`SessionFileError` when the source cannot be read, is
    the last cycle cohere-tui counts to, or the new file cannot be written.
    """
    loaded = load_session(Path(source_path))
    source = loaded.path
    target = next_cycle_path(source, loaded.session)
    new = next_cycle(loaded.session, source, today)
    new.previous_cycle = Path(os.path.relpath(source, target.parent)).as_posix()
    new.earlier_cycles[-1].file = new.previous_cycle
    save_session(new, target, mode_from=source)
    return target
