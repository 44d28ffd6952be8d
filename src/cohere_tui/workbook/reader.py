"""Reading a returned workbook, within bounds, and its cells as a person means them.

A returned file is untrusted: it may be damaged, renamed, or built to explode (a merged
range down to row 1,048,576, a used range out to column XFD, a zip whose parts unpack to
gigabytes, a sheet of a million rows). So before openpyxl reads anything:

- the file must be a regular file of at most :data:`MAX_WORKBOOK_BYTES`, and what it is
  is told from its first bytes, not its name (a renamed ``.ods``, ``.xls`` or ``.csv`` gets
  the same message as one with its real name);
- the zip's parts may unpack to at most :data:`MAX_UNPACKED_BYTES` together (the sizes its
  directory declares; Python's zip reader never unpacks more than a part declares);
- the sheets to be read are scanned first, as a stream: their used range (rows, columns
  and merged cells) must stay within :data:`MAX_ROWS` × :data:`MAX_COLUMNS`, and hidden
  rows are noted.

Only then does openpyxl read, in read-only (streaming) mode, only those sheets and only
that range. Every refusal is a :class:`~.contract.WorkbookError` that says what to do.

openpyxl is imported only inside :func:`read_rows`.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import stat
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from ..models import ActionStatus, control_character, control_problem
from .contract import (
    ACTION_PLAN_SHEET,
    MAX_CELL_CHARS,
    WorkbookError,
    bidi_control,
    bidi_problem,
    clean_text,
)

MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
"""The largest returned file read (an exported action plan of 10,000 rows is about 2 MB)."""

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""The most the parts of a returned workbook may unpack to, together."""

MAX_ROWS = 50_000
"""The last row of a sheet that is read; a used range beyond it is refused."""

MAX_COLUMNS = 200
"""The last column (GR) of a sheet that is read; a used range beyond it is refused."""

HEADER_SCAN_ROWS = 20

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_SAVE_AS = "open it in Excel or LibreOffice, save it as .xlsx (Excel 2007-365) and import that"


# --------------------------------------------------------------------------------------------
# the file and its parts


@dataclass(frozen=True)
class SheetRef:
    """A sheet of a returned workbook, as its workbook part lists it."""

    name: str
    state: str
    """``visible``, ``hidden`` or ``veryHidden``."""
    part: str
    """The zip member holding it."""

    @property
    def hidden(self) -> bool:
        return self.state != "visible"


@dataclass
class Returned:
    """A returned workbook that passed the checks: a real .xlsx within the size bounds.

    Its cells are read (:func:`read_rows`) through one openpyxl workbook in read-only mode,
    opened at the first read; :meth:`close` closes it.
    """

    path: Path
    sheets: list[SheetRef]
    _book: Any = None

    def sheet(self, name: str) -> SheetRef | None:
        return next((s for s in self.sheets if s.name == name), None)

    def book(self) -> Any:
        """The openpyxl workbook (read-only), opened once."""
        if self._book is None:
            from openpyxl import load_workbook

            path = self.path
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self._book = load_workbook(
                        path, read_only=True, data_only=False, keep_links=False
                    )
            except PermissionError:
                raise WorkbookError(
                    path, "permission denied; copy the file somewhere readable"
                ) from None
            except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
                raise WorkbookError(
                    path,
                    f"cannot be read: it is damaged or not an .xlsx workbook "
                    f"({type(exc).__name__}); {_SAVE_AS}",
                ) from None
        return self._book

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element: Any, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


def _kind_of(head: bytes) -> str:
    if head.startswith(b"PK"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    return "other"


def _not_xlsx(path: Path, what: str) -> WorkbookError:
    return WorkbookError(path, f"cannot be read: {what}, not an .xlsx workbook; {_SAVE_AS}")


def open_returned(path: Path) -> Returned:
    """Check a returned workbook and list its sheets; raises :class:`WorkbookError` saying
    clearly why it cannot be read. Nothing but the zip's directory and the workbook part is
    read here."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise WorkbookError(path, "no such file; check the path to the returned workbook") from None
    except OSError as exc:
        raise WorkbookError(path, f"cannot be read ({exc.strerror}); check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise WorkbookError(path, "is a folder; name the returned .xlsx workbook")
    if not stat.S_ISREG(info.st_mode):
        raise WorkbookError(
            path, "is not a regular file (a pipe or a device); name the returned .xlsx workbook"
        )
    if info.st_size == 0:
        raise WorkbookError(
            path,
            "the file is empty, so it is not a workbook; check the path, or save the "
            "workbook again from Excel or LibreOffice",
        )
    if info.st_size > MAX_WORKBOOK_BYTES:
        raise WorkbookError(
            path,
            f"the file is {info.st_size:,} bytes, more than an action plan can be "
            f"({MAX_WORKBOOK_BYTES:,}); import the workbook cohere-tui exported, with only "
            "the Action Plan edited",
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except PermissionError:
        raise WorkbookError(path, "permission denied; copy the file somewhere readable") from None
    except OSError as exc:
        raise WorkbookError(path, f"cannot be read ({exc.strerror})") from None
    kind = _kind_of(head)
    if kind == "xls":
        raise _not_xlsx(path, "it is an Excel 97-2003 workbook (.xls) or another old format")
    if kind != "zip":
        raise _not_xlsx(path, "it is text (a CSV file or similar) or another kind of file")
    try:
        with zipfile.ZipFile(path) as zf:
            return _check_zip(path, zf)
    except zipfile.BadZipFile:
        raise WorkbookError(
            path,
            "cannot be read: it is damaged, cut short or password-protected, or not an .xlsx "
            f"workbook; {_SAVE_AS}",
        ) from None
    except (OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise WorkbookError(
            path, f"cannot be read: it is damaged ({type(exc).__name__}); {_SAVE_AS}"
        ) from None
    except RuntimeError:  # an encrypted part (after NotImplementedError, a kind of it)
        raise _password_protected(path) from None


def _password_protected(path: Path) -> WorkbookError:
    return WorkbookError(
        path,
        "cannot be read: it is password-protected (its parts are encrypted); save it without "
        f"a password, or {_SAVE_AS}",
    )


def _check_zip(path: Path, zf: zipfile.ZipFile) -> Returned:
    names = set(zf.namelist())
    if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
        mimetype = zf.read("mimetype").decode("ascii", "replace")
        if "opendocument" in mimetype:
            raise _not_xlsx(path, "it is an OpenDocument file (.ods)")
    unpacked = sum(item.file_size for item in zf.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(
            path,
            f"cannot be read: its parts unpack to {unpacked:,} bytes, far more than an action "
            "plan holds (a damaged or hostile file); import the workbook cohere-tui exported",
        )
    workbook_part = _workbook_part(zf, names)
    if workbook_part is None:
        raise WorkbookError(
            path,
            f"cannot be read: it is a zip file with no workbook inside, not an .xlsx; {_SAVE_AS}",
        )
    return Returned(path=path, sheets=_sheets(path, zf, names, workbook_part))


def _xml(zf: zipfile.ZipFile, part: str) -> Iterator[tuple[str, Any]]:
    with zf.open(part) as fh:
        yield from iterparse(fh, events=("start",))


def _workbook_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    if "_rels/.rels" in names:
        try:
            for _, el in _xml(zf, "_rels/.rels"):
                if _local(el.tag) == "Relationship" and str(el.get("Type", "")).endswith(
                    "/officeDocument"
                ):
                    target = str(el.get("Target", "")).lstrip("/")
                    if target in names:
                        return target
        except ParseError:
            pass
    return "xl/workbook.xml" if "xl/workbook.xml" in names else None


def _sheets(path: Path, zf: zipfile.ZipFile, names: set[str], part: str) -> list[SheetRef]:
    folder = posixpath.dirname(part)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(part) + ".rels")
    targets: dict[str, str] = {}
    try:
        if rels_part in names:
            for _, el in _xml(zf, rels_part):
                if _local(el.tag) == "Relationship":
                    target = str(el.get("Target", ""))
                    if target.startswith("/"):
                        resolved = target.lstrip("/")
                    else:
                        resolved = posixpath.normpath(posixpath.join(folder, target))
                    targets[str(el.get("Id", ""))] = resolved
        sheets = []
        for _, el in _xml(zf, part):
            if _local(el.tag) == "sheet":
                rid = _attr(el, "id") or ""
                sheets.append(
                    SheetRef(
                        name=str(el.get("name", "")),
                        state=str(el.get("state", "visible")),
                        part=targets.get(rid, ""),
                    )
                )
    except ParseError as exc:
        raise WorkbookError(
            path, f"cannot be read: its workbook part is damaged ({exc}); {_SAVE_AS}"
        ) from None
    return [s for s in sheets if s.part in names]


# --------------------------------------------------------------------------------------------
# scanning a sheet before it is read


@dataclass
class Scan:
    """A sheet's used range, merged cells and hidden rows, found without reading its cells."""

    max_row: int = 0
    max_col: int = 0
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    """(first row, first column, last row, last column, range as written)."""
    hidden_rows: list[int] = field(default_factory=list)


_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _ref(text: str) -> tuple[int, int] | None:
    m = _CELL_REF.match(text.strip())
    if not m:
        return None
    return int(m.group(2)), column_index(m.group(1))


def _too_large(path: Path, sheet: str, what: str) -> WorkbookError:
    return WorkbookError(
        path,
        f"the '{sheet}' sheet {what}, beyond what an action plan uses (row {MAX_ROWS:,}, "
        f"column {column_letter(MAX_COLUMNS)}); it was not read — delete the rows and columns "
        "beyond the table (and unmerge cells that reach that far), or export the workbook "
        "again, and import that",
    )


def scan_sheet(returned: Returned, ref: SheetRef) -> Scan:
    """Stream the sheet's part once: its used range must stay within bounds (else
    :class:`WorkbookError`, in a fraction of a second however large the range claims to be)."""
    from ..validation import shown

    path = returned.path
    name = shown(ref.name)
    scan = Scan()
    row_counter = 0
    names: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as zf, zf.open(ref.part) as fh:
            for event, el in iterparse(fh, events=("start", "end")):
                tag = names.get(el.tag)
                if tag is None:
                    tag = names[el.tag] = _local(el.tag)
                if event == "end":
                    if tag == "row":
                        el.clear()
                    continue
                if tag == "c":
                    if row_counter > MAX_ROWS:
                        raise _too_large(path, name, f"has cells down to row {row_counter:,}")
                    r = el.get("r")
                    if r:
                        letters = r.rstrip("0123456789")
                        col = column_index(letters) if 0 < len(letters) <= 3 else 0
                        if col > MAX_COLUMNS:
                            raise _too_large(
                                path, name, f"has cells out to column {column_letter(col)}"
                            )
                        if col > scan.max_col:
                            scan.max_col = col
                    if row_counter > scan.max_row:
                        scan.max_row = row_counter
                elif tag == "row":
                    r = el.get("r")
                    row_counter = int(r) if r and r.isdigit() else row_counter + 1
                    if el.get("hidden") in ("1", "true") and row_counter <= MAX_ROWS:
                        scan.hidden_rows.append(row_counter)
                elif tag == "mergeCell":
                    coord = str(el.get("ref", ""))
                    first, _, last = coord.partition(":")
                    a, b = _ref(first), _ref(last or first)
                    if a is None or b is None:
                        continue
                    top, left = min(a[0], b[0]), min(a[1], b[1])
                    bottom, right = max(a[0], b[0]), max(a[1], b[1])
                    if bottom > MAX_ROWS or right > MAX_COLUMNS:
                        raise _too_large(path, name, f"has cells merged over {coord}")
                    scan.merged.append((top, left, bottom, right, coord))
                    scan.max_row = max(scan.max_row, bottom)
                    scan.max_col = max(scan.max_col, right)
    except (
        ParseError,
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise WorkbookError(
            path,
            f"cannot be read: the '{name}' sheet is damaged ({type(exc).__name__}); {_SAVE_AS}",
        ) from None
    except RuntimeError:  # zipfile's refusal of an encrypted part
        raise _password_protected(path) from None
    return scan


# --------------------------------------------------------------------------------------------
# reading cells


@dataclass(frozen=True)
class Raw:
    """A cell as read: its value, or why it has none we can use."""

    value: Any = None
    formula: str | None = None
    error: str | None = None
    merged: bool = False

    @property
    def blank(self) -> bool:
        if self.formula is not None or self.error is not None:
            return False
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


EMPTY = Raw()
MERGED = Raw(merged=True)


def _raw(cell: Any) -> Raw:
    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", "n")
    if data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        text = getattr(value, "text", None) or str(value)
        return Raw(formula=text)
    if data_type == "e":
        return Raw(error=str(value))
    if value is None:
        return EMPTY
    return Raw(value=value)


def read_rows(returned: Returned, ref: SheetRef, scan: Scan, max_col: int) -> list[list[Raw]]:
    """The sheet's cells, rows 1 to the last used one and columns 1 to ``max_col``; a cell
    covered by a merged range but its first reads as :data:`MERGED`."""
    wb = returned.book()
    rows: list[list[Raw]] = []
    try:
        ws = wb[ref.name]
        last = scan.max_row
        if last and max_col:
            for cells in ws.iter_rows(min_row=1, max_row=last, max_col=max_col):
                row = [_raw(c) for c in cells]
                row += [EMPTY] * (max_col - len(row))
                rows.append(row)
    except WorkbookError:
        raise
    except Exception as exc:
        from ..validation import shown

        raise WorkbookError(
            returned.path,
            f"cannot be read: the '{shown(ref.name)}' sheet is damaged ({type(exc).__name__}); "
            f"{_SAVE_AS}",
        ) from None
    for top, left, bottom, right, _ in scan.merged:
        for r in range(top, min(bottom, len(rows)) + 1):
            for c in range(left, min(right, max_col) + 1):
                if (r, c) != (top, left):
                    rows[r - 1][c - 1] = MERGED
    return rows


def as_text(value: Any) -> str:
    """A cell's value as text, as a person would read it."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return clean_text(text)


def norm_header(text: str) -> str:
    return " ".join(text.split()).casefold()


def title_key(text: str) -> str:
    """How Action texts are compared: ignoring case and spacing."""
    return " ".join(text.split()).casefold()


def is_action_plan_name(name: str) -> bool:
    """Whether a sheet's name says it is an Action Plan (copies included: 'Action Plan (2)')."""
    return norm_header(name).replace("_", " ").startswith(norm_header(ACTION_PLAN_SHEET))


class CellProblem(Exception):
    """A cell's value cannot be used; the message says why and what to do."""


def read_date(raw: Raw, header: str) -> dt.date | None:
    value = raw.value
    if raw.blank:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise CellProblem(
            f"{header} {text!r} is not a date; type it as YYYY-MM-DD (e.g. 2026-05-01) "
            "or use a date cell"
        )
    if isinstance(value, int | float):
        raise CellProblem(
            f"{header} holds the number {as_text(value)}, not a date; format the cell as a "
            "date or type YYYY-MM-DD"
        )
    raise CellProblem(f"{header} holds {as_text(value)!r}, not a date; type YYYY-MM-DD")


def check_not_full(raw: Raw, header: str) -> None:
    """A text cell filled to the limit may have lost its end (openpyxl reads no more)."""
    if isinstance(raw.value, str) and len(raw.value) >= MAX_CELL_CHARS:
        raise CellProblem(
            f"{header} fills the cell to its limit ({MAX_CELL_CHARS:,} characters), so its end "
            "may have been cut; put the text in the app instead — this field was not read"
        )


def unsafe_text(raw: Raw, header: str) -> str | None:
    """Why a text cell cannot be taken as it is, or None when it can: a control character
    (a terminal would act on it) or a bidirectional control (it reorders how the text
    around it is shown, so what the plan prints is not what it stores).

    A line end written ``\\r\\n`` or ``\\r`` is a line feed, as everywhere in a workbook.
    """
    if not isinstance(raw.value, str):
        return None
    text = raw.value.replace("\r\n", "\n").replace("\r", "\n")
    char = control_character(text)
    if char is not None:
        return f"{header} {control_problem(char)} from the cell"
    bidi = bidi_control(text)
    if bidi is not None:
        return f"{header} {bidi_problem(bidi)} from the cell"
    return None


def read_status(raw: Raw) -> ActionStatus:
    text = as_text(raw.value).strip()
    try:
        return ActionStatus.from_label(text)
    except ValueError:
        allowed = ", ".join(s.label for s in ActionStatus)
        raise CellProblem(f"Status {text!r} is not allowed; choose one of: {allowed}") from None


def read_choice(text: str, options: list[tuple[Any, list[str]]], header: str) -> Any:
    key = norm_header(text)
    for value, names in options:
        if key in (norm_header(n) for n in names):
            return value
    allowed = ", ".join(names[0] for _, names in options)
    raise CellProblem(f"{header} {text!r} is not allowed; choose one of: {allowed}")


def read_ids(text: str, prefix: str, known: set[str], header: str) -> list[str]:
    """IDs at the start of each ``;`` or ``,`` separated part (``I3 Home visiting; I7 …``)."""
    found: list[str] = []
    pattern = re.compile(rf"\s*({prefix}[1-9][0-9]*)\b", re.IGNORECASE)
    for part in re.split(r"[;,\n]", text):
        m = pattern.match(part)
        if m:
            ident = m.group(1).upper()
            if ident not in known:
                raise CellProblem(f"{header} names {ident}, which is not in the session")
            if ident not in found:
                found.append(ident)
    if text.strip() and not found:
        raise CellProblem(
            f"{header} {text.strip()!r} names no {prefix}-number ({prefix}1, {prefix}2, …)"
        )
    return found


def split_names(text: str) -> list[str]:
    parts = re.split(r"[;\n]", text) if re.search(r"[;\n]", text) else text.split(",")
    return [p.strip() for p in parts if p.strip()]
