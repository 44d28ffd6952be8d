"""LibreOffice Calc doing the editing, as a person would: a headless Basic macro that runs a
list of commands (open a workbook, type into cells, sort a range, paste a range elsewhere,
save as .xlsx, print to PDF) in one LibreOffice start.

Each :class:`Calc` has its own LibreOffice profile (``-env:UserInstallation``), so runs in
parallel never share one. soffice exits 0 even when a macro fails, so the macro writes a
log line per command and :meth:`Calc.run` checks it: every command must say ``ok``.

Commands (one per line, fields separated by tabs; ``\\n`` in a text stands for a line end):

    open    PATH
    set     SHEET  CELL  TEXT          type text into a cell (as typed: a string)
    sort    SHEET  RANGE  COLUMN       sort the range by its COLUMN-th column (0-based)
    copy    SHEET  RANGE  CELL         copy the range so that its top left lands on CELL
    save    PATH                       save as Excel 2007-365 (.xlsx)
    pdf     PATH                       export to PDF
    close
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

MACRO = r"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Calc" script:language="StarBasic">
Function Props(name As String, value) As Object
  Dim p(0) As New com.sun.star.beans.PropertyValue
  p(0).Name = name
  p(0).Value = value
  Props = p()
End Function

Sub Log(out, text As String)
  out.writeString(text &amp; Chr(10))
End Sub

Sub Run(commands As String, logfile As String)
  Dim sfa As Object, inp As Object, out As Object, doc As Object, sheet As Object
  Dim line As String, f, cmd As String
  Dim fields(0) As New com.sun.star.table.TableSortField
  sfa = createUnoService("com.sun.star.ucb.SimpleFileAccess")
  inp = createUnoService("com.sun.star.io.TextInputStream")
  inp.setInputStream(sfa.openFileRead(ConvertToURL(commands)))
  inp.setEncoding("UTF-8")
  If sfa.exists(ConvertToURL(logfile)) Then sfa.kill(ConvertToURL(logfile))
  out = createUnoService("com.sun.star.io.TextOutputStream")
  out.setOutputStream(sfa.openFileWrite(ConvertToURL(logfile)))
  out.setEncoding("UTF-8")
  On Error GoTo Failed
  Do While Not inp.isEOF()
    line = Replace(Replace(inp.readLine(), Chr(13), ""), Chr(10), "")
    If Len(line) &gt; 0 Then
      f = Split(line, Chr(9))
      cmd = f(0)
      If cmd = "open" Then
        doc = StarDesktop.loadComponentFromURL(ConvertToURL(f(1)), "_blank", 0, Props("Hidden", True))
      ElseIf cmd = "set" Then
        doc.Sheets.getByName(f(1)).getCellRangeByName(f(2)).setString(Join(Split(f(3), "\n"), Chr(10)))
      ElseIf cmd = "sort" Then
        fields(0).Field = CInt(f(3))
        fields(0).IsAscending = True
        doc.Sheets.getByName(f(1)).getCellRangeByName(f(2)).sort(Props("SortFields", fields()))
      ElseIf cmd = "copy" Then
        sheet = doc.Sheets.getByName(f(1))
        sheet.copyRange(sheet.getCellRangeByName(f(3)).getCellAddress(), sheet.getCellRangeByName(f(2)).getRangeAddress())
      ElseIf cmd = "save" Then
        doc.storeToURL(ConvertToURL(f(1)), Props("FilterName", "Calc MS Excel 2007 XML"))
      ElseIf cmd = "pdf" Then
        doc.storeToURL(ConvertToURL(f(1)), Props("FilterName", "calc_pdf_Export"))
      ElseIf cmd = "close" Then
        doc.close(True)
        doc = Nothing
      Else
        Log(out, "error unknown command " &amp; cmd)
        GoTo Finish
      End If
      Log(out, "ok " &amp; cmd)
    End If
  Loop
  GoTo Finish
Failed:
  Log(out, "error " &amp; line &amp; ": " &amp; Error$ &amp; " (" &amp; Err &amp; ")")
  Resume Finish
Finish:
  On Error Resume Next
  If Not IsNull(doc) Then doc.close(True)
  out.closeOutput()
  inp.closeInput()
End Sub
</script:module>
"""

LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Calc"/>
</library:library>
"""


def require(tool: str) -> str:
    """The tool's path; skips the test without it, unless CI=true (then it fails: CI must
    never skip these silently)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                f"{tool} is not on PATH and CI=true: CI must run the LibreOffice tests "
                "(.ci/run installs libreoffice-calc and poppler-utils)"
            )
        pytest.skip(
            f"{tool} is not on PATH; install LibreOffice Calc and poppler-utils "
            "(apt-get install libreoffice-calc poppler-utils) to run these tests"
        )
    return path


def soffice(args: list[str], profile: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run headless LibreOffice with its own profile; on a timeout its whole process group
    is stopped (soffice starts soffice.bin, which would outlive it)."""
    command = [
        require("soffice"),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        *args,
    ]
    env = {**os.environ, "HOME": str(profile.parent)}
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            pytest.fail(f"LibreOffice did not finish in {timeout} s:\n{out}{err}")
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


class Calc:
    """LibreOffice Calc with a profile of its own, ready to run command lists."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.profile = folder / "profile"
        self._ready = False
        self._runs = 0

    def _prepare(self) -> None:
        if self._ready:
            return
        # the first start lays out the profile (and replaces its Basic library), so the
        # macro is written after it
        result = soffice(["--terminate_after_init"], self.profile)
        standard = self.profile / "user" / "basic" / "Standard"
        assert standard.is_dir(), f"LibreOffice made no profile:\n{result.stdout}{result.stderr}"
        (standard / "Calc.xba").write_text(MACRO, encoding="utf-8")
        (standard / "script.xlb").write_text(LIBRARY, encoding="utf-8")
        self._ready = True

    def run(self, commands: list[list[str]]) -> None:
        """Run the commands in one LibreOffice start; fails the test unless each says ok."""
        self._prepare()
        self._runs += 1
        script = self.folder / f"commands-{self._runs}.txt"
        log = self.folder / f"log-{self._runs}.txt"
        lines = ["\t".join(part.replace("\n", "\\n") for part in command) for command in commands]
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        macro = f'macro:///Standard.Calc.Run("{script}","{log}")'
        result = soffice([macro], self.profile)
        said = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
        expected = [f"ok {command[0]}" for command in commands]
        assert said == expected, (
            f"LibreOffice did not run every command:\n{said}\n{result.stdout}{result.stderr}"
        )

    def convert(self, book: Path, target: str, outdir: Path) -> subprocess.CompletedProcess[str]:
        """``soffice --convert-to``; the caller checks that the file it wants is there."""
        self._prepare()
        outdir.mkdir(parents=True, exist_ok=True)
        return soffice(["--convert-to", target, str(book), "--outdir", str(outdir)], self.profile)


# --------------------------------------------------------------------------------------------
# reading LibreOffice's PDF


@dataclass
class Page:
    """One printed page: which sheet it is (from its header), its text, the font sizes its
    text is drawn at (points, after the print scale) and whether it is landscape."""

    number: int
    sheet: str
    text: str
    sizes: list[float]
    landscape: bool


def _objects(data: bytes) -> dict[int, bytes]:
    return {
        int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)
    }


def _content(body: bytes) -> bytes:
    found = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S)
    if found is None:
        return b""
    raw = found.group(1)
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return raw


def pdf_pages(path: Path) -> list[Page]:
    """The pages of a PDF LibreOffice wrote (one content stream per page, pages in one tree),
    with the font size of every piece of text (the ``Tf`` operators: LibreOffice draws text
    at its printed size)."""
    data = path.read_bytes()
    objects = _objects(data)
    kids: list[int] = []
    for body in objects.values():
        if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body:
            found = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
            assert found is not None
            kids = [int(x) for x in re.findall(rb"(\d+) 0 R", found.group(1))]
    text = subprocess.run(
        [require("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    pages = []
    for n, number in enumerate(kids, start=1):
        body = objects[number]
        contents = re.search(rb"/Contents\s+(\d+) 0 R", body)
        stream = _content(objects[int(contents.group(1))]) if contents else b""
        sizes = [float(x) for x in re.findall(rb"([\d.]+) Tf", stream)]
        box = re.search(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)", body)
        landscape = box is not None and float(box.group(1)) > float(box.group(2))
        page_text = text[n - 1] if n - 1 < len(text) else ""
        first = next((line for line in page_text.splitlines() if line.strip()), "")
        sheet = re.split(r"\s{2,}", first.strip())[-1] if first else ""
        pages.append(Page(n, sheet, page_text, sizes, landscape))
    return pages


@dataclass(frozen=True)
class Word:
    """A word as pdftotext places it on a page (points, from the top left)."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pdf_words(path: Path) -> list[Word]:
    """Every word of the PDF with its box (``pdftotext -bbox``), pages numbered from 1."""
    html = subprocess.run(
        [require("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words: list[Word] = []
    for n, page in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            words.append(Word(n, m.group(5), x0, y0, x1, y1))
    return words
