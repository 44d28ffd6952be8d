"""`export`, `import-updates` and `next-cycle` in subprocesses, as a user runs them."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from cohere_tui.store import load_session
from cohere_tui.validation import check_session

EXE = [sys.executable, "-m", "cohere_tui"]


def run(*args: str | Path, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXE, *map(str, args)], cwd=cwd, capture_output=True, text=True, input=stdin,
        timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


def test_export_then_import_round_trip(tmp_path: Path, demo: Path) -> None:
    from openpyxl import load_workbook

    result = run("export", demo, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    workbook = Path(tmp_path / result.stdout.strip())
    assert workbook.parent.name == "exports" and workbook.exists()
    assert workbook.name == f"harmon-action-plan-{dt.date.today():%Y-%m-%d}.xlsx"
    # a second export never overwrites the first
    again = run("export", demo, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.strip().endswith("-2.xlsx")
    # -o to an existing file is refused
    refused = run("export", demo, "-o", workbook, cwd=tmp_path)
    assert refused.returncode == 1 and "exists" in refused.stderr

    wb = load_workbook(workbook)
    ws = wb["Action Plan"]
    headers = [c.value for c in ws[1]]
    status_col = headers.index("Status") + 1
    update_col = headers.index("Latest update") + 1
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows["A4"], status_col).value = "In progress"
    typed = ws.cell(rows["A4"], update_col)
    typed.value = "=Kevin met the board"
    typed.data_type = "s"  # typed as text (Excel's quote prefix), not a formula
    notes_col = headers.index("Notes") + 1
    ws.cell(rows["A5"], notes_col).value = "=SUM(1,2)"  # a real formula: refused, named
    ws.cell(rows["A6"], status_col).value = "Finished"  # not an allowed status
    edited = tmp_path / "returned.xlsx"
    wb.save(edited)

    before = demo.read_bytes()
    dry = run("import-updates", demo, edited, cwd=tmp_path)  # no terminal: nothing applied
    assert "A4" in dry.stdout and "Finished" in dry.stdout and "formula" in dry.stdout
    assert demo.read_bytes() == before
    applied = run("import-updates", demo, edited, "--yes", cwd=tmp_path)
    assert applied.returncode == 1  # applied, but a row could not be used: reported
    session = load_session(demo).session
    a4 = session.action("A4")
    assert a4 is not None and a4.status.value == "in_progress"
    assert a4.latest_update == "=Kevin met the board"
    assert session.action("A6").status.value == "not_started"  # type: ignore[union-attr]
    assert "SUM" not in session.action("A5").notes  # type: ignore[union-attr]
    assert (demo.parent / "harmon.toml.bak").read_bytes() == before
    second = run("import-updates", demo, edited, "--yes", cwd=tmp_path)
    assert load_session(demo).session == session
    assert "Traceback" not in second.stderr


def test_import_from_something_that_is_not_a_workbook(tmp_path: Path, demo: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    result = run("import-updates", demo, junk, "--yes", cwd=tmp_path)
    assert result.returncode == 1
    assert "junk.xlsx" in result.stderr and "Traceback" not in result.stderr


def test_next_cycle(tmp_path: Path, demo: Path) -> None:
    before = demo.read_bytes()
    result = run("next-cycle", demo, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / result.stdout.strip()
    assert target.name == "harmon-cycle-2.toml"
    assert demo.read_bytes() == before
    assert run("validate", target, cwd=tmp_path).returncode == 0
    old = load_session(demo).session
    new = load_session(target).session
    assert check_session(new) == []
    assert {a.id for a in new.actions} == {a.id for a in old.actions if a.status.is_open}
    assert sum(len(m.readings) for m in new.indicators) == sum(
        len(m.readings) for m in old.indicators
    )
