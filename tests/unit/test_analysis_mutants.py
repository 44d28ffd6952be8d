"""The findings engine where the mutation run found it under-tested: the decision suggested
for an initiative (its choice, partner, findings and the reason the room reads), the
population rule on texts without words, and the exact wording and tags of each finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cohere_tui.analysis import (
    coherence_summary,
    derive_findings,
    population_words,
    rating_word,
    similar_populations,
    suggest_decision,
    sync_findings,
    use_key,
)
from cohere_tui.models import (
    DecisionChoice,
    Dimension,
    Domain,
    Finding,
    FindingKind,
    FindingOrigin,
    FundingStream,
    Goal,
    Initiative,
    InitiativeStatus,
    Population,
    RelationKind,
    Relationship,
    Sector,
    Session,
    StreamLink,
    Vote,
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


# ----- names as the room reads them in a finding --------------------------------------------


def test_an_initiative_name_is_shortened_after_40_characters() -> None:
    """The finding shows a name of 40 characters whole, and cuts one of 41 to 39 and '…'."""
    s = Session(title="t", goals=goals2())
    forty, forty_one = "N" * 40, "abcdefghij" * 4 + "k"
    s.initiatives = [ini(1, name=forty), ini(2, name=forty_one), ini(3, goals=["G1", "G2"])]
    found = {d.key: d.summary for d in derive_findings(s)}
    assert found["no_goal:I1"] == (
        f"I1 “{forty}” is not linked to any goal and serves none strongly."
    )
    assert found["no_goal:I2"] == (
        f"I2 “{forty_one[:39]}…” is not linked to any goal and serves none strongly."
    )


def test_a_population_named_by_three_goals_lists_two_and_counts_the_rest() -> None:
    s = Session(
        title="t",
        goals=[
            Goal(id="G1", title="Ready", populations=["N1"]),
            Goal(id="G2", title="Healthy", populations=["N1"]),
            Goal(id="G3", title="Attend", populations=["N1"]),
        ],
        populations=[Population(id="N1", name="Foster youth")],
        initiatives=[ini(1, goals=["G1"])],
    )
    (found,) = [d for d in derive_findings(s) if d.key == "unserved_population:N1"]
    assert found.summary == (
        "No initiative serves N1 “Foster youth”, though G1 “Ready”, G2 “Healthy” and 1 more "
        "are about them."
    )
    assert found.goals == ("G1", "G2", "G3")


def test_a_stream_name_is_shortened_after_32_characters() -> None:
    """S1's name of 32 characters is shown whole, S2's of 33 cut to 31 and '…'."""
    thirty_two, thirty_three = "M" * 32, "abcdefghij" * 3 + "klm"
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Families")],
        streams=[
            FundingStream(id="S1", name=thirty_two, uses=["Home visiting"]),
            FundingStream(id="S2", name=thirty_three, uses=["home visiting"]),
        ],
        initiatives=[
            ini(1, populations=["N1"], streams=[StreamLink(stream="S1")]),
            ini(2, populations=["N1"], streams=[StreamLink(stream="S2")]),
        ],
    )
    (found,) = [d for d in derive_findings(s) if d.key == "braiding_candidate:N1"]
    assert found.summary == (
        "I1 “Initiative 1” and I2 “Initiative 2” serve N1 “Families” from separate streams "
        f"whose allowable uses overlap (S1 “{thirty_two}” and S2 “{thirty_three[:31]}…”: "
        "Home visiting): a candidate to braid funding."
    )


# ----- braiding: the order the room reads ---------------------------------------------------


def test_a_braiding_candidate_names_initiatives_and_streams_in_order_of_their_number() -> None:
    """I2 before I10 and S2 before S10 (not in text order), and the shared use is written as
    the lowest-numbered stream writes it."""
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Families")],
        streams=[
            FundingStream(id="S10", name="Foundation", uses=["home  visitings"]),
            FundingStream(id="S2", name="MIECHV", uses=["Home visiting"]),
        ],
        initiatives=[
            ini(10, populations=["N1"], streams=[StreamLink(stream="S10")]),
            ini(2, populations=["N1"], streams=[StreamLink(stream="S2")]),
        ],
    )
    (found,) = [d for d in derive_findings(s) if d.key == "braiding_candidate:N1"]
    assert found.initiatives == ("I2", "I10")
    assert found.summary == (
        "I2 “Initiative 2” and I10 “Initiative 10” serve N1 “Families” from separate streams "
        "whose allowable uses overlap (S2 “MIECHV” and S10 “Foundation”: Home visiting): a "
        "candidate to braid funding."
    )


# ----- the room disagrees -------------------------------------------------------------------


def test_a_disagreement_is_found_after_an_initiative_with_no_votes() -> None:
    """I1 has no votes at all; I2's votes on the vision span 3 points."""
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=["G1"]),
        ini(
            2,
            goals=["G1"],
            votes={"vision": [Vote(voice="V1", value=0), Vote(voice="V2", value=3)]},
        ),
    ]
    found = [d for d in derive_findings(s) if d.kind is FindingKind.DISAGREEMENT]
    assert [(d.key, d.summary) for d in found] == [
        (
            "disagreement:I2:vision",
            "The room disagrees on how I2 “Initiative 2” aligns with the vision: votes "
            "0:1 1:· 2:· 3:1 (spread 3).",
        )
    ]
    assert (found[0].initiatives, found[0].goals, found[0].domain) == (("I2",), (), Domain.GOALS)


# ----- plurals folded -------------------------------------------------------------------------


def test_plurals_are_folded_as_the_notes_say() -> None:
    """'families' = 'family', 'flies' = 'fly', 'cars' = 'car'; a short '-ies' word ('ties')
    and words ending in -ss, -us, -is ('class', 'campus', 'analysis') or of three letters
    ('ads') keep their ending. The caches are cleared first, so that the rule itself is
    computed here, not a result remembered from an earlier test."""
    population_words.cache_clear()
    use_key.cache_clear()
    assert population_words("Families with flies, ties and cars") == {"family", "fly", "tie", "car"}
    assert population_words("class campus analysis ads") == {"class", "campus", "analysis", "ads"}
    assert use_key("Home  Visitings for Families") == "home visiting for family"
    assert use_key("TV ads") == "tv ads"


# ----- more names as the room reads them ----------------------------------------------------


def test_a_name_cut_at_a_space_ends_with_the_word_not_a_space() -> None:
    """A long name cut just after a space shows '…' right after the last word."""
    s = Session(title="t", goals=goals2())
    name = "A" * 38 + " " + "B" * 5  # 44 characters: the cut falls after the space
    s.initiatives = [ini(1, name=name), ini(2, goals=["G1"])]
    (found,) = [d for d in derive_findings(s) if d.key == "no_goal:I1"]
    assert found.summary == f"I1 “{'A' * 38}…” is not linked to any goal and serves none strongly."


def test_a_goal_title_is_shortened_after_48_characters() -> None:
    """A title of 48 characters is shown whole; one of 49 is cut to 47 and '…'."""
    forty_eight, forty_nine = "T" * 48, "abcdefghij" * 4 + "klmnopqrs"
    s = Session(
        title="t", goals=[Goal(id="G1", title=forty_eight), Goal(id="G2", title=forty_nine)]
    )
    s.initiatives = [ini(1, goals=["G1", "G2"])]
    found = {d.key: d.summary for d in derive_findings(s)}
    assert (
        found["unserved_goal:G1"] == f"No initiative works strongly toward goal G1 “{forty_eight}”."
    )
    assert found["unserved_goal:G2"] == (
        f"No initiative works strongly toward goal G2 “{forty_nine[:47]}…”."
    )


# ----- candidate overlaps ----------------------------------------------------------------


def overlap_keys(s: Session) -> list[str]:
    return [k for k in keys(s) if k.startswith("candidate_overlap")]


def test_a_sector_with_one_initiative_does_not_stop_the_search_in_the_next() -> None:
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=["G1"], sector=Sector.EDUCATION, population="new parents"),
        ini(2, goals=["G1"], sector=Sector.HEALTH, population="new parents"),
        ini(3, goals=["G1"], sector=Sector.HEALTH, population="New  parents"),
    ]
    assert overlap_keys(s) == ["candidate_overlap:I2+I3"]


def test_a_pair_sharing_no_goal_does_not_hide_the_next_pair() -> None:
    """I3 is compared with I1 (no common goal) and with I2 (a common goal): I2+I3 is raised;
    so is it when I1 and I3 are already related."""
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=["G2"], sector=Sector.HEALTH, population="new parents"),
        ini(2, goals=["G1"], sector=Sector.HEALTH, population="new parents"),
        ini(3, goals=["G1"], sector=Sector.HEALTH, population="new parents"),
    ]
    assert overlap_keys(s) == ["candidate_overlap:I2+I3"]
    s.initiatives[0].goals = ["G1"]
    s.relationships = [Relationship(a="I1", b="I3", kind=RelationKind.REINFORCES)]
    assert overlap_keys(s) == ["candidate_overlap:I1+I2", "candidate_overlap:I2+I3"]


def test_capped_overlaps_rank_identical_texts_and_the_same_words_alike() -> None:
    """'Families' and 'family' are as similar as two identical texts (same words): with more
    than 50 equally similar pairs the lowest IDs are kept, so I1's pairs come first."""
    s = Session(title="t", goals=goals2())
    s.initiatives = [ini(1, goals=["G1"], population="Families")] + [
        ini(n, goals=["G1"], population="family") for n in range(2, 13)
    ]
    found = overlap_keys(s)
    assert len(found) == 50  # of 66 pairs
    assert found[:11] == [f"candidate_overlap:I1+I{n}" for n in range(2, 13)]
    assert "candidate_overlap:I6+I12" not in found


def test_capped_overlaps_prefer_the_pairs_sharing_more_goals() -> None:
    """Of 66 equally similar pairs, I11 and I12 share two goals: that pair is kept over the
    pairs of lower IDs that share one."""
    s = Session(title="t", goals=goals2())
    s.initiatives = [ini(n, goals=["G1"], population="new parents") for n in range(1, 11)] + [
        ini(n, goals=["G1", "G2"], population="new parents") for n in (11, 12)
    ]
    found = overlap_keys(s)
    assert len(found) == 50
    assert "candidate_overlap:I11+I12" in found
    assert found[0] == "candidate_overlap:I1+I2"
    assert "candidate_overlap:I6+I11" not in found


def test_the_goals_two_initiatives_share_are_listed_in_the_sessions_order() -> None:
    """The room's goal order (G3 before G1 here), not the order of the IDs' text."""
    s = Session(
        title="t",
        goals=[
            Goal(id="G3", title="Healthy"),
            Goal(id="G1", title="Ready"),
            Goal(id="G10", title="Safe"),
        ],
    )
    s.initiatives = [
        ini(1, goals=["G1", "G3", "G10"], sector=Sector.HEALTH, population="new parents"),
        ini(2, goals=["G10", "G1", "G3"], sector=Sector.HEALTH, population="new parents"),
    ]
    (found,) = [d for d in derive_findings(s) if d.key == "candidate_overlap:I1+I2"]
    assert found.goals == ("G3", "G1", "G10")
    assert found.summary.endswith("work toward G3 “Healthy”, G1 “Ready” and 1 more.")


# ----- relationships ------------------------------------------------------------------------


def test_a_skipped_relationship_does_not_stop_the_ones_after_it() -> None:
    """A relationship of I1 to itself, then one naming a deleted initiative, then a real
    overlap: the overlap is still found."""
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=["G1"], alignment={"vision": 2, "G1": 2, "G2": 2}),
        ini(2, goals=["G2"], alignment={"vision": 2, "G1": 2, "G2": 2}),
    ]
    s.relationships = [
        Relationship(a="I1", b="I1", kind=RelationKind.CONFLICTS),
        Relationship(a="I9", b="I2", kind=RelationKind.CONFLICTS),
        Relationship(a="I2", b="I1", kind=RelationKind.OVERLAPS),
    ]
    assert keys(s) == ["redundancy:I1+I2"]


def test_a_conflict_recorded_twice_is_one_finding() -> None:
    s = Session(title="t", goals=goals2())
    s.initiatives = [
        ini(1, goals=["G1"], alignment={"vision": 2, "G1": 2, "G2": 2}),
        ini(2, goals=["G2"], alignment={"vision": 2, "G1": 2, "G2": 2}),
    ]
    s.relationships = [
        Relationship(a="I1", b="I2", kind=RelationKind.CONFLICTS),
        Relationship(a="I2", b="I1", kind=RelationKind.CONFLICTS),
    ]
    found = derive_findings(s)
    assert [d.key for d in found] == ["conflict:I1+I2"]
    assert found[0].summary == "I1 “Initiative 1” and I2 “Initiative 2” conflict or compete."


# ----- the unrated cells, in the words of the finding -----------------------------------------


def grid(initiatives: int, goals: int) -> Session:
    """Every cell rated 2: ``initiatives × (1 + goals + 6)`` cells."""
    goal_ids = [f"G{n}" for n in range(1, goals + 1)]
    s = Session(title="t", goals=[Goal(id=g, title=f"goal {g}") for g in goal_ids])
    s.initiatives = [
        ini(n, goals=goal_ids, alignment={"vision": 2, **dict.fromkeys(goal_ids, 2)})
        for n in range(1, initiatives + 1)
    ]
    return s


def unrated_summary(s: Session) -> str:
    (found,) = [d for d in derive_findings(s) if d.key == "unrated"]
    return found.summary


def test_the_unrated_share_is_rounded_to_a_whole_percent() -> None:
    s = grid(1, 2)  # 9 cells
    for goal in ("G1", "G2"):
        del s.initiatives[0].alignment[goal]
    del s.initiatives[0].domains[Domain.GOALS]
    del s.initiatives[0].domains[Domain.DATA_USE]
    assert unrated_summary(s) == "4 of 9 ratings (44%) are still unrated."  # 44.4%


def test_exactly_one_percent_and_exactly_99_percent_are_shown_as_such() -> None:
    """'under 1%' and 'over 99%' are only for shares strictly beyond them."""
    s = grid(4, 18)  # 4 × 25 = 100 cells
    del s.initiatives[0].alignment["vision"]
    assert unrated_summary(s) == "1 of 100 ratings (1%) is still unrated."
    for i in s.initiatives:
        i.alignment.clear()
        i.domains.clear()
    s.initiatives[0].alignment["vision"] = 2
    assert unrated_summary(s) == "99 of 100 ratings (99%) are still unrated."


# ----- populations, funding ---------------------------------------------------------------


def test_a_population_name_is_shortened_after_40_characters() -> None:
    forty, forty_one = "P" * 40, "abcdefghij" * 4 + "k"
    s = Session(
        title="t",
        goals=[Goal(id="G1", title="Ready", populations=["N1", "N2"])],
        populations=[Population(id="N1", name=forty), Population(id="N2", name=forty_one)],
        initiatives=[ini(1, goals=["G1"])],
    )
    found = {d.key: d.summary for d in derive_findings(s)}
    assert found["unserved_population:N1"] == (
        f"No initiative serves N1 “{forty}”, though G1 “Ready” is about them."
    )
    assert found["unserved_population:N2"] == (
        f"No initiative serves N2 “{forty_one[:39]}…”, though G1 “Ready” is about them."
    )


MEETING = dt.date(2026, 11, 5)


def funded(amounts: list[int | None], ends: list[dt.date | None], **kw: Any) -> Session:
    """I1 (and any initiatives in ``kw``) funded by S1, S2, … with these amounts and ends."""
    streams = [
        FundingStream(id=f"S{n}", name=f"Stream {n}", annual_amount=amount, end=end)
        for n, (amount, end) in enumerate(zip(amounts, ends, strict=True), start=1)
    ]
    links = [StreamLink(stream=st.id) for st in streams]
    initiatives = kw.pop("initiatives", None) or [ini(1, goals=["G1"], streams=links)]
    return Session(
        title="t",
        meeting_date=MEETING,
        goals=[Goal(id="G1", title="Ready")],
        streams=streams,
        initiatives=initiatives,
        **kw,
    )


def risk(s: Session, ini_id: str = "I1") -> str:
    (found,) = [d for d in derive_findings(s) if d.key == f"sustainability_risk:{ini_id}"]
    return found.summary


def test_a_risk_of_many_ending_streams_names_two_and_counts_the_rest() -> None:
    jan, feb, mar = dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31)
    s = funded([100, 100, 100], [mar, jan, feb])
    assert risk(s) == (
        "Most of the funding of I1 “Initiative 1” ends within a year of the meeting "
        "(100% of 300 a year): S2 “Stream 2” ends 2027-01-31, S3 “Stream 3” ends 2027-02-28 "
        "and 1 more."
    )


def test_a_share_just_over_half_is_worded_over_50_percent() -> None:
    """50.5% would read '50%' (not most); it reads 'over 50%'. 51% reads '51%'."""
    end = dt.date(2027, 1, 31)
    assert "(over 50% of 1,000 a year)" in risk(funded([505, 495], [end, None]))
    assert "(51% of 1,000 a year)" in risk(funded([510, 490], [end, None]))


def test_an_ending_initiative_does_not_stop_the_risk_of_the_next() -> None:
    end = dt.date(2027, 1, 31)
    links = [StreamLink(stream="S1")]
    s = funded(
        [1000],
        [end],
        initiatives=[
            ini(1, goals=["G1"], streams=links, status=InitiativeStatus.ENDING),
            ini(2, goals=["G1"], streams=links),
        ],
    )
    assert [d.key for d in derive_findings(s) if d.kind is FindingKind.SUSTAINABILITY_RISK] == [
        "sustainability_risk:I2"
    ]


def test_unfunded_is_technical_in_funding_and_policies() -> None:
    s = funded([1000], [None], initiatives=[ini(1, goals=["G1"])])
    (found,) = [d for d in derive_findings(s) if d.key == "unfunded:I1"]
    assert (found.kind, found.dimension, found.domain, found.initiatives) == (
        FindingKind.UNFUNDED,
        Dimension.TECHNICAL,
        Domain.FUNDING_POLICIES,
        ("I1",),
    )


def test_a_served_population_does_not_stop_the_search_for_unserved_ones() -> None:
    s = Session(
        title="t",
        goals=[Goal(id="G1", title="Ready", populations=["N1", "N2"])],
        populations=[Population(id="N1", name="Infants"), Population(id="N2", name="Teens")],
        initiatives=[ini(1, goals=["G1"], populations=["N1"])],
    )
    assert [d.key for d in derive_findings(s) if d.kind is FindingKind.UNSERVED_POPULATION] == [
        "unserved_population:N2"
    ]


def test_a_population_served_once_does_not_stop_the_search_for_braiding() -> None:
    """N1 is served by I1 alone; N2 by I1 and I2 from two streams allowing home visiting."""
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Infants"), Population(id="N2", name="Families")],
        streams=[
            FundingStream(id="S1", name="MIECHV", uses=["Home visiting"]),
            FundingStream(id="S2", name="Foundation", uses=["home visiting"]),
        ],
        initiatives=[
            ini(1, populations=["N1", "N2"], streams=[StreamLink(stream="S1")]),
            ini(2, populations=["N2"], streams=[StreamLink(stream="S2")]),
        ],
    )
    assert [d.key for d in derive_findings(s) if d.kind is FindingKind.BRAIDING_CANDIDATE] == [
        "braiding_candidate:N2"
    ]


def braid_keys_and_summary(s: Session) -> tuple[tuple[str, ...], str]:
    (found,) = [d for d in derive_findings(s) if d.kind is FindingKind.BRAIDING_CANDIDATE]
    return found.initiatives, found.summary


def test_a_stream_not_free_to_serve_the_population_does_not_hide_the_next_stream() -> None:
    """I1's first stream S3 may serve only N2; its second, S1, braids with I2's S2."""
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Families"), Population(id="N2", name="Teens")],
        streams=[
            FundingStream(id="S1", name="MIECHV", uses=["Home visiting"]),
            FundingStream(id="S2", name="Foundation", uses=["home visiting"]),
            FundingStream(id="S3", name="Teen grant", uses=["home visiting"], populations=["N2"]),
        ],
        initiatives=[
            ini(1, populations=["N1"], streams=[StreamLink(stream="S3"), StreamLink(stream="S1")]),
            ini(2, populations=["N1"], streams=[StreamLink(stream="S2")]),
        ],
    )
    assert braid_keys_and_summary(s) == (
        ("I1", "I2"),
        "I1 “Initiative 1” and I2 “Initiative 2” serve N1 “Families” from separate streams "
        "whose allowable uses overlap (S1 “MIECHV” and S2 “Foundation”: Home visiting): a "
        "candidate to braid funding.",
    )


def test_a_use_only_one_stream_allows_does_not_hide_a_shared_one() -> None:
    """'assessment' (S1 alone) sorts before the shared 'home visiting'."""
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Families")],
        streams=[
            FundingStream(id="S1", name="MIECHV", uses=["Assessment", "Home visiting"]),
            FundingStream(id="S2", name="Foundation", uses=["home visiting"]),
        ],
        initiatives=[
            ini(1, populations=["N1"], streams=[StreamLink(stream="S1")]),
            ini(2, populations=["N1"], streams=[StreamLink(stream="S2")]),
        ],
    )
    assert braid_keys_and_summary(s)[0] == ("I1", "I2")
    assert "(S1 “MIECHV” and S2 “Foundation”: Home visiting)" in braid_keys_and_summary(s)[1]


def test_braiding_names_every_initiative_that_pairs_with_another() -> None:
    """I1, I2 and I4 draw on S1 and I3 on S2: I1 braids only with I3 and is still named;
    past three initiatives the rest are counted."""
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Families")],
        streams=[
            FundingStream(id="S1", name="MIECHV", uses=["Home visiting"]),
            FundingStream(id="S2", name="Foundation", uses=["home visiting"]),
        ],
        initiatives=[
            ini(n, populations=["N1"], streams=[StreamLink(stream="S2" if n == 3 else "S1")])
            for n in range(1, 5)
        ],
    )
    assert braid_keys_and_summary(s) == (
        ("I1", "I2", "I3", "I4"),
        "I1 “Initiative 1”, I2 “Initiative 2”, I3 “Initiative 3” and 1 more serve N1 "
        "“Families” from separate streams whose allowable uses overlap (S1 “MIECHV” and S2 "
        "“Foundation”: Home visiting): a candidate to braid funding.",
    )


def test_braiding_lists_three_streams_then_counts_the_rest_and_cuts_a_long_use() -> None:
    use = "Home visiting for families with infants and toddlers"  # 53 characters
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Families")],
        streams=[FundingStream(id=f"S{n}", name=f"Stream {n}", uses=[use]) for n in range(1, 5)],
        initiatives=[
            ini(n, populations=["N1"], streams=[StreamLink(stream=f"S{n}")]) for n in range(1, 5)
        ],
    )
    summary = braid_keys_and_summary(s)[1]
    assert (
        "(S1 “Stream 1”, S2 “Stream 2”, S3 “Stream 3” and 1 more: Home visiting for families "
        "with infants…): a candidate" in summary
    )


def test_braiding_cuts_a_use_after_40_characters() -> None:
    forty = "Home visiting and family support service"
    assert len(forty) == 40
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Families")],
        streams=[
            FundingStream(id="S1", name="MIECHV", uses=[forty]),
            FundingStream(id="S2", name="Foundation", uses=[forty + "s"]),
        ],
        initiatives=[
            ini(1, populations=["N1"], streams=[StreamLink(stream="S1")]),
            ini(2, populations=["N1"], streams=[StreamLink(stream="S2")]),
        ],
    )
    assert f"“Foundation”: {forty}): a candidate" in braid_keys_and_summary(s)[1]
    s.streams[0].uses = [forty + "s"]  # 41 characters
    assert f"“Foundation”: {forty[:39]}…): a candidate" in braid_keys_and_summary(s)[1]


def test_braiding_shows_the_first_shared_use_even_when_the_first_stream_lacks_it() -> None:
    """S1 braids 'screening' with S2; S2 and S3 share 'home visiting', which sorts first:
    the use shown is that one (S1 does not write it)."""
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Families")],
        streams=[
            FundingStream(id="S1", name="One", uses=["Screening"]),
            FundingStream(id="S2", name="Two", uses=["screening", "Home visiting"]),
            FundingStream(id="S3", name="Three", uses=["home visiting"]),
        ],
        initiatives=[
            ini(n, populations=["N1"], streams=[StreamLink(stream=f"S{n}")]) for n in range(1, 4)
        ],
    )
    summary = braid_keys_and_summary(s)[1]
    assert "(S1 “One”, S2 “Two” and S3 “Three”: home visiting): a candidate" in summary


# ----- candidates to combine ------------------------------------------------------------------


def combine_keys(s: Session) -> list[str]:
    return [d.key for d in derive_findings(s) if d.kind is FindingKind.COMBINE_CANDIDATE]


def outcomes_session(*outcomes: str, populations: list[list[str]] | None = None) -> Session:
    pops = populations or [["N1"]] * len(outcomes)
    return Session(
        title="t",
        populations=[Population(id="N1", name="Students"), Population(id="N2", name="Parents")],
        initiatives=[
            ini(n, outcomes=text, populations=p)
            for n, (text, p) in enumerate(zip(outcomes, pops, strict=True), start=1)
        ],
    )


def test_an_initiative_without_outcomes_does_not_stop_the_search() -> None:
    s = outcomes_session("", "Fewer absences", "fewer absences")
    assert combine_keys(s) == ["combine_candidate:I2+I3"]


def test_each_pair_of_outcomes_is_weighed_on_its_own() -> None:
    """I1 and I3 seek the same outcome; I2 another: only I1+I3 is a candidate."""
    s = outcomes_session("Fewer absences", "Higher reading scores", "fewer  absences")
    assert combine_keys(s) == ["combine_candidate:I1+I3"]


def test_a_pair_met_under_one_population_does_not_hide_the_others_under_the_next() -> None:
    s = outcomes_session(
        "Fewer absences",
        "fewer absences",
        "Fewer absences",
        populations=[["N1", "N2"], ["N1", "N2"], ["N2"]],
    )
    assert combine_keys(s) == [
        "combine_candidate:I1+I2",
        "combine_candidate:I1+I3",
        "combine_candidate:I2+I3",
    ]


def test_outcomes_half_alike_are_the_same() -> None:
    """A Jaccard similarity of exactly 0.5 (2 shared words of 4) counts as the same."""
    s = outcomes_session("Fewer absences", "fewer absences in rural towns")
    assert combine_keys(s) == ["combine_candidate:I1+I2"]


def test_combine_candidates_are_in_order_of_their_ids() -> None:
    s = outcomes_session("Fewer absences", "Reading scores", "reading scores", "fewer absences")
    assert combine_keys(s) == ["combine_candidate:I1+I4", "combine_candidate:I2+I3"]


def test_a_combine_candidate_names_only_the_populations_both_serve() -> None:
    s = outcomes_session("Fewer absences", "fewer absences", populations=[["N1", "N2"], ["N1"]])
    (found,) = [d for d in derive_findings(s) if d.kind is FindingKind.COMBINE_CANDIDATE]
    assert found.summary == (
        "I1 “Initiative 1” and I2 “Initiative 2” seek the same outcomes for the same people "
        "(N1 “Students”): a candidate to combine."
    )
    assert (found.dimension, found.domain) == (Dimension.TECHNICAL, Domain.FUNDING_POLICIES)


def test_capped_combine_candidates_keep_the_most_similar_then_the_lowest_ids() -> None:
    """I1–I12 seek outcomes alike at 3/5 (one distinct word each), I13 and I14 the same
    words: of 91 pairs, I13+I14 is kept, then the 49 pairs of the lowest IDs."""
    texts = [f"fewer absences in town area{n}" for n in range(1, 13)]
    texts += ["fewer absences in town and nearby", "nearby, fewer absences in town"]
    found = combine_keys(outcomes_session(*texts))
    assert len(found) == 50
    assert "combine_candidate:I13+I14" in found
    assert "combine_candidate:I1+I14" in found and "combine_candidate:I5+I8" in found
    assert "combine_candidate:I5+I9" not in found


def test_capped_combine_candidates_rank_identical_outcomes_and_the_same_words_alike() -> None:
    texts = ["Fewer absences"] + ["fewer absence"] * 11
    found = combine_keys(outcomes_session(*texts))
    assert len(found) == 50  # of 66 pairs, all alike
    assert found[:11] == [f"combine_candidate:I1+I{n}" for n in range(2, 13)]


# ----- sync, the coherence summary, the rating words ----------------------------------------


def test_a_finding_already_stored_does_not_stop_new_ones_being_added() -> None:
    """G1 is unserved and stored as F1; then I1's vision rating drops to 1: the new weak
    vision finding is added after it as F2."""
    s = Session(title="t", goals=[Goal(id="G1", title="Ready")])
    s.initiatives = [ini(1, goals=["G1"], alignment={"vision": 2, "G1": 1})]
    sync_findings(s)
    assert [(f.id, f.key) for f in s.findings] == [("F1", "unserved_goal:G1")]
    s.initiatives[0].alignment["vision"] = 1
    result = sync_findings(s)
    assert result.added == ["F2"]
    assert [(f.id, f.key) for f in s.findings] == [
        ("F1", "unserved_goal:G1"),
        ("F2", "weak_vision:I1"),
    ]


def test_the_coherence_summary_counts_every_cell_of_each_rating() -> None:
    s = Session(title="t", goals=[Goal(id="G1", title="Ready")])
    s.initiatives = [
        ini(n, alignment={"vision": 3, "G1": 2}, domains={Domain.DATA_USE: 1}) for n in (1, 2, 3)
    ]
    summary = coherence_summary(s)
    data_use = next(d for d in summary.domains if d.domain is Domain.DATA_USE)
    assert data_use.counts == {0: 0, 1: 3, 2: 0, 3: 0}
    assert summary.vision.counts == {0: 0, 1: 0, 2: 0, 3: 3}
    assert summary.goals[0].counts == {0: 0, 1: 0, 2: 3, 3: 0}


def test_the_word_for_a_mean_rating_at_each_bound() -> None:
    """The word the app and the workbook show beside a mean: each bound belongs to the
    word above it."""
    assert rating_word(None) == "unrated"
    assert [rating_word(m) for m in (0, 0.74, 0.75, 1.49, 1.5, 2.24, 2.25, 3)] == [
        "not aligned",
        "not aligned",
        "weak",
        "weak",
        "partial",
        "partial",
        "strong",
        "strong",
    ]


def test_a_population_no_goal_names_does_not_stop_the_search_for_unserved_ones() -> None:
    s = Session(
        title="t",
        goals=[Goal(id="G1", title="Ready", populations=["N2"])],
        populations=[Population(id="N1", name="Infants"), Population(id="N2", name="Teens")],
        initiatives=[ini(1, goals=["G1"])],
    )
    assert [d.key for d in derive_findings(s) if d.kind is FindingKind.UNSERVED_POPULATION] == [
        "unserved_population:N2"
    ]


def test_a_population_with_nothing_to_braid_does_not_stop_the_search() -> None:
    """N1's two initiatives draw on the same stream; N2's on two streams sharing a use."""
    s = Session(
        title="t",
        populations=[Population(id="N1", name="Infants"), Population(id="N2", name="Families")],
        streams=[
            FundingStream(id="S1", name="MIECHV", uses=["Home visiting"]),
            FundingStream(id="S2", name="Foundation", uses=["home visiting"]),
        ],
        initiatives=[
            ini(1, populations=["N1", "N2"], streams=[StreamLink(stream="S1")]),
            ini(2, populations=["N1"], streams=[StreamLink(stream="S1")]),
            ini(3, populations=["N2"], streams=[StreamLink(stream="S2")]),
        ],
    )
    assert [d.key for d in derive_findings(s) if d.kind is FindingKind.BRAIDING_CANDIDATE] == [
        "braiding_candidate:N2"
    ]
