"""`make bench`: speed and memory on a large session, printed as a table against the targets.

Generates a session of 300 initiatives, 20 goals with every rating filled, 600 relations,
40 funding streams and 30 populations linked to the initiatives and goals,
1,000 actions, 50 check-ins and 20 indicators × 50 readings, then measures start-up (against
a bare Textual app in the same run), load, validate, save, findings, export (whole and per
owner), the PDF report (of the demo and of the large session), import-updates (100 edits,
and 2,500 to 10,000 new rows, to show that it grows linearly), grid cursor moves and rating
keypresses (Pilot), and peak memory. No test asserts these figures; this script reports them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cohere_tui.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    CheckIn,
    DecisionChoice,
    Domain,
    FundingSource,
    FundingStream,
    Goal,
    Indicator,
    Initiative,
    InitiativeDecision,
    Level,
    Population,
    Reading,
    RelationKind,
    Relationship,
    Sector,
    Session,
    StreamLink,
)

TODAY = dt.date(2026, 11, 23)


def large_session(seed: int = 7) -> Session:
    rnd = random.Random(seed)
    s = Session(title="Benchmark: statewide alignment", organisation="State agency")
    s.vision.statement = "Every child thrives.\n" * 3
    s.goals = [Goal(id=f"G{n}", title=f"Goal number {n} for the state") for n in range(1, 21)]
    sectors = list(Sector)
    for n in range(1, 301):
        s.initiatives.append(
            Initiative(
                id=f"I{n}",
                name=f"Initiative {n} " + rnd.choice(["mentoring", "clinic", "grant", "policy"]),
                description="A program that serves families across the region. " * 2,
                sector=rnd.choice(sectors),
                level=rnd.choice(list(Level)),
                population=rnd.choice(
                    ["young children", "teen parents", "all families", "students"]
                ),
                goals=rnd.sample([g.id for g in s.goals], 2),
                alignment={
                    "vision": rnd.randint(0, 3),
                    **{g.id: rnd.randint(0, 3) for g in s.goals},
                },
                domains={d: rnd.randint(0, 3) for d in Domain},
            )
        )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 600:
        a, b = rnd.sample(range(1, 301), 2)
        pairs.add((a, b))
    s.relationships = [
        Relationship(a=f"I{a}", b=f"I{b}", kind=rnd.choice(list(RelationKind))) for a, b in pairs
    ]
    for n in range(1, 1001):
        s.actions.append(
            Action(
                id=f"A{n}",
                title=f"Action {n}: align the intake of two programs",
                owner=f"Owner {n % 40}",
                due=TODAY + dt.timedelta(days=rnd.randint(-60, 200)),
                status=rnd.choice(list(ActionStatus)),
                initiatives=[f"I{rnd.randint(1, 300)}"],
            )
        )
    for n in range(50):
        day = TODAY - dt.timedelta(days=7 * (50 - n))
        s.checkins.append(
            CheckIn(
                date=day,
                updates=[
                    ActionUpdate(action=f"A{k}", status=ActionStatus.IN_PROGRESS, update="ok")
                    for k in range(1 + n * 20, 21 + n * 20)
                ],
            )
        )
    add_streams_and_populations(s, rnd)
    for n in range(1, 21):
        s.indicators.append(
            Indicator(
                id=f"M{n}",
                name=f"Indicator {n}",
                baseline=10,
                target=30,
                readings=[
                    Reading(date=TODAY - dt.timedelta(days=7 * k), value=10 + rnd.random() * 20)
                    for k in range(50, 0, -1)
                ],
            )
        )
    return s


def returned_copy(book: Path, target: Path, new_rows: int) -> Path:
    """The exported workbook as it comes back: 100 cells edited (Status, Latest update), and
    ``new_rows`` new actions typed below the table."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb["Action Plan"]
    for r in range(2, 102):
        ws.cell(r, 13).value = f"Update {r} from the field"
    start = ws.max_row + 1
    for i in range(new_rows):
        ws.cell(start + i, 2).value = f"New action {i} from the field"
        ws.cell(start + i, 3).value = f"Owner {i % 40}"
        ws.cell(start + i, 7).value = "Not started"
    wb.save(target)
    return target


USES = ["home visiting", "screening", "family support", "navigation", "attendance",
        "tutoring", "health care", "behavioral health", "job training", "case management",
        "child care", "outreach"]  # fmt: skip
OUTCOMES = ["kindergarten readiness", "fewer absences", "steady work", "earlier care",
            "families reach help", "higher graduation"]  # fmt: skip


def add_streams_and_populations(s: Session, rnd: random.Random) -> None:
    """40 funding streams and 30 populations: every initiative funded by one to three
    streams (some with shares) and serving one or two populations, every goal about one or
    two, outcomes drawn from a few phrases (so candidates to combine appear), a meeting date
    a quarter of the streams end within a year of, and readings by population."""
    s.meeting_date = TODAY
    s.populations = [Population(id=f"N{n}", name=f"Population {n}") for n in range(1, 31)]
    for goal in s.goals:
        goal.populations = [f"N{k}" for k in sorted(rnd.sample(range(1, 31), rnd.randint(1, 2)))]
    sources = list(FundingSource)
    for n in range(1, 41):
        s.streams.append(
            FundingStream(
                id=f"S{n}",
                name=f"Stream {n}",
                source=rnd.choice(sources),
                annual_amount=rnd.randint(1, 40) * 50_000 if n % 7 else None,
                end=TODAY + dt.timedelta(days=rnd.randint(-100, 1500)) if n % 3 else None,
                uses=rnd.sample(USES, rnd.randint(1, 3)),
                populations=[f"N{k}" for k in rnd.sample(range(1, 31), rnd.randint(0, 3))],
            )
        )
    for ini in s.initiatives:
        chosen = rnd.sample(range(1, 41), rnd.randint(1, 3))
        ini.streams = [StreamLink(stream=f"S{k}", share=None) for k in chosen]
        ini.populations = [f"N{k}" for k in rnd.sample(range(1, 31), rnd.randint(1, 2))]
        ini.outcomes = rnd.choice(OUTCOMES)
        ini.data_collected = "Enrollment, outcomes at exit"
        if int(ini.id[1:]) % 4:
            ini.decision = InitiativeDecision(choice=rnd.choice([c for c in DecisionChoice
                                                                  if c is not DecisionChoice.COMBINE]))  # fmt: skip
    for m in range(1, 6):
        s.indicators.append(
            Indicator(
                id=f"M{20 + m}",
                name=f"Indicator by population {m}",
                by_population={
                    f"N{k}": [Reading(date=TODAY - dt.timedelta(days=30 * j), value=rnd.random())
                              for j in range(12, 0, -1)]
                    for k in range(1, 6)
                },
            )
        )  # fmt: skip


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


STARTUP = """
import sys, time
start = time.perf_counter()
{imports}
class Probe({base}):
    def on_mount(self):
        # Textual calls the app's own on_mount too (handlers run for every class of the MRO)
        self.call_after_refresh(lambda: self.call_after_refresh(self.exit))
app = Probe({args})
app.run(headless=True, size=(80, 24))
print(time.perf_counter() - start)
"""


def startup_ratio(path: Path, runs: int = 7) -> tuple[float, float, float, float]:
    """Median start-up of a bare Textual app, of ours on ``path``, their ratio, and the
    floor: a bare app that only loads ``path`` through the store (pydantic, the models, the
    checks) before it paints, which any first screen showing the session pays."""
    bare = STARTUP.format(imports="from textual.app import App", base="App", args="")
    ours = STARTUP.format(
        imports="from pathlib import Path\nfrom cohere_tui.ui.app import CohereApp\n"
        "from cohere_tui.document import SessionDocument",
        base="CohereApp",
        args=f"document=SessionDocument.open(Path({str(path)!r}))",
    )
    floor = STARTUP.format(
        imports="from pathlib import Path\nfrom textual.app import App\n"
        f"from cohere_tui.store import load_session\nload_session(Path({str(path)!r}))",
        base="App",
        args="",
    )

    # as on a user's machine: the modules' compiled bytecode is cached after the first run
    # (an environment that turns the cache off would charge every start with compiling
    # the app's own modules, which no installed copy does)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
        return time.perf_counter() - start

    codes = (bare, ours, floor)
    for code in codes:  # warm the bytecode cache and the file system
        run(code)
    samples: tuple[list[float], ...] = ([], [], [])
    for _ in range(runs):  # taken in turns, so that a busy moment falls on all
        for code, sample in zip(codes, samples, strict=True):
            sample.append(run(code))
    b, o, f = (statistics.median(sample) for sample in samples)
    return b, o, o / b, f / b


PILOT = """
import asyncio, json, resource, statistics, time, datetime as dt
from pathlib import Path
from textual.app import App
from textual.widgets import DataTable
from cohere_tui.ui.app import CohereApp
from cohere_tui.document import SessionDocument

class Bare(App):
    def compose(self):
        yield DataTable()
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns(*[str(n) for n in range(28)])
        table.add_rows([[str(n)] * 28 for n in range(300)])

async def bare():
    moves = []
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for n in range(30):
            start = time.perf_counter()
            await pilot.press("down" if n % 2 else "right")
            await pilot.pause()
            moves.append(time.perf_counter() - start)
    return statistics.median(moves)

async def main():
    baseline = await bare()
    app = CohereApp(document=SessionDocument.open(Path({path!r})), today=lambda: dt.date(2026, 11, 23))
    moves, rates = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        for n in range(30):
            start = time.perf_counter()
            await pilot.press("down" if n % 2 else "right")
            await pilot.pause()
            moves.append(time.perf_counter() - start)
        for n in range(30):
            start = time.perf_counter()
            await pilot.press(str(n % 4))
            await pilot.pause()
            rates.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({{"bare": baseline, "move": statistics.median(moves), "rate": statistics.median(rates), "peak": peak}}))

asyncio.run(main())
"""


PHONES = 500


class Phone:
    """A simulated phone: one keep-alive HTTP/1.1 connection and its cookie, written by
    hand on asyncio streams so that 500 of them cost the benchmark little next to the
    server it measures."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        assert self.reader is not None and self.writer is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if self.cookie:
            head += f"Cookie: {self.cookie}\r\n"
        if body:
            head += "Content-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "set-cookie":
                self.cookie = value.strip().split(";", 1)[0]
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _phones(
    port: int, code: str, phones: int, spread: float
) -> tuple[list[float], int, list[int]]:
    """``phones`` phones, all connected at once, join and vote; each starts at a random
    moment within ``spread`` seconds (0: all at the same instant). Returns every request's
    latency, the failures, and each phone's vote."""
    import random

    rnd = random.Random(18)
    path = f"/b/{code}"
    latencies: list[float] = []
    failures = 0
    gate = asyncio.Event()
    votes = [n % 4 for n in range(phones)]

    async def one(n: int, phone: Phone) -> None:
        nonlocal failures
        await gate.wait()
        await asyncio.sleep(rnd.random() * spread)
        t0 = time.perf_counter()
        status, page = await phone.request("GET", path)
        latencies.append(time.perf_counter() - t0)
        q = page.split(b'name="q" value="', 1)[1].split(b'"', 1)[0].decode()
        await asyncio.sleep(rnd.random() * spread)
        t0 = time.perf_counter()
        voted, _ = await phone.request("POST", path, f"q={q}&choice={votes[n]}".encode())
        latencies.append(time.perf_counter() - t0)
        if status != 200 or voted != 303:
            failures += 1

    fleet = [Phone(port) for _ in range(phones)]
    for k in range(0, phones, 50):
        await asyncio.gather(*(p.connect() for p in fleet[k : k + 50]))
    tasks = [asyncio.create_task(one(n, p)) for n, p in enumerate(fleet)]
    gate.set()
    await asyncio.gather(*tasks)
    for p in fleet:
        p.close()
    return latencies, failures, votes


def _ballot_run(phones: int, spread: float) -> tuple[bool, float, float, float, float]:
    """One ballot server in its own process, ``phones`` phones against it; returns whether
    every vote was counted exactly once, the wall time, p50 and p99 latency and the server's
    peak memory (MB)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cohere_tui.ballot", "--host", "127.0.0.1", "--port", "0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None

    def ask(command: str) -> dict:  # type: ignore[type-arg]
        proc.stdin.write(command + "\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
        return json.loads(proc.stdout.readline())  # type: ignore[union-attr]

    try:
        info = json.loads(proc.stdout.readline())
        start = time.perf_counter()
        latencies, failures, votes = asyncio.run(
            _phones(info["port"], info["code"], phones, spread)
        )
        wall = time.perf_counter() - start
        count = ask("count")
        status = Path(f"/proc/{proc.pid}/status")
        peak = 0.0
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
        closed = ask("close")
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    expected = {str(v): votes.count(v) for v in range(4)}
    voices = {c["voice"] for c in closed["casts"]}
    exact = (
        failures == 0
        and count["voted"] == phones
        and closed["tally"] == expected
        and len(closed["casts"]) == phones == len(voices)
    )
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    return exact, wall, statistics.median(latencies), p99, peak


async def _stream(port: int, code: str, phones: int, seconds: float) -> int:
    """``phones`` phones vote again and again (each about once a second, within its rate)
    for ``seconds``; returns the votes sent."""
    import random

    rnd = random.Random(5)
    path = f"/b/{code}"
    sent = 0
    end = time.perf_counter() + seconds

    async def one(phone: Phone) -> None:
        nonlocal sent
        await phone.connect()
        while time.perf_counter() < end:
            _, page = await phone.request("GET", path)
            if b'name="q" value="' not in page:
                await asyncio.sleep(0.2)
                continue
            q = page.split(b'name="q" value="', 1)[1].split(b'"', 1)[0].decode()
            await phone.request("POST", path, f"q={q}&choice={rnd.randint(0, 3)}".encode())
            sent += 1
            await asyncio.sleep(0.6 + rnd.random() * 0.8)
        phone.close()

    await asyncio.gather(*(one(Phone(port)) for _ in range(phones)))
    return sent


STREAM_PILOT = """
import asyncio, json, os, statistics, subprocess, sys, time, datetime as dt
from pathlib import Path
os.environ["COHERE_TUI_BALLOT_HOST"] = "127.0.0.1"
os.environ["COHERE_TUI_BALLOT_PORT"] = "0"
from cohere_tui.ui.app import CohereApp
from cohere_tui.document import SessionDocument

async def presses(pilot, n):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        await pilot.press("r")
        await pilot.pause()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

async def main():
    app = CohereApp(document=SessionDocument.open(Path({path!r})), today=lambda: dt.date(2026, 11, 23))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "b")
        room = app.context.ballots
        while not (room.started and room.server().listening):
            await pilot.pause()
        server = room.server()
        idle = await presses(pilot, 20)
        phones = subprocess.Popen([sys.executable, {bench!r}, "stream", str(server.port), server.code, "{phones}", "8"])
        while server.count().voted < {phones} // 2:
            await pilot.pause()
            await asyncio.sleep(0.05)
        streaming = await presses(pilot, 20)
        voted = server.count().voted
        await asyncio.get_running_loop().run_in_executor(None, phones.wait)
        await pilot.press("enter")
    print(json.dumps({{"idle": idle, "streaming": streaming, "voted": voted}}))

asyncio.run(main())
"""


def stream_bench(path: Path, phones: int = 200) -> list[tuple[str, float, float | None, str]]:
    """The app's key-to-repaint in the ballot dialog (on the large session), idle and while
    ``phones`` phones keep voting on the same loop the app runs on."""
    run = subprocess.run(
        [sys.executable, "-c", STREAM_PILOT.format(path=str(path), bench=__file__, phones=phones)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    idle, streaming = figures["idle"], figures["streaming"]
    return [
        (f"ballot dialog key → repaint, idle ({idle * 1000:.0f} ms)", idle, None, "s"),
        (
            f"… while {phones} phones vote ({streaming * 1000:.0f} ms), beyond idle",
            streaming - idle,
            0.05,
            "s",
        ),
    ]


TOWN_HALL_SPREAD = 5.0
"""Seconds over which the phones of the town-hall run each join, then each vote: 500
people asked to vote now, ten times faster than a real room scans a code and taps."""


def ballot_bench(phones: int = PHONES) -> list[tuple[str, float, float | None, str]]:
    """A town-hall meeting on loopback: ``phones`` phones, all connected to a ballot server
    in its own process, join and vote on one question. Two runs: the town hall (each phone
    joins within 5 s, then votes within 5 s), and the worst case, every phone's request
    sent in the same instant. Every vote must be counted exactly once."""
    rows: list[tuple[str, float, float | None, str]] = []
    for label, spread, target in (
        ("town hall", TOWN_HALL_SPREAD, 0.1),
        ("all in one instant", 0.0, 0.1),
    ):
        exact, wall, p50, p99, peak = _ballot_run(phones, spread)
        rows += [
            (
                f"ballot, {label}: {phones} votes, each counted once",
                0.0 if exact else 1.0,
                0.0,
                "ok",
            ),
            (f"ballot, {label}: request latency p50", p50, None, "s"),
            (f"ballot, {label}: request latency p99", p99, target, "s"),
            (f"ballot, {label}: wall time, server peak memory {peak:.0f} MB", wall, None, "s"),
        ]
    return rows


def main() -> None:
    import cohere_tui

    # this process is no app: the collector runs as usual from here (what it keeps of its
    # memory would also show in the peak memory of the processes it starts)
    cohere_tui.started()
    if sys.argv[1:2] == ["stream"]:  # the phones of stream_bench, in a process of their own
        port, code, phones, seconds = sys.argv[2:6]
        asyncio.run(_stream(int(port), code, int(phones), float(seconds)))
        return
    if sys.argv[1:] == ["ballot"]:
        from cohere_tui.analysis import sync_findings
        from cohere_tui.store import dumps_session

        large = Path(tempfile.mkdtemp(prefix="cohere-bench-")) / "large.toml"
        session = large_session()
        sync_findings(session)
        large.write_bytes(dumps_session(session))
        print_rows(ballot_bench() + stream_bench(large))
        return
    from cohere_tui.analysis import portfolio_findings, sync_findings
    from cohere_tui.store import dumps_session, load_session, save_session
    from cohere_tui.validation import check_session
    from cohere_tui.workbook import apply_updates, export_per_owner, export_workbook, plan_updates

    folder = Path(tempfile.mkdtemp(prefix="cohere-bench-"))
    session = large_session()
    sync_findings(session)
    path = folder / "large.toml"
    path.write_bytes(dumps_session(session))
    loaded = load_session(path)
    rows: list[tuple[str, float, float | None, str]] = []

    rows.append(("open (load + validate)", timed(lambda: load_session(path)), 0.5, "s"))
    rows.append(
        ("validate (cross-references)", timed(lambda: check_session(loaded.session)), 0.5, "s")
    )

    def save_changed() -> None:
        loaded.session.actions[0].notes += "x"
        save_session(loaded.session, path)

    rows.append(("save", timed(save_changed), 0.2, "s"))
    rows.append(("findings recompute", timed(lambda: sync_findings(loaded.session)), 0.05, "s"))
    rows.append(("  of which funding, populations, work smarter", timed(lambda: portfolio_findings(
        loaded.session, loaded.session.initiatives, {g.id: g for g in loaded.session.goals})), None, "s"))  # fmt: skip
    out = folder / "exports"
    counter = iter(range(100))
    rows.append(
        (
            "export workbook",
            timed(
                lambda: export_workbook(
                    loaded.session, out / f"x{next(counter)}.xlsx", today=TODAY
                ),
                3,
            ),
            3.0,
            "s",
        )
    )
    from importlib import resources

    from cohere_tui.report import write_report

    demo_path = folder / "demo.toml"
    demo_path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    demo = load_session(demo_path).session
    reports = iter(range(100))

    def report(session: Session, source: Path) -> None:
        write_report(session, source, out / f"r{next(reports)}.pdf", today=TODAY)

    report_at = len(rows)  # measured last: typesetting grows this process, whose peak memory
    # the Pilot run below would inherit (Linux keeps ru_maxrss across fork and exec)
    workbook = out / "x0.xlsx"
    owners_out = iter(range(100))
    rows.append(
        (
            "export per owner (40 workbooks)",
            timed(
                lambda: export_per_owner(
                    loaded.session, out / f"owners{next(owners_out)}", path, today=TODAY
                ),
                1,
            ),
            20.0,
            "s",
        )
    )
    edited = returned_copy(workbook, folder / "returned.xlsx", new_rows=0)
    rows.append(
        ("import-updates (plan)", timed(lambda: plan_updates(loaded.session, edited), 3), 3.0, "s")
    )

    def plan_and_apply(book: Path) -> None:
        session = loaded.session.model_copy(deep=True)
        apply_updates(session, plan_updates(session, book), today=TODAY)

    rows.append(
        (
            "import-updates (plan + apply, 100 edits)",
            timed(lambda: plan_and_apply(edited), 3),
            3.0,
            "s",
        )
    )
    sizes: dict[int, float] = {}
    for n in (2_500, 5_000, 10_000):
        book = returned_copy(workbook, folder / f"new-{n}.xlsx", new_rows=n)
        sizes[n] = timed(lambda book=book: plan_and_apply(book), 1)
        rows.append(
            (f"import {n:,} new rows (plan + apply)", sizes[n], None if n < 10_000 else 15.0, "s")
        )
    # linear: twice the rows, about twice the time beyond what any import costs
    fixed = 2 * sizes[2_500] - sizes[5_000]
    growth = (sizes[10_000] - fixed) / max(1e-9, sizes[5_000] - fixed)
    rows.append(
        ("import growth: 10,000 / 5,000 new rows (beyond the fixed cost)", growth, 2.5, "×")
    )

    pilot = subprocess.run(
        [sys.executable, "-c", PILOT.format(path=str(path))],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(pilot.stdout.strip().splitlines()[-1])
    bare_move = figures["bare"]
    rows.append(
        (
            f"Pilot key → repaint, bare DataTable 300×28 ({bare_move * 1000:.0f} ms)",
            bare_move,
            1.0,
            "s",
        )
    )
    rows.append(
        (
            f"grid cursor move ({figures['move'] * 1000:.0f} ms), beyond the bare table's",
            figures["move"] - bare_move,
            0.05,
            "s",
        )
    )
    rows.append(
        (
            f"grid rating keypress ({figures['rate'] * 1000:.0f} ms), beyond the bare table's",
            figures["rate"] - bare_move,
            0.05,
            "s",
        )
    )
    rows.append(("peak memory (app on the large session)", figures["peak"], 250, "MB"))
    settle = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("settle.py"))],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    settled = json.loads(settle.stdout.strip().splitlines()[-1])
    for name, value in settled["ours"].items():
        bare_value = settled["bare"][name]
        rows.append((f"{name} ({value * 1000:.0f} ms), beyond bare ({bare_value * 1000:.0f} ms)",
                     value - bare_value, 0.1, "s"))  # fmt: skip
    bare, ours, ratio, _ = startup_ratio(path)
    demo_bare, demo_ours, demo_ratio, demo_floor = startup_ratio(demo_path)
    rows[report_at:report_at] = [
        ("report (PDF) of the demo session", timed(lambda: report(demo, demo_path), 3), 2.0, "s"),
        (
            "report (PDF) of the large session",
            timed(lambda: report(loaded.session, path), 2),
            15.0,
            "s",
        ),
    ]
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory of this process, after the reports", peak, None, "MB"))
    # The first painted screen IS the interactive workspace (step 1 of the opened session):
    # nothing fills in later, so one time measures both.
    rows.append(("start-up to the painted, interactive workspace", ours, None, "s"))
    rows.append(
        (f"start-up ratio: ours ({ours:.2f} s) / bare Textual app ({bare:.2f} s)", ratio, 1.25, "×")
    )
    rows.append((f"start-up on the demo: ours ({demo_ours:.2f} s) / bare ({demo_bare:.2f} s)",
                 demo_ratio, 1.5, "×"))  # fmt: skip
    rows.append(("start-up floor: a bare app that only loads the demo first / bare",
                 demo_floor, None, "×"))  # fmt: skip
    rows.extend(ballot_bench())
    rows.extend(stream_bench(path))

    import textual

    print(
        f"cohere-tui benchmark · python {sys.version.split()[0]} · textual {textual.__version__}"
        f" · {platform.system()} {platform.machine()} · {os.cpu_count()} cores"
        f" · load average {os.getloadavg()[0]:.1f} · {time.strftime('%Y-%m-%d %H:%M')}"
    )
    print("session: 300 initiatives, 20 goals (all rated), 600 relations, 1,000 actions,")
    print("         50 check-ins, 20 indicators × 50 readings, 40 funding streams,")
    print("         30 populations, 5 indicators × 5 populations × 12 readings")
    print_rows(rows)


def print_rows(rows: list[tuple[str, float, float | None, str]]) -> None:
    print(f"{'measure':<58}{'value':>10}{'target':>10}  ok")
    for name, value, target, unit in rows:
        print(
            f"{name:<58}{show(value, unit):>10}{show(target, unit):>10}  {verdict(value, target)}"
        )


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ok":
        return "yes" if value == 0 else "NO"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:.0f} {unit}"


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return ""
    return "✓" if value <= target else "✗"


if __name__ == "__main__":
    main()
