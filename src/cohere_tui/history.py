"""The story across cycles: a session's chain of earlier cycles, and the figures of each.

Headless (never imports Textual, openpyxl or the PDF toolchain). The report's history
charts and step 5's History view both read it.

A session names the file of its previous cycle in ``previous_cycle``. ``next-cycle`` writes
the new file beside the old one, in the sessions folder, so the link is the bare file name,
relative to that folder: moving or copying the whole folder keeps every link. Following a
link back, :func:`resolve_previous` tries in turn:

1. the path as written, relative to the session file's own folder (absolute if written so);
2. the same path relative to the sessions folder, when one is given (a session saved
   elsewhere with Save as… still finds the cycles it came from);
3. a session file in either folder with the same title and a cycle number one lower (a file
   renamed since the link was written).

A link that cannot be followed, a file that cannot be read and a chain that comes back on
itself end the chain there, with a sentence in :attr:`Chain.problems`; what was found
before stays.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import coherence_summary
from .models import ActionStatus, Domain, Session
from .progress import IndicatorStatus, indicator_status
from .store import SessionFileError, load_session

MAX_CYCLES = 60
"""A chain is followed back at most this far (a guard; real chains are a handful long)."""


@dataclass(frozen=True)
class CycleFigures:
    """One cycle in numbers: what the history charts show.

    The Prepare stage adds readiness on the seven conditions here (one mean per condition
    and overall), so that the history can chart it beside coherence.
    """

    cycle: int
    """The cycle's number (1, 2, …)."""
    path: Path | None
    """Its session file (None for a session never saved)."""
    date: dt.date
    """When the cycle last met: its latest check-in, else its meeting date, else created."""
    domains: dict[Domain, float | None]
    """Mean rating per domain (None where nothing is rated), in :class:`Domain` order."""
    overall: float | None
    """Mean of every rated domain cell."""
    actions: int
    """Every action of the cycle's file."""
    done: int
    dropped: int
    blocked: int
    indicators_on_track: int
    """Indicators on track or met, as of :attr:`date` (for the current cycle: today)."""
    indicators_measured: int
    """Indicators with a status other than 'no data'."""

    @property
    def open(self) -> int:
        """Actions neither done nor dropped: what the next cycle carries forward."""
        return self.actions - self.done - self.dropped


@dataclass
class Chain:
    """A session's cycles, oldest first, the session itself last."""

    cycles: list[CycleFigures] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Why the chain stops where it does, when it stops before cycle 1 (one sentence each)."""

    @property
    def has_history(self) -> bool:
        """Whether there is at least one earlier cycle to compare with."""
        return len(self.cycles) > 1


def last_met(session: Session) -> dt.date:
    """The latest check-in, else the meeting date, else the day the session was created."""
    dates = [c.date for c in session.checkins]
    if dates:
        return max(dates)
    return session.meeting_date or session.created


def cycle_figures(
    session: Session, path: Path | None, today: dt.date | None = None
) -> CycleFigures:
    """The figures of one cycle; indicator statuses as of ``today`` (default: the cycle's
    :func:`last_met` date)."""
    summary = coherence_summary(session)
    day = last_met(session)
    statuses = [indicator_status(ind, today or day) for ind in session.indicators]
    counts = dict.fromkeys(ActionStatus, 0)
    for act in session.actions:
        counts[act.status] += 1
    return CycleFigures(
        cycle=session.cycle,
        path=path,
        date=day,
        domains={score.domain: score.mean for score in summary.domains},
        overall=summary.overall,
        actions=len(session.actions),
        done=counts[ActionStatus.DONE],
        dropped=counts[ActionStatus.DROPPED],
        blocked=counts[ActionStatus.BLOCKED],
        indicators_on_track=sum(
            s in (IndicatorStatus.ON_TRACK, IndicatorStatus.MET) for s in statuses
        ),
        indicators_measured=sum(s is not IndicatorStatus.NO_DATA for s in statuses),
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _header(path: Path) -> tuple[str, int] | None:
    """A session file's title and cycle, read without checking the rest; None if unreadable."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    title, cycle = data.get("title"), data.get("cycle", 1)
    if not isinstance(title, str) or not isinstance(cycle, int):
        return None
    return title, cycle


def resolve_previous(session: Session, path: Path, sessions_dir: Path | None = None) -> Path | None:
    """The file of the cycle before ``session`` (stored at ``path``), or None; see the module
    docstring for where it is looked for."""
    folders = [path.parent]
    if sessions_dir is not None and not _same_file(sessions_dir, path.parent):
        folders.append(sessions_dir)
    link = session.previous_cycle
    if link:
        written = Path(link)
        for folder in folders:
            candidate = written if written.is_absolute() else folder / written
            if candidate.is_file() and not _same_file(candidate, path):
                return candidate
    if session.cycle <= 1:
        return None
    wanted = (session.title, session.cycle - 1)
    for folder in folders:
        try:
            files = sorted(p for p in folder.glob("*.toml") if p.is_file())
        except OSError:
            continue
        for candidate in files:
            if not _same_file(candidate, path) and _header(candidate) == wanted:
                return candidate
    return None


def load_chain(
    session: Session,
    path: Path | None,
    *,
    today: dt.date,
    sessions_dir: Path | None = None,
) -> Chain:
    """``session`` (at ``path``, which may be None for a session never saved) and the cycles
    before it, oldest first. Earlier cycles are read from their files; ``session`` is taken
    as it is in memory, with its indicators as of ``today``."""
    chain = Chain()
    found = [cycle_figures(session, path, today)]
    seen: list[Path] = [path] if path is not None else []
    current, current_path = session, path
    while current_path is not None and len(found) < MAX_CYCLES:
        if not current.previous_cycle and current.cycle <= 1:
            break
        previous = resolve_previous(current, current_path, sessions_dir)
        if previous is None:
            if current.previous_cycle:
                chain.problems.append(
                    f"Cycle {current.cycle} names {current.previous_cycle} as its previous "
                    f"cycle, which is not in {current_path.parent}; history starts at cycle "
                    f"{current.cycle}."
                )
            break
        if any(_same_file(previous, p) for p in seen):
            chain.problems.append(
                f"{previous.name} comes back round in the chain of cycles; history stops there."
            )
            break
        try:
            loaded = load_session(previous)
        except SessionFileError as exc:
            chain.problems.append(
                f"{previous.name} cannot be read ({exc.lines[0].split(': ', 1)[-1]}); "
                f"history starts at cycle {current.cycle}."
            )
            break
        seen.append(previous)
        current, current_path = loaded.session, previous
        found.append(cycle_figures(current, previous))
    chain.cycles = found[::-1]
    return chain
