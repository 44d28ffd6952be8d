"""The bundled demo session: it ships in the package, loads, validates, is byte-stable, and
shows a new user every part of the cycle, including the patterns the analysis surfaces."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from statistics import mean

import pytest

from cohere_tui.models import (
    VISION_KEY,
    ActionStatus,
    Domain,
    FindingKind,
    FindingOrigin,
    Indicator,
    InitiativeStatus,
    RelationKind,
    Sector,
    Session,
    alignment_columns,
)
from cohere_tui.store import dumps_session, load_session
from cohere_tui.validation import check_session

TODAY = dt.date(2026, 11, 23)
"""The late-November day the demo's action plan is read against."""

DEMO = resources.files("cohere_tui") / "data" / "demo.toml"

KEY = re.compile(
    r"^(unserved_goal:G\d+|no_goal:I\d+|weak_vision:I\d+|redundancy:I\d+\+I\d+"
    r"|candidate_overlap:I\d+\+I\d+|conflict:I\d+\+I\d+|weak_domain:[a-z_]+|unrated"
    r"|disagreement:I\d+:[A-Za-z0-9_]+"
    r"|sustainability_risk:I\d+|unfunded:I\d+|no_outcome_measure:I\d+|unserved_population:N\d+"
    r"|braiding_candidate:N\d+|combine_candidate:I\d+\+I\d+|few_sectors|missing_voice:[a-z_]+)$"
)


@pytest.fixture(scope="module")
def demo_raw() -> bytes:
    return DEMO.read_bytes()


@pytest.fixture(scope="module")
def demo(demo_raw: bytes, tmp_path_factory: pytest.TempPathFactory) -> Session:
    path = tmp_path_factory.mktemp("demo") / "demo.toml"
    path.write_bytes(demo_raw)
    return load_session(path).session


def num(item_id: str) -> int:
    return int(item_id[1:])


# ----- the file ----------------------------------------------------------------------------


def test_demo_ships_in_the_package() -> None:
    assert DEMO.is_file()
    assert DEMO.name == "demo.toml"


def test_demo_loads_validates_and_is_byte_stable(demo_raw: bytes, demo: Session) -> None:
    assert check_session(demo) == []
    assert dumps_session(demo) == demo_raw
    assert demo_raw.decode("utf-8").startswith("schema_version = 2\n")
    assert b"\r" not in demo_raw and demo_raw.endswith(b"\n")


def test_demo_says_interest_holder_never_stakeholder(demo_raw: bytes) -> None:
    assert b"stakeholder" not in demo_raw.lower()


def test_no_demo_text_looks_like_a_formula(demo: Session) -> None:
    texts = [a.title for a in demo.actions] + [a.owner for a in demo.actions]
    texts += [i.name for i in demo.initiatives] + [f.summary for f in demo.findings]
    assert not [t for t in texts if t[:1] in "=+-@"]


# ----- who, what, when ---------------------------------------------------------------------


def test_header(demo: Session) -> None:
    assert "Harmon County" in demo.title
    assert demo.alignment_type.value == "horizontal"
    assert demo.cycle == 1 and demo.previous_cycle is None
    assert demo.created.year == 2026 and demo.created.month == 9
    assert demo.meeting_date is not None and demo.created < demo.meeting_date < TODAY
    assert demo.facilitator in {p.name for p in demo.participants}


def test_participants_span_the_sectors(demo: Session) -> None:
    assert 8 <= len(demo.participants) <= 10
    for p in demo.participants:
        assert p.name.strip() and p.role.strip() and p.organisation.strip() and p.sector
    sectors = {p.sector for p in demo.participants}
    assert {Sector.EDUCATION, Sector.HEALTH, Sector.SOCIAL_SERVICES, Sector.COMMUNITY} <= sectors
    assert len({p.name for p in demo.participants}) == len(demo.participants)


def test_vision_theory_of_change_and_assumptions(demo: Session) -> None:
    v = demo.vision
    assert len(v.statement) > 80
    toc = v.theory_of_change
    assert toc.lstrip().startswith("If ") and "then " in toc and "so that " in toc
    assert toc.index("If ") < toc.index("then ") < toc.index("so that ")
    assert 3 <= len(v.assumptions) <= 5 and all(a.strip() for a in v.assumptions)


def test_goals(demo: Session) -> None:
    assert 4 <= len(demo.goals) <= 5
    assert [g.id for g in demo.goals] == [f"G{n}" for n in range(1, len(demo.goals) + 1)]
    assert all(g.description.strip() for g in demo.goals)


def test_inventory_is_full_and_spans_the_sectors(demo: Session) -> None:
    assert len(demo.initiatives) >= 9
    for ini in demo.initiatives:
        for field in (
            "description",
            "lead",
            "organisation",
            "population",
            "funding",
            "outcomes",
            "data_collected",
        ):
            assert getattr(ini, field).strip(), (ini.id, field)
        assert ini.start is not None, ini.id
    sectors = {ini.sector for ini in demo.initiatives}
    assert {
        Sector.EDUCATION,
        Sector.HEALTH,
        Sector.SOCIAL_SERVICES,
        Sector.COMMUNITY,
        Sector.ECONOMIC_DEVELOPMENT,
    } <= sectors
    assert len({ini.level for ini in demo.initiatives}) >= 3
    assert {InitiativeStatus.ACTIVE, InitiativeStatus.PLANNED} <= {
        ini.status for ini in demo.initiatives
    }
    ending = [ini for ini in demo.initiatives if ini.end is not None]
    assert ending and all(ini.end is not None and ini.end > TODAY for ini in ending)


# ----- ratings -----------------------------------------------------------------------------


def test_almost_every_cell_is_rated_but_some_are_not(demo: Session) -> None:
    columns = alignment_columns(demo)
    cells = len(demo.initiatives) * (len(columns) + len(Domain))
    rated = sum(len(i.alignment) + len(i.domains) for i in demo.initiatives)
    assert 0 < cells - rated <= cells * 0.15
    assert all(VISION_KEY in ini.alignment for ini in demo.initiatives)
    assert sum(1 for ini in demo.initiatives if ini.domains) >= len(demo.initiatives) - 1
    values = Counter(
        v for ini in demo.initiatives for v in (*ini.alignment.values(), *ini.domains.values())
    )
    assert set(values) == {0, 1, 2, 3}  # the whole scale is used
    assert sum(len(ini.rating_notes) for ini in demo.initiatives) >= 3


def test_data_use_and_funding_are_the_weakest_domains(demo: Session) -> None:
    means = {
        d: mean(ini.domains[d] for ini in demo.initiatives if d in ini.domains) for d in Domain
    }
    weakest = sorted(means, key=means.__getitem__)[:2]
    assert weakest == [Domain.DATA_USE, Domain.FUNDING_POLICIES]
    assert means[Domain.DATA_USE] < 1.5


def test_one_goal_no_initiative_serves(demo: Session) -> None:
    unserved = [
        g.id
        for g in demo.goals
        if not any(ini.alignment.get(g.id, -1) >= 2 for ini in demo.initiatives)
    ]
    assert unserved == ["G3"]
    assert any("G3" in ini.goals for ini in demo.initiatives)  # named, but served weakly


def test_one_initiative_serves_no_goal_and_fits_the_vision_weakly(demo: Session) -> None:
    no_goal = [
        ini.id
        for ini in demo.initiatives
        if not ini.goals and not any(ini.alignment.get(g.id, -1) >= 2 for g in demo.goals)
    ]
    assert no_goal == ["I4"]
    weak = [ini.id for ini in demo.initiatives if ini.alignment.get(VISION_KEY, 3) <= 1]
    assert weak == ["I4"]


def test_relationships_of_every_kind(demo: Session) -> None:
    kinds = Counter(r.kind for r in demo.relationships)
    assert set(kinds) == set(RelationKind)
    assert all(r.note.strip() for r in demo.relationships)
    overlap = next(r for r in demo.relationships if r.kind is RelationKind.OVERLAPS)
    a, b = demo.initiative(overlap.a), demo.initiative(overlap.b)
    assert a is not None and b is not None
    assert a.sector == b.sector and set(a.goals) & set(b.goals)
    assert {overlap.a, overlap.b} == {"I2", "I5"}
    conflict = next(r for r in demo.relationships if r.kind is RelationKind.CONFLICTS)
    assert {conflict.a, conflict.b} == {"I3", "I4"}


# ----- findings ----------------------------------------------------------------------------


def test_findings(demo: Session) -> None:
    assert 6 <= len(demo.findings) <= 14
    derived = [f for f in demo.findings if f.origin is FindingOrigin.DERIVED]
    manual = [f for f in demo.findings if f.origin is FindingOrigin.MANUAL]
    assert 1 <= len(manual) <= 2 and all(f.key == "" for f in manual)
    assert len({f.key for f in derived}) == len(derived)
    for f in derived:
        assert KEY.match(f.key), f.key
        assert f.key.split(":")[0] == f.kind.value
        pair = re.findall(r"I(\d+)", f.key)
        assert [int(n) for n in pair] == sorted(int(n) for n in pair)  # sorted by number
        assert not f.dismissed and not f.resolved
    for f in demo.findings:
        assert f.summary.strip() and "\n" not in f.summary
    keys = {f.key for f in derived}
    assert {
        "unserved_goal:G3",
        "no_goal:I4",
        "weak_vision:I4",
        "redundancy:I2+I5",
        "conflict:I3+I4",
        "weak_domain:data_use",
        "unrated",
    } <= keys
    assert {f.dimension.value for f in demo.findings} == {"technical", "adaptive"}
    by_key = {f.key: f for f in derived}
    assert by_key["redundancy:I2+I5"].initiatives == ["I2", "I5"]
    assert by_key["unserved_goal:G3"].goals == ["G3"]
    assert by_key["weak_domain:data_use"].domain is Domain.DATA_USE
    assert {f.kind for f in demo.findings} >= {FindingKind.UNSERVED_GOAL, FindingKind.OTHER}


def test_derived_findings_are_what_the_analysis_derives(demo: Session) -> None:
    """Opening the demo changes nothing: its derived findings are exactly the analysis's."""
    from cohere_tui.analysis import derive_findings, sync_findings

    stored = {f.key: f for f in demo.findings if f.origin is FindingOrigin.DERIVED}
    for fresh in derive_findings(demo):
        assert fresh.key in stored, fresh.key
        f = stored[fresh.key]
        assert (f.kind, f.summary, f.domain) == (fresh.kind, fresh.summary, fresh.domain)
        assert (f.initiatives, f.goals) == (list(fresh.initiatives), list(fresh.goals))
    assert set(stored) == {d.key for d in derive_findings(demo)}
    copy = demo.model_copy(deep=True)
    assert not sync_findings(copy).changed
    assert dumps_session(copy) == dumps_session(demo)


# ----- action plan -------------------------------------------------------------------------


def test_actions(demo: Session) -> None:
    assert len(demo.actions) >= 12
    people = {p.name for p in demo.participants}
    for a in demo.actions:
        assert a.owner in people, (a.id, a.owner)
        assert a.partners and a.start and a.due and a.start <= a.due, a.id
        assert a.indicator.strip() and a.domain is not None and a.initiatives, a.id
        if a.status is not ActionStatus.NOT_STARTED:
            assert a.latest_update.strip(), a.id
    assert sum(1 for a in demo.actions if a.findings) >= len(demo.actions) - 3
    assert sum(1 for a in demo.actions if a.notes.strip()) >= 3
    assert {a.priority.value for a in demo.actions} == {"high", "medium", "low"}
    assert len({a.domain for a in demo.actions}) >= 5
    # every finding but the bookkeeping one has an action that answers it
    answered = {f for a in demo.actions for f in a.findings}
    assert {f.id for f in demo.findings if f.kind is not FindingKind.UNRATED} <= answered


def test_many_voices(demo: Session) -> None:
    """Goal G2 rated by five voices with one disagreement, a consensus check on a decision,
    a dot-vote round on the findings."""
    from cohere_tui.votes import agreed_value, check_passes, disagrees, dot_ranking, values_of

    voted = [ini for ini in demo.initiatives if "G2" in ini.votes]
    assert len(voted) == sum("G2" in ini.alignment for ini in demo.initiatives) >= 10
    assert all(len(ini.votes["G2"]) == 5 for ini in voted)
    assert all(agreed_value(values_of(ini.votes["G2"])) == ini.alignment["G2"] for ini in voted)
    split = [ini.id for ini in voted if disagrees(values_of(ini.votes["G2"]))]
    assert split == ["I4"]
    assert [f.key for f in demo.findings if f.kind is FindingKind.DISAGREEMENT] == [
        "disagreement:I4:G2"
    ]
    checked = [d for d in demo.decisions if d.checks]
    assert len(checked) == 1 and [check_passes(c).passes for c in checked[0].checks] == [
        False,
        True,
    ]
    (round_,) = demo.dot_rounds
    assert round_.ranking == dot_ranking(round_) and len(round_.options) >= 5


def test_action_statuses_against_late_november(demo: Session) -> None:
    status = Counter(a.status for a in demo.actions)
    assert status[ActionStatus.DONE] >= 2
    assert status[ActionStatus.IN_PROGRESS] >= 2
    assert status[ActionStatus.BLOCKED] == 2
    assert status[ActionStatus.NOT_STARTED] >= 2
    overdue = [
        a.id
        for a in demo.actions
        if a.status.is_open and a.due is not None and a.due < dt.date(2026, 11, 20)
    ]
    assert overdue == ["A2", "A4"]
    late_today = [a.id for a in demo.actions if a.status.is_open and a.due and a.due < TODAY]
    assert late_today == overdue
    blocked = [a.id for a in demo.actions if a.status is ActionStatus.BLOCKED]
    assert blocked == ["A3", "A9"]
    assert not set(blocked) & set(overdue)


# ----- monitoring --------------------------------------------------------------------------


def test_indicators(demo: Session) -> None:
    assert 4 <= len(demo.indicators) <= 5
    goal_ids = {g.id for g in demo.goals}
    for m in demo.indicators:
        assert m.unit and m.source and m.goal in goal_ids, m.id
        assert m.baseline is not None and m.target is not None and m.baseline != m.target
        assert m.baseline_date and m.target_date and m.baseline_date < m.target_date
        assert 3 <= len(m.readings) <= 6, m.id
        dates = [r.date for r in m.readings]
        assert dates == sorted(dates) and dates[-1] < TODAY
        assert (m.target > m.baseline) == (m.direction.value == "increase")
    measured = {m.goal for m in demo.indicators}
    assert measured == goal_ids


def test_one_indicator_moves_the_wrong_way(demo: Session) -> None:
    def wrong_way(m: Indicator) -> bool:
        first, last = m.readings[0].value, m.readings[-1].value
        return last > first if m.direction.value == "decrease" else last < first

    assert [m.id for m in demo.indicators if wrong_way(m)] == ["M3"]


def test_the_checkin_agrees_with_the_actions(demo: Session) -> None:
    assert len(demo.checkins) == 1
    (checkin,) = demo.checkins
    assert checkin.date.year == 2026 and checkin.date.month == 11 and checkin.date.day <= 10
    assert checkin.date == demo.meeting_date and checkin.note.strip()
    updated = [u.action for u in checkin.updates]
    assert len(updated) == len(set(updated))
    started_open = {
        a.id for a in demo.actions if a.status.is_open and a.start and a.start <= checkin.date
    }
    assert started_open <= set(updated)  # every open action under way was discussed
    for u in checkin.updates:
        action = demo.action(u.action)
        assert action is not None
        assert u.status is action.status and u.update == action.latest_update, u.action
        if u.status is ActionStatus.DONE:
            assert u.progress == 100
        if u.progress is not None:
            assert 0 <= u.progress <= 100
    assert any(u.progress is None for u in checkin.updates)
    assert any(0 < (u.progress or 0) < 100 for u in checkin.updates)


def test_parking_lot_decisions_and_reflection(demo: Session) -> None:
    assert [p.id for p in demo.parking_lot] == ["P1", "P2"]
    assert all(not p.done and p.step for p in demo.parking_lot)
    assert 2 <= len(demo.decisions) <= 3
    assert [d.date for d in demo.decisions] == sorted(d.date for d in demo.decisions)
    assert demo.reflection.worked.strip()  # lightly started


def test_ids_are_in_order_without_gaps(demo: Session) -> None:
    for items, prefix in (
        (demo.goals, "G"),
        (demo.initiatives, "I"),
        (demo.findings, "F"),
        (demo.actions, "A"),
        (demo.indicators, "M"),
        (demo.decisions, "D"),
    ):
        assert [i.id for i in items] == [f"{prefix}{n}" for n in range(1, len(items) + 1)]


def test_demo_copy_beside_a_session_folder_is_independent(tmp_path: Path, demo_raw: bytes) -> None:
    """The packaged file is only read: loading and saving a copy leaves it as it was."""
    from cohere_tui.store import save_session

    path = tmp_path / "harmon.toml"
    path.write_bytes(demo_raw)
    loaded = load_session(path)
    loaded.session.title = "Edited copy"
    save_session(loaded.session, path, expected=loaded.fingerprint)
    assert DEMO.read_bytes() == demo_raw
    assert (tmp_path / "harmon.toml.bak").read_bytes() == demo_raw


# ----- Prepare -------------------------------------------------------------------------------


def test_the_team_is_prepared_with_roles_voices_and_a_missing_youth_voice(demo: Session) -> None:
    from cohere_tui.models import TEAM_ROLES, Voice
    from cohere_tui.prepare import coverage

    assert all(p.team_role in TEAM_ROLES and p.voices for p in demo.participants)
    roles = Counter(p.team_role for p in demo.participants)
    assert roles["facilitator"] == 1 and roles["co-facilitator"] == 1
    assert {"note-taker", "timekeeper", "decision-maker", "member"} <= set(roles)
    cov = coverage(demo)
    assert cov.described and not cov.too_few_sectors
    assert cov.voices_missing == [Voice.YOUNG_PEOPLE]  # raised, and answered by an action
    keys = {f.key for f in demo.findings}
    assert "missing_voice:young_people" in keys and "missing_voice:families" not in keys
    youth = next(f for f in demo.findings if f.key == "missing_voice:young_people")
    assert any(youth.id in a.findings for a in demo.actions)


def test_scope_readiness_and_meetings(demo: Session) -> None:
    from cohere_tui.models import Condition
    from cohere_tui.prepare import readiness_summary, suggested_actions

    scope = demo.scope
    assert scope.question.endswith("?") and scope.time_frame and scope.note
    for side in (scope.included, scope.excluded):
        assert side.agencies and side.levels and side.populations and side.initiatives
    assert set(demo.readiness) == set(Condition)
    assert all(r.evidence and r.rated_by for r in demo.readiness.values())
    summary = readiness_summary(demo)
    assert summary.rated == 7 and summary.mean is not None and 1.5 < summary.mean < 3
    assert summary.weakest == [Condition.CONTINUOUS_IMPROVEMENT]
    assert [s.taken for s in suggested_actions(demo)] == [False]  # left for the room
    assert len(demo.meetings) >= 3
    dates = [m.date for m in demo.meetings]
    assert dates == sorted(d for d in dates if d is not None)
    first = demo.meetings[0]
    assert first.date == demo.created and first.norms
    assert [item.step for item in first.agenda] == [0, 0, 1, 2, 3, 4, 5]
