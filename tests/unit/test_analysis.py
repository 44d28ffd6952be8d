"""The findings engine: each kind appears exactly when its condition holds; IDs stay stable;
the coherence summary and the grid's row and column figures are right."""

from __future__ import annotations

import tomllib
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohere_tui.analysis import (
    MAX_CANDIDATE_OVERLAPS,
    CoherenceSummary,
    DerivedFinding,
    GoalScore,
    coherence_summary,
    column_summary,
    derive_findings,
    population_words,
    row_summary,
    similar_populations,
    sync_findings,
)
from cohere_tui.models import (
    Action,
    Dimension,
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
from cohere_tui.store import dumps_session, load_session, session_from_data

FULL = dict.fromkeys(Domain, 2)


def ini(n: int, **kw: Any) -> Initiative:
    kw.setdefault("name", f"Initiative {n}")
    return Initiative(id=f"I{n}", **kw)


def base() -> Session:
    """Two goals, two initiatives, every cell rated, nothing wrong but the tie of domains."""
    s = Session(title="t")
    s.goals = [Goal(id="G1", title="Children ready for school"), Goal(id="G2", title="Attend")]
    s.initiatives = [
        ini(1, name="Pre-K", goals=["G1"], alignment={"vision": 3, "G1": 3, "G2": 2},
            domains=dict(FULL)),
        ini(2, name="Mentors", goals=["G2"], alignment={"vision": 2, "G1": 1, "G2": 2},
            domains=dict(FULL)),
    ]  # fmt: skip
    return s


def keys(s: Session) -> list[str]:
    return [d.key for d in derive_findings(s)]


def derived(s: Session, key: str) -> DerivedFinding:
    return next(d for d in derive_findings(s) if d.key == key)


def stored(s: Session, key: str) -> Finding:
    return next(f for f in s.findings if f.key == key)


def reload(s: Session, tmp_path: Path) -> Session:
    path = tmp_path / "s.toml"
    path.write_bytes(dumps_session(s))
    again = load_session(path).session
    assert dumps_session(again) == path.read_bytes()
    return again


# ----- each kind ---------------------------------------------------------------------------


def test_a_healthy_fully_rated_session_has_no_finding() -> None:
    assert keys(base()) == []  # every domain ties at 2.0: no weakest domain, none below 1.5


def test_unserved_goal_needs_a_rating_of_two() -> None:
    s = base()
    s.initiatives[0].alignment["G2"] = 1
    s.initiatives[1].alignment["G2"] = 1
    assert keys(s) == ["unserved_goal:G2"]
    found = derived(s, "unserved_goal:G2")
    assert found == DerivedFinding(
        "unserved_goal:G2",
        FindingKind.UNSERVED_GOAL,
        "No initiative works strongly toward goal G2 “Attend”.",
        Dimension.TECHNICAL,
        Domain.GOALS,
        (),
        ("G2",),
    )
    s.initiatives[1].alignment["G2"] = 2  # a 2 serves
    assert keys(s) == []
    s.initiatives[1].alignment["G2"] = 3
    assert keys(s) == []
    del s.initiatives[1].alignment["G2"]  # unrated does not serve
    assert "unserved_goal:G2" in keys(s)


def test_unserved_goal_shortens_a_long_title() -> None:
    s = base()
    s.goals[1].title = "Every student attends school regularly, " * 4
    for i in s.initiatives:
        i.alignment["G2"] = 0
    summary = derived(s, "unserved_goal:G2").summary
    assert summary.startswith("No initiative works strongly toward goal G2 “Every student")
    assert summary.endswith("…”.") and len(summary) < 110


def test_no_goal_means_no_link_and_no_rating_of_two() -> None:
    s = base()
    s.initiatives[1].goals = []
    s.initiatives[1].alignment = {"vision": 2, "G1": 1, "G2": 1}
    assert keys(s) == ["no_goal:I2"]
    found = derived(s, "no_goal:I2")
    assert found.summary == "I2 “Mentors” is not linked to any goal and serves none strongly."
    assert (found.dimension, found.domain, found.initiatives) == (
        Dimension.ADAPTIVE,
        Domain.GOALS,
        ("I2",),
    )
    s.initiatives[1].alignment["G1"] = 2  # serves a goal by rating, though unlinked
    assert keys(s) == []
    s.initiatives[1].alignment["G1"] = 0
    s.initiatives[1].goals = ["G1"]  # linked, though rated low
    assert keys(s) == []


def test_no_goal_ignores_links_and_ratings_of_deleted_goals() -> None:
    s = base()
    s.initiatives[1].goals = ["G9"]
    s.initiatives[1].alignment = {"vision": 2, "G1": 0, "G2": 1, "G9": 3}
    assert "no_goal:I2" in keys(s)


def test_weak_vision() -> None:
    s = base()
    s.initiatives[1].alignment["vision"] = 1
    found = derived(s, "weak_vision:I2")
    assert found.summary == "I2 “Mentors” fits only weakly with the shared vision (rated 1)."
    assert (found.kind, found.dimension) == (FindingKind.WEAK_VISION, Dimension.ADAPTIVE)
    s.initiatives[1].alignment["vision"] = 0
    assert derived(s, "weak_vision:I2").summary == (
        "I2 “Mentors” works against the shared vision (rated 0)."
    )
    s.initiatives[1].alignment["vision"] = 2
    assert keys(s) == []
    del s.initiatives[1].alignment["vision"]
    assert "weak_vision:I2" not in keys(s)


def test_redundancy_and_conflict_from_relationships() -> None:
    s = base()
    s.initiatives += [ini(n, goals=["G1"], alignment={"vision": 2, "G1": 2, "G2": 2},
                          domains=dict(FULL)) for n in range(3, 11)]  # fmt: skip
    s.relationships = [
        Relationship(a="I10", b="I2", kind=RelationKind.OVERLAPS),
        Relationship(a="I2", b="I10", kind=RelationKind.OVERLAPS),  # the same pair again
        Relationship(a="I3", b="I1", kind=RelationKind.CONFLICTS),
        Relationship(a="I4", b="I5", kind=RelationKind.REINFORCES),
        Relationship(a="I6", b="I7", kind=RelationKind.DEPENDS_ON),
    ]
    assert keys(s) == ["redundancy:I2+I10", "conflict:I1+I3"]
    red = derived(s, "redundancy:I2+I10")
    assert red.summary == (
        "I2 “Mentors” and I10 “Initiative 10” overlap: the room sees duplication to resolve."
    )
    assert (red.dimension, red.domain, red.initiatives) == (
        Dimension.TECHNICAL,
        Domain.FUNDING_POLICIES,
        ("I2", "I10"),
    )
    con = derived(s, "conflict:I1+I3")
    assert con.summary == "I1 “Pre-K” and I3 “Initiative 3” conflict or compete."
    assert (con.dimension, con.domain, con.initiatives) == (
        Dimension.ADAPTIVE,
        Domain.FUNDING_POLICIES,
        ("I1", "I3"),
    )


def test_relationships_naming_deleted_initiatives_are_skipped() -> None:
    s = base()
    s.relationships = [
        Relationship(a="I1", b="I9", kind=RelationKind.CONFLICTS),
        Relationship(a="I9", b="I2", kind=RelationKind.OVERLAPS),
        Relationship(a="I1", b="I1", kind=RelationKind.OVERLAPS),
    ]
    assert keys(s) == []


def overlap_pair() -> Session:
    s = base()
    for i in s.initiatives:
        i.sector = Sector.HEALTH
        i.goals = ["G1", "G2"]
    s.initiatives[0].population = "First-time mothers and their infants"
    s.initiatives[1].population = "infants and first time mothers"
    return s


def test_candidate_overlap() -> None:
    s = overlap_pair()
    assert keys(s) == ["candidate_overlap:I1+I2"]
    found = derived(s, "candidate_overlap:I1+I2")
    assert found.summary == (
        "I1 “Pre-K” and I2 “Mentors” may duplicate each other: both work in health, serve a "
        "similar population and work toward G1 “Children ready for school” and G2 “Attend”."
    )
    assert (found.dimension, found.domain, found.initiatives, found.goals) == (
        Dimension.TECHNICAL,
        Domain.FUNDING_POLICIES,
        ("I1", "I2"),
        ("G1", "G2"),
    )


@pytest.mark.parametrize(
    "change",
    [
        "sector",
        "goal",
        "population",
        "empty population",
        "reinforces",
        "depends_on",
        "overlaps",
    ],
)
def test_no_candidate_overlap_when_a_condition_fails(change: str) -> None:
    s = overlap_pair()
    second = s.initiatives[1]
    if change == "sector":
        second.sector = Sector.EDUCATION
    elif change == "goal":
        s.initiatives[0].goals = ["G1"]
        second.goals = ["G2"]  # both still rate G1 and G2 2+: ratings do not count here
    elif change == "population":
        second.population = "Teenagers at two high schools"
    elif change == "empty population":
        second.population = "  "
    else:
        s.relationships = [Relationship(a="I2", b="I1", kind=RelationKind(change))]
    assert not [k for k in keys(s) if k.startswith("candidate_overlap")]


def test_candidate_overlap_keys_are_ordered_by_number_and_other_sector_is_worded() -> None:
    s = Session(title="t", goals=[Goal(id="G1", title="Healthy births")])
    s.initiatives = [
        ini(10, goals=["G1"], population="Pregnant teens"),
        ini(9, goals=["G1"], population="pregnant teens"),
    ]
    found = derived(s, "candidate_overlap:I9+I10")
    assert "both are in the same sector, serve a similar population" in found.summary
    assert found.initiatives == ("I9", "I10")


def test_similar_populations() -> None:
    assert population_words("Families, with ALL their infants") == {"family", "infant"}
    assert population_words("Niños y familias") == population_words("ninos y familias")
    assert population_words("All") == {"all"}
    assert similar_populations("Low-income families", "low income family")
    assert similar_populations("All", "all")
    # Jaccard exactly 0.5 is similar; just under is not
    assert similar_populations("parents of toddlers", "parents of toddlers in rural towns")
    assert not similar_populations("parents toddlers", "parents toddlers rural towns county")
    assert not similar_populations("", "")
    assert not similar_populations("students", "")


def test_candidate_overlaps_are_capped_with_the_lowest_ids_first_on_equal_similarity() -> None:
    s = Session(title="t", goals=[Goal(id="G1", title="g")])
    s.initiatives = [
        ini(n, goals=["G1"], sector=Sector.HEALTH, population="new parents") for n in range(1, 13)
    ]
    found = [k for k in keys(s) if k.startswith("candidate")]
    assert len(found) == MAX_CANDIDATE_OVERLAPS == 50  # of 66 pairs
    assert found[0] == "candidate_overlap:I1+I2"
    assert found[-1] == "candidate_overlap:I6+I11"
    assert "candidate_overlap:I6+I12" not in found


def test_candidate_overlaps_prefer_the_most_similar_when_capped() -> None:
    s = Session(title="t", goals=[Goal(id="G1", title="g")])
    # I1–I12 pairwise similar at 3/5 (one distinct word each); I13 and I14 alike at 5/5
    s.initiatives = [
        ini(n, goals=["G1"], population=f"new parents in town area{n}") for n in range(1, 13)
    ] + [
        ini(13, goals=["G1"], population="new parents in town and nearby"),
        ini(14, goals=["G1"], population="nearby, new parents in town"),
    ]
    found = [k for k in keys(s) if k.startswith("candidate")]
    assert len(found) == 50 and found[-1] == "candidate_overlap:I13+I14"
    assert "candidate_overlap:I1+I14" in found and "candidate_overlap:I5+I8" in found
    assert "candidate_overlap:I5+I9" not in found


def test_weak_domains() -> None:
    s = base()
    s.initiatives[0].domains[Domain.DATA_USE] = 0
    s.initiatives[1].domains[Domain.DATA_USE] = 1
    assert keys(s) == ["weak_domain:data_use"]
    found = derived(s, "weak_domain:data_use")
    assert found.summary == "Data use is a weak domain: mean 0.5 over 2 rated initiatives."
    assert (found.dimension, found.domain) == (Dimension.TECHNICAL, Domain.DATA_USE)
    # the lowest is reported even when it is not below 1.5; below 1.5 always; ties all
    s.initiatives[0].domains[Domain.DATA_USE] = 2
    s.initiatives[1].domains[Domain.DATA_USE] = 2
    s.initiatives[0].domains[Domain.ENGAGEMENT] = 1  # 1.5: lowest, not below 1.5
    s.initiatives[0].domains[Domain.COMMUNICATION] = 1
    s.initiatives[0].domains[Domain.GOALS] = 3
    assert keys(s) == ["weak_domain:communication", "weak_domain:engagement"]
    eng = derived(s, "weak_domain:engagement")
    assert eng.summary == (
        "Interest holder engagement is the weakest domain: mean 1.5 over 2 rated initiatives."
    )
    assert eng.dimension is Dimension.ADAPTIVE
    s.initiatives[1].domains[Domain.CAPACITY] = 0  # capacity 1.0: below 1.5 and now lowest
    assert keys(s) == ["weak_domain:capacity"]  # communication, engagement 1.5: neither now
    cap = derived(s, "weak_domain:capacity")
    assert cap.summary == "Capacity building is a weak domain: mean 1.0 over 2 rated initiatives."
    assert cap.dimension is Dimension.TECHNICAL


def test_weak_domain_when_all_domains_tie_or_one_is_rated() -> None:
    s = base()
    for i in s.initiatives:
        i.domains = dict.fromkeys(Domain, 1)
    assert keys(s) == [f"weak_domain:{d.value}" for d in Domain]  # all below 1.5
    for i in s.initiatives:
        i.domains = {Domain.DATA_USE: 2}
    assert "weak_domain:data_use" not in keys(s)  # the only one rated, and not weak
    s.initiatives[0].domains = {Domain.DATA_USE: 1}
    del s.initiatives[1].domains[Domain.DATA_USE]
    assert derived(s, "weak_domain:data_use").summary == (
        "Data use is a weak domain: mean 1.0 over 1 rated initiative."
    )


def test_weak_domain_mean_never_shows_the_threshold_when_below_it() -> None:
    s = Session(title="t")
    s.initiatives = [
        ini(n, domains={Domain.DATA_USE: 2 if n <= 7 else 1, Domain.GOALS: 3}) for n in range(1, 16)
    ]
    assert derived(s, "weak_domain:data_use").summary == (
        "Data use is a weak domain: mean 1.46 over 15 rated initiatives."  # 22/15
    )


def test_unrated() -> None:
    s = base()
    del s.initiatives[0].domains[Domain.CAPACITY]
    found = derived(s, "unrated")
    assert found.summary == "1 of 18 ratings (6%) is still unrated."
    assert (found.kind, found.dimension, found.domain) == (
        FindingKind.UNRATED,
        Dimension.TECHNICAL,
        None,
    )
    s.initiatives[1].alignment.clear()
    assert derived(s, "unrated").summary == "4 of 18 ratings (22%) are still unrated."


def test_unrated_wording_at_the_extremes() -> None:
    s = Session(title="t", goals=[Goal(id="G1", title="g")])
    s.initiatives = [ini(1)]
    assert derived(s, "unrated").summary == "All 8 ratings of the grid are still unrated."
    s.goals = [Goal(id=f"G{n}", title="g") for n in range(1, 21)]  # 27 cells per initiative
    s.initiatives = [
        ini(n, alignment={"vision": 2, **{f"G{g}": 2 for g in range(1, 21)}}, domains=dict(FULL))
        for n in range(1, 5)
    ]  # 108 cells
    del s.initiatives[0].domains[Domain.GOALS]
    assert derived(s, "unrated").summary == "1 of 108 ratings (under 1%) is still unrated."
    for i in s.initiatives:
        i.alignment.clear()
        i.domains.clear()
    s.initiatives[0].domains[Domain.GOALS] = 2
    assert derived(s, "unrated").summary == "107 of 108 ratings (over 99%) are still unrated."


# ----- edge cases --------------------------------------------------------------------------


def test_empty_sessions() -> None:
    assert derive_findings(Session(title="empty")) == []
    goals_only = Session(title="g", goals=[Goal(id="G1", title="a")])
    assert keys(goals_only) == []  # nobody to serve it yet


def test_initiatives_without_goals() -> None:
    s = Session(title="one", initiatives=[ini(1)])
    assert keys(s) == ["unrated"]  # no goals yet: no initiative can be said to serve none
    assert derived(s, "unrated").summary == "All 7 ratings of the grid are still unrated."


def test_one_initiative_nothing_rated() -> None:
    s = Session(title="one", goals=[Goal(id="G1", title="a")], initiatives=[ini(1)])
    assert keys(s) == ["unserved_goal:G1", "no_goal:I1", "unrated"]
    s.initiatives[0].goals = ["G1"]
    s.initiatives[0].population = "everyone"
    assert keys(s) == ["unserved_goal:G1", "unrated"]  # no pair, no overlap


def test_every_cell_unrated_in_a_bigger_session() -> None:
    s = base()
    for i in s.initiatives:
        i.alignment.clear()
        i.domains.clear()
    assert keys(s) == ["unserved_goal:G1", "unserved_goal:G2", "unrated"]
    summary = coherence_summary(s)
    assert summary.overall is None and summary.vision.mean is None
    assert (summary.unrated, summary.total) == (18, 18)


# ----- sync --------------------------------------------------------------------------------


def test_sync_adds_in_order_and_then_reports_no_change() -> None:
    s = base()
    s.findings.append(Finding(id="F1", kind=FindingKind.OTHER, summary="by hand"))
    s.initiatives[1].alignment["vision"] = 1
    s.initiatives[1].alignment["G2"] = 1
    s.initiatives[0].alignment["G2"] = 0
    result = sync_findings(s)
    assert result.changed and result.added == ["F2", "F3"]
    assert (result.updated, result.removed, result.resolved) == ([], [], [])
    assert [(f.id, f.key, f.origin) for f in s.findings] == [
        ("F1", "", FindingOrigin.MANUAL),
        ("F2", "unserved_goal:G2", FindingOrigin.DERIVED),
        ("F3", "weak_vision:I2", FindingOrigin.DERIVED),
    ]
    f3 = s.findings[2]
    assert (f3.kind, f3.dimension, f3.domain, f3.initiatives, f3.goals) == (
        FindingKind.WEAK_VISION,
        Dimension.ADAPTIVE,
        Domain.GOALS,
        ["I2"],
        [],
    )
    again = sync_findings(s)
    assert not again.changed and again.added == again.updated == again.removed == []


def test_sync_refreshes_what_the_analysis_says_and_keeps_what_the_room_set() -> None:
    s = base()
    s.initiatives[1].alignment["vision"] = 1
    sync_findings(s)
    weak = stored(s, "weak_vision:I2")
    weak.dimension = Dimension.TECHNICAL
    weak.note = "They will rewrite their logic model."
    weak.dismissed = True
    s.initiatives[1].name = "Attendance mentors"
    s.initiatives[1].alignment["vision"] = 0
    result = sync_findings(s)
    assert result.updated == [weak.id] and not result.added and not result.removed
    assert weak.summary == "I2 “Attendance mentors” works against the shared vision (rated 0)."
    assert weak.dimension is Dimension.TECHNICAL and weak.dismissed
    assert weak.note == "They will rewrite their logic model."
    assert not sync_findings(s).changed


def test_a_vanished_finding_nothing_keeps_is_removed_and_comes_back_as_new() -> None:
    s = base()
    s.initiatives[1].alignment["vision"] = 1
    s.initiatives[0].alignment["vision"] = 1
    sync_findings(s)
    assert [f.key for f in s.findings] == ["weak_vision:I1", "weak_vision:I2"]
    s.initiatives[0].alignment["vision"] = 3  # F1's condition goes
    result = sync_findings(s)
    assert result.removed == ["F1"] and [f.id for f in s.findings] == ["F2"]
    s.initiatives[0].alignment["vision"] = 0  # and comes back: a new finding
    result = sync_findings(s)
    assert result.added == ["F3"] and [f.key for f in s.findings] == [
        "weak_vision:I2",
        "weak_vision:I1",
    ]


def test_a_removed_id_is_not_reused_in_the_same_sync() -> None:
    s = base()
    s.initiatives[0].alignment["vision"] = 1
    sync_findings(s)
    assert [f.id for f in s.findings] == ["F1"]
    s.initiatives[0].alignment["vision"] = 3
    s.initiatives[1].alignment["vision"] = 1
    result = sync_findings(s)
    assert (result.removed, result.added) == (["F1"], ["F2"])


def test_an_action_keeps_a_vanished_finding_resolved_with_its_id() -> None:
    s = base()
    s.initiatives[1].alignment["vision"] = 1
    sync_findings(s)
    weak = stored(s, "weak_vision:I2")
    s.actions.append(Action(id="A1", title="Talk with the mentors", findings=[weak.id]))
    s.initiatives[1].alignment["vision"] = 3
    result = sync_findings(s)
    assert result.resolved == [weak.id] and not result.removed and not result.updated
    assert weak.resolved and weak in s.findings
    assert not sync_findings(s).changed  # staying resolved is no change
    s.initiatives[1].alignment["vision"] = 0  # the condition holds again: same finding
    result = sync_findings(s)
    assert result.updated == [weak.id] and not result.added
    assert not weak.resolved and "rated 0" in weak.summary
    assert [f.id for f in s.findings] == [weak.id]
    s.initiatives[1].alignment["vision"] = 3
    sync_findings(s)
    s.actions.clear()  # nothing refers to it any more
    assert sync_findings(s).removed == [weak.id] and s.findings == []


@pytest.mark.parametrize("room_input", ["dismissed", "note"])
def test_a_dismissed_or_annotated_finding_survives_its_condition_going(room_input: str) -> None:
    s = base()
    s.initiatives[1].alignment["vision"] = 1
    sync_findings(s)
    weak = stored(s, "weak_vision:I2")
    if room_input == "dismissed":
        weak.dismissed = True
    else:
        weak.note = "The room disagrees with this rating."
    s.initiatives[1].alignment["vision"] = 2
    assert sync_findings(s).resolved == [weak.id]
    s.initiatives[1].alignment["vision"] = 1
    assert sync_findings(s).updated == [weak.id]
    assert s.findings == [weak] and not weak.resolved
    assert weak.dismissed is (room_input == "dismissed")


def test_dismissed_and_resolved_survive_save_and_reload(tmp_path: Path) -> None:
    s = base()
    s.initiatives[1].alignment["vision"] = 0
    s.initiatives[0].alignment["vision"] = 1
    sync_findings(s)
    stored(s, "weak_vision:I2").dismissed = True
    answered = stored(s, "weak_vision:I1")
    s.actions.append(Action(id="A1", title="Rewrite the logic model", findings=[answered.id]))
    s.initiatives[0].alignment["vision"] = 3
    sync_findings(s)
    again = reload(s, tmp_path)
    assert not sync_findings(again).changed
    assert stored(again, "weak_vision:I2").dismissed
    assert stored(again, "weak_vision:I1").resolved
    # the same through the plain TOML route
    data = tomllib.loads(dumps_session(again).decode("utf-8"))
    assert next(f for f in data["findings"] if f["key"] == "weak_vision:I2")["dismissed"] is True
    third = session_from_data(data, tmp_path / "x.toml")
    assert not sync_findings(third).changed
    # rating it away and back after the reload keeps the dismissal and the ID
    third.initiatives[1].alignment["vision"] = 3
    sync_findings(third)
    third.initiatives[1].alignment["vision"] = 1
    sync_findings(third)
    again_weak = stored(third, "weak_vision:I2")
    assert again_weak.dismissed and again_weak.id == stored(s, "weak_vision:I2").id


def test_manual_findings_are_never_touched() -> None:
    s = base()
    manual = Finding(
        id="F4",
        kind=FindingKind.UNSERVED_GOAL,
        summary="Nobody owns goal G2 in practice.",
        key="unserved_goal:G2",  # even with a key that looks derived
        goals=["G2"],
        resolved=True,
    )
    s.findings.append(manual)
    before = manual.model_dump()
    s.initiatives[0].alignment["G2"] = 0
    s.initiatives[1].alignment["G2"] = 0
    result = sync_findings(s)
    assert result.added == ["F5"]
    assert s.findings[0] is manual and manual.model_dump() == before
    s.initiatives[1].alignment["G2"] = 3
    assert sync_findings(s).removed == ["F5"]
    assert s.findings == [manual] and manual.model_dump() == before


def test_a_duplicated_key_keeps_only_the_first() -> None:
    s = base()
    s.initiatives[1].alignment["vision"] = 1
    summary = derived(s, "weak_vision:I2").summary
    common: dict[str, Any] = {
        "kind": FindingKind.WEAK_VISION,
        "summary": summary,
        "origin": FindingOrigin.DERIVED,
        "key": "weak_vision:I2",
        "dimension": Dimension.ADAPTIVE,
        "domain": Domain.GOALS,
        "initiatives": ["I2"],
    }
    s.findings = [Finding(id="F1", **common), Finding(id="F2", **common)]
    result = sync_findings(s)
    assert result.removed == ["F2"] and [f.id for f in s.findings] == ["F1"]


def test_stale_derived_findings_with_unknown_keys_go() -> None:
    s = base()
    s.findings = [
        Finding(id="F7", kind=FindingKind.CONFLICT, summary="old", origin=FindingOrigin.DERIVED,
                key="conflict:I1+I2"),
    ]  # fmt: skip
    result = sync_findings(s)
    assert result.removed == ["F7"] and s.findings == []


def test_sync_is_deterministic() -> None:
    def build() -> Session:
        s = overlap_pair()
        s.initiatives[0].alignment["vision"] = 0
        s.initiatives[1].domains[Domain.DATA_USE] = 0
        s.relationships = [Relationship(a="I1", b="I2", kind=RelationKind.CONFLICTS)]
        return s

    a, b = build(), build()
    sync_findings(a)
    sync_findings(b)
    assert (
        [(f.id, f.key) for f in a.findings]
        == [(f.id, f.key) for f in b.findings]
        == [
            ("F1", "weak_vision:I1"),
            ("F2", "conflict:I1+I2"),
            ("F3", "weak_domain:data_use"),
        ]
    )


def test_the_demo_session_is_in_step_with_the_engine() -> None:
    path = Path(str(resources.files("cohere_tui") / "data" / "demo.toml"))
    session = load_session(path).session
    result = sync_findings(session)
    assert not result.changed, result
    assert stored(session, "unserved_goal:G3").id == "F1"


# ----- coherence summary, rows and columns --------------------------------------------------


def tiny() -> Session:
    """Three initiatives, two goals, ratings chosen to be checked by hand."""
    s = Session(title="tiny", goals=[Goal(id="G1", title="a"), Goal(id="G2", title="b")])
    s.initiatives = [
        ini(1, alignment={"vision": 3, "G1": 2},
            domains={Domain.GOALS: 3, Domain.DATA_USE: 0, Domain.CAPACITY: 2}),
        ini(2, alignment={"vision": 1, "G1": 3, "G2": 1},
            domains={Domain.GOALS: 2, Domain.DATA_USE: 1}),
        ini(3, alignment={"G2": 0}, domains={Domain.GOALS: 1}),
    ]  # fmt: skip
    return s


def test_coherence_numbers_by_hand() -> None:
    summary = coherence_summary(tiny())
    assert isinstance(summary, CoherenceSummary)
    assert [d.domain for d in summary.domains] == list(Domain)
    goals, funding, comms, engage, capacity, data = summary.domains
    assert (goals.mean, goals.rated, goals.total, goals.counts) == (
        2.0,
        3,
        3,
        {0: 0, 1: 1, 2: 1, 3: 1},
    )
    assert (funding.mean, funding.rated, funding.total, funding.unrated) == (None, 0, 3, 3)
    assert funding.counts == {0: 0, 1: 0, 2: 0, 3: 0}
    assert (comms.mean, engage.mean) == (None, None)
    assert (capacity.mean, capacity.rated) == (2.0, 1)
    assert (data.mean, data.rated, data.counts) == (0.5, 2, {0: 1, 1: 1, 2: 0, 3: 0})
    assert summary.overall == pytest.approx((3 + 2 + 1 + 2 + 0 + 1) / 6)
    assert summary.vision == GoalScore("vision", 2.0, 2, 3, 1, {0: 0, 1: 1, 2: 0, 3: 1})
    assert summary.goals == [
        GoalScore("G1", 2.5, 2, 3, 2, {0: 0, 1: 0, 2: 1, 3: 1}),
        GoalScore("G2", 0.5, 2, 3, 0, {0: 1, 1: 1, 2: 0, 3: 0}),
    ]
    # 3 initiatives × (vision + 2 goals + 6 domains) = 27 cells; 6 alignment + 6 domain rated
    assert (summary.total, summary.unrated, summary.rated) == (27, 15, 12)


def test_coherence_of_an_empty_session() -> None:
    summary = coherence_summary(Session(title="e", goals=[Goal(id="G1", title="a")]))
    assert summary.overall is None and (summary.total, summary.unrated) == (0, 0)
    assert all(d.mean is None and d.total == 0 for d in summary.domains)
    assert summary.vision == GoalScore("vision", None, 0, 0, 0, {0: 0, 1: 0, 2: 0, 3: 0})
    assert [g.goal_id for g in summary.goals] == ["G1"]


def test_row_and_column_summaries() -> None:
    s = tiny()
    columns = ["vision", "G1", "G2", *(d.value for d in Domain)]
    assert row_summary(s.initiatives[0], columns) == (10 / 5, 4)
    assert row_summary(s.initiatives[2], columns) == (0.5, 7)
    assert row_summary(s.initiatives[2], []) == (None, 0)
    assert row_summary(s.initiatives[2], ["vision", "capacity"]) == (None, 2)
    assert column_summary(s, "vision") == (2.0, 1)
    assert column_summary(s, "G2") == (0.5, 1)
    assert column_summary(s, "data_use") == (0.5, 1)
    assert column_summary(s, "engagement") == (None, 3)
    assert column_summary(Session(title="e"), "vision") == (None, 0)


# ----- properties --------------------------------------------------------------------------

rating = st.one_of(st.none(), st.integers(0, 3))
WORDS = ["new", "parents", "Parent", "teens", "town", "rural", "infants", "of", "and", "all"]
populations = st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join)
KEYS = ["unserved_goal:G1", "no_goal:I1", "weak_vision:I2", "conflict:I1+I2", "redundancy:I1+I3",
        "candidate_overlap:I1+I2", "weak_domain:data_use", "unrated", "gone:I9"]  # fmt: skip


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    n_goals = draw(st.integers(0, 3))
    goal_ids = [f"G{n}" for n in range(1, n_goals + 1)]
    s = Session(title="p", goals=[Goal(id=g, title=f"goal {g}") for g in goal_ids])
    n_inis = draw(st.integers(0, 5))
    columns = ["vision", *goal_ids]
    for n in range(1, n_inis + 1):
        alignment = {k: v for k in columns if (v := draw(rating)) is not None}
        domains = {d: v for d in Domain if (v := draw(rating)) is not None}
        s.initiatives.append(
            ini(
                n,
                goals=draw(st.lists(st.sampled_from(goal_ids), unique=True)) if goal_ids else [],
                sector=draw(st.sampled_from([Sector.HEALTH, Sector.EDUCATION])),
                population=draw(populations),
                alignment=alignment,
                domains=domains,
            )
        )
    names = [f"I{n}" for n in range(1, n_inis + 2)]  # one beyond: a deleted initiative
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        s.relationships.append(Relationship(a=a, b=b, kind=draw(st.sampled_from(RelationKind))))
    for n in range(1, draw(st.integers(0, 4)) + 1):
        manual = draw(st.booleans())
        s.findings.append(
            Finding(
                id=f"F{n}",
                kind=FindingKind.OTHER,
                summary=f"finding {n}",
                origin=FindingOrigin.MANUAL if manual else FindingOrigin.DERIVED,
                key=draw(st.sampled_from(KEYS)),
                dismissed=draw(st.booleans()),
                note=draw(st.sampled_from(["", "said so"])),
            )
        )
    finding_ids = [f.id for f in s.findings]
    if finding_ids:
        refs = draw(st.lists(st.sampled_from(finding_ids), unique=True, max_size=2))
        s.actions.append(Action(id="A1", title="do", findings=refs))
    return s


@settings(max_examples=150, deadline=None)
@given(sessions())
def test_sync_is_idempotent_and_consistent(s: Session) -> None:
    manual_before = [f.model_dump() for f in s.findings if f.origin is FindingOrigin.MANUAL]
    referenced = {fid for a in s.actions for fid in a.findings}
    before_ids = {f.id for f in s.findings}
    result = sync_findings(s)
    # idempotent
    second = sync_findings(s)
    assert not second.changed
    # IDs unique; manual findings as they were; referenced findings all still there
    ids = [f.id for f in s.findings]
    assert len(set(ids)) == len(ids)
    assert [f.model_dump() for f in s.findings if f.origin is FindingOrigin.MANUAL] == (
        manual_before
    )
    assert referenced <= set(ids)
    # exactly one open stored finding per derived key; resolved ones hold no derived key
    keys_now = [d.key for d in derive_findings(s)]
    open_derived = [
        f.key for f in s.findings if f.origin is FindingOrigin.DERIVED and not f.resolved
    ]
    assert sorted(open_derived) == sorted(keys_now)
    # a resolved derived finding is kept only for what the room put on it
    assert all(
        f.id in referenced or f.dismissed or f.note
        for f in s.findings
        if f.resolved and f.origin is FindingOrigin.DERIVED
    )
    # the result names real IDs
    assert set(result.added) == set(ids) - before_ids
    assert not set(result.removed) & set(ids)
    assert result.changed == bool(result.added or result.updated or result.removed
                                  or result.resolved)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(sessions())
def test_candidate_overlaps_match_a_brute_force_check(s: Session) -> None:
    goal_ids = {g.id for g in s.goals}
    related = {frozenset((r.a, r.b)) for r in s.relationships}
    expected = set()
    for a, b in combinations(s.initiatives, 2):
        if (
            a.sector is b.sector
            and set(a.goals) & set(b.goals) & goal_ids
            and similar_populations(a.population, b.population)
            and frozenset((a.id, b.id)) not in related
        ):
            first, second = sorted((a, b), key=lambda i: int(i.id[1:]))
            expected.add(f"candidate_overlap:{first.id}+{second.id}")
    assert {k for k in keys(s) if k.startswith("candidate")} == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(populations, st.booleans()), min_size=2, max_size=10))
def test_prefix_filtering_misses_no_similar_pair(rows: list[tuple[str, bool]]) -> None:
    s = Session(title="p", goals=[Goal(id="G1", title="a"), Goal(id="G2", title="b")])
    s.initiatives = [
        ini(n, goals=["G1", "G2"] if both else ["G1"], population=text)
        for n, (text, both) in enumerate(rows, start=1)
    ]
    expected = {
        f"candidate_overlap:{a.id}+{b.id}"
        for a, b in combinations(s.initiatives, 2)
        if similar_populations(a.population, b.population)
    }
    found = [d for d in derive_findings(s) if d.kind is FindingKind.CANDIDATE_OVERLAP]
    assert {d.key for d in found} == expected
    for d in found:
        a, b = (s.initiative(i) for i in d.initiatives)
        assert a is not None and b is not None
        assert d.goals == (("G1", "G2") if len(a.goals) == len(b.goals) == 2 else ("G1",))
