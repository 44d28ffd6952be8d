"""Many apps finding one stale lock at once: exactly one of them gets the session.

Six processes, started once, race on a fresh stale lock in each of 30 rounds: they wait at a
barrier, then all call :func:`acquire` together. In every round exactly one gets the lock
and the other five are told who has it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import socket
import subprocess
import sys
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from cohere_tui.lock import LockHeldError, LockInfo, acquire, lock_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork")

PROCESSES = 6
ROUNDS = 30


def _slow_checks(seed: int) -> None:
    """A busy computer: each check of whether a lock's process still runs takes a moment
    (up to 3 ms), as it may when the machine is loaded: the window in which another app can
    act between reading a lock and taking it over."""
    rnd = random.Random(seed)
    check = LockInfo.is_stale

    def slow(self: LockInfo) -> bool:
        answer = check(self)
        time.sleep(rnd.uniform(0, 0.003))
        return answer

    LockInfo.is_stale = slow  # type: ignore[method-assign]


def _racer(session_path: Path, start: Barrier, results: Any, seed: int) -> None:
    _slow_checks(seed)
    for _ in range(ROUNDS):
        start.wait()
        try:
            lock = acquire(session_path)
        except LockHeldError as exc:
            results.put(("held", exc.holder.token if exc.holder else ""))
        except Exception as exc:  # reported, so that the test names it
            results.put(("error", f"{type(exc).__name__}: {exc}"))
        else:
            results.put(("won", lock.info.token))


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_six_processes_racing_on_a_stale_lock_give_exactly_one_winner(tmp_path: Path) -> None:
    session_path = tmp_path / "family.toml"
    session_path.write_text('schema_version = 1\ntitle = "Family"\n', encoding="utf-8")
    stale = LockInfo(
        pid=dead_pid(),
        host=socket.gethostname(),
        user="dana",
        started=dt.datetime(2026, 11, 23, 9, 0),
        boot=LockInfo.mine().boot,
        token="stale",
    ).to_bytes()
    context = multiprocessing.get_context("fork")
    start = context.Barrier(PROCESSES + 1)
    results = context.Queue()
    racers = [
        context.Process(target=_racer, args=(session_path, start, results, n))
        for n in range(PROCESSES)
    ]
    for proc in racers:
        proc.start()
    doubles = []
    try:
        for round_ in range(ROUNDS):
            lock_path(session_path).write_bytes(stale)  # the winner's lock goes stale
            start.wait(timeout=30)
            answers = [results.get(timeout=30) for _ in range(PROCESSES)]
            errors = [text for kind, text in answers if kind == "error"]
            assert not errors, errors
            winners = [token for kind, token in answers if kind == "won"]
            if len(winners) != 1:
                doubles.append((round_, len(winners)))
                continue
            # the others were told the winner has it, not the stale lock's holder
            assert {token for kind, token in answers if kind == "held"} <= {winners[0], ""}
    finally:
        for proc in racers:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
    assert doubles == [], f"rounds without exactly one winner (round, winners): {doubles}"
