"""The commands that open the app: the file work they do before the app starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohere_tui import cli
from cohere_tui.document import SessionDocument
from cohere_tui.store import load_session


def run_main(*args: str) -> int:
    with pytest.raises(SystemExit) as exc:
        cli.main(list(args))
    return int(exc.value.code or 0)


def test_new_creates_slugged_file_and_opens_it(
    tmp_path: Path, opened: list[SessionDocument | None], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "s"
    code = run_main(
        "new", "Family Outcomes: 2026/27!", "--type", "vertical", "--sessions-dir", str(folder)
    )
    assert code == 0
    path = folder / "family-outcomes-2026-27.toml"
    assert path.exists()
    assert capsys.readouterr().out.strip() == str(path)
    assert opened[0] is not None and opened[0].path == path
    session = load_session(path).session
    assert session.title == "Family Outcomes: 2026/27!"
    assert session.alignment_type.value == "vertical"
    # a second session with the same title does not overwrite the first
    assert run_main("new", "Family Outcomes: 2026/27!", "--sessions-dir", str(folder)) == 0
    assert (folder / "family-outcomes-2026-27-2.toml").exists()


def test_new_title_cannot_escape_the_folder(tmp_path: Path, opened: list) -> None:
    folder = tmp_path / "s"
    assert run_main("new", "../../etc/passwd", "--sessions-dir", str(folder)) == 0
    assert [p.name for p in folder.iterdir()] == ["etc-passwd.toml"]
    assert not (tmp_path / "etc").exists()


def test_demo_copies_once_and_opens(tmp_path: Path, opened: list) -> None:
    folder = tmp_path / "s"
    assert run_main("demo", "--sessions-dir", str(folder)) == 0
    files = list(folder.glob("*.toml"))
    assert len(files) == 1
    demo = files[0]
    assert opened[0] is not None and opened[0].path == demo
    # the user's edits to their copy are kept: demo opens the copy, it does not recopy
    demo.write_bytes(demo.read_bytes().replace(b"cycle = 1", b"cycle = 1\n", 1))
    edited = demo.read_bytes()
    assert run_main("demo", "--sessions-dir", str(folder)) == 0
    assert demo.read_bytes() == edited


def test_open_and_picker(tmp_path: Path, opened: list) -> None:
    folder = tmp_path / "s"
    run_main("new", "One", "--sessions-dir", str(folder))
    assert run_main("open", str(folder / "one.toml")) == 0
    assert opened[-1] is not None and opened[-1].path == folder / "one.toml"
    assert run_main("--sessions-dir", str(folder)) == 0
    assert opened[-1] is None
