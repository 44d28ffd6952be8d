"""Returned workbooks built to explode or to mislead: each is refused (or read with a notice)
in seconds, with a clear message, and the session is left as it was."""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cohere_tui.models import Action, ActionStatus, Session
from cohere_tui.workbook import (
    ACTION_PLAN_HEADERS,
    WorkbookError,
    apply_updates,
    export_workbook,
    format_plan,
    plan_updates,
)
from cohere_tui.workbook.reader import MAX_ROWS, MAX_UNPACKED_BYTES

TODAY = dt.date(2026, 4, 1)
COL = {h: n for n, h in enumerate(ACTION_PLAN_HEADERS, start=1)}
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]

pytestmark = pytest.mark.timeout(30)  # a hang fails, it does not stall the suite


def make_session() -> Session:
    return Session(
        title="Plan",
        created=dt.date(2026, 1, 1),
        actions=[
            Action(id="A1", title="Draft the agreement", status=ActionStatus.IN_PROGRESS),
            Action(id="A2", title="Align schedules"),
        ],
    )


@pytest.fixture
def session() -> Session:
    return make_session()


@pytest.fixture
def book(session: Session, tmp_path: Path) -> Path:
    return export_workbook(session, tmp_path / "plan.xlsx", today=TODAY).path


def rewrite_part(book: Path, target: Path, part: str, change: Any) -> Path:
    """A copy of ``book`` with one zip part's XML changed by ``change(text) -> text``."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(name, data)
    return target


def action_plan_part(book: Path) -> str:
    with zipfile.ZipFile(book) as zf:
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        workbook = zf.read("xl/workbook.xml").decode()
    rid = re.search(r'<sheet [^>]*name="Action Plan"[^>]*r:id="(rId\d+)"', workbook)
    assert rid is not None
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target is not None
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def merged(ref: str) -> Any:
    def change(xml: str) -> str:
        return xml.replace(
            "</sheetData>",
            f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>',
            1,
        )

    return change


def refused(session: Session, path: Path, *words: str) -> str:
    before = session.model_copy(deep=True)
    with pytest.raises(WorkbookError) as info:
        plan_updates(session, path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message, message
    assert session == before
    return message


# --------------------------------------------------------------------------------------------
# workbooks that explode


def test_a_merged_range_to_the_last_row_is_refused(session: Session, book: Path) -> None:
    path = rewrite_part(
        book, book.with_name("merged.xlsx"), action_plan_part(book), merged("A20:N1048576")
    )
    assert path.stat().st_size < 60_000
    refused(session, path, "merged over A20:N1048576", "beyond what an action plan uses", "unmerge")


def test_a_merged_range_to_column_xfd_is_refused(session: Session, book: Path) -> None:
    path = rewrite_part(
        book, book.with_name("wide.xlsx"), action_plan_part(book), merged("A20:XFD1048576")
    )
    refused(session, path, "merged over A20:XFD1048576")


def test_a_cell_far_out_is_refused(session: Session, book: Path) -> None:
    far = '<row r="1000000"><c r="XFD1000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = rewrite_part(
        book,
        book.with_name("far.xlsx"),
        action_plan_part(book),
        lambda x: x.replace("</sheetData>", far, 1),
    )
    refused(session, path, "row 1,000,000", "delete the rows and columns beyond the table")


def test_a_sheet_of_a_million_rows_is_refused(session: Session, book: Path) -> None:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>A{n}</t></is></c></row>'
        for n in range(100, MAX_ROWS + 200)
    )
    path = rewrite_part(
        book, book.with_name("long.xlsx"), action_plan_part(book),
        lambda x: x.replace("</sheetData>", rows + "</sheetData>", 1),
    )  # fmt: skip
    refused(session, path, f"cells down to row {MAX_ROWS + 1:,}")


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(session: Session, book: Path) -> None:
    path = book.with_name("bomb.xlsx")
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            out.writestr(name, src.read(name))
        with out.open("xl/media/padding.bin", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
                fh.write(chunk)
    assert path.stat().st_size < 2_000_000
    refused(session, path, "unpack to", "hostile")


def test_a_pipe_is_refused_without_waiting(session: Session, tmp_path: Path) -> None:
    fifo = tmp_path / "plan.xlsx"
    os.mkfifo(fifo)
    refused(session, fifo, "not a regular file")


def test_a_file_larger_than_an_action_plan_is_refused(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as fh:
        fh.write(b"PK")
        fh.truncate(60 * 1024 * 1024)
    refused(session, path, "bytes, more than an action plan can be")


# --------------------------------------------------------------------------------------------
# renamed files get the message their real kind gets


def ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    return path


@pytest.mark.parametrize(
    ("real", "renamed", "make"),
    [
        ("plan.ods", "plan.xlsx", ods),
        ("plan.csv", "notes.xlsx", lambda p: (p.write_text("ID,Status\nA1,Done\n"), p)[1]),
        ("plan.xls", "old.xlsx", lambda p: (p.write_bytes(b"\xd0\xcf\x11\xe0" * 64), p)[1]),
    ],
)
def test_a_renamed_file_gets_the_same_message_as_a_real_one(
    session: Session, tmp_path: Path, real: str, renamed: str, make: Any
) -> None:
    real_message = refused(
        session, make(tmp_path / real), "not an .xlsx workbook", "save it as .xlsx"
    )
    renamed_message = refused(session, make(tmp_path / renamed))
    assert renamed_message.replace(renamed, real) == real_message
    assert "KeyError" not in renamed_message


# --------------------------------------------------------------------------------------------
# misleading content


def returned(book: Path, change: Any) -> Path:
    wb = load_workbook(book)
    change(wb)
    wb.save(book)
    return book


@pytest.mark.parametrize("char", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_a_bidi_control_is_refused_and_never_printed_raw(
    session: Session, book: Path, char: str
) -> None:
    def change(wb: Any) -> None:
        ws = wb["Action Plan"]
        ws.cell(2, COL["Notes"]).value = f"Pay {char}gnp.exe"
        ws.cell(3, COL["Latest update"]).value = "On track"
        ws.cell(4, COL["Action"]).value = f"New {char}action"

    plan = plan_updates(session, returned(book, change))
    assert [(c.action_id, c.field) for c in plan.changes] == [("A2", "latest_update")]
    assert plan.new_actions == []
    text = "\n".join(str(p) for p in plan.problems)
    assert f"U+{ord(char):04X}" in text and "bidirectional control" in text and "remove it" in text
    assert "row 2, column N (Notes)" in text and "row 4, column B (Action)" in text
    assert not any(ch in format_plan(plan) for ch in BIDI)
    apply_updates(session, plan, today=TODAY)
    assert not any(ch in a.notes + a.title for a in session.actions for ch in BIDI)


def test_the_plan_escapes_direction_marks_it_keeps(session: Session, book: Path) -> None:
    """Marks (U+200F) fix one character's direction and may stay, but are shown escaped."""
    plan = plan_updates(
        session,
        returned(
            book, lambda wb: setattr(wb["Action Plan"].cell(2, COL["Notes"]), "value", "abc\u200f")
        ),
    )
    assert [c.new for c in plan.changes] == ["abc\u200f"]
    assert "\u200f" not in format_plan(plan) and "\\u200f" in format_plan(plan)


def test_a_hidden_row_is_read_with_a_notice(session: Session, book: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["Action Plan"]
        ws.cell(3, COL["Status"]).value = "Done"
        ws.row_dimensions[3].hidden = True

    plan = plan_updates(session, returned(book, change))
    assert [(c.action_id, c.field) for c in plan.changes] == [("A2", "status")]
    assert any("hidden row(s)" in n and "rows 3" in n for n in plan.notices), plan.notices


def test_a_second_action_plan_sheet_is_not_read_and_said_so(session: Session, book: Path) -> None:
    def change(wb: Any) -> None:
        second = wb.copy_worksheet(wb["Action Plan"])
        second.title = "Action Plan (2)"
        second.cell(2, COL["Status"]).value = "Done"
        wb["Action Plan"].cell(3, COL["Status"]).value = "Blocked"

    plan = plan_updates(session, returned(book, change))
    assert [(c.action_id, c.new) for c in plan.changes] == [("A2", ActionStatus.BLOCKED)]
    assert any("'Action Plan (2)', which was not read" in n for n in plan.notices), plan.notices


def test_a_hidden_action_plan_sheet_is_read_with_a_notice(session: Session, book: Path) -> None:
    def change(wb: Any) -> None:
        wb["Action Plan"].sheet_state = "hidden"
        wb.active = 0

    plan = plan_updates(session, returned(book, change))
    assert any("'Action Plan' sheet is hidden" in n for n in plan.notices)


@pytest.mark.parametrize("which", ["every part", "the Action Plan sheet"])
def test_a_workbook_with_encrypted_parts_is_refused_in_a_sentence(
    book: Path, session: Session, tmp_path: Path, which: str
) -> None:
    """A zip whose parts are marked encrypted (a password-protected zip renamed .xlsx) is
    named as password-protected, never a crash (zipfile raises a bare RuntimeError)."""
    sheet = action_plan_part(book)
    target = tmp_path / "locked.xlsx"
    raw = bytearray(book.read_bytes())
    with zipfile.ZipFile(book) as zf:
        infos, at = zf.infolist(), zf.start_dir  # type: ignore[attr-defined]
    for info in infos:  # the entry's flags in its central directory record, then its header
        lengths = (
            int.from_bytes(raw[at + 28 : at + 30], "little")
            + int.from_bytes(raw[at + 30 : at + 32], "little")
            + int.from_bytes(raw[at + 32 : at + 34], "little")
        )
        if which == "every part" or info.filename == sheet:
            raw[at + 8] |= 0x1
            raw[info.header_offset + 6] |= 0x1
        at += 46 + lengths
    target.write_bytes(bytes(raw))
    with pytest.raises(WorkbookError) as caught:
        plan_updates(session, target)
    message = str(caught.value)
    assert message.startswith(f"{target}: ") and "password-protected" in message
    assert "save it without a password" in message
