"""The next cycle carries forward what is unfinished and never touches the previous file."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from cohere_tui.cycle import next_cycle, next_cycle_path, write_next_cycle
from cohere_tui.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    CheckIn,
    Decision,
    Direction,
    Domain,
    Finding,
    FindingKind,
    FindingOrigin,
    Goal,
    Indicator,
    Initiative,
    ParkingItem,
    Participant,
    Reading,
    Reflection,
    RelationKind,
    Relationship,
    Session,
    Vision,
)
from cohere_tui.store import SessionFileError, dumps_session, load_session, save_session
from cohere_tui.validation import check_session

TODAY = dt.date(2026, 12, 1)


def finding(
    n: int,
    origin: FindingOrigin,
    *,
    dismissed: bool = False,
    resolved: bool = False,
) -> Finding:
    return Finding(
        id=f"F{n}",
        kind=FindingKind.OTHER if origin is FindingOrigin.MANUAL else FindingKind.NO_GOAL,
        summary=f"finding {n}",
        origin=origin,
        key="" if origin is FindingOrigin.MANUAL else f"no_goal:I{n}",
        dismissed=dismissed,
        resolved=resolved,
        note=f"note {n}",
    )


def upd(action: str, status: ActionStatus, text: str) -> ActionUpdate:
    return ActionUpdate(action=action, status=status, update=text)


def session() -> Session:
    derived, manual = FindingOrigin.DERIVED, FindingOrigin.MANUAL
    return Session(
        title="Family outcomes",
        organisation="Harmon County",
        facilitator="Rosa",
        cycle=2,
        previous_cycle="family-outcomes.toml",
        created=dt.date(2026, 9, 1),
        meeting_date=dt.date(2026, 11, 5),
        participants=[Participant(name="Ana", role="Director", organisation="Health")],
        vision=Vision(
            statement="Every family thrives.",
            theory_of_change="If we share data, then …",
            assumptions=["Families trust us", "Funding holds"],
        ),
        goals=[Goal(id="G1", title="Ready for school"), Goal(id="G2", title="Healthy homes")],
        initiatives=[
            Initiative(
                id="I1",
                name="Home visiting",
                goals=["G1"],
                alignment={"vision": 3, "G1": 2},
                domains={Domain.DATA_USE: 1},
                rating_notes={"G1": "strong on early literacy"},
            ),
            Initiative(id="I2", name="Clinic outreach", goals=["G2"]),
        ],
        relationships=[Relationship(a="I1", b="I2", kind=RelationKind.OVERLAPS, note="same")],
        findings=[
            finding(1, derived),  # answered by open A1: carried
            finding(2, derived, dismissed=True),  # current, set aside: carried, still dismissed
            finding(3, derived, resolved=True),  # answered only by done A2: left behind
            finding(4, manual),  # manual, not dismissed: carried
            finding(5, manual, dismissed=True),  # manual, dismissed: left behind
            finding(6, manual, dismissed=True),  # dismissed but answered by open A3: carried
            finding(7, derived, resolved=True),  # resolved but answered by open A1: carried
            finding(8, derived, resolved=True),  # resolved, nobody answers it: left behind
        ],
        actions=[
            Action(
                id="A1",
                title="Share caseload lists",
                owner="Ana",
                partners=["Ben"],
                start=dt.date(2026, 9, 15),
                due=dt.date(2026, 11, 1),
                status=ActionStatus.IN_PROGRESS,
                findings=["F1", "F7"],
                initiatives=["I1"],
                indicators=["M1"],
                latest_update="Lists shared.",
                notes="Ask counsel first.",
            ),
            Action(id="A2", title="Pilot", status=ActionStatus.DONE, findings=["F3"]),
            Action(id="A3", title="Waiver", status=ActionStatus.BLOCKED, findings=["F6"]),
            Action(id="A4", title="Old idea", status=ActionStatus.DROPPED),
            Action(id="A5", title="Letter", status=ActionStatus.NOT_STARTED),
        ],
        indicators=[
            Indicator(
                id="M1",
                name="Families served",
                direction=Direction.INCREASE,
                baseline=0,
                baseline_date=dt.date(2026, 9, 1),
                target=400,
                target_date=dt.date(2027, 9, 1),
                goal="G1",
                readings=[
                    Reading(date=dt.date(2026, 9, 1), value=0),
                    Reading(date=dt.date(2026, 10, 1), value=31, note="first month"),
                    Reading(date=dt.date(2026, 11, 1), value=58),
                ],
            ),
            Indicator(id="M2", name="Clinic visits"),
        ],
        checkins=[
            CheckIn(
                date=dt.date(2026, 10, 1),
                updates=[upd("A2", ActionStatus.IN_PROGRESS, "pilot running")],
            ),
            CheckIn(
                date=dt.date(2026, 10, 15),
                note="Half the room away.",
                updates=[upd("A4", ActionStatus.NOT_STARTED, "no owner")],
            ),
            CheckIn(
                date=dt.date(2026, 11, 5),
                note="Two blocked.",
                updates=[
                    upd("A1", ActionStatus.IN_PROGRESS, "Lists shared."),
                    upd("A2", ActionStatus.DONE, "pilot done"),
                    upd("A3", ActionStatus.BLOCKED, "board in December"),
                ],
            ),
        ],
        reflection=Reflection(worked="Data sharing", change="Shorter meetings", next_focus="X"),
        parking_lot=[
            ParkingItem(id="P1", text="211 routing", added=dt.date(2026, 10, 8), done=True),
            ParkingItem(id="P2", text="Braided funding", added=dt.date(2026, 11, 5), step=4),
        ],
        decisions=[Decision(id="D1", date=dt.date(2026, 9, 15), text="Horizontal")],
    )


@pytest.fixture
def old() -> Session:
    s = session()
    assert check_session(s) == []
    return s


def carry(old: Session) -> Session:
    return next_cycle(old, Path("sessions/family-outcomes-cycle-2.toml"), TODAY)


def test_next_cycle_leaves_the_old_session_alone(old: Session) -> None:
    before = dumps_session(old)
    carry(old)
    assert dumps_session(old) == before


def test_header_fields(old: Session) -> None:
    new = carry(old)
    assert new.cycle == 3
    assert new.previous_cycle == "family-outcomes-cycle-2.toml"
    assert new.created == TODAY
    assert new.meeting_date is None
    assert (new.title, new.organisation, new.facilitator, new.alignment_type) == (
        old.title,
        old.organisation,
        old.facilitator,
        old.alignment_type,
    )


def test_vision_goals_inventory_and_people_carry_unchanged(old: Session) -> None:
    new = carry(old)
    assert new.vision == old.vision
    assert new.vision.assumptions == ["Families trust us", "Funding holds"]
    assert new.goals == old.goals
    assert new.participants == old.participants
    assert new.initiatives == old.initiatives  # ratings and rating notes included
    assert new.initiatives[0].rating_notes == {"G1": "strong on early literacy"}
    assert new.relationships == old.relationships


def test_open_actions_carry_whole_and_closed_ones_stay_behind(old: Session) -> None:
    new = carry(old)
    assert [a.id for a in new.actions] == ["A1", "A3", "A5"]
    for action in new.actions:
        assert action == old.action(action.id)
    a1 = new.action("A1")
    assert a1 is not None
    assert (a1.status, a1.latest_update, a1.notes) == (
        ActionStatus.IN_PROGRESS,
        "Lists shared.",
        "Ask counsel first.",
    )
    assert new.action("A2") is None and new.action("A4") is None


def test_check_in_history_of_carried_actions(old: Session) -> None:
    new = carry(old)
    # 2026-10-01 held only a done action and no note: gone. 2026-10-15 held only a dropped
    # action but has the room's note: kept, without entries.
    assert [(c.date, c.note, [(u.action, u.update) for u in c.updates]) for c in new.checkins] == [
        (dt.date(2026, 10, 15), "Half the room away.", []),
        (
            dt.date(2026, 11, 5),
            "Two blocked.",
            [("A1", "Lists shared."), ("A3", "board in December")],
        ),
    ]


def test_indicators_carry_with_every_reading(old: Session) -> None:
    new = carry(old)
    assert new.indicators == old.indicators
    assert [(r.date, r.value, r.note) for r in new.indicators[0].readings] == [
        (dt.date(2026, 9, 1), 0, ""),
        (dt.date(2026, 10, 1), 31, "first month"),
        (dt.date(2026, 11, 1), 58, ""),
    ]


def test_findings_carried(old: Session) -> None:
    new = carry(old)
    assert [f.id for f in new.findings] == ["F1", "F2", "F4", "F6", "F7"]
    for f in new.findings:
        assert f == old.finding(f.id)  # dismissal, resolution, tags and notes kept
    f2 = new.finding("F2")
    assert f2 is not None and f2.dismissed
    linked = {fid for a in new.actions for fid in a.findings}
    assert linked == {"F1", "F7", "F6"}
    assert linked <= {f.id for f in new.findings}


def test_parking_lot_decisions_and_reflection(old: Session) -> None:
    new = carry(old)
    assert [(p.id, p.text, p.done) for p in new.parking_lot] == [("P2", "Braided funding", False)]
    assert new.decisions == []
    assert new.reflection == Reflection()


def test_carried_session_is_clean(old: Session) -> None:
    assert check_session(carry(old)) == []


def test_nothing_unfinished_is_lost(old: Session) -> None:
    new = carry(old)
    for action in old.actions:
        if action.status.is_open:
            assert new.action(action.id) == action
    old_readings = {(m.id, r.date, r.value) for m in old.indicators for r in m.readings}
    new_readings = {(m.id, r.date, r.value) for m in new.indicators for r in m.readings}
    assert old_readings == new_readings
    carried = {a.id for a in new.actions}
    old_history = {
        (c.date, u.action, u.update) for c in old.checkins for u in c.updates if u.action in carried
    }
    assert old_history == {(c.date, u.action, u.update) for c in new.checkins for u in c.updates}


# ----- files ------------------------------------------------------------------------------


def write(path: Path, s: Session) -> Path:
    save_session(s, path)
    return path


def test_write_next_cycle_never_touches_the_source(tmp_path: Path, old: Session) -> None:
    source = write(tmp_path / "family-outcomes-cycle-2.toml", old)
    before = source.read_bytes()
    mtime = source.stat().st_mtime_ns
    target = write_next_cycle(source, TODAY)
    assert source.read_bytes() == before
    assert source.stat().st_mtime_ns == mtime
    assert not (tmp_path / "family-outcomes-cycle-2.toml.bak").exists()
    assert target == tmp_path / "family-outcomes-cycle-3.toml"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "family-outcomes-cycle-2.toml",
        "family-outcomes-cycle-3.toml",
    ]
    new = load_session(target).session
    assert check_session(new) == []
    assert new == carry(old)
    assert new.previous_cycle == "family-outcomes-cycle-2.toml"


def test_write_next_cycle_of_a_broken_file_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "broken.toml"
    source.write_text("schema_version = 1\ntitle = \n", encoding="utf-8")
    with pytest.raises(SessionFileError):
        write_next_cycle(source, TODAY)
    assert [p.name for p in tmp_path.iterdir()] == ["broken.toml"]


def test_next_cycle_names(tmp_path: Path) -> None:
    one = Session(title="t", cycle=1)
    two = Session(title="t", cycle=2)
    assert next_cycle_path(tmp_path / "plan.toml", one).name == "plan-cycle-2.toml"
    assert next_cycle_path(tmp_path / "plan-cycle-2.toml", two).name == "plan-cycle-3.toml"
    assert next_cycle_path(tmp_path / "plan-cycle-2-2.toml", two).name == "plan-cycle-3.toml"
    assert next_cycle_path(tmp_path / "recycle.toml", one).name == "recycle-cycle-2.toml"
    (tmp_path / "plan-cycle-3.toml").write_text("taken")
    assert next_cycle_path(tmp_path / "plan-cycle-2.toml", two).name == "plan-cycle-3-2.toml"
    (tmp_path / "plan-cycle-3-2.toml").write_text("taken")
    assert next_cycle_path(tmp_path / "plan-cycle-2.toml", two).name == "plan-cycle-3-3.toml"
    assert next_cycle_path(tmp_path / "plan-cycle-2.toml", two).parent == tmp_path


def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "harmon.toml"
    path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    return path


def test_demo_carries_forward(tmp_path: Path) -> None:
    source = demo_file(tmp_path)
    before = source.read_bytes()
    old = load_session(source).session
    target = write_next_cycle(source, TODAY)
    assert source.read_bytes() == before
    assert target.name == "harmon-cycle-2.toml"
    new = load_session(target).session
    assert check_session(new) == []
    assert new.cycle == old.cycle + 1
    assert new.previous_cycle == "harmon.toml" and new.created == TODAY
    assert new.vision == old.vision and new.goals == old.goals
    # the room's decisions are acted on (sunset archived, combined merged: see
    # test_portfolio_edits); every other initiative and relation carries as it was
    acted_on = {"I2", "I4", "I5", "I6", "I9"}
    assert [i for i in new.initiatives if i.id not in acted_on] == [
        i for i in old.initiatives if i.id not in acted_on
    ]
    assert new.relationships == [
        r for r in old.relationships if not {r.a, r.b} & {"I4", "I5", "I9"}
    ]
    open_ids = [a.id for a in old.actions if a.status.is_open]
    assert [a.id for a in new.actions] == open_ids
    assert all(a.status.is_open for a in new.actions)
    for old_action in old.actions:
        if old_action.id in open_ids:
            carried = new.action(old_action.id)
            assert carried is not None
            assert carried.model_copy(update={"initiatives": old_action.initiatives}) == old_action
    assert new.indicators == old.indicators  # every reading kept
    history = {u.action for c in new.checkins for u in c.updates}
    assert history == {u.action for c in old.checkins for u in c.updates} & set(open_ids)
    assert new.decisions == [] and new.reflection == Reflection()
    assert [p.id for p in new.parking_lot] == [p.id for p in old.parking_lot if not p.done]


def test_cycle_names_do_not_pile_up(tmp_path: Path) -> None:
    source = demo_file(tmp_path)
    second = write_next_cycle(source, TODAY)
    third = write_next_cycle(second, TODAY)
    assert second.name == "harmon-cycle-2.toml"
    assert third.name == "harmon-cycle-3.toml"
    third_session = load_session(third).session
    assert third_session.cycle == 3
    assert third_session.previous_cycle == "harmon-cycle-2.toml"
    again = next_cycle_path(source, load_session(source).session)
    assert again.name == "harmon-cycle-2-2.toml"
    assert write_next_cycle(source, TODAY).name == "harmon-cycle-2-2.toml"
    assert load_session(third).session == third_session  # earlier files untouched


def test_the_reflection_goes_forward_as_history(old: Session) -> None:
    """What the room said to change and to focus on is the next cycle's starting prompt."""
    new = carry(old)
    assert new.reflection == Reflection()
    assert [(e.cycle, e.file, e.ended) for e in new.earlier_cycles] == [
        (2, "family-outcomes-cycle-2.toml", TODAY)
    ]
    assert new.earlier_cycles[0].reflection == old.reflection
    new.reflection = Reflection(change="Meet in the schools", next_focus="Attendance")
    third = next_cycle(new, Path("sessions/family-outcomes-cycle-3.toml"), TODAY)
    assert [e.cycle for e in third.earlier_cycles] == [2, 3]  # the whole history, oldest first
    assert third.earlier_cycles[-1].reflection.change == "Meet in the schools"


def test_written_next_cycle_keeps_the_reflection_and_reloads(tmp_path: Path) -> None:
    source = demo_file(tmp_path)
    old = load_session(source).session
    old.reflection = Reflection(worked="Monthly", change="Fewer slides", next_focus="Intake")
    save_session(old, source)
    target = write_next_cycle(source, TODAY)
    new = load_session(target).session
    assert new.earlier_cycles[-1].file == new.previous_cycle == "harmon.toml"
    assert new.earlier_cycles[-1].reflection == old.reflection
    assert dumps_session(new) == target.read_bytes()  # byte-stable
