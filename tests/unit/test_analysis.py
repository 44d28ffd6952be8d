"""The findings engine: each kind appears exactly when its condition holds; IDs stay stable."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from cohere_tui.analysis import coherence_summary, derive_findings, sync_findings
from cohere_tui.models import (
    Action,
    Domain,
    Finding,
    FindingKind,
    FindingOrigin,
    Goal,
    Initiative,
    RelationKind,
    Relationship,
    Sector,
    Session,
)
from cohere_tui.store import dumps_session, session_from_data

ALL = {d: 2 for d in Domain}


def base() -> Session:
    s = Session(title="t")
    s.goals = [Goal(id="G1", title="Ready"), Goal(id="G2", title="Attend")]
    s.initiatives = [
        Initiative(
            id="I1",
            name="One",
            goals=["G1"],
            alignment={"vision": 3, "G1": 3, "G2": 2},
            domains=dict(ALL),
        ),
        Initiative(
            id="I2",
            name="Two",
            goals=["G2"],
            alignment={"vision": 2, "G1": 1, "G2": 2},
            domains=dict(ALL),
        ),
    ]
    return s


def keys(s: Session) -> set[str]:
    return {d.key for d in derive_findings(s)}


def test_fully_rated_healthy_session_has_only_the_weakest_domain() -> None:
    assert keys(base()) == {f"weak_domain:{d.value}" for d in Domain}  # all tie at 2.0


def test_unserved_goal() -> None:
    s = base()
    s.initiatives[0].alignment["G2"] = 1
    s.initiatives[1].alignment["G2"] = 1
    assert "unserved_goal:G2" in keys(s)
    s.initiatives[1].alignment["G2"] = 2  # a 2 serves
    assert "unserved_goal:G2" not in keys(s)


def test_no_goal_and_weak_vision() -> None:
    s = base()
    s.initiatives[1].goals = []
    s.initiatives[1].alignment = {"vision": 1, "G1": 1, "G2": 1}
    found = keys(s)
    assert {"no_goal:I2", "weak_vision:I2"} <= found
    s.initiatives[1].alignment["G1"] = 2  # serves a goal by rating, though unlinked
    assert "no_goal:I2" not in keys(s)


def test_redundancy_conflict_and_candidates() -> None:
    s = base()
    for ini in s.initiatives:
        ini.sector = Sector.HEALTH
        ini.population = "first-time mothers and infants"
    s.initiatives[1].goals = ["G1"]
    assert "candidate_overlap:I1+I2" in keys(s)
    s.relationships = [Relationship(a="I2", b="I1", kind=RelationKind.OVERLAPS)]
    found = keys(s)
    assert "redundancy:I1+I2" in found and "candidate_overlap:I1+I2" not in found
    s.relationships = [Relationship(a="I1", b="I2", kind=RelationKind.CONFLICTS)]
    assert "conflict:I1+I2" in keys(s)
    s.initiatives[1].sector = Sector.EDUCATION
    s.relationships = []
    assert not any(k.startswith("candidate") for k in keys(s))


def test_weakest_domain_and_unrated() -> None:
    s = base()
    s.initiatives[0].domains[Domain.DATA_USE] = 0
    s.initiatives[1].domains[Domain.DATA_USE] = 1
    found = keys(s)
    assert "weak_domain:data_use" in found and "weak_domain:goals" not in found
    del s.initiatives[0].domains[Domain.CAPACITY]
    unrated = next(d for d in derive_findings(s) if d.key == "unrated")
    assert unrated.summary.startswith("1 of 18 ratings")


def test_edge_cases() -> None:
    assert derive_findings(Session(title="empty")) == []
    one = Session(title="one", initiatives=[Initiative(id="I1", name="x")])
    assert keys(one) == {"no_goal:I1", "unrated"}
    goals_only = Session(title="g", goals=[Goal(id="G1", title="a")])
    assert keys(goals_only) == set()  # nobody to serve it yet
    s = base()
    s.relationships = [Relationship(a="I1", b="I9", kind=RelationKind.CONFLICTS)]
    assert not any(k.startswith("conflict") for k in keys(s))


def test_sync_keeps_ids_dismissal_and_manual_findings() -> None:
    s = base()
    s.findings.append(Finding(id="F1", kind=FindingKind.OTHER, summary="by hand"))
    s.initiatives[1].alignment["vision"] = 1
    first = sync_findings(s)
    assert first.changed and first.added
    weak = next(f for f in s.findings if f.key == "weak_vision:I2")
    weak.dismissed = True
    # the condition goes away and comes back: a new finding then, since nothing kept it
    s.initiatives[1].alignment["vision"] = 3
    assert weak.id in sync_findings(s).removed
    # an action answering a finding keeps it, marked resolved
    s.initiatives[1].alignment["vision"] = 0
    sync_findings(s)
    weak = next(f for f in s.findings if f.key == "weak_vision:I2")
    s.actions.append(Action(id="A1", title="talk", findings=[weak.id]))
    s.initiatives[1].alignment["vision"] = 3
    result = sync_findings(s)
    assert result.resolved == [weak.id] and weak.resolved
    s.initiatives[1].alignment["vision"] = 1
    sync_findings(s)
    assert not weak.resolved and "rated 1" in weak.summary
    assert s.findings[0].summary == "by hand" and s.findings[0].origin is FindingOrigin.MANUAL
    assert not sync_findings(s).changed


def test_dismissed_survives_save_and_reload(tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = base()
    s.initiatives[1].alignment["vision"] = 0
    sync_findings(s)
    target = next(f for f in s.findings if f.key == "weak_vision:I2")
    target.dismissed = True
    again = session_from_data(tomllib.loads(dumps_session(s).decode()), tmp_path / "x.toml")
    assert not sync_findings(again).changed
    assert next(f for f in again.findings if f.key == "weak_vision:I2").dismissed


def test_coherence_numbers() -> None:
    s = base()
    s.initiatives[0].domains[Domain.DATA_USE] = 0
    del s.initiatives[1].domains[Domain.DATA_USE]
    summary = coherence_summary(s)
    data = next(d for d in summary.domains if d.domain is Domain.DATA_USE)
    assert (data.mean, data.rated, data.total) == (0.0, 1, 2)
    assert summary.overall == (2 * 10 + 0) / 11  # ten 2s and one 0
    assert summary.vision is not None and summary.vision.mean == 2.5
    assert [(g.goal_id, g.serving) for g in summary.goals] == [("G1", 1), ("G2", 2)]
    assert (summary.unrated, summary.total) == (1, 18)


ratings = st.one_of(st.none(), st.integers(0, 3))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(ratings, ratings, ratings, ratings), min_size=0, max_size=5), st.booleans()
)
def test_sync_is_idempotent(rows, conflict) -> None:  # type: ignore[no-untyped-def]
    s = Session(title="p", goals=[Goal(id="G1", title="a")])
    for n, (v, g, d1, d2) in enumerate(rows, start=1):
        alignment = {k: x for k, x in (("vision", v), ("G1", g)) if x is not None}
        domains = {k: x for k, x in ((Domain.DATA_USE, d1), (Domain.GOALS, d2)) if x is not None}
        s.initiatives.append(
            Initiative(id=f"I{n}", name=f"n{n}", alignment=alignment, domains=domains)
        )
    if conflict and len(rows) >= 2:
        s.relationships.append(Relationship(a="I1", b="I2", kind=RelationKind.CONFLICTS))
    sync_findings(s)
    assert not sync_findings(s).changed
    assert len({f.id for f in s.findings}) == len(s.findings)
