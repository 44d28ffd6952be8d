"""The store: byte-stable readable TOML, every broken file named with its place, atomic saves
with a backup, conflicts, and safe file names."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_strategies import sessions

from cohere_tui import store
from cohere_tui.models import (
    SCHEMA_VERSION,
    Action,
    Domain,
    Goal,
    Initiative,
    Session,
)
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

D = dt.date


def demo_bytes() -> bytes:
    return (resources.files("cohere_tui") / "data" / "demo.toml").read_bytes()


def sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def write(path: Path, content: bytes | str) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def load_error(path: Path) -> SessionFileError:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(SessionFileError) as exc:
        load_session(path)
    if before is not None:
        assert path.read_bytes() == before  # a failed load never touches the file
    error = exc.value
    assert error.path == path
    assert str(error) == "\n".join(error.lines)
    assert all(line.startswith(str(path)) for line in error.lines), error.lines
    return error


# ----- round trips ---------------------------------------------------------------------------


def test_demo_load_save_is_byte_identical_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "demo.toml", demo_bytes())
    loaded = load_session(path)
    assert loaded.fingerprint == sha(demo_bytes())
    assert loaded.migrated_from is None
    assert dumps_session(loaded.session) == demo_bytes()
    old = 1_600_000_000_000_000_000
    os.utime(path, ns=(old, old))
    assert save_session(loaded.session, path, expected=loaded.fingerprint) == loaded.fingerprint
    assert path.stat().st_mtime_ns == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.toml"]


# Text of every kind a room can type: Unicode, newlines, quotes, backslashes, TOML and
# spreadsheet syntax. Carriage returns are covered apart (they are normalised on save).
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(session=sessions())
def test_any_session_round_trips_byte_stable(
    tmp_path_factory: pytest.TempPathFactory, session: Session
) -> None:
    path = tmp_path_factory.mktemp("rt") / "s.toml"
    fingerprint = save_session(session, path)
    raw = path.read_bytes()
    assert fingerprint == sha(raw)
    assert b"\x00" not in raw and b"\r" not in raw  # control characters are escaped
    loaded = load_session(path)
    assert loaded.session == session
    assert dumps_session(loaded.session) == raw
    assert save_session(loaded.session, path, expected=loaded.fingerprint) == fingerprint
    assert not path.with_name("s.toml.bak").exists()  # the unchanged save wrote nothing


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_carriage_returns_are_saved_as_plain_newlines(tmp_path: Path, line_end: str) -> None:
    session = new_session("T")
    session.vision.statement = f"one{line_end}two{line_end}"
    session.goals.append(Goal(id="G1", title=f"a{line_end}b"))
    path = tmp_path / "s.toml"
    save_session(session, path)
    assert b"\r" not in path.read_bytes()
    again = load_session(path).session
    assert again.vision.statement == "one\ntwo\n"
    assert again.goals[0].title == "a\nb"
    assert dumps_session(again) == path.read_bytes()


# ----- layout ------------------------------------------------------------------------------


def test_schema_version_comes_first_and_is_the_current_one() -> None:
    session = Session(title="T", schema_version=0)
    text = dumps_session(session).decode()
    assert text.splitlines()[0] == f"schema_version = {SCHEMA_VERSION}"
    assert text.splitlines()[1] == 'title = "T"'
    assert text.endswith("\n")


def test_ratings_are_written_in_canonical_order() -> None:
    session = new_session("T", today=D(2026, 1, 2))
    session.goals = [Goal(id="G2", title="b"), Goal(id="G10", title="c"), Goal(id="G1", title="a")]
    session.initiatives.append(
        Initiative(
            id="I1",
            name="x",
            alignment={"G1": 1, "G10": 0, "vision": 2, "G2": 3},
            domains={d: 1 for d in reversed(list(Domain))},
            rating_notes={"data_use": "d", "G1": "g1", "goals": "dg", "vision": "v", "G2": "g2"},
        )
    )
    data = tomllib.loads(dumps_session(session).decode())
    ini = data["initiatives"][0]
    assert list(ini["alignment"]) == ["vision", "G2", "G10", "G1"]  # the room's order of goals
    assert list(ini["domains"]) == [d.value for d in Domain]
    assert list(ini["rating_notes"]) == ["vision", "G2", "G1", "goals", "data_use"]


def test_order_is_independent_of_how_ratings_were_entered() -> None:
    def build(alignment: dict[str, int], domains: dict[Any, int]) -> bytes:
        session = new_session("T", today=D(2026, 1, 2))
        session.goals = [Goal(id="G1", title="a"), Goal(id="G2", title="b")]
        session.initiatives = [Initiative(id="I1", name="x", alignment=alignment, domains=domains)]
        return dumps_session(session)

    assert build({"vision": 1, "G1": 2, "G2": 3}, {"goals": 1, "data_use": 2}) == build(
        {"G2": 3, "G1": 2, "vision": 1}, {"data_use": 2, "goals": 1}
    )


def test_empty_collections_and_missing_values_are_left_out() -> None:
    session = new_session("T", today=D(2026, 1, 2))
    session.initiatives.append(Initiative(id="I1", name="unrated"))
    session.actions.append(Action(id="A1", title="alone"))
    text = dumps_session(session).decode()
    for absent in (
        "participants",
        "goals",
        "relationships",
        "findings",
        "indicators",
        "checkins",
        "parking_lot",
        "decisions",
        "assumptions",
        "[initiatives.alignment]",
        "[initiatives.domains]",
        "[initiatives.rating_notes]",
        "partners",
        "meeting_date",
        "previous_cycle",
        "start =",
        "due =",
        "= []",
        "{}",
    ):
        assert absent not in text, absent
    data = tomllib.loads(text)
    assert data["initiatives"] == [
        {
            "id": "I1",
            "name": "unrated",
            "description": "",
            "lead": "",
            "organisation": "",
            "sector": "other",
            "level": "county",
            "status": "active",
            "population": "",
            "funding": "",
            "outcomes": "",
            "data_collected": "",
        }
    ]
    assert load_session_from_text(text) == session


def load_session_from_text(text: str) -> Session:
    path = Path("mem.toml")
    return store.session_from_data(store.parse_toml(text, path), path)


def test_long_text_is_multi_line_and_dates_are_native() -> None:
    session = new_session("T", today=D(2026, 1, 2))
    session.meeting_date = D(2026, 11, 5)
    session.vision.statement = "line one\nline two"
    session.vision.theory_of_change = (
        "If we share data,\nthen families are helped sooner,\nso that…"
    )
    session.goals.append(Goal(id="G1", title="one line only"))
    text = dumps_session(session).decode()
    assert 'statement = """\nline one\nline two"""' in text
    assert (
        'theory_of_change = """\nIf we share data,\nthen families are helped sooner,\nso that…"""'
    ) in text
    assert 'title = "one line only"' in text
    assert "\ncreated = 2026-01-02\n" in text
    assert "\nmeeting_date = 2026-11-05\n" in text
    assert "…" in text  # Unicode written as itself, not escaped


def test_formula_like_text_is_just_text() -> None:
    session = new_session("=1+1")
    session.actions.append(Action(id="A1", title="@once", owner="=HYPERLINK(x)", notes="+3"))
    text = dumps_session(session).decode()
    assert 'title = "=1+1"' in text and 'owner = "=HYPERLINK(x)"' in text
    assert load_session_from_text(text) == session


# ----- broken files --------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    error = load_error(path)
    assert error.lines == [f"{path}: no such file; check the path (sessions live in sessions/)"]


def test_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "looks.toml"
    folder.mkdir()
    error = load_error(folder)
    assert error.lines[0].startswith(f"{folder}: is a folder")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied, made by fault injection: a file mode does not stop root, and the
    tests may run as root."""
    import errno

    from cohere_tui import files

    path = write(tmp_path / "locked.toml", demo_bytes())
    real_open = files.open_for_reading

    def refuse(target: Path) -> int:
        if Path(target) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        return real_open(target)

    monkeypatch.setattr(files, "open_for_reading", refuse)
    with pytest.raises(SessionFileError, match="permission denied") as exc:
        load_session(path)
    assert exc.value.lines == [f"{path}: permission denied; ask for read access or copy the file"]
    assert path.read_bytes() == demo_bytes()
    # the session picker lists it, saying why it cannot be opened
    [summary] = scan_sessions(tmp_path)
    assert summary.error is not None and "permission denied" in summary.error


def test_a_huge_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 100)
    path = write(tmp_path / "big.toml", demo_bytes())
    error = load_error(path)
    assert error.lines[0].startswith(f"{path}: the file is {len(demo_bytes()):,} bytes, too large")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\x01\x02PK binary", ": this is a binary file"),
        (b"PK\x03\x04" + bytes(range(256)), ": this is a binary file"),
        (b"", ": the file is empty"),
        (b"  \n\t\n", ": the file is empty"),
        (b'schema_version = 1\ntitle = "\xff"\n', ":2:10: the file is not UTF-8 text"),
        (b"\xfe\xff\x00s", ": the file is UTF-16 text, not UTF-8; save it as UTF-8"),
        (
            "\ufeffschema_version = 1\ntitle = 'x'\n".encode("utf-16-le"),
            ": the file is UTF-16 text, not UTF-8; save it as UTF-8",
        ),
        (
            "schema_version = 1\ntitle = 'x'\n".encode("utf-16-be"),  # no BOM
            ": the file is UTF-16 text, not UTF-8; save it as UTF-8",
        ),
        (
            "schema_version = 1\ntitle = 'x'\n".encode("utf-32"),
            ": the file is UTF-32 text, not UTF-8; save it as UTF-8",
        ),
        (b'schema_version = 1\n\ntitle = "caf\xe9"\n', ":3:13: the file is not UTF-8 text"),
    ],
)
def test_not_a_text_session(tmp_path: Path, content: bytes, expected: str) -> None:
    path = write(tmp_path / "bad.toml", content)
    error = load_error(path)
    assert error.lines[0].startswith(f"{path}{expected}"), error.lines[0]


def test_not_utf8_column_counts_characters(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.toml", 'schema_version = 1\ntitle = "é'.encode() + b'\xff"\n')
    assert load_error(path).lines[0].startswith(f"{path}:2:11: ")


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.toml", b"\xef\xbb\xbf" + demo_bytes())
    assert load_session(path).session.title.startswith("Harmon County")


# (file text, expected line:col, words of the message)
TOML_ERRORS: list[tuple[str, str, str, str]] = [
    (
        "newline inside a string",
        'schema_version = 1\ntitle = "Family outcomes\ncycle = 1\n',
        "2:25",
        "Illegal character",
    ),
    (
        "unterminated string at end of file",
        'schema_version = 1\ntitle = "Family outcomes',
        "2:25",
        "Unterminated string",
    ),
    (
        "unterminated multi-line string at end of file",
        'schema_version = 1\ntitle = "x"\n[vision]\nstatement = """Every child\nand family',
        "5:11",
        "Unterminated string",
    ),
    (
        "unterminated literal string at end of file",
        "schema_version = 1\ntitle = 'x",
        "2:11",
        'Expected "\'"',
    ),
    (
        "unterminated array at end of file",
        'schema_version = 1\ntitle = "x"\n[vision]\nassumptions = [\n    "a",\n',
        "6:1",
        "Invalid value",
    ),
    ("missing value", 'schema_version = 1\ntitle = "x"\ncycle =\n', "3:8", "Invalid value"),
    (
        "duplicate key",
        'schema_version = 1\ntitle = "a"\ntitle = "b"\n',
        "3:12",
        "Cannot overwrite a value",
    ),
    (
        "unclosed table header",
        'schema_version = 1\ntitle = "x"\n\n[[goals]\nid = "G1"\n',
        "4:8",
        "Expected ']]'",
    ),
    ("two values on a line", 'schema_version = 1 2\ntitle = "x"\n', "1:20", "Expected newline"),
    (
        "bare word value",
        'schema_version = 1\ntitle = "x"\nalignment_type = horizontal\n',
        "3:18",
        "Invalid value",
    ),
]


@pytest.mark.parametrize(
    ("text", "place", "words"), [t[1:] for t in TOML_ERRORS], ids=[t[0] for t in TOML_ERRORS]
)
def test_toml_syntax_errors_name_line_and_column(
    tmp_path: Path, text: str, place: str, words: str
) -> None:
    path = write(tmp_path / "broken.toml", text)
    error = load_error(path)
    assert len(error.lines) == 1
    line = error.lines[0]
    assert line.startswith(f"{path}:{place}: TOML syntax: "), line
    assert words in line
    assert line.endswith("; fix the file in a text editor")
    assert "(at line" not in line and "(at end of document)" not in line  # moved up front


def test_toml_error_lines_count_from_the_top_of_a_long_file(tmp_path: Path) -> None:
    text = demo_bytes().decode().replace('name = "Pre-K for All"', 'name = "Pre-K for All', 1)
    line_no = text.split("\n").index('name = "Pre-K for All') + 1
    path = write(tmp_path / "demo.toml", text)
    assert load_error(path).lines[0].startswith(f"{path}:{line_no}:22: TOML syntax: ")


# (file text, the start of the first line after PATH, more words in the message)
CONTENT_ERRORS: list[tuple[str, str, str, str]] = [
    (
        "missing title",
        "schema_version = 1\ncycle = 2\n",
        ": session: title: is missing; add it",
        "",
    ),
    (
        "blank title",
        'schema_version = 1\ntitle = "  "\n',
        ": session: title: title must not be empty",
        "correct it in the file",
    ),
    (
        "title of the wrong type",
        "schema_version = 1\ntitle = 5\n",
        ": session: title: Input should be a valid string",
        "(found 5)",
    ),
    (
        "cycle of the wrong type",
        'schema_version = 1\ntitle = "x"\ncycle = "two"\n',
        ": session: cycle: ",
        "'two'",
    ),
    (
        "created of the wrong type",
        'schema_version = 1\ntitle = "x"\ncreated = [2026]\n',
        ": session: created: ",
        "date",
    ),
    (
        "unknown top-level field",
        'schema_version = 1\ntitle = "x"\nbogus = 1\n',
        ": session: bogus: is not a field cohere-tui knows",
        "spelling",
    ),
    (
        "unknown vision field",
        'schema_version = 1\ntitle = "x"\n[vision]\nmission = "m"\n',
        ": vision: mission: is not a field cohere-tui knows",
        "",
    ),
    (
        "rating out of range",
        'schema_version = 1\ntitle = "x"\n[[initiatives]]\nid = "I3"\nname = "A"\n'
        "[initiatives.domains]\ndata_use = 5\n",
        ": initiative I3: domains.data_use: ",
        "less than or equal to 3",
    ),
    (
        "goals not a list",
        'schema_version = 1\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "A"\ngoals = "G1"\n',
        ": initiative I1: goals: ",
        "valid list",
    ),
    (
        "bad ID",
        'schema_version = 1\ntitle = "x"\n[[goals]]\nid = "goal-1"\ntitle = "a"\n',
        ": goal goal-1: id: 'goal-1' is not a valid ID",
        "",
    ),
    (
        "item without an ID is named by its place",
        'schema_version = 1\ntitle = "x"\n[[goals]]\nid = "G1"\ntitle = "a"\n[[goals]]\ntitle = "b"\n',
        ": goal #2: id: is missing; add it",
        "",
    ),
    (
        "unknown status",
        'schema_version = 1\ntitle = "x"\n[[actions]]\nid = "A1"\ntitle = "t"\nstatus = "finished"\n',
        ": action A1: status: ",
        "'finished'",
    ),
    (
        "duplicated ID",
        'schema_version = 1\ntitle = "x"\n[[goals]]\nid = "G1"\ntitle = "a"\n'
        '[[goals]]\nid = "G1"\ntitle = "b"\n',
        ": goal G1: the ID G1 is used more than once",
        "",
    ),
    (
        "unknown reference",
        'schema_version = 1\ntitle = "x"\n[[actions]]\nid = "A1"\ntitle = "t"\nfindings = ["F9"]\n',
        ": action A1: findings names finding 'F9', which does not exist",
        "",
    ),
    (
        "due before start",
        'schema_version = 1\ntitle = "x"\n[[actions]]\nid = "A1"\ntitle = "t"\n'
        "start = 2026-05-02\ndue = 2026-05-01\n",
        ": action A1: due 2026-05-01 is before start 2026-05-02",
        "",
    ),
]


@pytest.mark.parametrize(
    ("text", "start", "words"),
    [c[1:] for c in CONTENT_ERRORS],
    ids=[c[0] for c in CONTENT_ERRORS],
)
def test_content_errors_name_file_and_item(
    tmp_path: Path, text: str, start: str, words: str
) -> None:
    path = write(tmp_path / "bad.toml", text)
    error = load_error(path)
    assert error.lines[0].startswith(f"{path}{start}"), error.lines[0]
    assert words in error.lines[0]


def test_every_content_problem_gets_its_own_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.toml",
        'schema_version = 2\ntitle = ""\ncycle = 0\n[[goals]]\nid = "x"\ntitle = "a"\n',
    )
    error = load_error(path)
    assert [line.split(": ")[1:3] for line in error.lines] == [
        ["session", "title"],
        ["session", "cycle"],
        ["goal x", "id"],
    ]


def test_a_very_long_bad_value_is_shortened(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.toml", f'schema_version = 1\ntitle = "x"\ncreated = "{"9" * 500}"\n'
    )
    line = load_error(path).lines[0]
    assert len(line) < len(str(path)) + 250
    assert "…" in line


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('schema_version = 3\ntitle = "x"\n', ["newer cohere-tui", "schema 3", "upgrade"]),
        ('schema_version = 99\ntitle = "x"\nnew_field = 1\n', ["schema 99", "upgrade"]),
        ('title = "x"\n', ["schema_version: missing", f"schema_version = {SCHEMA_VERSION}"]),
        ('schema_version = "1"\ntitle = "x"\n', ["must be a whole number", "'1'"]),
        ('schema_version = true\ntitle = "x"\n', ["must be a whole number", "True"]),
        ('schema_version = 1.0\ntitle = "x"\n', ["must be a whole number"]),
        ('schema_version = 0\ntitle = "x"\n', ["version 0 is not one cohere-tui knows"]),
    ],
)
def test_schema_versions(tmp_path: Path, text: str, words: list[str]) -> None:
    path = write(tmp_path / "s.toml", text)
    error = load_error(path)
    assert error.lines[0].startswith(f"{path}: schema_version: ")
    for word in words:
        assert word in error.lines[0]


def test_an_older_file_is_migrated_on_load_not_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rename_name_to_title(data: dict[str, Any]) -> dict[str, Any]:
        data["title"] = data.pop("name")
        return data

    monkeypatch.setitem(store.MIGRATIONS, 0, rename_name_to_title)
    raw = b'schema_version = 0\nname = "Old plan"\n'
    path = write(tmp_path / "old.toml", raw)
    loaded = load_session(path)
    assert loaded.migrated_from == 0
    assert loaded.session.title == "Old plan"
    assert loaded.session.schema_version == SCHEMA_VERSION
    assert path.read_bytes() == raw
    save_session(loaded.session, path, expected=loaded.fingerprint)
    assert path.read_bytes().startswith(f"schema_version = {SCHEMA_VERSION}\n".encode())
    assert (tmp_path / "old.toml.bak").read_bytes() == raw  # the old file is kept


# ----- saving ------------------------------------------------------------------------------


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_save_creates_folders_and_keeps_a_backup_of_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "s.toml"
    session = new_session("First", today=D(2026, 1, 2))
    first_fp = save_session(session, path)
    first = path.read_bytes()
    assert first_fp == sha(first)
    assert names(path.parent) == ["s.toml"]  # nothing to back up the first time

    session.title = "Second"
    second_fp = save_session(session, path, expected=first_fp)
    second = path.read_bytes()
    assert second_fp == sha(second) != first_fp
    assert (path.parent / "s.toml.bak").read_bytes() == first
    assert names(path.parent) == ["s.toml", "s.toml.bak"]  # no temporary files left

    session.title = "Third"
    save_session(session, path, expected=second_fp)
    assert (path.parent / "s.toml.bak").read_bytes() == second
    assert load_session(path).session.title == "Third"
    assert names(path.parent) == ["s.toml", "s.toml.bak"]


def test_saving_an_unchanged_session_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = new_session("T", today=D(2026, 1, 2))
    fp = save_session(session, path)
    session.title = "T2"
    fp = save_session(session, path, expected=fp)
    old = 1_500_000_000_000_000_000
    bak = tmp_path / "s.toml.bak"
    for p in (path, bak):
        os.utime(p, ns=(old, old))
    bak_bytes = bak.read_bytes()
    again = load_session(path)
    assert save_session(again.session, path, expected=again.fingerprint) == fp
    assert save_session(session, path) == fp
    assert path.stat().st_mtime_ns == old and bak.stat().st_mtime_ns == old
    assert bak.read_bytes() == bak_bytes
    assert names(tmp_path) == ["s.toml", "s.toml.bak"]


def test_atomic_write_payload_and_no_backup_option(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    store.atomic_write(path, b"one")
    store.atomic_write(path, b"two", backup=False)
    assert path.read_bytes() == b"two"
    assert names(tmp_path) == ["f.toml"]
    store.atomic_write(path, b"three")
    assert (tmp_path / "f.toml.bak").read_bytes() == b"two"


def test_a_failed_rename_leaves_the_old_file_whole_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.toml"
    session = new_session("Before", today=D(2026, 1, 2))
    fp = save_session(session, path)
    before = path.read_bytes()
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == path:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    session.title = "After"
    with pytest.raises(SessionFileError) as exc:
        save_session(session, path, expected=fp)
    assert exc.value.lines == [
        f"{path}: could not save (Input/output error); save a copy elsewhere"
    ]
    assert path.read_bytes() == before
    assert names(tmp_path) == ["s.toml", "s.toml.bak"]
    assert (tmp_path / "s.toml.bak").read_bytes() == before


def test_a_full_disk_is_reported_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.toml"

    def fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(SessionFileError, match="the disk is full") as exc:
        save_session(new_session("T"), path)
    assert exc.value.lines[0].startswith(f"{path}: could not save (No space left on device)")
    assert names(tmp_path) == []


def test_a_file_changed_on_disk_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    save_session(new_session("Mine", today=D(2026, 1, 2)), path)
    loaded = load_session(path)
    theirs = path.read_bytes().replace(b"Mine", b"Theirs")
    path.write_bytes(theirs)

    loaded.session.title = "Mine, edited"
    with pytest.raises(ConflictError) as exc:
        save_session(loaded.session, path, expected=loaded.fingerprint)
    assert isinstance(exc.value, SessionFileError)
    assert exc.value.lines[0].startswith(f"{path}: the file was changed by someone else")
    assert path.read_bytes() == theirs
    assert names(tmp_path) == ["s.toml"]  # not even a backup was written

    # the caller may choose to overwrite; the other version is then the backup
    fp = save_session(loaded.session, path, expected=loaded.fingerprint, force=True)
    assert fp == sha(path.read_bytes())
    assert (tmp_path / "s.toml.bak").read_bytes() == theirs
    assert load_session(path).session.title == "Mine, edited"


def test_a_conflict_is_raised_even_when_the_contents_would_match(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = new_session("Same", today=D(2026, 1, 2))
    fp = save_session(session, path)
    path.write_bytes(path.read_bytes() + b"\n")  # someone touched the file
    with pytest.raises(ConflictError):
        save_session(session, path, expected=fp)


def test_the_document_refuses_to_overwrite_a_changed_file(tmp_path: Path) -> None:
    from cohere_tui.document import SessionDocument
    from cohere_tui.edits import SetDetails

    path = write(tmp_path / "demo.toml", demo_bytes())
    doc = SessionDocument.open(path)
    assert not doc.dirty
    doc.apply(SetDetails({"title": "Edited here"}))
    assert doc.dirty and doc.revision == 1
    theirs = demo_bytes().replace(b"Harmon County:", b"Harmon County (theirs):", 1)
    path.write_bytes(theirs)
    with pytest.raises(ConflictError):
        doc.save()
    assert doc.dirty and path.read_bytes() == theirs
    copy = doc.save_copy_beside()
    assert copy.parent == tmp_path and copy.name == "demo-conflict.toml"
    assert load_session(copy).session.title == "Edited here"
    assert path.read_bytes() == theirs


# ----- names and folders -------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Family Outcomes 2026!", "family-outcomes-2026"),
        ("  Harmon County: family outcomes alignment  ", "harmon-county-family-outcomes-alignment"),
        ("Éducation & Santé", "education-sante"),
        ("Ölüdeniz — Zürich", "oludeniz-zurich"),
        ("Señora Muñoz's plan", "senora-munoz-s-plan"),
        ("A/B\\C:D*E?F", "a-b-c-d-e-f"),
        ("tab\tnew\nline", "tab-new-line"),
        ("---x---", "x"),
        ("", "session"),
        ("   ", "session"),
        ("???", "session"),
        ("日本語", "session"),
        ("🙂🙂", "session"),
        (".", "session"),
        ("..", "session"),
        ("../etc", "etc"),
        ("../../etc/passwd", "etc-passwd"),
        ("/etc/passwd", "etc-passwd"),
        ("..\\..\\windows", "windows"),
        ("con", "con-session"),
        ("CON", "con-session"),
        ("Con.", "con-session"),
        ("nul", "nul-session"),
        ("aux", "aux-session"),
        ("prn", "prn-session"),
        ("COM1", "com1-session"),
        ("lpt9", "lpt9-session"),
        ("console", "console"),
        ("com10", "com10"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_very_long_titles() -> None:
    assert slugify("x" * 500) == "x" * 60
    slug = slugify("word " * 100)
    assert len(slug) <= 60 and SLUG.match(slug) and not slug.endswith("-")
    assert slugify("a" * 59 + " b") == "a" * 59  # no trailing hyphen after cutting


@settings(max_examples=50, deadline=None)
@given(title=st.text(max_size=200))
def test_any_title_gives_a_safe_name_inside_the_folder(title: str) -> None:
    slug = slugify(title)
    assert SLUG.match(slug), slug
    assert len(slug) <= store.MAX_SLUG + len("-session")
    assert slug not in {"con", "prn", "aux", "nul"} and not re.fullmatch(r"(com|lpt)[1-9]", slug)
    folder = Path("/sessions")
    target = (folder / f"{slug}.toml").resolve()
    assert target.parent == folder.resolve() and target.name == f"{slug}.toml"


def test_unique_session_path_adds_numbers(tmp_path: Path) -> None:
    first = unique_session_path(tmp_path, "Plan")
    assert first == tmp_path / "plan.toml"
    first.write_text("x")
    second = unique_session_path(tmp_path, "PLAN!")
    assert second == tmp_path / "plan-2.toml"
    second.write_text("x")
    third = unique_session_path(tmp_path, "plan")
    assert third == tmp_path / "plan-3.toml"
    assert not third.exists()
    (tmp_path / "session.toml").write_text("x")
    assert unique_session_path(tmp_path, "../..") == tmp_path / "session-2.toml"
    # a folder of that name also takes the name
    (tmp_path / "budget.toml").mkdir()
    assert unique_session_path(tmp_path, "Budget") == tmp_path / "budget-2.toml"


def test_new_session() -> None:
    session = new_session("  Plan  ", today=D(2026, 9, 15), facilitator="Dana")
    assert (session.title, session.created, session.facilitator) == ("Plan", D(2026, 9, 15), "Dana")
    assert session.alignment_type.value == "horizontal" and session.cycle == 1


def test_scan_sessions_lists_good_and_broken_files_newest_first(tmp_path: Path) -> None:
    save_session(new_session("Good one", today=D(2026, 1, 2)), tmp_path / "good.toml")
    write(tmp_path / "demo.toml", demo_bytes())
    write(tmp_path / "syntax.toml", "nope = [")
    write(tmp_path / "content.toml", 'schema_version = 1\ntitle = "x"\ncycle = 0\n')
    write(tmp_path / "good.toml.bak", "ignored")
    write(tmp_path / "notes.txt", "ignored")
    (tmp_path / "folder.toml").mkdir()
    for n, name in enumerate(["syntax.toml", "good.toml", "content.toml", "demo.toml"]):
        stamp = 1_700_000_000 + n * 60
        os.utime(tmp_path / name, (stamp, stamp))

    found = list(scan_sessions(tmp_path))
    assert [s.path.name for s in found] == ["demo.toml", "content.toml", "good.toml", "syntax.toml"]
    by_name = {s.path.name: s for s in found}

    demo = by_name["demo.toml"]
    assert demo.error is None and demo.title.startswith("Harmon County") and demo.cycle == 1
    s = load_session(tmp_path / "demo.toml").session
    assert demo.counts == {
        "goals": len(s.goals),
        "initiatives": len(s.initiatives),
        "actions": len(s.actions),
    }
    assert min(demo.counts.values()) > 0
    assert demo.modified == dt.datetime.fromtimestamp(1_700_000_180)
    good = by_name["good.toml"]
    assert good.error is None and good.title == "Good one"
    assert good.counts == {"goals": 0, "initiatives": 0, "actions": 0}

    syntax = by_name["syntax.toml"]
    assert syntax.error is not None
    assert (
        syntax.error.startswith(f"{tmp_path / 'syntax.toml'}:1:") and "TOML syntax" in syntax.error
    )
    assert syntax.title == ""
    content = by_name["content.toml"]
    assert content.error == load_error(tmp_path / "content.toml").lines[0]
    assert "session: cycle" in content.error


def test_scan_sessions_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert list(scan_sessions(tmp_path / "none")) == []
    assert list(scan_sessions(tmp_path)) == []
