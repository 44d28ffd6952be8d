"""The command line, in a subprocess, on a session file holding a control character: a clear
message naming the place and the character, exit status 1, no traceback, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cohere_tui.models import CONTROL_CHARACTERS

EXE = [sys.executable, "-m", "cohere_tui"]

RAW = (
    b'schema_version = 1\ntitle = "Family outcomes"\n\n[[goals]]\nid = "G1"\n'
    b'title = "Ready \\u001b[2J for school"\n'
)


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [*EXE, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=60, env=env
    )


@pytest.mark.parametrize("command", ["validate", "export", "open", "next-cycle"])
def test_a_session_with_an_escape_is_refused_by_every_command(tmp_path: Path, command: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(RAW)
    result = run(command, path, cwd=tmp_path)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    assert (
        f"{path}: goal G1: title: the text holds the control character U+001B (escape), "
        "which would garble the screen; remove it from the file" in result.stderr
    )
    assert not CONTROL_CHARACTERS.search(result.stderr)  # the message cannot garble either
    assert path.read_bytes() == RAW
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]  # nothing written


def test_new_with_an_escape_in_the_title_is_refused(tmp_path: Path) -> None:
    result = run("new", "--sessions-dir", tmp_path / "s", "Plan\x1b[2J", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "the title holds the control character U+001B (escape)" in result.stderr
    assert "remove it and type the title again" in result.stderr
    assert not (tmp_path / "s").exists()
