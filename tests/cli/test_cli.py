"""The command line, run as a user runs it: in a subprocess, checking exit status and output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cohere_tui.store import dumps_session, new_session

EXE = [sys.executable, "-m", "cohere_tui"]


def run(*args: str | Path, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [*EXE, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        env=env,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.toml"
    path.write_bytes(dumps_session(new_session("Good session")))
    return path


def test_validate_good_file_is_silent(tmp_path: Path, good_file: Path) -> None:
    result = run("validate", good_file, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""


def test_validate_packaged_demo_is_silent(tmp_path: Path) -> None:
    from importlib import resources

    demo = tmp_path / "demo.toml"
    demo.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    result = run("validate", demo, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


BROKEN = {
    "syntax": (b'schema_version = 1\ntitle = "x\n', ":2:"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    "latin1": ('schema_version = 1\ntitle = "caf\xe9"\n'.encode("latin-1"), "UTF-8"),
    "empty": (b"", "empty"),
    "wrong-type": (b'schema_version = 1\ntitle = "x"\ncycle = "one"\n', "cycle"),
    "unknown-goal": (
        b'schema_version = 1\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "A"\n'
        b'goals = ["G9"]\n',
        "initiative I1",
    ),
    "duplicate-id": (
        b'schema_version = 1\ntitle = "x"\ngoals = [{id = "G1", title = "a"}, '
        b'{id = "G1", title = "b"}]\n',
        "goal G1",
    ),
    "rating-range": (
        b'schema_version = 1\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "A"\n'
        b"[initiatives.alignment]\nvision = 7\n",
        "alignment.vision",
    ),
    "newer-schema": (b'schema_version = 99\ntitle = "x"\n', "newer"),
    "no-schema": (b'title = "x"\n', "schema_version"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_validate_broken_file_names_it_and_exits_1(tmp_path: Path, kind: str) -> None:
    content, expected = BROKEN[kind]
    path = tmp_path / f"{kind}.toml"
    path.write_bytes(content)
    before = path.read_bytes()
    result = run("validate", path, cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert str(path) in result.stderr
    assert expected in result.stderr
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


def test_validate_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('schema_version = 1\ntitle = "ok"\norganisation = = 3\n', encoding="utf-8")
    result = run("validate", path, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}:3:")


def test_validate_missing_file_and_folder(tmp_path: Path) -> None:
    missing = run("validate", tmp_path / "nope.toml", cwd=tmp_path)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    folder = run("validate", tmp_path, cwd=tmp_path)
    assert folder.returncode == 1 and "folder" in folder.stderr
    no_traceback(missing)
    no_traceback(folder)


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    for args in (["validate"], ["frobnicate"], ["new"], ["new", "x", "--type", "diagonal"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        no_traceback(result)


def test_open_broken_file_exits_1_without_starting_the_app(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("schema_version = 1\n", encoding="utf-8")
    result = run("open", path, cwd=tmp_path)
    assert result.returncode == 1
    assert "title" in result.stderr
    no_traceback(result)


def test_sessions_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = run("new", "Plan", "--sessions-dir", tmp_path / "afile", cwd=tmp_path)
    assert result.returncode == 1
    assert "not a folder" in result.stderr
    no_traceback(result)


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in (
        "open",
        "new",
        "demo",
        "export",
        "import-updates",
        "validate",
        "next-cycle",
    ):
        assert command in result.stdout
