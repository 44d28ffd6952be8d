"""The findings engine where the mutation run found it under-tested: the decision suggested
for an initiative (its choice, partner, findings and the reason the room reads), the
population rule on texts without words, and the exact wording and tags of each finding."""

from __future__ import annotations

from typing import Any

from cohere_tui.analysis import (
    derive_findings,
    similar_populations,
    suggest_decision,
    sync_findings,
)
from cohere_tui.models import (
    DecisionChoice,
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

FULL = dict.fromkeys(Domain, 2)


def ini(n: int, **kw: Any) -> Initiative:
    kw.setdefault("name", f"Initiative {n}")
    kw.setdefault("outcomes", "Children ready for school")
    kw.setdefault("domains", dict(FULL))
    return Initiative(id=f"I{n}", **kw)


def goals2() -> list[Goal]:
    return [Goal(id="G1", title="Ready for school"), Goal(id="G2", title="Attend")]


def keys(s: Session) -> list[str]:
    return [d.key for d in derive_findings(s)]


# ----- suggest_decision: scale up or keep ---------------------------------------------------


def suggestion_for(alignment: dict[str, int], goals: list[str]) -> Any:
    """The suggestion for I1 of a synced session where nothing stands against it."""
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=goals, alignment=alignment),
        ini(2, goals=["G1", "G2"], alignment={"vision": 2, "G1": 2, "G2": 2}),
    ]
    sync_findings(s)
    mine = [f.key for f in s.findings if "I1" in f.initiatives]
    assert mine == []  # nothing against I1: the rating rule alone decides
    return suggest_decision(s, s.initiatives[0])


def test_scale_up_is_suggested_with_its_exact_reason_and_no_findings() -> None:
    hint = suggestion_for({"vision": 3, "G1": 3, "G2": 3}, ["G1", "G2"])
    assert hint.choice is DecisionChoice.SCALE_UP
    assert hint.combine_with is None
    assert hint.findings == ()
    assert hint.reason == "strong on the vision and its goals"


def test_keep_is_suggested_with_its_exact_reason_and_no_findings() -> None:
    hint = suggestion_for({"vision": 2, "G1": 2}, ["G1"])
    assert hint.choice is DecisionChoice.KEEP
    assert hint.combine_with is None
    assert hint.findings == ()
    assert hint.reason == "no finding stands against it"


def test_scale_up_at_exactly_the_threshold_mean() -> None:
    """Vision 3 and a linked goal 2 average 2.5: at least 2.5 scales up."""
    assert suggestion_for({"vision": 3, "G1": 2}, ["G1"]).choice is DecisionChoice.SCALE_UP


def test_scale_up_needs_the_vision_rated_three() -> None:
    """A high average with the vision at 2 is not enough."""
    assert suggestion_for({"vision": 2, "G1": 3, "G2": 3}, ["G1", "G2"]).choice is (
        DecisionChoice.KEEP
    )


def test_scale_up_needs_the_average_too() -> None:
    """The vision at 3 with a linked goal rated 0 (mean 1.5) or 1 (mean 2) is kept."""
    assert suggestion_for({"vision": 3, "G1": 0}, ["G1"]).choice is DecisionChoice.KEEP
    assert suggestion_for({"vision": 3, "G1": 1}, ["G1"]).choice is DecisionChoice.KEEP


def test_scale_up_averages_only_the_goals_the_initiative_is_linked_to() -> None:
    """A low rating on a goal I1 is not linked to does not count against it; a low one on a
    linked goal does."""
    assert suggestion_for({"vision": 3, "G1": 3, "G2": 0}, ["G1"]).choice is (
        DecisionChoice.SCALE_UP
    )
    assert suggestion_for({"vision": 3, "G1": 3, "G2": 0}, ["G1", "G2"]).choice is (
        DecisionChoice.KEEP
    )


def test_an_unrated_vision_is_kept_not_scaled_up() -> None:
    s = Session(title="t", goals=goals2())
    s.initiatives = [ini(1, goals=["G1"]), ini(2, goals=["G1"], alignment={"G1": 2, "G2": 2})]
    hint = suggest_decision(s, s.initiatives[0])
    assert (hint.choice, hint.reason) == (DecisionChoice.KEEP, "no finding stands against it")


# ----- suggest_decision: the findings' rules ------------------------------------------------


def related_pair(kind: RelationKind) -> Session:
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=["G1"], alignment={"vision": 2, "G1": 2, "G2": 2}),
        ini(2, goals=["G2"], alignment={"vision": 2, "G1": 2, "G2": 2}),
    ]
    s.relationships = [Relationship(a="I2", b="I1", kind=kind)]
    sync_findings(s)
    return s


def test_a_redundancy_suggests_combining_with_the_other_initiative_named_in_the_reason() -> None:
    s = related_pair(RelationKind.OVERLAPS)
    (fid,) = [f.id for f in s.findings if f.key == "redundancy:I1+I2"]
    hint = suggest_decision(s, s.initiatives[0])
    assert hint.choice is DecisionChoice.COMBINE
    assert hint.combine_with == "I2"
    assert hint.findings == (fid,)
    assert hint.reason == "the room sees it duplicating another (I2)"
    other = suggest_decision(s, s.initiatives[1])
    assert (other.combine_with, other.reason) == ("I1", "the room sees it duplicating another (I1)")


def test_a_redesign_suggestion_names_no_partner() -> None:
    s = related_pair(RelationKind.CONFLICTS)
    (fid,) = [f.id for f in s.findings if f.key == "conflict:I1+I2"]
    hint = suggest_decision(s, s.initiatives[0])
    assert hint.choice is DecisionChoice.REDESIGN
    assert hint.combine_with is None
    assert hint.findings == (fid,)
    assert hint.reason == "it conflicts with another initiative"


def test_a_sunset_suggestion_names_no_partner() -> None:
    s = Session(title="t", goals=goals2())
    s.initiatives = [ini(1, alignment={"vision": 2}), ini(2, goals=["G1", "G2"])]
    sync_findings(s)
    hint = suggest_decision(s, s.initiatives[0])
    assert hint.choice is DecisionChoice.SUNSET
    assert hint.combine_with is None
    assert hint.reason == "it is tied to no goal: a candidate to stop"


def orphan_redundancy(*, weak_vision: bool) -> Session:
    """I1 with an open redundancy finding whose other initiative is no longer in the session
    (a file edited by hand, or read before the findings were brought in step)."""
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=["G1"], alignment={"vision": 1 if weak_vision else 3, "G1": 3}),
        ini(2, goals=["G2"], alignment={"vision": 2, "G2": 2}),
    ]
    sync_findings(s)
    s.findings.append(
        Finding(
            id="F9",
            kind=FindingKind.REDUNDANCY,
            summary="I1 and I9 overlap.",
            origin=FindingOrigin.DERIVED,
            key="redundancy:I1+I9",
            initiatives=["I1", "I9"],
        )
    )
    return s


def test_a_combine_finding_whose_partner_is_gone_gives_way_to_the_next_rule() -> None:
    s = orphan_redundancy(weak_vision=True)
    hint = suggest_decision(s, s.initiatives[0])
    assert hint.choice is DecisionChoice.REDESIGN
    assert hint.reason == "it fits the vision weakly"
    assert hint.combine_with is None


def test_a_combine_finding_whose_partner_is_gone_suggests_no_combine() -> None:
    s = orphan_redundancy(weak_vision=False)
    hint = suggest_decision(s, s.initiatives[0])
    assert hint.choice is DecisionChoice.SCALE_UP
    assert hint.combine_with is None


# ----- similar populations ------------------------------------------------------------------


def test_identical_population_texts_without_words_still_match() -> None:
    """'Identical texts always match', even texts of several parts with no letters or
    digits in them (the word rule alone would find nothing to compare); case and spacing
    are folded."""
    assert similar_populations("— —", "—   —")
    assert similar_populations("? / ?", "? / ?")
    assert not similar_populations("— —", "— ?")
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=["G1"], sector=Sector.HEALTH, population="— —"),
        ini(2, goals=["G1"], sector=Sector.HEALTH, population="—  —"),
    ]
    assert "candidate_overlap:I1+I2" in keys(s)
