"""Control characters (which a terminal acts on instead of showing) never get into a session:
the model refuses them, a file holding one is refused with the place and the character
named, and import-updates reports a cell holding one instead of taking it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from cohere_tui import updates
from cohere_tui.models import (
    CONTROL_CHARACTERS,
    Action,
    ActionUpdate,
    CheckIn,
    Finding,
    FindingKind,
    Goal,
    Initiative,
    ParkingItem,
    Participant,
    Relationship,
    Session,
    Vision,
    control_character,
    describe_control,
)
from cohere_tui.store import SessionFileError, load_session
from cohere_tui.updates import apply_updates, format_plan, plan_updates
from cohere_tui.workbook import ACTION_PLAN_HEADERS, export_workbook

COL = {h: n for n, h in enumerate(ACTION_PLAN_HEADERS, start=1)}
C0 = [chr(n) for n in range(0x20) if chr(n) not in "\t\n\r"]
C1 = [chr(n) for n in range(0x80, 0xA0)]


# --------------------------------------------------------------------------------------------
# the validator


@pytest.mark.parametrize("char", [*C0, "\x7f", *C1], ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_character_is_refused_and_named(char: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Goal(id="G1", title=f"Ready{char}for school")
    message = exc.value.errors()[0]["msg"]
    assert f"the text holds the control character U+{ord(char):04X}" in message
    assert message.endswith("which would garble the screen; remove it")
    assert exc.value.errors()[0]["loc"] == ("title",)


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\x1b", "U+001B (escape)"),
        ("\x07", "U+0007 (bell)"),
        ("\x00", "U+0000 (null)"),
        ("\x08", "U+0008 (backspace)"),
        ("\x7f", "U+007F (delete)"),
        ("\x9b", "U+009B (control sequence introducer)"),
        ("\x85", "U+0085"),
        ("\x0c", "U+000C"),
    ],
)
def test_the_message_names_the_character(char: str, named: str) -> None:
    assert describe_control(char) == named
    with pytest.raises(ValidationError) as exc:
        Session(title=f"Plan {char}")
    assert f"holds the control character {named}, which" in str(exc.value)


def test_tab_and_line_feed_are_text() -> None:
    text = "Line one\n\tindented\n\nlast"
    goal = Goal(id="G1", title=text, description=text)
    assert goal.title == text and goal.description == text
    assert control_character(text) is None


@pytest.mark.parametrize(
    ("written", "kept"),
    [("one\r\ntwo", "one\ntwo"), ("one\rtwo", "one\ntwo"), ("a\r\n\r\nb\r", "a\n\nb\n")],
)
def test_a_carriage_return_is_read_as_the_line_end_it_means(written: str, kept: str) -> None:
    assert Vision(statement=written).statement == kept
    action = Action(id="A1", title="T")
    action.notes = written
    assert action.notes == kept


def test_text_that_merely_looks_like_an_escape_is_kept() -> None:
    for text in ("\\u001b[2J", "^[[31m", "ESC[2J", "\u202e\u200b\ufeff", "é😀"):
        assert Session(title=text).title == text


@pytest.mark.parametrize(
    ("build", "loc"),
    [
        (lambda t: Participant(name="Lee", role=t), ("role",)),
        (lambda t: Vision(assumptions=["ok", t]), ("assumptions", 1)),
        (lambda t: Initiative(id="I1", name="N", rating_notes={"vision": t}), None),
        (lambda t: Initiative(id="I1", name="N", rating_notes={t: "note"}), None),
        (lambda t: Initiative(id="I1", name="N", alignment={t: 2}), None),
        (lambda t: Relationship(a="I1", b="I2", kind="overlaps", note=t), ("note",)),
        (lambda t: Finding(id="F1", kind=FindingKind.OTHER, summary=t), ("summary",)),
        (lambda t: Action(id="A1", title="T", partners=[t]), ("partners", 0)),
        (lambda t: Action(id="A1", title="T", latest_update=t), ("latest_update",)),
        (lambda t: ActionUpdate(action="A1", status="done", update=t), ("update",)),
        (lambda t: CheckIn(date=dt.date(2026, 1, 1), note=t), ("note",)),
        (lambda t: ParkingItem(id="P1", text=t, added=dt.date(2026, 1, 1)), ("text",)),
        (lambda t: Session(title="T", previous_cycle=t), ("previous_cycle",)),
        (lambda t: Goal(id=t, title="T"), ("id",)),
    ],
)
def test_every_kind_of_text_field_refuses_them(build: Any, loc: tuple[Any, ...] | None) -> None:
    with pytest.raises(ValidationError) as exc:
        build("x\x1b[2Jy")
    assert "U+001B (escape)" in str(exc.value)
    if loc is not None:
        assert exc.value.errors()[0]["loc"] == loc


def test_assigning_one_is_refused_and_changes_nothing() -> None:
    goal = Goal(id="G1", title="Ready")
    with pytest.raises(ValidationError, match=r"U\+0007 \(bell\)"):
        goal.title = "Ready\x07"
    assert goal.title == "Ready"


# --------------------------------------------------------------------------------------------
# loading a file


def test_a_file_with_an_escape_in_a_goal_title_is_refused_naming_goal_and_character(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plan.toml"
    raw = (
        b'schema_version = 2\ntitle = "Plan"\n\n[[goals]]\nid = "G2"\n'
        b'title = "Ready \\u001b[2J for school"\n'
    )
    path.write_bytes(raw)
    with pytest.raises(SessionFileError) as exc:
        load_session(path)
    assert exc.value.lines == [
        f"{path}: goal G2: title: the text holds the control character U+001B (escape), "
        "which would garble the screen; remove it from the file "
        "(found 'Ready \\x1b[2J for school')"
    ]
    assert not CONTROL_CHARACTERS.search(str(exc.value))
    assert path.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


@pytest.mark.parametrize(
    ("toml", "where", "named"),
    [
        ('[vision]\nstatement = "bell \\u0007"', "vision: statement", "U+0007 (bell)"),
        ('[[parking_lot]]\nid = "P1"\ntext = "x\\u007f"\nadded = 2026-01-01',
         "parking-lot item P1: text", "U+007F (delete)"),
        ('[[initiatives]]\nid = "I1"\nname = "Home\\u009b2J visiting"',
         "initiative I1: name", "U+009B"),
        ('[[actions]]\nid = "A1"\ntitle = "T"\nlatest_update = "\\u0085"',
         "action A1: latest_update", "U+0085"),
        ('[reflection]\nworked = "a\\u0000b"', "reflection: worked", "U+0000 (null)"),
    ],
)  # fmt: skip
def test_a_file_with_one_anywhere_is_refused_with_the_place(
    tmp_path: Path, toml: str, where: str, named: str
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(f'schema_version = 1\ntitle = "Plan"\n{toml}\n', encoding="utf-8")
    with pytest.raises(SessionFileError) as exc:
        load_session(path)
    line = exc.value.lines[0]
    assert line.startswith(f"{path}: {where}: the text holds the control character {named}")
    assert "remove it from the file" in line


def test_a_file_with_carriage_return_escapes_loads_with_line_feeds(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b'schema_version = 1\ntitle = "Plan"\n[vision]\nstatement = "a\\r\\nb\\rc"\n')
    assert load_session(path).session.vision.statement == "a\nb\nc"


# --------------------------------------------------------------------------------------------
# import-updates


def make_session() -> Session:
    return Session(
        title="Plan",
        created=dt.date(2026, 1, 1),
        actions=[
            Action(id="A1", title="Draft the agreement", notes="Ask legal."),
            Action(id="A2", title="Align schedules"),
        ],
    )


def returned_book(tmp_path: Path, session: Session, cells: dict[tuple[int, str], Any]) -> Path:
    path = export_workbook(session, tmp_path / "plan.xlsx", today=dt.date(2026, 4, 1)).path
    wb = load_workbook(path)
    ws = wb["Action Plan"]
    for (row, header), value in cells.items():
        ws.cell(row=row, column=COL[header]).value = value
    wb.save(path)
    return path


def test_a_notes_cell_with_an_8bit_escape_is_reported_and_other_rows_apply(
    tmp_path: Path,
) -> None:
    session = make_session()
    book = returned_book(
        tmp_path,
        session,
        {(2, "Notes"): "Call \x9b2J legal", (2, "Owner"): "Lee", (3, "Notes"): "Fine"},
    )
    plan = plan_updates(session, book)
    assert [(c.action_id, c.field, c.new) for c in plan.changes] == [
        ("A1", "owner", "Lee"),
        ("A2", "notes", "Fine"),
    ]
    assert [str(p) for p in plan.problems] == [
        "row 2: A1's Notes holds the control character U+009B (control sequence introducer), "
        "which would garble the screen; remove it from the cell and import again — this field "
        "was not read"
    ]
    assert apply_updates(session, plan) == 2
    assert session.action("A1").notes == "Ask legal."  # type: ignore[union-attr]
    text = format_plan(plan)
    assert not CONTROL_CHARACTERS.search(text)


def test_an_escape_in_a_notes_cell_is_reported_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl cannot write U+001B; a reader that decodes Excel's ``_x001B_`` would return
    it, so the cell value is set underneath openpyxl's own check."""
    session = make_session()
    book = returned_book(tmp_path, session, {(3, "Latest update"): "On track"})
    real_load = updates._load

    def load(path: Path) -> Any:
        wb = real_load(path)
        wb["Action Plan"].cell(row=2, column=COL["Notes"])._value = "Ask \x1b[2J legal"
        wb["Action Plan"].cell(row=4, column=COL["Action"])._value = "New \x1b]0;x\x07 action"
        wb["Action Plan"].cell(row=5, column=COL["Action"])._value = "Another action"
        wb["Action Plan"].cell(row=5, column=COL["Notes"])._value = "bell \x07"
        return wb

    monkeypatch.setattr(updates, "_load", load)
    plan = plan_updates(session, book)
    problems = [str(p) for p in plan.problems]
    assert problems == [
        "row 2: A1's Notes holds the control character U+001B (escape), which would garble the "
        "screen; remove it from the cell and import again — this field was not read",
        "row 4: the new action was not added: Action holds the control character U+001B "
        "(escape), which would garble the screen; remove it from the cell and import again",
        "row 5: new action 'Another action' was not added: Notes holds the control character "
        "U+0007 (bell), which would garble the screen; remove it from the cell; fix the row "
        "and import again",
    ]
    assert [(c.action_id, c.field, c.new) for c in plan.changes] == [
        ("A2", "latest_update", "On track")
    ]
    assert plan.new_actions == []
    apply_updates(session, plan)
    assert session.action("A1").notes == "Ask legal."  # type: ignore[union-attr]
    assert not CONTROL_CHARACTERS.search(format_plan(plan))
