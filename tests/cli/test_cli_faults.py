"""Commands that write, when writing fails: a clear message naming the file, exit status 1,
no traceback, and nothing half-written.

Tests may run as root, for whom file modes do not stop a write, so an unwritable place is
made in two honest ways: a folder path that runs through a regular file, and a process
whose file writes into one folder fail with EACCES, EROFS or ENOSPC (fault injection).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cohere_tui.lock import acquire
from cohere_tui.store import load_session

EXE = [sys.executable, "-m", "cohere_tui"]

INJECT = """
import os, sys
from pathlib import Path

folder = Path(os.environ["FAULT_FOLDER"]).resolve()
code = int(os.environ["FAULT_ERRNO"])

import cohere_tui.files

real_open = cohere_tui.files.open_exclusive


def faulty_open(path):
    if Path(path).resolve().parent == folder:
        raise OSError(code, os.strerror(code), str(path))
    return real_open(path)


cohere_tui.files.open_exclusive = faulty_open
from cohere_tui.cli import main

main()
"""

FAULTS = {
    "permission-denied": errno.EACCES,
    "read-only-disk": errno.EROFS,
    "disk-full": errno.ENOSPC,
}


def run(
    *args: str | Path, cwd: Path, fault: tuple[Path, int] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    command = [*EXE]
    if fault is not None:
        env["FAULT_FOLDER"], env["FAULT_ERRNO"] = str(fault[0]), str(fault[1])
        command = [sys.executable, "-c", INJECT]
    return subprocess.run(
        [*command, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def failed_clearly(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr, (word, result.stderr)


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("a regular file, not a folder\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["new", "demo"])
def test_a_sessions_folder_inside_a_regular_file(
    tmp_path: Path, a_file: Path, command: str
) -> None:
    args = ["new", "Family outcomes"] if command == "new" else ["demo"]
    result = run(*args, "--sessions-dir", a_file / "sessions", cwd=tmp_path)
    failed_clearly(result, str(a_file / "sessions"), "--sessions-dir")
    assert a_file.read_text(encoding="utf-8").startswith("a regular file")


def test_export_into_a_regular_file(tmp_path: Path, demo: Path, a_file: Path) -> None:
    result = run("export", demo, "-o", a_file / "plan.xlsx", cwd=tmp_path)
    failed_clearly(result, "plan.xlsx")
    result = run("export", demo, "--exports-dir", a_file / "exports", cwd=tmp_path)
    failed_clearly(result, str(a_file / "exports"))


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_new_and_demo_when_the_folder_cannot_be_written(tmp_path: Path, fault: int) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    reason = os.strerror(fault)
    result = run(
        "new", "Family outcomes", "--sessions-dir", folder, cwd=tmp_path, fault=(folder, fault)
    )
    failed_clearly(result, str(folder / "family-outcomes.toml"), reason)
    result = run("demo", "--sessions-dir", folder, cwd=tmp_path, fault=(folder, fault))
    failed_clearly(result, str(folder), reason)
    assert list(folder.iterdir()) == []  # nothing half-written, no temporary file left


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_export_when_the_folder_cannot_be_written(tmp_path: Path, demo: Path, fault: int) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    result = run("export", demo, cwd=tmp_path, fault=(exports, fault))
    failed_clearly(result, "exports/harmon-action-plan-", os.strerror(fault))
    assert list(exports.iterdir()) == []


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_next_cycle_and_import_when_the_folder_cannot_be_written(
    tmp_path: Path, demo: Path, fault: int
) -> None:
    from openpyxl import load_workbook

    before = demo.read_bytes()
    result = run("next-cycle", demo, cwd=tmp_path, fault=(demo.parent, fault))
    failed_clearly(result, "harmon-cycle-2.toml", os.strerror(fault))
    assert sorted(p.name for p in demo.parent.iterdir()) == ["harmon.toml"]

    exported = run("export", demo, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    wb = load_workbook(tmp_path / exported.stdout.strip())
    ws = wb["Action Plan"]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("Notes") + 1).value = "Called the clinic"
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    result = run(
        "import-updates", demo, returned, "--yes", cwd=tmp_path, fault=(demo.parent, fault)
    )
    failed_clearly(result, str(demo), os.strerror(fault))
    assert demo.read_bytes() == before
    assert sorted(p.name for p in demo.parent.iterdir()) == ["harmon.toml"]


def test_import_refuses_a_session_open_in_the_app(tmp_path: Path, demo: Path) -> None:
    from openpyxl import load_workbook

    exported = run("export", demo, cwd=tmp_path)
    wb = load_workbook(tmp_path / exported.stdout.strip())
    ws = wb["Action Plan"]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("Notes") + 1).value = "Called the clinic"
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    before = demo.read_bytes()
    lock = acquire(demo)  # this test process plays the running app
    result = run("import-updates", demo, returned, "--yes", cwd=tmp_path)
    failed_clearly(result, str(demo), "open in cohere-tui", "import")
    assert demo.read_bytes() == before
    lock.release()
    result = run("import-updates", demo, returned, "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert any(a.notes == "Called the clinic" for a in load_session(demo).session.actions)
