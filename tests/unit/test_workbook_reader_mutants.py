"""The workbook reader, held to what a facilitator reads: the exact value each cell gives and
the exact wording of each refusal (naming the file, the sheet, the row, the column).

Small workbooks are built here by hand (a zip of a few XML parts) or by openpyxl with one
sheet part rewritten, so each test reaches one rule of the reader and nothing else.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import struct
import warnings
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from cohere_tui.models import ActionStatus, Domain, Priority
from cohere_tui.workbook import WorkbookError, reader
from cohere_tui.workbook.reader import (
    EMPTY,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_WORKBOOK_BYTES,
    MERGED,
    CellProblem,
    Raw,
    Returned,
    Scan,
    SheetRef,
    as_text,
    check_not_full,
    column_index,
    column_letter,
    is_action_plan_name,
    norm_header,
    open_returned,
    read_choice,
    read_date,
    read_ids,
    read_rows,
    read_status,
    scan_sheet,
    split_names,
    title_key,
    unsafe_text,
)

pytestmark = pytest.mark.timeout(60)

SAVE_AS = "open it in Excel or LibreOffice, save it as .xlsx (Excel 2007-365) and import that"
NOT_XLSX = "not an .xlsx workbook; " + SAVE_AS
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = REL + "/officeDocument"
WORKSHEET = REL + "/worksheet"
SHEET_PART = "xl/worksheets/sheet1.xml"


def too_large(path: Path, sheet: str, what: str) -> str:
    """The whole refusal of a sheet whose used range is out of bounds, as it is printed."""
    return (
        f"{path}: the '{sheet}' sheet {what}, beyond what an action plan uses (row 50,000, "
        "column GR); it was not read — delete the rows and columns beyond the table (and "
        "unmerge cells that reach that far), or export the workbook again, and import that"
    )


def message(path: Path, call: Any = None) -> str:
    """The message of the :class:`WorkbookError` that opening ``path`` raises."""
    with pytest.raises(WorkbookError) as info:
        (call or open_returned)(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ")
    return text


# --------------------------------------------------------------------------------------------
# building workbooks


def write_zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def rels(*entries: tuple[str, str, str]) -> str:
    """A relationships part of (Id, Type, Target) entries."""
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{items}</Relationships>'


def workbook_xml(*sheets: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<sheets>{''.join(sheets)}</sheets></workbook>"
    )


def sheet_xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{body}</worksheet>'


def data(*rows: str, after: str = "") -> str:
    return sheet_xml(f"<sheetData>{''.join(rows)}</sheetData>{after}")


def merges(*refs: str) -> str:
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
    return f'<mergeCells count="{len(refs)}">{cells}</mergeCells>'


def openpyxl_book(path: Path, fill: Any = None, title: str = "Action Plan") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    if fill is not None:
        fill(ws)
    wb.save(path)
    return path


def with_sheet(tmp_path: Path, xml: str, name: str = "plan.xlsx") -> Path:
    """An openpyxl-written workbook of one 'Action Plan' sheet whose part is ``xml``."""
    base = openpyxl_book(tmp_path / f"base-{name}")
    out = tmp_path / name
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for part in src.namelist():
            dst.writestr(part, xml if part == SHEET_PART else src.read(part))
    return out


def scanned(tmp_path: Path, xml: str) -> Scan:
    returned = open_returned(with_sheet(tmp_path, xml))
    return scan_sheet(returned, returned.sheets[0])


def refusal_of_sheet(tmp_path: Path, xml: str) -> tuple[Path, str]:
    path = with_sheet(tmp_path, xml)
    returned = open_returned(path)
    with pytest.raises(WorkbookError) as info:
        scan_sheet(returned, returned.sheets[0])
    return path, str(info.value)


def cell(ref: str, text: str = "x") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def hand_made(path: Path, *, extra: dict[str, str | bytes] | None = None) -> Path:
    """A workbook of two sheets made by hand: a visible 'Action Plan' and a hidden 'Lists'."""
    parts: dict[str, str | bytes] = {
        "_rels/.rels": rels(("rId1", OFFICE_DOCUMENT, "xl/workbook.xml")),
        "xl/workbook.xml": workbook_xml(
            '<sheet name="Action Plan" sheetId="1" r:id="rId1"/>',
            '<sheet name="Lists" sheetId="2" state="hidden" r:id="rId2"/>',
        ),
        "xl/_rels/workbook.xml.rels": rels(
            ("rId1", WORKSHEET, "worksheets/sheet1.xml"),
            ("rId2", WORKSHEET, "/xl/worksheets/lists.xml"),
        ),
        "xl/worksheets/sheet1.xml": data(),
        "xl/worksheets/lists.xml": data(),
    }
    parts.update(extra or {})
    return write_zip(path, parts)


def set_declared_size(path: Path, member: str, size: int) -> None:
    """Make the zip's directory declare ``size`` unpacked bytes for ``member``."""
    raw = bytearray(path.read_bytes())
    at = 0
    while (at := raw.find(b"PK\x01\x02", at)) >= 0:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + name_len].decode() == member:
            struct.pack_into("<I", raw, at + 24, size)
            path.write_bytes(bytes(raw))
            return
        at += 4
    raise AssertionError(f"no {member} in {path}")


# --------------------------------------------------------------------------------------------
# the file: what it is, told from its first bytes


def test_a_missing_file_is_named_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "gone.xlsx"
    assert message(path) == f"{path}: no such file; check the path to the returned workbook"


def test_a_path_through_a_file_says_why_it_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    path = tmp_path / "notes.txt" / "plan.xlsx"
    assert message(path) == f"{path}: cannot be read (Not a directory); check the path"


def test_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.mkdir()
    assert message(path) == f"{path}: is a folder; name the returned .xlsx workbook"


def test_a_pipe_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    os.mkfifo(path)
    assert message(path) == (
        f"{path}: is not a regular file (a pipe or a device); name the returned .xlsx workbook"
    )


def test_an_empty_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"")
    assert message(path) == (
        f"{path}: the file is empty, so it is not a workbook; check the path, or save the "
        "workbook again from Excel or LibreOffice"
    )


def test_a_file_one_byte_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with open(path, "wb") as fh:
        fh.write(b"PK")
        fh.truncate(MAX_WORKBOOK_BYTES + 1)
    assert message(path) == (
        f"{path}: the file is 52,428,801 bytes, more than an action plan can be (52,428,800); "
        "import the workbook cohere-tui exported, with only the Action Plan edited"
    )


def test_a_file_of_exactly_the_limit_is_opened_not_refused_for_size(tmp_path: Path) -> None:
    """At the limit the file is read (and found to be no zip), not refused as too large."""
    path = tmp_path / "plan.xlsx"
    with open(path, "wb") as fh:
        fh.write(b"PK")
        fh.truncate(MAX_WORKBOOK_BYTES)
    assert "cut short or password-protected" in message(path)


def test_a_file_that_cannot_be_opened_says_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(The tests run as root, who may read anything, so ``open`` is made to refuse.)"""
    path = hand_made(tmp_path / "plan.xlsx")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(reader, "open", refuse, raising=False)
    assert message(path) == f"{path}: permission denied; copy the file somewhere readable"


def test_a_file_that_fails_to_open_names_the_system_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = hand_made(tmp_path / "plan.xlsx")

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(reader, "open", fail, raising=False)
    assert message(path) == f"{path}: cannot be read (Input/output error)"


def test_an_old_excel_file_is_told_by_its_first_bytes(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert message(path) == (
        f"{path}: cannot be read: it is an Excel 97-2003 workbook (.xls) or another old format, "
        + NOT_XLSX
    )


@pytest.mark.parametrize("head", [b"ID,Status\nA1,Done\n", b"P", b"\xd0\xcf\x11"])
def test_text_or_anything_else_is_refused_as_text(tmp_path: Path, head: bytes) -> None:
    """A CSV file, and a file too short to carry a zip's or an old workbook's mark."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(head)
    assert message(path) == (
        f"{path}: cannot be read: it is text (a CSV file or similar) or another kind of file, "
        + NOT_XLSX
    )


def test_a_damaged_zip_says_damaged_cut_short_or_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"garbage" * 20)
    assert message(path) == (
        f"{path}: cannot be read: it is damaged, cut short or password-protected, or not an "
        f".xlsx workbook; {SAVE_AS}"
    )


def test_a_part_packed_in_an_unknown_way_is_refused_as_damaged(tmp_path: Path) -> None:
    """A zip whose parts use a compression method Python cannot unpack."""
    path = hand_made(tmp_path / "plan.xlsx")
    raw = bytearray(path.read_bytes())
    for mark, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = 0
        while (at := raw.find(mark, at)) >= 0:
            struct.pack_into("<H", raw, at + offset, 99)
            at += 4
    path.write_bytes(bytes(raw))
    assert message(path) == (
        f"{path}: cannot be read: it is damaged (NotImplementedError); {SAVE_AS}"
    )


# --------------------------------------------------------------------------------------------
# the zip: OpenDocument, bombs, where the workbook part is


def ods_like(path: Path, mimetype: str) -> Path:
    return write_zip(path, {"mimetype": mimetype, "content.xml": "<document-content/>"})


def test_an_opendocument_file_renamed_xlsx_is_named_as_one(tmp_path: Path) -> None:
    path = ods_like(tmp_path / "plan.xlsx", "application/vnd.oasis.opendocument.spreadsheet")
    assert message(path) == (
        f"{path}: cannot be read: it is an OpenDocument file (.ods), " + NOT_XLSX
    )


def test_an_opendocument_mimetype_with_odd_bytes_is_still_named(tmp_path: Path) -> None:
    """Bytes that are not ASCII in the mimetype part do not stop it being recognised."""
    path = ods_like(tmp_path / "plan.xlsx", "application/vnd.oasis.opendocument.spreadsheet\u00e9")
    assert "it is an OpenDocument file (.ods)" in message(path)


def test_a_mimetype_of_199_bytes_is_read_and_one_of_200_is_not(tmp_path: Path) -> None:
    """Only a short mimetype part is read: a long one is no OpenDocument mark."""
    kind = "application/vnd.oasis.opendocument.spreadsheet"
    short = ods_like(tmp_path / "short.xlsx", kind.ljust(199))
    assert "it is an OpenDocument file (.ods)" in message(short)
    long = ods_like(tmp_path / "long.xlsx", kind.ljust(200))
    assert message(long) == (
        f"{long}: cannot be read: it is a zip file with no workbook inside, not an .xlsx; "
        + SAVE_AS
    )


def test_a_mimetype_that_is_not_opendocument_does_not_refuse_the_workbook(
    tmp_path: Path,
) -> None:
    path = hand_made(tmp_path / "plan.xlsx", extra={"mimetype": "application/zip"})
    assert [s.name for s in open_returned(path).sheets] == ["Action Plan", "Lists"]


def test_parts_unpacking_past_the_limit_are_refused_with_their_total(tmp_path: Path) -> None:
    path = hand_made(tmp_path / "plan.xlsx", extra={"xl/media/pad.bin": b"\0"})
    with zipfile.ZipFile(path) as zf:
        others = sum(i.file_size for i in zf.infolist() if i.filename != "xl/media/pad.bin")
    set_declared_size(path, "xl/media/pad.bin", MAX_UNPACKED_BYTES - others + 1)
    assert message(path) == (
        f"{path}: cannot be read: its parts unpack to 209,715,201 bytes, far more than an "
        "action plan holds (a damaged or hostile file); import the workbook cohere-tui exported"
    )


def test_parts_unpacking_to_exactly_the_limit_are_accepted(tmp_path: Path) -> None:
    path = hand_made(tmp_path / "plan.xlsx", extra={"xl/media/pad.bin": b"\0"})
    with zipfile.ZipFile(path) as zf:
        others = sum(i.file_size for i in zf.infolist() if i.filename != "xl/media/pad.bin")
    set_declared_size(path, "xl/media/pad.bin", MAX_UNPACKED_BYTES - others)
    assert [s.name for s in open_returned(path).sheets] == ["Action Plan", "Lists"]


def test_a_zip_with_no_workbook_inside_is_named_as_such(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "plan.xlsx", {"notes.txt": "hello"})
    assert message(path) == (
        f"{path}: cannot be read: it is a zip file with no workbook inside, not an .xlsx; "
        + SAVE_AS
    )


def test_the_sheets_are_listed_with_their_state_and_part(tmp_path: Path) -> None:
    """A relative target is taken from the workbook part's folder, an absolute one from the
    root; a sheet with no state is visible."""
    returned = open_returned(hand_made(tmp_path / "plan.xlsx"))
    assert returned.sheets == [
        SheetRef(name="Action Plan", state="visible", part="xl/worksheets/sheet1.xml"),
        SheetRef(name="Lists", state="hidden", part="xl/worksheets/lists.xml"),
    ]
    assert [s.hidden for s in returned.sheets] == [False, True]
    assert returned.sheet("Lists") is returned.sheets[1]
    assert returned.sheet("Action Plan") is returned.sheets[0]
    assert returned.sheet("Monitoring") is None
    assert returned.path == tmp_path / "plan.xlsx"


def test_a_sheet_without_a_name_is_listed_with_an_empty_one(tmp_path: Path) -> None:
    """The list of sheets found (shown when no Action Plan sheet is) says '' for it, not
    'None'."""
    path = hand_made(
        tmp_path / "plan.xlsx",
        extra={"xl/workbook.xml": workbook_xml('<sheet sheetId="1" r:id="rId1"/>')},
    )
    assert open_returned(path).sheets == [
        SheetRef(name="", state="visible", part="xl/worksheets/sheet1.xml")
    ]


def test_a_very_hidden_sheet_is_hidden() -> None:
    assert SheetRef(name="x", state="veryHidden", part="p").hidden
    assert not SheetRef(name="x", state="visible", part="p").hidden


def test_the_workbook_part_is_found_where_the_package_says(tmp_path: Path) -> None:
    """A workbook part not at xl/workbook.xml, named by the package's relationships after
    another relationship, its target written from the root; its sheet's target climbs up."""
    path = write_zip(
        tmp_path / "plan.xlsx",
        {
            "_rels/.rels": rels(
                ("rId1", REL + "/extended-properties", "docProps/app.xml"),
                ("rId2", OFFICE_DOCUMENT, "/Xbook/main.xml"),
            ),
            "docProps/app.xml": "<Properties/>",
            "Xbook/main.xml": workbook_xml(
                '<sheet name="Action Plan" sheetId="1" r:id="rId7"/>',
                '<sheet name="Extra" sheetId="2" r:id="rId8"/>',
            ),
            "Xbook/_rels/main.xml.rels": rels(
                ("rId7", WORKSHEET, "../sheets/plan.xml"), ("rId8", WORKSHEET, "/Xtra/x.xml")
            ),
            "sheets/plan.xml": data(),
            "Xtra/x.xml": data(),
        },
    )
    assert open_returned(path).sheets == [
        SheetRef(name="Action Plan", state="visible", part="sheets/plan.xml"),
        SheetRef(name="Extra", state="visible", part="Xtra/x.xml"),
    ]


def test_a_package_naming_a_missing_workbook_part_falls_back_to_the_usual_one(
    tmp_path: Path,
) -> None:
    path = hand_made(
        tmp_path / "plan.xlsx",
        extra={"_rels/.rels": rels(("rId1", OFFICE_DOCUMENT, "elsewhere/workbook.xml"))},
    )
    assert [s.name for s in open_returned(path).sheets] == ["Action Plan", "Lists"]


def test_damaged_package_relationships_fall_back_to_the_usual_workbook_part(
    tmp_path: Path,
) -> None:
    path = hand_made(tmp_path / "plan.xlsx", extra={"_rels/.rels": "<Relationships"})
    assert [s.name for s in open_returned(path).sheets] == ["Action Plan", "Lists"]


def test_no_package_relationships_and_no_usual_part_is_no_workbook(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "plan.xlsx",
        {"_rels/.rels": rels(("rId1", REL + "/other", "notes.txt")), "notes.txt": "x"},
    )
    assert "it is a zip file with no workbook inside" in message(path)


def test_a_sheet_whose_part_is_missing_is_not_listed(tmp_path: Path) -> None:
    path = hand_made(tmp_path / "plan.xlsx")
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist() if n != "xl/worksheets/lists.xml"}
    write_zip(path, parts)
    assert [s.name for s in open_returned(path).sheets] == ["Action Plan"]


def test_a_sheet_with_no_relationship_is_not_listed(tmp_path: Path) -> None:
    path = hand_made(
        tmp_path / "plan.xlsx",
        extra={"xl/_rels/workbook.xml.rels": rels(("rId2", WORKSHEET, "worksheets/lists.xml"))},
    )
    assert [s.name for s in open_returned(path).sheets] == ["Lists"]


def test_a_damaged_workbook_part_is_refused_saying_where(tmp_path: Path) -> None:
    path = hand_made(tmp_path / "plan.xlsx", extra={"xl/workbook.xml": "<workbook><sheets>"})
    assert message(path) == (
        f"{path}: cannot be read: its workbook part is damaged (no element found: line 1, "
        f"column 18); {SAVE_AS}"
    )


def test_damaged_workbook_relationships_are_refused_as_a_damaged_workbook_part(
    tmp_path: Path,
) -> None:
    path = hand_made(tmp_path / "plan.xlsx", extra={"xl/_rels/workbook.xml.rels": "<a><b></a>"})
    assert message(path).startswith(f"{path}: cannot be read: its workbook part is damaged (")


def test_an_exported_workbook_lists_its_sheet(tmp_path: Path) -> None:
    returned = open_returned(openpyxl_book(tmp_path / "plan.xlsx"))
    assert returned.sheets == [SheetRef(name="Action Plan", state="visible", part=SHEET_PART)]


# --------------------------------------------------------------------------------------------
# scanning a sheet: its used range, merged cells and hidden rows


def test_the_scan_finds_the_last_row_and_column_used(tmp_path: Path) -> None:
    scan = scanned(
        tmp_path,
        data('<row r="2">' + cell("C2") + "</row>", '<row r="7">' + cell("B7") + "</row>"),
    )
    assert scan == Scan(max_row=7, max_col=3, merged=[], hidden_rows=[])


@pytest.mark.parametrize(("ref", "col"), [("X3", 24), ("AX3", 50), ("GX3", None)])
def test_a_column_whose_name_ends_in_x_is_read_whole(tmp_path: Path, ref: str, col: Any) -> None:
    """Only the row's digits are taken off a reference: GX (206) is past the last column."""
    xml = data('<row r="3">' + cell(ref) + "</row>")
    if col is None:
        path, text = refusal_of_sheet(tmp_path, xml)
        assert text == too_large(path, "Action Plan", "has cells out to column GX")
    else:
        assert scanned(tmp_path, xml).max_col == col


def test_rows_without_numbers_are_counted_in_order(tmp_path: Path) -> None:
    """A row with no ``r`` (or one that is not a number) follows the row before it."""
    scan = scanned(
        tmp_path,
        data(
            '<row r="3">' + cell("A3") + "</row>",
            "<row>" + cell("A4") + "</row>",
            '<row r="x">' + cell("D5") + "</row>",
        ),
    )
    assert (scan.max_row, scan.max_col) == (5, 4)


def test_cells_without_references_count_for_rows_not_columns(tmp_path: Path) -> None:
    scan = scanned(tmp_path, data("<row>" + "<c><v>1</v></c>" * 3 + "</row>", "<row><c/></row>"))
    assert (scan.max_row, scan.max_col) == (2, 0)


def test_an_empty_row_does_not_extend_the_used_range(tmp_path: Path) -> None:
    scan = scanned(tmp_path, data('<row r="1">' + cell("B1") + '</row><row r="9"/>'))
    assert (scan.max_row, scan.max_col) == (1, 2)


def test_a_later_cell_further_left_keeps_the_widest_column(tmp_path: Path) -> None:
    scan = scanned(
        tmp_path,
        data('<row r="1">' + cell("E1") + cell("A1") + '</row><row r="2">' + cell("B2") + "</row>"),
    )
    assert (scan.max_row, scan.max_col) == (2, 5)


def test_a_cell_in_the_last_row_and_column_read_is_within_bounds(tmp_path: Path) -> None:
    scan = scanned(tmp_path, data(f'<row r="{MAX_ROWS}">' + cell(f"GR{MAX_ROWS}") + "</row>"))
    assert (scan.max_row, scan.max_col) == (MAX_ROWS, MAX_COLUMNS)


def test_a_cell_one_row_past_the_last_is_refused_naming_the_row(tmp_path: Path) -> None:
    path, text = refusal_of_sheet(
        tmp_path, data(f'<row r="{MAX_ROWS + 1}">' + cell("A1") + "</row>")
    )
    assert text == too_large(path, "Action Plan", "has cells down to row 50,001")


def test_a_cell_one_column_past_the_last_is_refused_naming_the_column(tmp_path: Path) -> None:
    path, text = refusal_of_sheet(tmp_path, data('<row r="1">' + cell("GS1") + "</row>"))
    assert text == too_large(path, "Action Plan", "has cells out to column GS")


def test_a_reference_of_lower_case_letters_counts_its_column(tmp_path: Path) -> None:
    path, text = refusal_of_sheet(tmp_path, data('<row r="1">' + cell("zz1") + "</row>"))
    assert text == too_large(path, "Action Plan", "has cells out to column ZZ")


def test_a_reference_with_four_letters_or_none_is_no_column(tmp_path: Path) -> None:
    """No column has four letters, and a reference of digits names none: neither is refused."""
    scan = scanned(tmp_path, data('<row r="1">' + cell("ZZZZ1") + cell("12") + "</row>"))
    assert (scan.max_row, scan.max_col) == (1, 0)


def test_a_three_letter_column_is_read_as_one(tmp_path: Path) -> None:
    path, text = refusal_of_sheet(tmp_path, data('<row r="1">' + cell("XFD1") + "</row>"))
    assert text == too_large(path, "Action Plan", "has cells out to column XFD")


def test_a_sheet_name_is_shown_escaped_in_the_refusal(tmp_path: Path) -> None:
    """A hostile sheet name cannot reorder or garble the message that names it."""
    path = with_sheet(tmp_path, data('<row r="1">' + cell("GS1") + "</row>"))
    returned = open_returned(path)
    ref = SheetRef(name="Plan\u202e", state="visible", part=SHEET_PART)
    with pytest.raises(WorkbookError) as info:
        scan_sheet(returned, ref)
    assert str(info.value) == too_large(path, "'Plan\\u202e'", "has cells out to column GS")


def test_hidden_rows_are_noted_in_order(tmp_path: Path) -> None:
    scan = scanned(
        tmp_path,
        data(
            '<row r="2" hidden="1">' + cell("A2") + "</row>",
            '<row r="3" hidden="0">' + cell("A3") + "</row>",
            '<row r="4" hidden="true">' + cell("A4") + "</row>",
            '<row r="5" hidden="false"/>',
            f'<row r="{MAX_ROWS}" hidden="1"/>',
            f'<row r="{MAX_ROWS + 1}" hidden="1"/>',
        ),
    )
    assert scan.hidden_rows == [2, 4, MAX_ROWS]
    assert scan.max_row == 4


def test_merged_ranges_are_noted_in_order_and_extend_the_range(tmp_path: Path) -> None:
    """A range written backwards is turned round; a one-cell range and ``$`` marks are read;
    a range that names no cells is passed over."""
    scan = scanned(
        tmp_path,
        data(
            '<row r="1">' + cell("A1") + "</row>",
            after=merges("C4:B2", "$E$6", "nonsense", "A1:B1", "A:B", "A1:B1:C1"),
        ),
    )
    assert scan.merged == [(2, 2, 4, 3, "C4:B2"), (6, 5, 6, 5, "$E$6"), (1, 1, 1, 2, "A1:B1")]
    assert (scan.max_row, scan.max_col) == (6, 5)


def test_a_merged_range_keeps_a_larger_used_range(tmp_path: Path) -> None:
    scan = scanned(tmp_path, data('<row r="9">' + cell("H9") + "</row>", after=merges("A1:B2")))
    assert (scan.max_row, scan.max_col) == (9, 8)
    assert scan.merged == [(1, 1, 2, 2, "A1:B2")]


def test_a_merged_range_within_reach_is_accepted(tmp_path: Path) -> None:
    scan = scanned(tmp_path, data(after=merges(f"A{MAX_ROWS}:GR{MAX_ROWS}")))
    assert scan.merged == [(MAX_ROWS, 1, MAX_ROWS, MAX_COLUMNS, f"A{MAX_ROWS}:GR{MAX_ROWS}")]
    assert (scan.max_row, scan.max_col) == (MAX_ROWS, MAX_COLUMNS)


@pytest.mark.parametrize("ref", [f"A1:A{MAX_ROWS + 1}", "A1:GS1", f"A{MAX_ROWS + 1}:A2"])
def test_a_merged_range_past_the_bounds_is_refused_as_written(tmp_path: Path, ref: str) -> None:
    path, text = refusal_of_sheet(tmp_path, data(after=merges(ref)))
    assert text == too_large(path, "Action Plan", f"has cells merged over {ref}")


def test_a_damaged_sheet_is_refused_naming_it(tmp_path: Path) -> None:
    path, text = refusal_of_sheet(
        tmp_path, data('<row r="1">' + cell("A1")).replace("</sheetData>", "")
    )
    assert text == (
        f"{path}: cannot be read: the 'Action Plan' sheet is damaged (ParseError); {SAVE_AS}"
    )


def test_a_row_number_in_other_digits_is_refused_as_damage(tmp_path: Path) -> None:
    path, text = refusal_of_sheet(tmp_path, data('<row r="\u00b2">' + cell("A1") + "</row>"))
    assert text == (
        f"{path}: cannot be read: the 'Action Plan' sheet is damaged (ValueError); {SAVE_AS}"
    )


def test_the_scan_of_a_large_sheet_sees_every_row(tmp_path: Path) -> None:
    """Rows are cleared as they are passed, and each is still counted."""
    rows = [f'<row r="{n}">' + cell(f"A{n}") + "</row>" for n in range(1, 3001)]
    scan = scanned(tmp_path, data(*rows))
    assert (scan.max_row, scan.max_col) == (3000, 1)


# --------------------------------------------------------------------------------------------
# reading the cells


def opened(path: Path) -> tuple[Returned, SheetRef, Scan]:
    returned = open_returned(path)
    ref = returned.sheets[0]
    return returned, ref, scan_sheet(returned, ref)


def test_the_cells_are_read_as_values_formulas_and_errors(tmp_path: Path) -> None:
    def fill(ws: Any) -> None:
        ws["A1"] = "ID"
        ws["B1"] = 7
        ws["A2"] = "=1+1"
        ws["B2"] = "#N/A"
        ws["C3"] = dt.datetime(2026, 5, 1)

    returned, ref, scan = opened(openpyxl_book(tmp_path / "plan.xlsx", fill))
    try:
        rows = read_rows(returned, ref, scan, 4)
    finally:
        returned.close()
    assert rows == [
        [Raw(value="ID"), Raw(value=7), EMPTY, EMPTY],
        [Raw(formula="=1+1"), Raw(error="#N/A"), EMPTY, EMPTY],
        [EMPTY, EMPTY, Raw(value=dt.datetime(2026, 5, 1)), EMPTY],
    ]


def test_only_the_columns_asked_for_are_read(tmp_path: Path) -> None:
    def fill(ws: Any) -> None:
        ws["A1"], ws["B1"], ws["C1"] = "a", "b", "c"
        ws["B2"] = "d"

    returned, ref, scan = opened(openpyxl_book(tmp_path / "plan.xlsx", fill))
    assert read_rows(returned, ref, scan, 2) == [
        [Raw(value="a"), Raw(value="b")],
        [EMPTY, Raw(value="d")],
    ]
    assert read_rows(returned, ref, scan, 0) == []
    returned.close()


def test_a_sheet_with_no_cells_reads_as_no_rows(tmp_path: Path) -> None:
    returned, ref, scan = opened(openpyxl_book(tmp_path / "plan.xlsx"))
    assert scan.max_row == 0
    assert read_rows(returned, ref, scan, 5) == []
    returned.close()


def test_cells_under_a_merged_range_but_its_first_read_as_merged(tmp_path: Path) -> None:
    def fill(ws: Any) -> None:
        ws["A1"] = "ID"
        ws["B2"] = "kept"
        ws["D4"] = "end"
        ws.merge_cells("B2:C3")

    returned, ref, scan = opened(openpyxl_book(tmp_path / "plan.xlsx", fill))
    rows = read_rows(returned, ref, scan, 4)
    returned.close()
    assert rows == [
        [Raw(value="ID"), EMPTY, EMPTY, EMPTY],
        [EMPTY, Raw(value="kept"), MERGED, EMPTY],
        [EMPTY, MERGED, MERGED, EMPTY],
        [EMPTY, EMPTY, EMPTY, Raw(value="end")],
    ]


def test_a_merged_range_beyond_the_cells_read_is_cut_to_them(tmp_path: Path) -> None:
    """A merged range reaching past the columns read, and past the last row that has cells,
    marks only the cells that were read."""
    xml = data(
        '<row r="1">' + cell("A1", "ID") + cell("B1", "Action") + "</row>",
        '<row r="2">' + cell("A2", "A1") + "</row>",
        after=merges("B2:E9"),
    )
    returned, ref, scan = opened(with_sheet(tmp_path, xml))
    assert scan.max_row == 9
    rows = read_rows(returned, ref, scan, 3)
    returned.close()
    assert rows[:2] == [
        [Raw(value="ID"), Raw(value="Action"), EMPTY],
        [Raw(value="A1"), EMPTY, MERGED],
    ]
    assert all(row[1:] == [MERGED, MERGED] and row[0] == EMPTY for row in rows[2:])
    assert len(rows) <= 9


def test_empty_rows_listed_past_the_last_used_one_are_not_read(tmp_path: Path) -> None:
    """A sheet may list rows with no cells far below the table (a height set, or a hostile
    file's million rows): reading stops at the last row the scan found used."""
    xml = data(
        '<row r="1">' + cell("A1", "ID") + "</row>",
        '<row r="3"/>',
        '<row r="400" ht="30" customHeight="1"/>',
    )
    returned, ref, scan = opened(with_sheet(tmp_path, xml))
    assert read_rows(returned, ref, scan, 2) == [[Raw(value="ID"), EMPTY]]
    returned.close()


def test_a_sheet_missing_from_the_workbook_is_refused_as_damaged(tmp_path: Path) -> None:
    path = openpyxl_book(tmp_path / "plan.xlsx", lambda ws: ws.append(["ID"]))
    returned, ref, scan = opened(path)
    gone = SheetRef(name="Elsewhere", state="visible", part=ref.part)
    with pytest.raises(WorkbookError) as info:
        read_rows(returned, gone, scan, 3)
    returned.close()
    assert str(info.value) == (
        f"{path}: cannot be read: the 'Elsewhere' sheet is damaged (KeyError); {SAVE_AS}"
    )


def test_a_workbook_error_while_reading_is_passed_on_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("not a zip")
    returned = Returned(path=path, sheets=[])
    ref = SheetRef(name="Action Plan", state="visible", part=SHEET_PART)
    with pytest.raises(WorkbookError) as info:
        read_rows(returned, ref, Scan(max_row=1, max_col=1), 1)
    assert str(info.value) == (
        f"{path}: cannot be read: it is damaged or not an .xlsx workbook (BadZipFile); {SAVE_AS}"
    )


def test_the_workbook_is_opened_once_streaming_and_closed(tmp_path: Path) -> None:
    returned = open_returned(openpyxl_book(tmp_path / "plan.xlsx", lambda ws: ws.append([1])))
    book = returned.book()
    assert returned.book() is book
    assert book.read_only
    returned.close()
    assert returned._book is None
    returned.close()  # closing twice is harmless
    assert returned.book() is not book
    returned.close()


def test_the_workbook_is_read_without_warnings(tmp_path: Path) -> None:
    """openpyxl warns about a workbook without styles; the reader keeps that to itself."""
    base = openpyxl_book(tmp_path / "base.xlsx", lambda ws: ws.append([1]))
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(base) as src:
        write_zip(path, {n: src.read(n) for n in src.namelist() if n != "xl/styles.xml"})
    returned = open_returned(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        returned.book()
    returned.close()
    assert caught == []


def test_a_workbook_openpyxl_cannot_open_for_permission_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = openpyxl_book(tmp_path / "plan.xlsx")
    returned = open_returned(path)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    assert message(path, lambda _: returned.book()) == (
        f"{path}: permission denied; copy the file somewhere readable"
    )


def test_a_workbook_openpyxl_cannot_read_names_the_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("hello")
    assert message(path, lambda p: Returned(path=p, sheets=[]).book()) == (
        f"{path}: cannot be read: it is damaged or not an .xlsx workbook (BadZipFile); {SAVE_AS}"
    )


def test_formulas_are_read_as_formulas_not_their_cached_values(tmp_path: Path) -> None:
    """A formula cell with a value Excel saved still reads as the formula it is."""
    xml = data('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>')
    returned, ref, scan = opened(with_sheet(tmp_path, xml))
    assert read_rows(returned, ref, scan, 1) == [[Raw(formula="=1+1")]]
    returned.close()


def test_array_and_data_table_formulas_are_formulas() -> None:
    array = ArrayFormula(ref="A1:A2", text="=SUM(B1:B2)")
    table = DataTableFormula(ref="A1:B2")
    assert reader._raw(SimpleNamespace(value=array, data_type="n")) == Raw(formula="=SUM(B1:B2)")
    assert reader._raw(SimpleNamespace(value=table, data_type="n")) == Raw(formula=str(table))
    assert reader._raw(SimpleNamespace(value=None)) == EMPTY
    assert reader._raw(SimpleNamespace(value=0)) == Raw(value=0)
    assert reader._raw(SimpleNamespace(value="#REF!", data_type="e")) == Raw(error="#REF!")


# --------------------------------------------------------------------------------------------
# what a cell means


def test_a_blank_cell_is_empty_or_spaces_but_never_a_formula_or_error() -> None:
    assert Raw().blank and Raw(value=" \n\t").blank and Raw(value="").blank
    assert not Raw(value="x").blank and not Raw(value=0).blank and not Raw(value=False).blank
    assert not Raw(formula="=A1").blank and not Raw(error="#N/A").blank
    assert not Raw(value="", formula="=A1").blank and not Raw(value=" ", error="#N/A").blank
    assert EMPTY.blank and MERGED.blank and MERGED.merged and not EMPTY.merged


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("plain", "plain"),
        ("two\r\nlines\rhere", "two\nlines\nhere"),
        ("bell\x07 gone", "bell gone"),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(2026, 5, 1), "2026-05-01"),
        (dt.datetime(2026, 5, 1, 9, 30), "2026-05-01 09:30:00"),
        (dt.date(2026, 5, 1), "2026-05-01"),
        (dt.time(9, 30), "09:30:00"),
        (3.0, "3"),
        (3.5, "3.5"),
        (-0.0, "0"),
        (12, "12"),
        (0, "0"),
    ],
)
def test_a_value_reads_as_a_person_would_read_it(value: Any, text: str) -> None:
    assert as_text(value) == text


def test_headers_and_titles_compare_ignoring_case_and_spacing() -> None:
    assert norm_header("  Latest\n  UPDATE\t") == "latest update"
    assert title_key(" Draft  the\nAgreement ") == "draft the agreement"
    assert title_key("Straße") == title_key("STRASSE")


@pytest.mark.parametrize(
    ("name", "is_plan"),
    [
        ("Action Plan", True),
        ("Action Plan (2)", True),
        ("action_plan", True),
        ("  ACTION   plan copy", True),
        ("Plan", False),
        ("Actions", False),
        ("Monitoring", False),
    ],
)
def test_an_action_plan_sheet_is_known_by_its_name(name: str, is_plan: bool) -> None:
    assert is_action_plan_name(name) is is_plan


def test_columns_are_numbered_from_their_letters_and_back() -> None:
    pairs = [("A", 1), ("Z", 26), ("AA", 27), ("AZ", 52), ("GR", 200), ("XFD", 16384)]
    for letters, index in pairs:
        assert column_index(letters) == index
        assert column_index(letters.lower()) == index
        assert column_letter(index) == letters
    assert column_letter(0) == ""
    assert column_letter(MAX_COLUMNS) == "GR"


# dates


def test_a_blank_date_is_no_date() -> None:
    assert read_date(Raw(), "Due") is None
    assert read_date(Raw(value="  "), "Due") is None


def test_a_date_is_read_from_a_date_cell_or_iso_text() -> None:
    assert read_date(Raw(value=dt.datetime(2026, 5, 1, 13, 0)), "Due") == dt.date(2026, 5, 1)
    assert type(read_date(Raw(value=dt.datetime(2026, 5, 1)), "Due")) is dt.date
    assert read_date(Raw(value=dt.date(2026, 5, 1)), "Due") == dt.date(2026, 5, 1)
    assert read_date(Raw(value=" 2026-05-01\n"), "Due") == dt.date(2026, 5, 1)


def problem(call: Any, *args: Any) -> str:
    with pytest.raises(CellProblem) as info:
        call(*args)
    return str(info.value)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "1 May 2026", "2026-5-1", "20260501", "2026-05-01x"]
)
def test_text_that_is_no_iso_date_is_refused_with_the_form_to_use(text: str) -> None:
    assert problem(read_date, Raw(value=f" {text} "), "Start") == (
        f"Start {text!r} is not a date; type it as YYYY-MM-DD (e.g. 2026-05-01) or use a date cell"
    )


@pytest.mark.parametrize(("value", "shown"), [(46143, "46143"), (46143.0, "46143"), (1.5, "1.5")])
def test_a_number_is_refused_as_no_date(value: Any, shown: str) -> None:
    assert problem(read_date, Raw(value=value), "Due") == (
        f"Due holds the number {shown}, not a date; format the cell as a date or type YYYY-MM-DD"
    )


def test_a_time_is_refused_as_no_date() -> None:
    assert problem(read_date, Raw(value=dt.time(9, 30)), "Due") == (
        "Due holds '09:30:00', not a date; type YYYY-MM-DD"
    )


# text


def test_a_cell_filled_to_its_limit_is_refused_as_possibly_cut() -> None:
    assert problem(check_not_full, Raw(value="x" * MAX_CELL_CHARS), "Notes") == (
        "Notes fills the cell to its limit (32,767 characters), so its end may have been cut; "
        "put the text in the app instead — this field was not read"
    )


def test_a_cell_one_short_of_its_limit_or_not_text_is_taken() -> None:
    assert check_not_full(Raw(value="x" * (MAX_CELL_CHARS - 1)), "Notes") is None
    assert check_not_full(Raw(value=10**40), "Notes") is None


def test_a_control_character_is_named_with_the_column() -> None:
    assert unsafe_text(Raw(value="Call \x1b[2J now"), "Notes") == (
        "Notes holds the control character U+001B (escape), which would garble the screen; "
        "remove it from the cell"
    )


def test_a_bidi_control_is_named_with_the_column() -> None:
    assert unsafe_text(Raw(value="Pay \u202egnp.exe"), "Latest update") == (
        "Latest update holds the bidirectional control U+202E (right-to-left override), which "
        "changes the order in which the text is shown; remove it from the cell"
    )


def test_a_control_character_is_named_before_a_bidi_control() -> None:
    text = unsafe_text(Raw(value="\u202e and \x07"), "Notes")
    assert text is not None and text.startswith("Notes holds the control character U+0007 (bell)")


@pytest.mark.parametrize("value", ["two\r\nlines", "old\rmac", "tab\tand\nline", "", 5, None])
def test_line_ends_tabs_and_values_not_text_are_safe(value: Any) -> None:
    assert unsafe_text(Raw(value=value), "Notes") is None


# choices


def test_a_status_is_read_by_its_label_or_value() -> None:
    assert read_status(Raw(value=" In Progress ")) is ActionStatus.IN_PROGRESS
    assert read_status(Raw(value="done")) is ActionStatus.DONE
    assert read_status(Raw(value="not_started")) is ActionStatus.NOT_STARTED


@pytest.mark.parametrize(("value", "shown"), [(" Finished ", "Finished"), (None, ""), (3.0, "3")])
def test_a_status_not_allowed_is_refused_with_the_choices(value: Any, shown: str) -> None:
    assert problem(read_status, Raw(value=value)) == (
        f"Status {shown!r} is not allowed; choose one of: Not started, In progress, Blocked, "
        "Done, Dropped"
    )


PRIORITIES = [(p, [p.label, p.value]) for p in Priority]
DOMAINS = [(d, [d.label, d.value, d.short]) for d in Domain]


def test_a_choice_is_read_by_any_of_its_names_ignoring_case_and_spacing() -> None:
    assert read_choice("  HIGH ", PRIORITIES, "Priority") is Priority.HIGH
    assert read_choice("low", PRIORITIES, "Priority") is Priority.LOW
    assert read_choice("strategic\n communication", DOMAINS, "Domain") is Domain.COMMUNICATION
    assert read_choice("data_use", DOMAINS, "Domain") is Domain.DATA_USE
    assert read_choice(Domain.ENGAGEMENT.short, DOMAINS, "Domain") is Domain.ENGAGEMENT


def test_a_choice_not_allowed_is_refused_naming_the_choices_by_their_labels() -> None:
    assert problem(read_choice, "Urgent", PRIORITIES, "Priority") == (
        "Priority 'Urgent' is not allowed; choose one of: High, Medium, Low"
    )
    assert problem(read_choice, "Other", DOMAINS, "Domain") == (
        "Domain 'Other' is not allowed; choose one of: Goals, Funding and policies, "
        "Strategic communication, Interest holder engagement, Capacity building, Data use"
    )


# IDs and names


KNOWN = {"F1", "F2", "F3", "F10"}


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("", []),
        ("   ", []),
        ("F1", ["F1"]),
        ("f2", ["F2"]),
        ("F1; F2, F3\nF10", ["F1", "F2", "F3", "F10"]),
        ("F3 Home visiting; F1 Family support", ["F3", "F1"]),
        ("  F2 first;F2 again, f2", ["F2"]),
        ("F1 and F2", ["F1"]),
        ("F1; see the notes", ["F1"]),
    ],
)
def test_ids_are_read_from_the_start_of_each_part(text: str, ids: list[str]) -> None:
    assert read_ids(text, "F", KNOWN, "Findings") == ids


def test_an_id_not_in_the_session_is_named() -> None:
    assert problem(read_ids, "F1; f9", "F", KNOWN, "Findings") == (
        "Findings names F9, which is not in the session"
    )


@pytest.mark.parametrize("text", ["see the notes", "x F1", "F0", "F01", "F1a", "I1", "FF1"])
def test_text_naming_no_id_is_refused_with_the_form_of_one(text: str) -> None:
    assert problem(read_ids, f" {text} ", "F", KNOWN, "Findings") == (
        f"Findings {text!r} names no F-number (F1, F2, …)"
    )


def test_initiative_ids_use_their_own_prefix() -> None:
    assert read_ids("I3 Home visiting; i7", "I", {"I3", "I7"}, "Initiatives") == ["I3", "I7"]
    assert problem(read_ids, "F3", "I", {"I3"}, "Initiatives") == (
        "Initiatives 'F3' names no I-number (I1, I2, …)"
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("", []),
        ("Ana, Ben ,, Chloe", ["Ana", "Ben", "Chloe"]),
        ("Smith, J.; Lee, K.", ["Smith, J.", "Lee, K."]),
        ("County office\nSchool district, north", ["County office", "School district, north"]),
        (" ; Ana ;\n", ["Ana"]),
        ("One name", ["One name"]),
    ],
)
def test_names_split_on_semicolons_or_lines_else_on_commas(text: str, names: list[str]) -> None:
    assert split_names(text) == names
