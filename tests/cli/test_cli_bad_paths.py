"""Odd titles and odd paths on the command line.

A title, whatever it holds, names a file that is a direct child of the sessions folder, with
a plain name, and is kept as typed inside the file. Paths with spaces and Unicode work; a
folder, a missing file or a file that is not a session gets a message naming it and exit 1
(2 for bad usage), and nothing is written or lost. Most cases call ``cli.main`` in-process
(the app itself replaced by a recorder); a representative few run the real command.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohere_tui import cli
from cohere_tui.models import CONTROL_CHARACTERS
from cohere_tui.store import _RESERVED, MAX_SLUG, load_session, unique_session_path

SLUG_FILE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.toml$")
DEMO = (resources.files("cohere_tui") / "data" / "demo.toml").read_bytes()


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(exc.value.code or 0), out, err


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under the folder, with the bytes of each file."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def check_new_file(folder: Path, title: str) -> Path:
    files = list(folder.iterdir())
    assert len(files) == 1, files
    path = files[0]
    assert path.parent == folder
    assert path.resolve().parent == folder.resolve()
    assert SLUG_FILE.match(path.name), path.name
    assert len(path.name.encode()) <= MAX_SLUG + len("-session.toml")
    assert path.stem not in _RESERVED
    # kept as typed, but for the surrounding spaces and line ends saved as "\n" (store rule)
    expected = title.strip().replace("\r\n", "\n").replace("\r", "\n")
    assert load_session(path).session.title == expected
    return path


# --------------------------------------------------------------------------------------------
# titles


TITLES = {
    "spaces": "  Family   outcomes  2026  ",
    "accents": "Éducation, santé et services sociaux",
    "cjk": "家庭成果 協調 2026",
    "emoji": "🙂 Family outcomes 🚸",
    "rtl": "\u202eeman \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "combining": "Cafe\u0301 cre\u0300me",
    "dot-dot-slash": "../../etc/x",
    "absolute": "/abs/path",
    "windows-path": "C:\\Windows\\system32\\drivers",
    "home": "~/plans/$HOME",
    "dot-dot": "..",
    "dot": ".",
    "only-punctuation": "?!*<>|:;.,'\"",
    "leading-dots": "...hidden plan",
    "trailing-dot-space": "Plan. ",
    "con": "CON",
    "nul-txt": "nul.txt",
    "com1": "COM1",
    "lpt9": "lpt9",
    "aux-dot": "aux.",
    "escape-as-text": "Plan \\u001b[31m ^[[2J",
    "edge-controls": "\x1f\x85 Plan \x1c",  # stripped as surrounding spaces
    "carriage-returns": "Line one\r\nline two\rthree",
    "newline-tab": "Line one\nline\ttwo",
    "very-long": "Family outcomes " * 625,  # 10,000 characters
    "huge-word": "x" * 10_000,
    "zero-width": "\u200b\u200c\u200d\ufeff",
}


@pytest.mark.parametrize("kind", sorted(TITLES))
def test_new_with_any_title_makes_a_plain_file_inside_the_folder(
    kind: str, tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]
) -> None:
    title = TITLES[kind]
    folder = tmp_path / "sessions"
    code, out, _err = run_main(capsys, "new", title, "--sessions-dir", folder)
    assert code == 0
    path = check_new_file(folder, title)
    assert out.strip() == str(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions"]  # nothing outside
    assert opened[0] is not None and opened[0].path == path


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_new_with_an_empty_title_is_refused(
    title: str, tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_main(capsys, "new", title, "--sessions-dir", tmp_path / "s")
    assert code == 1
    assert "title is empty" in err and "give the session a title" in err
    assert not (tmp_path / "s").exists() and not opened


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Plan\x1b[31m red", "U+001B (escape)"),
        ("Plan\x07 bell", "U+0007 (bell)"),
        ("Plan\x00B", "U+0000 (null)"),
        ("Plan \x7f", "U+007F (delete)"),
        ("Plan \x9b2J", "U+009B (control sequence introducer)"),
        ("Plan \x90 x", "U+0090"),
    ],
)
def test_new_with_a_control_character_in_the_title_is_refused(
    title: str, code: str, tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]
) -> None:
    exit_code, out, err = run_main(capsys, "new", title, "--sessions-dir", tmp_path / "s")
    assert exit_code == 1
    assert f"the title holds the control character {code}" in err
    assert "remove it and type the title again" in err
    assert not CONTROL_CHARACTERS.search(out + err)  # the message itself is safe to show
    assert not (tmp_path / "s").exists() and not opened


def test_new_never_overwrites_a_session_of_the_same_name(
    tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    (folder / "session.toml").write_bytes(b"precious")
    (folder / "con-session.toml").mkdir()  # a folder takes the name too
    for title in ("..", "???", "CON", "con"):
        assert run_main(capsys, "new", title, "--sessions-dir", folder)[0] == 0
    assert (folder / "session.toml").read_bytes() == b"precious"
    assert sorted(p.name for p in folder.iterdir()) == [
        "con-session-2.toml",
        "con-session-3.toml",
        "con-session.toml",
        "session-2.toml",
        "session-3.toml",
        "session.toml",
    ]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    title=st.text(min_size=1, max_size=120)
    | st.text(  # half the titles without control characters, so that most make a file
        alphabet=st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r"),
        min_size=1,
        max_size=120,
    )
)
def test_any_title_from_the_command_line(
    title: str, opened: list, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as base:
        folder = Path(base) / "sessions"
        code, _out, err = run_main(capsys, "new", "--sessions-dir", folder, "--", title)
        if not title.strip():
            assert code == 1 and "title is empty" in err
            assert not folder.exists()
            return
        if CONTROL_CHARACTERS.search(title.strip().replace("\r", "\n")):
            assert code == 1 and "the title holds the control character U+" in err
            assert not folder.exists()
            return
        assert code == 0, err
        check_new_file(folder, title)
        assert sorted(p.name for p in Path(base).iterdir()) == ["sessions"]


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(titles=st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_unique_session_paths_stay_in_the_folder_and_never_repeat(titles: list[str]) -> None:
    with tempfile.TemporaryDirectory() as base:
        folder = Path(base)
        made: list[Path] = []
        for title in titles:
            path = unique_session_path(folder, title)
            assert path.parent == folder and not path.exists()
            assert SLUG_FILE.match(path.name), path.name
            path.write_text("x", encoding="utf-8")
            made.append(path)
        assert len(set(made)) == len(made)
        assert sorted(folder.iterdir()) == sorted(made)


# --------------------------------------------------------------------------------------------
# paths with spaces and Unicode


@pytest.fixture
def odd_session(tmp_path: Path) -> Path:
    folder = tmp_path / "my sessions ✓"
    folder.mkdir()
    path = folder / "Plan é 日本 😀 (copy).toml"
    path.write_bytes(DEMO)
    return path


def test_paths_with_spaces_and_unicode_work(
    odd_session: Path, tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(capsys, "validate", odd_session) == (0, "", "")

    code, out, _err = run_main(
        capsys, "export", odd_session, "--exports-dir", tmp_path / "exports é"
    )
    assert code == 0
    exported = Path(out.strip())
    assert exported.parent == tmp_path / "exports é" and exported.exists()
    assert exported.name.startswith("plan-e-copy-action-plan-")

    target = odd_session.parent / "Résumé d'actions 📋.xlsx"
    code, out, _err = run_main(capsys, "export", odd_session, "-o", target)
    assert code == 0 and Path(out.strip()) == target and target.exists()

    code, out, _err = run_main(capsys, "next-cycle", odd_session)
    assert code == 0
    assert Path(out.strip()) == odd_session.with_name("Plan é 日本 😀 (copy)-cycle-2.toml")

    assert run_main(capsys, "open", odd_session)[0] == 0
    assert opened[-1] is not None and opened[-1].path == odd_session
    assert odd_session.read_bytes() == DEMO


def test_next_cycle_of_a_file_with_a_very_long_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / ("é" * 120 + ".toml")  # 240 bytes: "-cycle-2" would not fit
    source.write_bytes(DEMO)
    code, out, _err = run_main(capsys, "next-cycle", source)
    assert code == 0
    target = Path(out.strip())
    assert target.parent == tmp_path and target.name.endswith("-cycle-2.toml")
    assert len(target.name.encode()) <= 255
    assert load_session(target).session.cycle == 2


# --------------------------------------------------------------------------------------------
# things that are not session files


def _make_bad(kind: str, base: Path) -> Path:
    if kind == "folder":
        path = base / "a folder.toml"
        path.mkdir()
    elif kind == "missing":
        path = base / "nowhere" / "gone.toml"
    elif kind == "text":
        path = base / "notes.txt"
        path.write_text("Agenda:\n- budget\n- timeline\n", encoding="utf-8")
    elif kind == "markdown":
        path = base / "README.md"
        path.write_text("# Plan\n\nSome words.\n", encoding="utf-8")
    elif kind == "binary":
        path = base / "photo.toml"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    elif kind == "empty":
        path = base / "empty.toml"
        path.write_bytes(b"")
    elif kind == "workbook":
        path = base / "plan.xlsx"
        path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40)
    else:  # pragma: no cover
        raise AssertionError(kind)
    return path


BAD_KINDS = ["folder", "missing", "text", "markdown", "binary", "empty", "workbook"]
COMMANDS = ["validate", "open", "export", "next-cycle"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", BAD_KINDS)
def test_a_path_that_is_not_a_session(
    command: str,
    kind: str,
    tmp_path: Path,
    opened: list,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = tmp_path / "work"
    base.mkdir()
    path = _make_bad(kind, base)
    before = tree(tmp_path)
    code, out, err = run_main(
        capsys, command, path, "--exports-dir", tmp_path / "exports", "--sessions-dir", base
    )
    assert code == 1
    assert out == ""
    assert err.startswith(f"{path}"), err
    assert re.search(r"; .*\b(check|open|name|fix|restore|save)\b", err), err
    assert tree(tmp_path) == before  # nothing written, nothing lost
    assert not opened


# --------------------------------------------------------------------------------------------
# output places


def test_export_to_a_missing_folder_is_refused(
    odd_session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(tmp_path)
    code, _out, err = run_main(capsys, "export", odd_session, "-o", tmp_path / "no" / "x.xlsx")
    assert code == 1
    assert "no such folder" in err and str(tmp_path / "no") in err
    assert tree(tmp_path) == before


def test_export_onto_a_folder_is_refused(
    odd_session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out.xlsx").mkdir()
    before = tree(tmp_path)
    code, _out, err = run_main(capsys, "export", odd_session, "-o", tmp_path / "out.xlsx")
    assert code == 1 and "is a folder" in err and "-o " in err
    assert tree(tmp_path) == before


def test_export_onto_an_existing_file_or_without_xlsx_is_refused(
    odd_session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "precious.xlsx").write_bytes(b"someone's workbook")
    before = tree(tmp_path)
    code, _out, err = run_main(capsys, "export", odd_session, "-o", tmp_path / "precious.xlsx")
    assert code == 1 and "already exists" in err
    code, _out, err = run_main(capsys, "export", odd_session, "-o", tmp_path / "plan.csv")
    assert code == 1 and "must end in .xlsx" in err
    assert tree(tmp_path) == before


def test_folders_that_are_files(
    odd_session: Path, tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "afile"
    afile.write_bytes(b"keep me")
    before = tree(tmp_path)
    for args in (
        ["new", "Plan", "--sessions-dir", afile],
        ["new", "Plan", "--sessions-dir", afile / "below"],
        ["demo", "--sessions-dir", afile],
        ["--sessions-dir", afile],
        ["export", odd_session, "--exports-dir", afile],
    ):
        code, _out, err = run_main(capsys, *args)
        assert code == 1, args
        assert str(afile) in err and ("folder" in err or "Not a directory" in err), err
    assert tree(tmp_path) == before
    assert not opened


@pytest.mark.parametrize(
    "args",
    [
        ["new"],
        ["export"],
        ["validate", "a.toml", "b.toml"],
        ["export", "a.toml", "-o"],
        ["new", "x", "--type", "diagonal"],
        ["open", "a.toml", "--frobnicate"],
        ["import-updates", "a.toml"],
    ],
)
def test_bad_usage_exits_2(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(tmp_path)
    code, _out, err = run_main(capsys, *args)
    assert code == 2 and "usage:" in err
    assert tree(tmp_path) == before


# --------------------------------------------------------------------------------------------
# the real command, in a subprocess, for a representative few


def run(*args: str | bytes | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    argv: list[str | bytes] = [a if isinstance(a, bytes) else str(a) for a in args]
    return subprocess.run(
        [sys.executable, "-m", "cohere_tui", *argv],
        cwd=cwd, capture_output=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in result.stdout + result.stderr


def test_subprocess_validate_and_export_unicode_paths(odd_session: Path, tmp_path: Path) -> None:
    result = run("validate", odd_session, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    result = run("export", odd_session, "-o", tmp_path / "missing" / "plan.xlsx", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1 and b"no such folder" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_subprocess_title_with_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    result = run("new", b"Caf\xe9 plan", "--sessions-dir", tmp_path / "s", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1
    assert b"not valid UTF-8" in result.stderr
    assert not (tmp_path / "s").exists() or not list((tmp_path / "s").iterdir())


def test_subprocess_not_a_session(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Agenda\n", encoding="utf-8")
    result = run("validate", notes, cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.startswith(f"{notes}:1:") and "not a .toml file" in err
    result = run("next-cycle", tmp_path, cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1 and b"is a folder" in result.stderr


def test_new_takes_the_sessions_details(
    tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from cohere_tui.store import load_session

    folder = tmp_path / "sessions"
    code, out, _err = run_main(
        capsys, "new", "Riverside plan", "--sessions-dir", folder, "--type", "vertical",
        "--organisation", "Riverside USD", "--facilitator", "Ana Ruiz",
        "--meeting-date", "2027-01-14",
    )  # fmt: skip
    assert code == 0
    session = load_session(Path(out.strip())).session
    assert (session.organisation, session.facilitator) == ("Riverside USD", "Ana Ruiz")
    assert session.meeting_date == dt.date(2027, 1, 14)
    assert session.alignment_type.value == "vertical"


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--meeting-date", "someday", "--meeting-date"),
        ("--meeting-date", "2400-01-01", "--meeting-date"),
        ("--organisation", "A\x1b[2Jb", "U+001B"),
    ],
)
def test_new_refuses_bad_details_and_writes_nothing(
    option: str, value: str, said: str, tmp_path: Path, opened: list,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    code, _out, err = run_main(
        capsys, "new", "Plan", "--sessions-dir", tmp_path / "s", option, value
    )
    assert code == 1 and said in err
    assert not (tmp_path / "s").exists() and not opened
