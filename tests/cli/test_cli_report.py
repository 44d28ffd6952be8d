"""`report` in subprocesses, as a user runs it: where the PDF goes, the public edition, a
three-cycle chain made with `next-cycle`, and the exit statuses of DESIGN §4."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

EXE = [sys.executable, "-m", "cohere_tui"]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXE, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


def test_report_writes_a_new_pdf_in_exports_and_never_overwrites(
    tmp_path: Path, demo: Path
) -> None:
    first = run("report", demo, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    path = tmp_path / first.stdout.strip()
    assert path.parent.name == "exports"
    assert path.name == f"harmon-report-{dt.date.today():%Y-%m-%d}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    again = run("report", demo, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.strip().endswith("-2.pdf")
    assert (tmp_path / again.stdout.strip()).exists() and path.exists()


def test_report_o_names_the_file_and_replaces_it(tmp_path: Path, demo: Path) -> None:
    target = tmp_path / "board-packet.pdf"
    target.write_bytes(b"last month's")
    result = run("report", demo, "-o", target, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_report_public_warns_of_owners_not_on_the_team_list(
    tmp_path: Path, demo: Path, pdftotext: Callable[[Path], str]
) -> None:
    result = run("report", demo, "--public", "--exports-dir", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.name.endswith("-public.pdf") and path.parent == tmp_path / "out"
    assert "warning: public edition" in result.stderr and "County counsel" in result.stderr
    text = " ".join(pdftotext(path).split())
    assert "Public edition" in text and "Sam Liu" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}"], "is a folder"),
        (["-o", "{tmp}/nowhere/r.pdf"], "no such folder"),
        (["-o", "{tmp}/r.txt"], "must end in .pdf"),
        (["--exports-dir", "{demo}"], "is not a folder"),
    ],
)
def test_report_output_problems_exit_1_with_a_message(
    tmp_path: Path, demo: Path, args: list[str], message: str
) -> None:
    filled = [a.format(tmp=tmp_path, demo=demo) for a in args]
    result = run("report", demo, *filled, cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_report_of_a_bad_session_exits_1_and_bad_usage_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "x"\ncycle = "two"\n', encoding="utf-8")
    bad = run("report", broken, cwd=tmp_path)
    assert bad.returncode == 1 and "broken.toml" in bad.stderr and "Traceback" not in bad.stderr
    missing = run("report", tmp_path / "absent.toml", cwd=tmp_path)
    assert missing.returncode == 1 and "absent.toml" in missing.stderr
    assert run("report", cwd=tmp_path).returncode == 2
    assert run("report", broken, "--bogus", cwd=tmp_path).returncode == 2


def test_a_three_cycle_chain_from_next_cycle_shows_its_history(
    tmp_path: Path, demo: Path, pdftotext: Callable[[Path], str]
) -> None:
    second = run("next-cycle", demo, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    third = run("next-cycle", second.stdout.strip(), cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    # the folder moves: the chain still holds (its links are relative)
    moved = tmp_path / "moved"
    shutil.move(demo.parent, moved)
    last = moved / Path(third.stdout.strip()).name
    result = run("report", last, "-o", tmp_path / "c3.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(pdftotext(tmp_path / "c3.pdf").split())
    assert "The story across cycles" in text
    assert "Cycle 1" in text and "Cycle 2" in text and "Cycle 3" in text
    assert "C1 C2 C3" in text  # a bar per cycle, labelled
