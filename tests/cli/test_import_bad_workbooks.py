"""`import-updates` with returned workbooks edited out of shape, and files that are not
workbooks at all.

Each case: a clear message naming the file, the row and the column and what to do; exit 1
when something could not be used; the session file's bytes unchanged (and no ``.bak``)
whenever nothing is applied; usable rows applied with ``--yes`` and no action ever dropped.
Most cases run ``cli.main`` in-process; a representative few run the real command in a
subprocess.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from cohere_tui import cli
from cohere_tui.models import Session
from cohere_tui.store import load_session
from cohere_tui.workbook import ACTION_PLAN_HEADERS, export_workbook

COL = {h: n for n, h in enumerate(ACTION_PLAN_HEADERS, start=1)}
HINT = re.compile(
    r"\b(type|choose|correct|put|check|open|save|keep|unmerge|clear|give|delete|name|"
    r"import|export|fix|copy|rename)\b"
)


@pytest.fixture
def session_path(demo: Path) -> Path:
    return demo


@pytest.fixture
def session(session_path: Path) -> Session:
    return load_session(session_path).session


@pytest.fixture
def book(session: Session, tmp_path: Path) -> Path:
    return export_workbook(session, tmp_path / "exported.xlsx", today=dt.date(2026, 11, 20)).path


def returned(book: Path, change: Callable[[Any], None], name: str = "returned.xlsx") -> Path:
    """The exported workbook with its Action Plan sheet changed, saved under a new name."""
    wb = load_workbook(book)
    change(wb["Action Plan"])
    target = book.with_name(name)
    wb.save(target)
    return target


def rows_by_id(ws: Any) -> dict[str, int]:
    return {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}


def import_updates(
    session_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        cli.main(["import-updates", str(session_path), str(workbook), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(exc.value.code or 0), out, err


def untouched(session_path: Path, before: bytes) -> None:
    assert session_path.read_bytes() == before
    assert sorted(p.name for p in session_path.parent.iterdir()) == [session_path.name]


def problem_lines(out: str) -> list[str]:
    """The lines under 'Problems (n), not imported:'."""
    if "Problems (" not in out:
        return []
    lines = out.split("Problems (", 1)[1].splitlines()[1:]
    found = []
    for line in lines:
        if not line.startswith("  "):
            break
        found.append(line.strip())
    return found


# --------------------------------------------------------------------------------------------
# files that are not workbooks: exit 1, the file named, nothing written


def _truncated(book: Path, target: Path) -> None:
    raw = book.read_bytes()
    target.write_bytes(raw[: len(raw) // 2])


def _zip_without_workbook(book: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("notes.txt", "not a workbook")


NOT_WORKBOOKS: dict[str, tuple[str, Callable[[Path, Path], None], list[str]]] = {
    "text-renamed": (
        "notes.xlsx",
        lambda book, t: t.write_text("ID,Status\nA1,Done\n", encoding="utf-8"),
        ["cannot be read", "save it as .xlsx"],
    ),
    "truncated-zip": ("cut.xlsx", _truncated, ["cannot be read", "damaged"]),
    "zip-not-workbook": ("fake.xlsx", _zip_without_workbook, ["cannot be read"]),
    "zero-bytes": ("empty.xlsx", lambda book, t: t.write_bytes(b""), ["empty", "not a workbook"]),
    "csv": (
        "plan.csv",
        lambda book, t: t.write_text("ID,Status\n", encoding="utf-8"),
        ["not an .xlsx workbook", "save it as"],
    ),
    "old-xls": ("plan.xls", lambda book, t: t.write_bytes(b"\xd0\xcf\x11\xe0" * 64), [".xlsx"]),
    "missing": ("nowhere.xlsx", lambda book, t: None, ["no such file", "check the path"]),
    "folder": ("folder.xlsx", lambda book, t: t.mkdir(), ["is a folder"]),
    "session-file": ("other.toml", lambda book, t: t.write_text("x", encoding="utf-8"), [".xlsx"]),
}


@pytest.mark.parametrize("kind", sorted(NOT_WORKBOOKS))
def test_not_a_workbook(
    kind: str,
    session_path: Path,
    book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, make, words = NOT_WORKBOOKS[kind]
    target = tmp_path / name
    make(book, target)
    before = session_path.read_bytes()
    code, _out, err = import_updates(session_path, target, capsys, "--yes")
    assert code == 1
    assert err.startswith(f"{target}: ")
    for word in words:
        assert word in err
    assert HINT.search(err), err
    untouched(session_path, before)


def test_session_and_workbook_swapped(
    session_path: Path, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = session_path.read_bytes()
    code, _out, err = import_updates(book, session_path, capsys, "--yes")  # type: ignore[arg-type]
    assert code == 1
    assert str(book) in err and "name the session first" in err
    untouched(session_path, before)


def test_a_broken_session_is_named_before_the_workbook_is_read(
    session_path: Path, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session_path.write_text('schema_version = 1\ntitle = "x\n', encoding="utf-8")
    before = session_path.read_bytes()
    code, _out, err = import_updates(session_path, book, capsys, "--yes")
    assert code == 1
    assert err.startswith(f"{session_path}:2:")
    untouched(session_path, before)


# --------------------------------------------------------------------------------------------
# workbooks whose Action Plan sheet cannot be used as a whole: exit 1, nothing applied


def _no_sheet(wb: Any) -> None:
    wb["Action Plan"].title = "Actions"


def _empty_workbook(wb: Any) -> None:
    for name in list(wb.sheetnames)[1:]:
        del wb[name]
    wb.worksheets[0].title = "Sheet1"
    wb.worksheets[0].delete_rows(1, wb.worksheets[0].max_row)


def _empty_sheet(wb: Any) -> None:
    del wb["Action Plan"]
    wb.create_sheet("Action Plan")


def _id_column_deleted(wb: Any) -> None:
    wb["Action Plan"].delete_cols(1)


def _id_header_renamed(wb: Any) -> None:
    wb["Action Plan"].cell(1, 1).value = "Ref"


def _read_back_columns_renamed(wb: Any) -> None:
    ws = wb["Action Plan"]
    for header in ("Status", "Latest update", "Notes", "Owner", "Due"):
        ws.cell(1, COL[header]).value = f"{header} (old)"
    ws.cell(rows_by_id(ws)["A1"], COL["Status"]).value = "Done"


WHOLE_SHEET: dict[str, tuple[Callable[[Any], None], list[str]]] = {
    "no-action-plan-sheet": (_no_sheet, ["no 'Action Plan' sheet", "'Actions'", "rename"]),
    "empty-workbook": (_empty_workbook, ["no 'Action Plan' sheet", "'Sheet1'"]),
    "empty-sheet": (_empty_sheet, ["sheet is empty", "export the workbook again"]),
    "id-column-deleted": (_id_column_deleted, ["row 1:", "no ID column", "put the ID column back"]),
    "id-header-renamed": (_id_header_renamed, ["no ID column", "'Ref'"]),
    "read-back-columns-renamed": (
        _read_back_columns_renamed,
        ["none of the columns read back", "Status", "put those column names back"],
    ),
}


@pytest.mark.parametrize("kind", sorted(WHOLE_SHEET))
def test_a_sheet_that_cannot_be_used(
    kind: str,
    session_path: Path,
    book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    change, words = WHOLE_SHEET[kind]
    wb = load_workbook(book)
    change(wb)
    target = tmp_path / f"{kind}.xlsx"
    wb.save(target)
    before = session_path.read_bytes()
    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 1
    assert out.startswith(f"Workbook: {target}")
    problems = problem_lines(out)
    assert problems, out
    text = "\n".join(problems)
    for word in words:
        assert word in text, text
    assert all(HINT.search(p) for p in problems), problems
    assert "Nothing to change" in out
    untouched(session_path, before)


def test_rows_removed_keep_their_actions(
    session: Session, session_path: Path, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deleting rows in the sheet deletes nothing in the session."""

    def change(ws: Any) -> None:
        ws.delete_rows(3, ws.max_row)  # only A1 remains
        ws.cell(2, COL["Status"]).value = "Done"

    target = returned(book, change)
    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 0, out
    assert "not in the sheet" in out and "kept unchanged" in out
    after = load_session(session_path).session
    assert [a.id for a in after.actions] == [a.id for a in session.actions]
    a1 = after.action("A1")
    assert a1 is not None and a1.status.value == "done"
    for old, new in zip(session.actions[1:], after.actions[1:], strict=True):
        assert old == new


def test_a_header_only_sheet_changes_nothing(
    session_path: Path, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = returned(book, lambda ws: ws.delete_rows(2, ws.max_row))
    before = session_path.read_bytes()
    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 0
    assert "0 row(s) read" in out and "Nothing to change" in out
    untouched(session_path, before)


# --------------------------------------------------------------------------------------------
# cells out of shape: the bad ones reported by row and column and left alone


def _set(ws: Any, action_id: str, header: str, value: Any) -> None:
    ws.cell(rows_by_id(ws)[action_id], COL[header]).value = value


BAD_CELLS: dict[str, tuple[Callable[[Any], None], list[str]]] = {
    "formula-in-status": (
        lambda ws: _set(ws, "A2", "Status", "=1+1"),
        ["A2's Status", "formula (=1+1)", "type the value itself"],
    ),
    "formula-in-due": (
        lambda ws: _set(ws, "A2", "Due", "=DATE(2027,1,1)"),
        ["A2's Due", "formula", "type the value itself"],
    ),
    "formula-in-id": (
        lambda ws: ws.cell(rows_by_id(ws)["A2"], 1, '=CONCAT("A",2)'),
        ["ID cell holds a formula", "type the action's ID"],
    ),
    "unknown-status": (
        lambda ws: _set(ws, "A2", "Status", "Finished"),
        ["A2's Status 'Finished' is not allowed", "choose one of: Not started"],
    ),
    "status-as-number": (
        lambda ws: _set(ws, "A2", "Status", 3),
        ["Status '3' is not allowed", "choose one of"],
    ),
    "giant-number-in-status": (
        lambda ws: _set(ws, "A2", "Status", 10**20),
        ["Status '100000000000000000000' is not allowed"],
    ),
    "giant-number-as-id": (
        lambda ws: ws.cell(rows_by_id(ws)["A2"], 1, 10**30),
        ["is not an action ID", "correct it, or clear it"],
    ),
    "due-as-us-text": (
        lambda ws: _set(ws, "A2", "Due", "12/31/2026"),
        ["A2's Due '12/31/2026' is not a date", "type it as YYYY-MM-DD"],
    ),
    "due-as-words": (
        lambda ws: _set(ws, "A2", "Due", "31 December 2026"),
        ["'31 December 2026' is not a date", "YYYY-MM-DD"],
    ),
    "due-with-slashes": (lambda ws: _set(ws, "A2", "Due", "2026/12/31"), ["is not a date"]),
    "due-invalid-date": (
        lambda ws: _set(ws, "A2", "Due", "2026-02-30"),
        ["'2026-02-30' is not a date"],
    ),
    "due-as-serial-number": (
        lambda ws: (
            _set(ws, "A2", "Due", 46022),
            setattr(ws.cell(rows_by_id(ws)["A2"], COL["Due"]), "number_format", "General"),
        ),
        ["holds the number 46022, not a date", "format the cell as a date"],
    ),
    "due-as-time": (lambda ws: _set(ws, "A2", "Due", dt.time(9, 30)), ["not a date"]),
    "due-before-start": (
        lambda ws: _set(ws, "A1", "Due", dt.datetime(2000, 1, 1)),
        ["A1's Due 2000-01-01 is before Start", "correct the date"],
    ),
    "duplicate-id": (
        lambda ws: ws.cell(rows_by_id(ws)["A3"], 1, "A2"),
        ["ID A2 is on several rows", "keep one row per ID"],
    ),
    "unknown-id": (
        lambda ws: ws.cell(rows_by_id(ws)["A2"], 1, "A999"),
        ["ID A999 is not an action in this session", "check the ID"],
    ),
    "not-an-id": (
        lambda ws: ws.cell(rows_by_id(ws)["A2"], 1, "Action two"),
        ["ID 'Action two' is not an action ID"],
    ),
    "merged-cells": (
        lambda ws: ws.merge_cells(
            start_row=rows_by_id(ws)["A2"],
            end_row=rows_by_id(ws)["A2"] + 1,
            start_column=COL["Notes"],
            end_column=COL["Notes"],
        ),
        ["cells are merged", "Notes", "unmerge the cells"],
    ),
    "empty-status": (
        lambda ws: _set(ws, "A2", "Status", None),
        ["Status is empty", "choose a status"],
    ),
    "error-cell": (
        lambda ws: (
            _set(ws, "A2", "Owner", "#REF!"),
            setattr(ws.cell(rows_by_id(ws)["A2"], COL["Owner"]), "data_type", "e"),
        ),
        ["holds the error #REF!", "type the value itself"],
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_CELLS))
def test_a_bad_cell_is_reported_and_left_alone_while_good_edits_apply(
    kind: str,
    session: Session,
    session_path: Path,
    book: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad, words = BAD_CELLS[kind]

    def change(ws: Any) -> None:
        bad(ws)
        _set(ws, "A5", "Latest update", "Good edit in another row.")

    target = returned(book, change)
    a2_before = session.action("A2")

    # without --yes and without a terminal: nothing is applied, the file is not touched
    before = session_path.read_bytes()
    code, out, _err = import_updates(session_path, target, capsys)
    assert code == 1
    assert "Nothing applied" in out
    untouched(session_path, before)

    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 1, out
    problems = problem_lines(out)
    assert problems, out
    # every problem names its row, and the column by letter and header
    assert all(
        re.match(r"row \d+(, column [A-Z]+ \([A-Za-z ]+\): |, column\(s\) [A-Z]+ \()", p)
        for p in problems
    ), problems
    assert all(HINT.search(p) for p in problems), problems
    text = "\n".join(problems)
    for word in words:
        assert word in text, text
    assert "Applied 1 change(s)" in out
    after = load_session(session_path).session
    a5 = after.action("A5")
    assert a5 is not None and a5.latest_update == "Good edit in another row."
    assert after.action("A2") == a2_before  # the bad row's action is as it was
    assert [a.id for a in after.actions] == [a.id for a in session.actions]
    assert (session_path.parent / "harmon.toml.bak").read_bytes() == before


def test_only_bad_cells_apply_nothing_and_touch_nothing(
    session_path: Path, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def change(ws: Any) -> None:
        _set(ws, "A1", "Status", "Someday")
        _set(ws, "A2", "Due", "next week")
        ws.cell(rows_by_id(ws)["A3"], 1, "A77")

    target = returned(book, change)
    before = session_path.read_bytes()
    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 1
    assert len(problem_lines(out)) == 3
    assert "Nothing to change" in out and "Applied" not in out
    untouched(session_path, before)


def test_huge_values_are_kept_whole(
    session_path: Path, book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 30,000-character note (a cell holds at most 32,767) and odd Unicode come in whole."""
    note = ("Ünïcödé ✓ 😀 مرحبا e\u0301 " * 1500)[:30_000].strip()

    def change(ws: Any) -> None:
        _set(ws, "A2", "Notes", note)
        _set(ws, "A2", "Owner", "Zoë O'Brien-Ngata")

    target = returned(book, change)
    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 0, out
    after = load_session(session_path).session
    a2 = after.action("A2")
    assert a2 is not None and a2.notes == note and a2.owner == "Zoë O'Brien-Ngata"
    # exporting again and importing that changes nothing
    again = export_workbook(after, tmp_path / "again.xlsx", today=dt.date(2026, 11, 21)).path
    before = session_path.read_bytes()
    code, out, _err = import_updates(session_path, again, capsys, "--yes")
    assert code == 0 and "Nothing to change" in out
    assert session_path.read_bytes() == before


def test_a_100k_character_cell_is_reported_not_cut_silently(
    session: Session, session_path: Path, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """More than a cell can hold (another program wrote it); openpyxl reads only the first
    32,767 characters, so the field is reported and left as it is, never cut silently."""
    note = "Долгая заметка. " * 6250  # 100,000 characters

    def change(ws: Any) -> None:
        _set(ws, "A3", "Notes", note)
        _set(ws, "A3", "Latest update", "Short and fine.")
        new_row = ws.max_row + 1
        ws.cell(new_row, COL["Action"], "A new action with a long note")
        ws.cell(new_row, COL["Notes"], note)

    target = returned(book, change)
    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 1, out
    problems = "\n".join(problem_lines(out))
    assert "A3's Notes fills the cell to its limit (32,767 characters)" in problems
    assert "new action 'A new action with a long note' was not added" in problems
    after = load_session(session_path).session
    a3 = after.action("A3")
    before_a3 = session.action("A3")
    assert a3 is not None and before_a3 is not None
    assert a3.notes == before_a3.notes and a3.latest_update == "Short and fine."
    assert len(after.actions) == len(session.actions)


def test_a_100k_note_cut_at_export_is_not_read_back_as_an_edit(
    session: Session,
    session_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cohere_tui.store import save_session

    a2 = session.action("A2")
    assert a2 is not None
    a2.notes = "n" * 100_000
    save_session(session, session_path)
    exported = export_workbook(session, tmp_path / "cut.xlsx", today=dt.date(2026, 11, 21)).path
    before = session_path.read_bytes()
    code, out, _err = import_updates(session_path, exported, capsys, "--yes")
    assert code == 0 and "Nothing to change" in out
    assert session_path.read_bytes() == before

    def edit_cut_text(ws: Any) -> None:
        cell = ws.cell(rows_by_id(ws)["A2"], COL["Notes"])
        cell.value = "edited " + str(cell.value)[:1000]

    target = returned(exported, edit_cut_text, "edited.xlsx")
    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 1
    assert "too long for a cell" in out and "edit this text in the app" in out
    assert session_path.read_bytes() == before
    reloaded = load_session(session_path).session.action("A2")
    assert reloaded is not None and reloaded.notes == "n" * 100_000


def test_columns_reordered_and_renamed_in_case(
    session_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "ACTION PLAN"
    ws.append(["notes", "  due ", "Status", "id"])
    ws.append(["Moved to spring.", "2027-03-01", "Blocked", "a2"])
    target = tmp_path / "reordered.xlsx"
    wb.save(target)
    code, out, _err = import_updates(session_path, target, capsys, "--yes")
    assert code == 0, out
    a2 = load_session(session_path).session.action("A2")
    assert a2 is not None
    assert (a2.notes, a2.due, a2.status.value) == (
        "Moved to spring.",
        dt.date(2027, 3, 1),
        "blocked",
    )
    assert "column(s) not found, so not read: Latest update, Owner" in out


def test_declining_at_the_prompt_applies_nothing(
    session_path: Path,
    book: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = returned(
        book, lambda ws: (_set(ws, "A1", "Status", "Done"), _set(ws, "A2", "Status", "?"))
    )
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    before = session_path.read_bytes()
    code, out, _err = import_updates(session_path, target, capsys)
    assert "Nothing applied." in out
    assert code == 1  # a row was reported, so the status says so even when declined
    untouched(session_path, before)


# --------------------------------------------------------------------------------------------
# the real command, in a subprocess, for a representative few


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cohere_tui", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


def test_subprocess_bad_workbooks(session_path: Path, book: Path, tmp_path: Path) -> None:
    before = session_path.read_bytes()
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(book.read_bytes()[:500])
    no_sheet = tmp_path / "no-sheet.xlsx"
    wb = load_workbook(book)
    _no_sheet(wb)
    wb.save(no_sheet)
    for workbook, expected in ((junk, "cannot be read"), (no_sheet, "no 'Action Plan' sheet")):
        result = run("import-updates", session_path, workbook, "--yes", cwd=tmp_path)
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr + result.stdout
        assert str(workbook) in result.stderr + result.stdout
        assert expected in result.stderr + result.stdout
        untouched(session_path, before)


def test_subprocess_formula_rows_reported_others_applied(
    session_path: Path, book: Path, tmp_path: Path
) -> None:
    def change(ws: Any) -> None:
        _set(ws, "A1", "Status", "=1+1")
        ws.cell(rows_by_id(ws)["A2"], 1, '=CONCAT("A",2)')
        _set(ws, "A3", "Latest update", "Met on Tuesday.")

    target = returned(book, change)
    result = run("import-updates", session_path, target, "--yes", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "A1's Status: the cell holds a formula (=1+1)" in result.stdout
    assert "the ID cell holds a formula" in result.stdout
    a3 = load_session(session_path).session.action("A3")
    assert a3 is not None and a3.latest_update == "Met on Tuesday."
