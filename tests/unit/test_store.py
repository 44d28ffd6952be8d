"""The store: byte-stable TOML, atomic saves with backup, conflicts, and every broken file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohere_tui.models import Action, Goal, Initiative, Session
from cohere_tui.store import (
    ConflictError,
    SessionFileError,
    dumps_session,
    load_session,
    new_session,
    save_session,
    scan_sessions,
    slugify,
    unique_session_path,
)

DEMO = resources.files("cohere_tui") / "data" / "demo.toml"


def test_demo_round_trip_is_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_bytes(DEMO.read_bytes())
    loaded = load_session(path)
    assert dumps_session(loaded.session) == path.read_bytes()
    before = path.stat().st_mtime_ns
    save_session(loaded.session, path, expected=loaded.fingerprint)
    assert path.read_bytes() == DEMO.read_bytes()
    assert path.stat().st_mtime_ns == before  # nothing written for an unchanged session
    assert not (tmp_path / "demo.toml.bak").exists()


def test_layout_is_readable_and_ordered() -> None:
    session = new_session("T", today=dt.date(2026, 1, 2))
    session.goals.append(Goal(id="G2", title="b"))
    session.goals.append(Goal(id="G1", title="a"))
    session.initiatives.append(
        Initiative(id="I1", name="x", alignment={"G1": 1, "vision": 2, "G2": 3})
    )
    session.vision.statement = "line one\nline two"
    text = dumps_session(session).decode()
    assert text.startswith("schema_version = 1\ntitle = ")
    assert 'statement = """\nline one\nline two"""' in text
    assert "created = 2026-01-02" in text  # a native TOML date
    # ratings follow the goals' order, after the vision
    assert text.index("vision = 2") < text.index("G2 = 3") < text.index("G1 = 1")
    assert "participants" not in text  # empty collections are left out
    assert "domains" not in text


safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=40
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=safe_text.filter(str.strip), body=safe_text, owner=safe_text)
def test_any_text_round_trips(
    tmp_path_factory: pytest.TempPathFactory, title: str, body: str, owner: str
) -> None:
    session = Session(title=title)
    session.vision.theory_of_change = body
    session.actions.append(Action(id="A1", title=title, owner=owner, notes="=" + body))
    path = tmp_path_factory.mktemp("rt") / "s.toml"
    save_session(session, path)
    again = load_session(path).session
    assert again == session
    assert dumps_session(again) == path.read_bytes()


def test_save_keeps_backup_and_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = new_session("First")
    fp = save_session(session, path)
    first = path.read_bytes()
    session.title = "Second"
    save_session(session, path, expected=fp)
    assert (tmp_path / "s.toml.bak").read_bytes() == first
    assert b"Second" in path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml", "s.toml.bak"]


def test_conflict_is_refused_and_disk_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    fp = save_session(new_session("Mine"), path)
    path.write_text(path.read_text().replace("Mine", "Theirs"))
    theirs = path.read_bytes()
    with pytest.raises(ConflictError) as exc:
        save_session(new_session("Mine again"), path, expected=fp)
    assert str(path) in str(exc.value)
    assert path.read_bytes() == theirs


@pytest.mark.parametrize(
    ("content", "expected_start", "expected_text"),
    [
        (b'schema_version = 1\ntitle = "x\n', ":2:11:", "TOML syntax"),
        (b'schema_version = 1\ntitle = """open', ":2:", "TOML syntax"),
        (b"\x00\x01binary", ":", "binary"),
        (b'schema_version = 1\ntitle = "\xff"\n', ":2:", "UTF-8"),
        (b"", ":", "empty"),
        (b"   \n", ":", "empty"),
        (b"schema_version = 1\ncycle = 2\n", ":", "session: title: is missing"),
        (b'schema_version = 1\ntitle = "x"\ncycle = "two"\n', ":", "cycle"),
        (b'schema_version = 7\ntitle = "x"\n', ":", "newer cohere-tui"),
        (b'title = "x"\n', ":", "schema_version: missing"),
        (b'schema_version = 1\ntitle = "x"\nbogus = 1\n', ":", "bogus"),
    ],
)
def test_broken_files_name_file_and_place(
    tmp_path: Path, content: bytes, expected_start: str, expected_text: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(SessionFileError) as exc:
        load_session(path)
    first = exc.value.lines[0]
    assert first.startswith(f"{path}{expected_start}") or first.startswith(f"{path}: ")
    if expected_start.count(":") > 1:
        assert first.startswith(f"{path}{expected_start}")
    assert expected_text in str(exc.value)
    assert path.read_bytes() == content


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError, match="no such file"):
        load_session(tmp_path / "none.toml")
    with pytest.raises(SessionFileError, match="folder"):
        load_session(tmp_path)


def test_content_errors_name_the_item(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 1\ntitle = "x"\n[[initiatives]]\nid = "I3"\nname = "A"\n'
        'goals = ["G9"]\n[initiatives.domains]\ndata_use = 5\n',
        encoding="utf-8",
    )
    with pytest.raises(SessionFileError) as exc:
        load_session(path)
    assert exc.value.lines[0].startswith(f"{path}: initiative I3: domains.data_use:")


def test_slugify() -> None:
    assert slugify("Family Outcomes 2026!") == "family-outcomes-2026"
    assert slugify("Éducation & Santé") == "education-sante"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("???") == "session"
    assert slugify("CON") == "con-session"
    assert len(slugify("x" * 500)) <= 60


def test_unique_session_path(tmp_path: Path) -> None:
    first = unique_session_path(tmp_path, "Plan")
    first.write_text("x")
    second = unique_session_path(tmp_path, "Plan")
    assert (first.name, second.name) == ("plan.toml", "plan-2.toml")
    assert second.parent == tmp_path


def test_scan_sessions_lists_broken_with_reason(tmp_path: Path) -> None:
    save_session(new_session("Good"), tmp_path / "good.toml")
    (tmp_path / "bad.toml").write_text("nope = [", encoding="utf-8")
    (tmp_path / "good.toml.bak").write_text("ignored", encoding="utf-8")
    found = {s.path.name: s for s in scan_sessions(tmp_path)}
    assert set(found) == {"good.toml", "bad.toml"}
    assert found["good.toml"].title == "Good" and found["good.toml"].error is None
    assert found["bad.toml"].error is not None and "TOML syntax" in found["bad.toml"].error


def test_core_never_imports_textual_or_openpyxl() -> None:
    code = (
        "import sys, cohere_tui, cohere_tui.models, cohere_tui.store, cohere_tui.validation, "
        "cohere_tui.document, cohere_tui.analysis, cohere_tui.progress, cohere_tui.dates, "
        "cohere_tui.cycle, cohere_tui.edits, cohere_tui.guide, cohere_tui.workbook, "
        "cohere_tui.updates, cohere_tui.cli\n"
        "bad = [m for m in ('textual', 'openpyxl') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_app_start_does_not_import_openpyxl() -> None:
    code = "import sys\nfrom cohere_tui.app import CohereApp\nprint('openpyxl' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    assert out.stdout.strip() == "False"
