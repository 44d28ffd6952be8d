"""The next cycle: a new session file that carries forward what the cycle left unfinished.

Headless. The previous cycle's file is never modified.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .models import FindingOrigin, Reflection, Session
from .store import load_session, save_session

_CYCLE_SUFFIX = re.compile(r"-cycle-\d+(?:-\d+)?$")


def next_cycle(session: Session, source_path: Path, today: dt.date) -> Session:
    """The next cycle's session.

    Carried forward: title, organisation, type, facilitator, participants, vision, goals,
    initiatives with their ratings and notes, relationships, open actions (with their
    status, updates and notes) and the check-in entries about them, every indicator with
    all its readings, the findings that carried actions answer plus every manual finding
    not dismissed, and undone parking-lot items. Decisions and reflection start fresh
    (they stay in the previous file). Check-ins left with no entry are dropped.
    """
    new = session.model_copy(deep=True)
    new.cycle = session.cycle + 1
    new.previous_cycle = source_path.name
    new.created = today
    new.meeting_date = None
    new.reflection = Reflection()
    new.decisions = []
    new.parking_lot = [p for p in new.parking_lot if not p.done]
    new.actions = [a for a in new.actions if a.status.is_open]
    carried = {a.id for a in new.actions}
    for chk in new.checkins:
        chk.updates = [u for u in chk.updates if u.action in carried]
    new.checkins = [c for c in new.checkins if c.updates]
    referenced = {fid for a in new.actions for fid in a.findings}
    new.findings = [
        f
        for f in new.findings
        if f.id in referenced or (f.origin is FindingOrigin.MANUAL and not f.dismissed)
    ]
    kept = {f.id for f in new.findings}
    for act in new.actions:
        if any(fid not in kept for fid in act.findings):
            act.findings = [fid for fid in act.findings if fid in kept]
    return new


def next_cycle_path(source_path: Path, session: Session) -> Path:
    """`<stem>-cycle-<n>.toml` beside the source, never an existing file."""
    stem = _CYCLE_SUFFIX.sub("", source_path.stem)
    number = session.cycle + 1
    candidate = source_path.with_name(f"{stem}-cycle-{number}.toml")
    n = 2
    while candidate.exists():
        candidate = source_path.with_name(f"{stem}-cycle-{number}-{n}.toml")
        n += 1
    return candidate


def write_next_cycle(source_path: Path, today: dt.date) -> Path:
    """Load a session, write its next cycle beside it, and return the new file's path."""
    loaded = load_session(source_path)
    target = next_cycle_path(source_path, loaded.session)
    new = next_cycle(loaded.session, source_path, today)
    new.previous_cycle = os.path.relpath(source_path, target.parent)
    save_session(new, target)
    return target
