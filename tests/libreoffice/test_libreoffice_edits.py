"""The workbook as people really use it, with LibreOffice Calc doing the editing: two copies
edited by two people, an old copy imported after newer work, a sort of columns B–N only, a
paste one row off, a per-owner copy, a 300-character update typed into a cell — then
imported by the command line, and printed to PDF.

One LibreOffice start (one headless macro run, in a profile of this module's own) makes
every edited copy and PDF; the tests share them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from cohere_tui.models import (
    Action,
    ActionStatus,
    Domain,
    Goal,
    Indicator,
    Initiative,
    Reading,
    Session,
)
from cohere_tui.store import load_session
from cohere_tui.workbook import export_per_owner, export_workbook

from .calc import Calc, pdf_pages, pdf_words, require

# one worker runs the whole module, so LibreOffice starts once for it
pytestmark = pytest.mark.xdist_group("libreoffice-edits")

TODAY = dt.date(2026, 11, 23)
LONG_UPDATE = " ".join(f"part{n:02d}" for n in range(1, 44))  # 300 characters
assert len(LONG_UPDATE) == 300
PAGE_HEIGHT_LIMIT = 612 - 0.6 * 72  # above the bottom margin of a landscape Letter page


def demo_session(folder: Path) -> Path:
    path = folder / "harmon.toml"
    path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    return path


def wide_session() -> Session:
    """The large session's widest shapes in small: 20 goals, long texts, many owners."""
    goals = [Goal(id=f"G{n}", title=f"Goal number {n} for the state") for n in range(1, 21)]
    initiatives = [
        Initiative(
            id=f"I{n}",
            name=f"Initiative {n} with a fairly long name",
            description="A program that serves families across the region. " * 3,
            alignment={"vision": n % 4, **{g.id: (n + k) % 4 for k, g in enumerate(goals)}},
            domains={d: (n + k) % 4 for k, d in enumerate(Domain)},
        )
        for n in range(1, 13)
    ]
    actions = [
        Action(
            id=f"A{n}",
            title=f"Action {n}: align the intake of two programs across the county",
            owner=f"Owner {n % 5}",
            partners=["County Health", "Schools", "Human Services"],
            due=TODAY + dt.timedelta(days=n * 9),
            status=list(ActionStatus)[n % 5],
            initiatives=[f"I{n % 12 + 1}", f"I{(n + 3) % 12 + 1}"],
            latest_update="Waiting for the data-sharing agreement to be signed. " * 2,
            notes="Follow up with the state office before the next meeting. " * 2,
        )
        for n in range(1, 25)
    ]
    indicators = [
        Indicator(
            id=f"M{n}",
            name=f"Indicator {n} with a long name",
            unit="%",
            baseline=40.0,
            target=60.0,
            readings=[
                Reading(date=TODAY - dt.timedelta(days=90 * k), value=40 + k * 1.37)
                for k in range(5)
            ],
        )
        for n in range(1, 8)
    ]
    return Session(
        title="A wide session: twenty goals",
        created=dt.date(2026, 1, 1),
        goals=goals,
        initiatives=initiatives,
        actions=actions,
        indicators=indicators,
    )


def command(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cohere_tui", *(str(a) for a in args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every copy and PDF the tests use, made by LibreOffice in one start."""
    require("soffice")
    require("pdftotext")
    base = tmp_path_factory.mktemp("edited")
    sessions = base / "sessions"
    sessions.mkdir()
    session_path = demo_session(sessions)
    session = load_session(session_path).session
    book = export_workbook(session, base / "plan.xlsx", today=TODAY).path
    (sam,) = export_per_owner(session, base / "exports", session_path, today=TODAY, only="Sam Liu")
    wide = export_workbook(wide_session(), base / "wide.xlsx", today=TODAY).path
    out = {
        name: base / f"{name}.xlsx" for name in ("lee", "dana", "sorted", "shifted", "long", "sam")
    }
    out |= {"long-pdf": base / "long.pdf", "wide-pdf": base / "wide.pdf"}
    plan = "Action Plan"
    Calc(base).run(
        [
            ["open", str(book)],  # Lee sets A1 to Done and says why
            ["set", plan, "G2", "Done"],
            ["set", plan, "M2", "Signed by all three directors"],
            ["save", str(out["lee"])],
            ["close"],
            ["open", str(book)],  # Dana, in another copy, updates A2 and notes on A1
            ["set", plan, "M3", "Both caseload lists are mapped"],
            ["set", plan, "N2", "Ask legal about the FERPA clause"],
            ["save", str(out["dana"])],
            ["close"],
            ["open", str(book)],  # someone sorts only B–N ("current selection")
            ["set", plan, "G5", "Done"],
            ["sort", plan, "B2:N14", "0"],
            ["save", str(out["sorted"])],
            ["close"],
            ["open", str(book)],  # a paste of B–N lands one row too low
            ["copy", plan, "B2:N14", "B3"],
            ["save", str(out["shifted"])],
            ["close"],
            ["open", str(book)],  # a long update typed into a cell, then printed
            ["set", plan, "M4", LONG_UPDATE],
            ["save", str(out["long"])],
            ["pdf", str(out["long-pdf"])],
            ["close"],
            ["open", str(sam.path)],  # Sam's own copy: A1 blocked, a word on A11
            ["set", plan, "G2", "Blocked"],
            ["set", plan, "M3", "Closed out with the state"],
            ["save", str(out["sam"])],
            ["close"],
            ["open", str(wide)],
            ["pdf", str(out["wide-pdf"])],
            ["close"],
        ]
    )
    out["session"] = session_path
    out["original"] = base / "original.toml"
    shutil.copy(session_path, out["original"])
    return out


@pytest.fixture
def session_file(edited: dict[str, Path], tmp_path: Path) -> Path:
    """A fresh copy of the demo session, as it was at the export."""
    folder = tmp_path / "sessions"
    folder.mkdir()
    target = folder / "harmon.toml"
    shutil.copy(edited["original"], target)
    return target


def imported(session_file: Path, workbook: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return command(
        "import-updates", session_file, workbook, "--yes", *extra, cwd=session_file.parent
    )


def action(session_file: Path, action_id: str) -> Action:
    found = load_session(session_file).session.action(action_id)
    assert found is not None
    return found


# --------------------------------------------------------------------------------------------
# several copies, in either order


@pytest.mark.parametrize(
    "order", [("lee", "dana"), ("dana", "lee")], ids=["lee-first", "dana-first"]
)
def test_two_copies_edited_by_two_people_keep_both_peoples_edits(
    edited: dict[str, Path], session_file: Path, order: tuple[str, str]
) -> None:
    for name in order:
        result = imported(session_file, edited[name])
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Conflicts" not in result.stdout and "Warning" not in result.stdout
    a1, a2 = action(session_file, "A1"), action(session_file, "A2")
    assert a1.status is ActionStatus.DONE
    assert a1.latest_update == "Signed by all three directors"
    assert a1.notes == "Ask legal about the FERPA clause"
    assert a2.latest_update == "Both caseload lists are mapped"
    assert a1.updated == dt.date.today()


def test_an_old_copy_after_newer_work_reverts_nothing_and_reports_the_conflicts(
    edited: dict[str, Path], session_file: Path
) -> None:
    assert imported(session_file, edited["lee"]).returncode == 0
    # newer work: A1's update changes in the session (the app, another copy)
    text = session_file.read_text(encoding="utf-8")
    session_file.write_text(
        text.replace('"Signed by all three directors"', '"Signed; filed with the county"', 1),
        encoding="utf-8",
    )
    before = session_file.read_bytes()
    # Dana's copy never touched A1's status or update: importing it reverts neither
    result = imported(session_file, edited["dana"])
    assert result.returncode == 0, result.stdout
    a1 = action(session_file, "A1")
    assert a1.status is ActionStatus.DONE and a1.latest_update == "Signed; filed with the county"
    # Lee's copy again, after the newer work: the update is a conflict, reported, not applied
    before = session_file.read_bytes()
    result = imported(session_file, edited["lee"])
    assert result.returncode == 1, result.stdout
    assert "Conflicts (1)" in result.stdout and "Latest update" in result.stdout
    assert "Signed; filed with the county" in result.stdout
    assert "Signed by all three directors" in result.stdout
    assert session_file.read_bytes() == before  # nothing to apply: the file is not touched
    # --prefer workbook takes the copy's
    result = imported(session_file, edited["lee"], "--prefer", "workbook")
    assert action(session_file, "A1").latest_update == "Signed by all three directors"


# --------------------------------------------------------------------------------------------
# rows that no longer match their ID


@pytest.mark.parametrize("name", ["sorted", "shifted"])
def test_a_table_sorted_or_pasted_without_its_ids_is_refused_and_changes_nothing(
    edited: dict[str, Path], session_file: Path, name: str
) -> None:
    before = session_file.read_bytes()
    result = imported(session_file, edited[name])
    assert result.returncode == 1, result.stdout
    assert "the table looks sorted or shifted without its ID column" in result.stdout
    assert "sort the whole table" in result.stdout and "nothing was imported" in result.stdout
    assert "Applied" not in result.stdout
    assert session_file.read_bytes() == before


# --------------------------------------------------------------------------------------------
# a copy per owner


def test_a_per_owner_copy_merges_back(edited: dict[str, Path], session_file: Path) -> None:
    result = imported(session_file, edited["sam"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Sam Liu's copy" in result.stdout
    assert "not in the sheet" not in result.stdout  # the other owners' actions are not missing
    assert action(session_file, "A1").status is ActionStatus.BLOCKED
    assert action(session_file, "A11").latest_update == "Closed out with the state"
    # and Lee's whole-plan copy, made before, still merges: A1's status is a conflict now
    result = imported(session_file, edited["lee"])
    assert "Conflicts (1)" in result.stdout
    assert action(session_file, "A1").status is ActionStatus.BLOCKED


# --------------------------------------------------------------------------------------------
# what people type stays visible and printable


def test_a_300_character_update_typed_in_libreoffice_prints_whole(
    edited: dict[str, Path], session_file: Path
) -> None:
    """LibreOffice grows the row as the text is typed (its height is not fixed), so every
    word prints inside it: none falls below the top of the next row (a fixed height clips
    them there; the PDF still holds clipped text, so its place is what tells)."""
    words = pdf_words(edited["long-pdf"])
    parts = [w for w in words if re.fullmatch(r"part\d\d", w.text)]
    assert sorted({w.text for w in parts}) == LONG_UPDATE.split()  # printed once, whole
    page = parts[0].page
    assert all(w.page == page for w in parts)
    a3 = next(w for w in words if w.page == page and w.text == "A3" and w.x0 < 60)
    below = [w for w in words if w.page == page and w.text == "A4" and abs(w.x0 - a3.x0) < 3]
    bottom = max(w.y1 for w in parts)
    if below:
        assert bottom <= below[0].y0, "the update runs past its row into the next one"
    else:
        assert bottom <= PAGE_HEIGHT_LIMIT
    # and it comes back whole
    assert imported(session_file, edited["long"]).returncode == 0
    assert action(session_file, "A3").latest_update == LONG_UPDATE


@pytest.mark.parametrize("pdf", ["long-pdf", "wide-pdf"], ids=["demo", "twenty-goals"])
def test_every_page_prints_text_at_9_points_or_more(edited: dict[str, Path], pdf: str) -> None:
    pages = pdf_pages(edited[pdf])
    small = {
        (page.number, page.sheet): min(page.sizes)
        for page in pages
        if page.sizes and min(page.sizes) < 9.0
    }
    assert small == {}
    sheets = {page.sheet for page in pages}
    assert {"Overview", "Action Plan", "Alignment", "Monitoring"} <= sheets
    assert all(page.landscape for page in pages)


def test_the_action_plan_repeats_its_header_and_identifying_columns(
    edited: dict[str, Path],
) -> None:
    pages = [p for p in pdf_pages(edited["wide-pdf"]) if p.sheet == "Action Plan"]
    assert len(pages) >= 2
    for page in pages:
        words = page.text.split()
        assert words[:2] != []
        assert "ID" in words and "Action" in words  # the print titles on every page
    halves: list[Any] = [set(p.text.split()) for p in pages[:2]]
    assert "Owner" in halves[0] and "Latest" in halves[1]  # split where chosen, not cut
    assert re.search(r"A1\b", pages[0].text) and re.search(r"A1\b", pages[1].text)
