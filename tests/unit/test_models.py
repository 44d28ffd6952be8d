"""The model's field checks and the cross-reference checks, each naming its item."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from cohere_tui.models import (
    Action,
    ActionStatus,
    Finding,
    FindingKind,
    Goal,
    Indicator,
    Initiative,
    RelationKind,
    Relationship,
    Session,
    next_id,
)
from cohere_tui.validation import check_session


def test_field_checks() -> None:
    with pytest.raises(ValidationError):
        Goal(id="g1", title="x")
    with pytest.raises(ValidationError):
        Goal(id="G1", title="   ")
    with pytest.raises(ValidationError):
        Initiative(id="I1", name="x", alignment={"vision": 4})
    with pytest.raises(ValidationError):
        Initiative(id="I1", name="x", domains={"data_use": -1})
    with pytest.raises(ValidationError):
        Initiative(id="I1", name="x", sector="marine")
    with pytest.raises(ValidationError):
        Session(title="x", colour="red")  # type: ignore[call-arg]
    assert Initiative(id="I12", name="x", alignment={"vision": 0}).alignment == {"vision": 0}


def test_next_id_and_status_labels() -> None:
    assert next_id("A", []) == "A1"
    assert next_id("A", ["A1", "A7", "G9"]) == "A8"
    assert ActionStatus.from_label("in progress") is ActionStatus.IN_PROGRESS
    assert ActionStatus.from_label("Not_Started") is ActionStatus.NOT_STARTED
    with pytest.raises(ValueError, match="Not started"):
        ActionStatus.from_label("finished")


def session() -> Session:
    s = Session(title="t")
    s.goals = [Goal(id="G1", title="a")]
    s.initiatives = [Initiative(id="I1", name="a"), Initiative(id="I2", name="b")]
    return s


def messages(s: Session) -> list[str]:
    return [str(p) for p in check_session(s)]


def test_clean_session_has_no_problems() -> None:
    assert messages(session()) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda s: s.goals.append(Goal(id="G1", title="dup")),
            "goal G1: the ID G1 is used more than once",
        ),
        (
            lambda s: s.initiatives.append(Initiative(id="I2", name="dup")),
            "initiative I2: the ID I2",
        ),
        (
            lambda s: setattr(s.initiatives[0], "goals", ["G5"]),
            "initiative I1: goals names goal 'G5'",
        ),
        (
            lambda s: setattr(s.initiatives[0], "alignment", {"G7": 2}),
            "initiative I1: alignment names goal 'G7'",
        ),
        (
            lambda s: s.relationships.append(
                Relationship(a="I1", b="I1", kind=RelationKind.REINFORCES)
            ),
            "cannot be related to itself",
        ),
        (
            lambda s: s.relationships.extend(
                [
                    Relationship(a="I1", b="I2", kind=RelationKind.OVERLAPS),
                    Relationship(a="I2", b="I1", kind=RelationKind.OVERLAPS),
                ]
            ),
            "listed twice",
        ),
        (
            lambda s: s.relationships.append(
                Relationship(a="I1", b="I9", kind=RelationKind.CONFLICTS)
            ),
            "initiative 'I9'",
        ),
        (
            lambda s: s.actions.append(Action(id="A1", title="x", findings=["F3"])),
            "action A1: findings names finding 'F3'",
        ),
        (
            lambda s: s.actions.append(
                Action(id="A1", title="x", start=dt.date(2026, 2, 1), due=dt.date(2026, 1, 1))
            ),
            "action A1: due 2026-01-01 is before start",
        ),
        (
            lambda s: (
                setattr(s.initiatives[0], "end", dt.date(2000, 1, 1))
                or setattr(s.initiatives[0], "start", dt.date(2001, 1, 1))
            ),
            "initiative I1: end 2000-01-01 is before start",
        ),
        (
            lambda s: s.findings.append(
                Finding(id="F1", kind=FindingKind.OTHER, summary="s", goals=["G4"])
            ),
            "finding F1: goals names goal 'G4'",
        ),
        (
            lambda s: s.indicators.append(Indicator(id="M1", name="m", goal="G8")),
            "indicator M1: goal names goal 'G8'",
        ),
    ],
)
def test_each_problem_names_its_item(mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    s = session()
    mutate(s)
    found = messages(s)
    assert any(expected in m for m in found), found


def test_depends_on_both_ways_is_not_a_duplicate() -> None:
    s = session()
    s.relationships = [
        Relationship(a="I1", b="I2", kind=RelationKind.DEPENDS_ON),
        Relationship(a="I2", b="I1", kind=RelationKind.DEPENDS_ON),
    ]
    assert messages(s) == []
