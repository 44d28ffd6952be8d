"""The exported workbook as LibreOffice reads it: sheets as CSV, the whole workbook as PDF.

LibreOffice starts slowly, so one export is converted once per module (module-scoped
fixtures), in a LibreOffice profile of the module's own. Without `soffice` on PATH
these tests are skipped, unless CI=true: then they fail, so CI never skips them silently
(.ci/run installs LibreOffice).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cohere_tui.models import (
    Action,
    ActionStatus,
    Domain,
    Goal,
    Initiative,
    Participant,
    Priority,
    Session,
    Vision,
)
from cohere_tui.workbook import (
    ACTION_PLAN_HEADERS,
    SHEET_NAMES,
    UNRATED,
    export_workbook,
    plan_updates,
)

from .calc import Calc, require

# one worker runs the whole module, so LibreOffice starts once for it
pytestmark = pytest.mark.xdist_group("libreoffice-export")

TODAY = dt.date(2026, 4, 1)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
LITERALS = ["=SUM(1,2)", "+1 coordinator", "-- review funding", "@county comms"]


def make_session() -> Session:
    goals = [Goal(id="G1", title="Ready for school"), Goal(id="G2", title="Fewer absences")]
    return Session(
        title="Family outcomes",
        organisation="Harmon County",
        facilitator="Dana Reyes",
        created=dt.date(2026, 1, 1),
        participants=[Participant(name="Lee Park", role="Director")],
        vision=Vision(statement="Every child thrives.", assumptions=["=A1 is not a formula"]),
        goals=goals,
        initiatives=[
            Initiative(
                id="I1",
                name="Home visiting",
                goals=["G1"],
                alignment={"vision": 3, "G1": 2},
                domains={Domain.GOALS: 3, Domain.DATA_USE: 0},
            ),
            Initiative(id="I2", name="Attendance team — Ünïcödé"),
        ],
        actions=[
            Action(
                id="A1",
                title=LITERALS[0],
                owner="Lee Park",
                due=dt.date(2026, 3, 1),
                status=ActionStatus.IN_PROGRESS,
                priority=Priority.HIGH,
                notes=LITERALS[1],
            ),
            Action(
                id="A2",
                title=LITERALS[2],
                status=ActionStatus.BLOCKED,
                latest_update=LITERALS[3],
                start=dt.date(2026, 1, 15),
                due=dt.date(2026, 12, 1),
            ),
            Action(id="A3", title="Hold the kick-off " * 30, status=ActionStatus.DONE),
        ],
    )


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Calc:
    """One LibreOffice profile for the module (its conversions run one after another)."""
    require("soffice")
    return Calc(tmp_path_factory.mktemp("libreoffice"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Session, Path]:
    require("soffice")
    session = make_session()
    folder = tmp_path_factory.mktemp("export")
    return session, export_workbook(session, folder / "plan.xlsx", today=TODAY).path


@pytest.fixture(scope="module")
def csvs(
    exported: tuple[Session, Path], tmp_path_factory: pytest.TempPathFactory, calc: Calc
) -> dict[str, list[list[str]]]:
    _, book = exported
    out = tmp_path_factory.mktemp("csv")
    result = calc.convert(book, CSV_FILTER, out)
    sheets: dict[str, list[list[str]]] = {}
    for name in SHEET_NAMES:
        path = out / f"{book.stem}-{name}.csv"
        assert path.is_file(), f"LibreOffice wrote no {path.name}:\n{result.stdout}{result.stderr}"
        with path.open(encoding="utf-8", newline="") as fh:
            sheets[name] = list(csv.reader(fh))
    return sheets


@pytest.fixture(scope="module")
def pdf(
    exported: tuple[Session, Path], tmp_path_factory: pytest.TempPathFactory, calc: Calc
) -> Path:
    _, book = exported
    out = tmp_path_factory.mktemp("pdf")
    result = calc.convert(book, "pdf", out)
    path = out / f"{book.stem}.pdf"
    assert path.is_file(), f"LibreOffice wrote no PDF:\n{result.stdout}{result.stderr}"
    return path


def test_every_sheet_converts(csvs: dict[str, list[list[str]]]) -> None:
    assert list(csvs) == list(SHEET_NAMES)
    overview = " ".join(" ".join(row) for row in csvs["Overview"])
    assert "Family outcomes" in overview and "Harmon County" in overview
    assert csvs["Inventory"][0][:2] == ["ID", "Name"]
    assert csvs["Inventory"][2][1] == "Attendance team — Ünïcödé"


def test_action_plan_rows(csvs: dict[str, list[list[str]]]) -> None:
    rows = csvs["Action Plan"]
    assert rows[0] == [*ACTION_PLAN_HEADERS, "Updated"]
    by_id = {
        row[0]: dict(zip(ACTION_PLAN_HEADERS, row, strict=False)) for row in rows[1:] if row[0]
    }
    assert list(by_id) == ["A1", "A2", "A3"]
    assert by_id["A1"]["Status"] == "In progress"
    assert by_id["A1"]["Priority"] == "High"
    assert by_id["A1"]["Due"] == "2026-03-01"
    assert by_id["A2"]["Start"] == "2026-01-15"
    assert by_id["A2"]["Status"] == "Blocked"
    assert by_id["A3"]["Action"].rstrip() == ("Hold the kick-off " * 30).rstrip()


def test_formula_looking_text_stays_literal(csvs: dict[str, list[list[str]]]) -> None:
    cells = {cell for row in csvs["Action Plan"] for cell in row}
    for text in LITERALS:
        assert text in cells, text
    assert "3" not in cells  # =SUM(1,2) was not computed
    vision = {cell for row in csvs["Vision"] for cell in row}
    assert "=A1 is not a formula" in vision


def test_alignment_grid(csvs: dict[str, list[list[str]]]) -> None:
    rows = csvs["Alignment"]
    assert rows[0][:5] == ["ID", "Initiative", "Vision", "G1", "G2"]
    assert rows[1][:5] == ["I1", "Home visiting", "3", "2", UNRATED]
    assert rows[2][2:] == [UNRATED] * 9


def test_pdf_has_landscape_pages(pdf: Path) -> None:
    info = subprocess.run(
        [require("pdfinfo"), str(pdf)], capture_output=True, text=True, timeout=60
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert pages >= len(SHEET_NAMES)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    assert size is not None
    assert float(size.group(1)) > float(size.group(2))  # landscape


def test_a_workbook_saved_by_libreoffice_imports_cleanly(
    exported: tuple[Session, Path], tmp_path_factory: pytest.TempPathFactory, calc: Calc
) -> None:
    """Someone opens the file in LibreOffice and saves it: nothing looks changed, and the
    export record (a hidden, protected sheet) comes back whole."""
    session, book = exported
    base = tmp_path_factory.mktemp("resave")
    copy = base / "returned.xlsx"
    shutil.copy(book, copy)
    out = base / "out"
    result = calc.convert(copy, "xlsx:Calc MS Excel 2007 XML", out)
    resaved = out / "returned.xlsx"
    assert resaved.is_file(), result.stdout + result.stderr
    plan = plan_updates(session, resaved)
    assert plan.problems == [] and plan.warnings == [] and plan.export_id
    assert plan.changes == [] and plan.new_actions == []
