"""Many voices: agreed value, spread, distribution, consensus, dot tallies, and how votes are
stored (byte-stable, validated, carried by the schema-1 upgrade)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohere_tui.analysis import derive_findings, sync_findings
from cohere_tui.cycle import next_cycle
from cohere_tui.document import SessionDocument
from cohere_tui.edits import (
    AddDotRound,
    DeleteItem,
    Edit,
    EditError,
    RecordConsensus,
    SetVotes,
    Transaction,
    get_rating,
    usage,
)
from cohere_tui.models import (
    Action,
    ConsensusCheck,
    ConsensusMethod,
    Decision,
    Domain,
    DotRound,
    DotTarget,
    Finding,
    FindingKind,
    Goal,
    Initiative,
    Session,
    Vote,
)
from cohere_tui.store import dumps_session, load_session, save_session
from cohere_tui.validation import check_session
from cohere_tui.votes import (
    FIST_TO_FIVE,
    GRADIENTS,
    RATING_SCALE,
    VoteError,
    agreed_value,
    cell_text,
    consensus,
    describe_votes,
    distribution,
    distribution_text,
    dot_priority,
    dot_ranking,
    dot_round,
    dot_tally,
    parse_votes,
    spread,
    spread_mark,
    typed_votes,
)

DAY = dt.date(2026, 11, 5)


def apply(s: Session, edit: Edit) -> str:
    return edit.apply(Transaction(s))


def set_cell_votes(
    s: Session, initiative_id: str, key: str, votes: list[Vote], agreed: int | None = None
) -> int | None:
    apply(s, SetVotes(initiative_id, key, list(votes), agreed))
    ini = s.initiative(initiative_id)
    assert ini is not None
    return get_rating(ini, key)


def add_consensus_check(s: Session, target_id: str, check: ConsensusCheck) -> None:
    apply(s, RecordConsensus(target_id, check))


def add_dot_round(s: Session, round_: DotRound) -> None:
    apply(s, AddDotRound(round_))


ratings = st.lists(st.integers(0, 3), min_size=1, max_size=40)


def session() -> Session:
    return Session(
        title="Votes",
        goals=[Goal(id="G1", title="Ready to learn"), Goal(id="G2", title="Attend school")],
        initiatives=[
            Initiative(id="I1", name="Pre-K for All", goals=["G1"]),
            Initiative(id="I2", name="Mentors", goals=["G2"]),
        ],
    )


# ----- the pure rules ----------------------------------------------------------------------


def test_the_examples_of_the_brief() -> None:
    values = parse_votes("3 3 2 1 3")
    assert values == [3, 3, 2, 1, 3]
    assert agreed_value(values) == 3
    assert spread(values) == 2
    assert spread_mark(values) == "~"
    assert cell_text(agreed_value(values), values) == "3~"
    assert distribution_text([1, 2, 2, 3, 3, 3]) == "0:· 1:1 2:2 3:3"
    assert describe_votes(values) == "5 votes: 0:· 1:1 2:1 3:3, spread 2 — the room disagrees"


def test_an_even_count_takes_the_lower_middle_vote() -> None:
    assert agreed_value([3, 2]) == 2
    assert agreed_value([0, 1, 2, 3]) == 1
    assert agreed_value([]) is None


def test_one_point_apart_is_no_disagreement() -> None:
    assert spread_mark([2, 3, 3]) == ""
    assert cell_text(None, []) == "·"
    assert describe_votes([2]) == "1 vote: 0:· 1:· 2:1 3:·"
    assert describe_votes([]) == "no votes"


@given(ratings)
def test_the_agreed_value_is_a_vote_in_the_middle(values: list[int]) -> None:
    agreed = agreed_value(values)
    assert agreed in values
    assert sum(v < agreed for v in values) <= len(values) // 2  # type: ignore[operator]
    assert sum(v > agreed for v in values) <= len(values) // 2  # type: ignore[operator]
    assert agreed_value(sorted(values, reverse=True)) == agreed


@given(ratings)
def test_spread_and_distribution_agree(values: list[int]) -> None:
    counts = distribution(values, RATING_SCALE)
    assert sum(counts.values()) == len(values)
    used = [v for v, n in counts.items() if n]
    assert spread(values) == max(used) - min(used)
    assert (spread_mark(values) == "~") == (spread(values) >= 2)
    text = distribution_text(values)
    assert text.count(":") == 4 and text.count("·") == 4 - len(used)


@given(ratings)
def test_typed_votes_read_back_as_digits_or_as_a_tally(values: list[int]) -> None:
    assert parse_votes(" ".join(map(str, values))) == values
    assert parse_votes("".join(map(str, values))) == values
    counts = distribution(values, RATING_SCALE)
    tally = " ".join(f"{v}:{n}" for v, n in counts.items() if n)
    assert sorted(parse_votes(tally)) == sorted(values)
    assert sorted(parse_votes(tally.replace(":", "x"))) == sorted(values)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "type the votes"),
        ("3 4", "'4': 4 is outside the scale 0–3"),
        ("3 two", "'two' is not a vote"),
        ("5:2", "outside the scale"),
        ("٣", "not a vote"),
    ],
)
def test_typed_votes_that_are_not_votes_say_why(text: str, words: str) -> None:
    with pytest.raises(VoteError, match=words):
        parse_votes(text)


def test_typed_votes_are_bounded() -> None:
    with pytest.raises(VoteError, match="more than 500"):
        parse_votes("3:501")


def test_typed_votes_on_another_scale() -> None:
    assert parse_votes("5 4 0", FIST_TO_FIVE) == [5, 4, 0]
    assert parse_votes("8 1", GRADIENTS) == [8, 1]
    with pytest.raises(VoteError):
        parse_votes("0", GRADIENTS)


def test_typed_votes_become_anonymous_voices() -> None:
    votes = typed_votes([3, 1])
    assert [(v.voice, v.value, v.name) for v in votes] == [("V1", 3, ""), ("V2", 1, "")]


# ----- consensus ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "values", "passes", "words"),
    [
        (ConsensusMethod.FIST_TO_FIVE, [5, 4, 3, 3], True, "all 4 at 3 or more"),
        (ConsensusMethod.FIST_TO_FIVE, [5, 4, 2], False, "1 of 3 below 3"),
        (ConsensusMethod.FIST_TO_FIVE, [5, 0, 0], False, "2 fists"),
        (ConsensusMethod.FIST_TO_FIVE, [], False, "no one has voted"),
        (ConsensusMethod.GRADIENTS, [1, 2, 6, 4], True, "3 of 4 support"),
        (ConsensusMethod.GRADIENTS, [1, 1, 8], False, "1 block"),
        (ConsensusMethod.GRADIENTS, [1, 5, 7], False, "1 more discussion needed, 1 serious"),
        (ConsensusMethod.GRADIENTS, [4, 4], False, "all abstain"),
        (ConsensusMethod.GRADIENTS, [9], False, "not on the scale"),
    ],
)
def test_the_consensus_rules(
    method: ConsensusMethod, values: list[int], passes: bool, words: str
) -> None:
    result = consensus(method, values)
    assert result.passes is passes
    assert words in result.reason


@given(st.lists(st.integers(0, 5), min_size=1, max_size=30))
def test_fist_to_five_passes_exactly_when_no_one_is_below_three(values: list[int]) -> None:
    assert consensus(ConsensusMethod.FIST_TO_FIVE, values).passes is (min(values) >= 3)


@given(st.lists(st.integers(1, 8), min_size=1, max_size=30))
def test_one_block_always_stops_gradients(values: list[int]) -> None:
    assert not consensus(ConsensusMethod.GRADIENTS, [*values, 8]).passes


def test_a_check_is_logged_with_its_decision_or_action() -> None:
    s = session()
    s.decisions = [Decision(id="D1", date=DAY, text="Share one intake form")]
    s.actions = [Action(id="A1", title="Draft the form")]
    check = ConsensusCheck(
        date=DAY, method=ConsensusMethod.FIST_TO_FIVE, votes=typed_votes([5, 4, 3])
    )
    add_consensus_check(s, "D1", check)
    add_consensus_check(s, "A1", check.model_copy(deep=True))
    assert len(s.decisions[0].checks) == 1 and len(s.actions[0].checks) == 1
    with pytest.raises(EditError, match="There is no decision or action D9"):
        add_consensus_check(s, "D9", check)
    bad = ConsensusCheck(date=DAY, method=ConsensusMethod.GRADIENTS, votes=typed_votes([0]))
    with pytest.raises(EditError, match="outside the scale 1–8"):
        add_consensus_check(s, "D1", bad)


# ----- dot votes ---------------------------------------------------------------------------


def test_a_dot_round_tallies_and_ranks() -> None:
    round_ = dot_round(
        ["F1", "F2", "F3"],
        {"V1": {"F2": 2, "F3": 1}, "V2": {"F3": 3}, "V3": {"F1": 1, "F2": 1}},
        target=DotTarget.FINDINGS,
        dots=3,
        date=DAY,
        names={"V2": "Rosa"},
    )
    assert dot_tally(round_) == {"F1": 1, "F2": 3, "F3": 4}
    assert round_.ranking == ["F3", "F2", "F1"]
    assert round_.votes["F3"][1] == Vote(voice="V2", value=3, name="Rosa")


def test_a_voice_cannot_spend_more_dots_than_the_round_gives() -> None:
    with pytest.raises(VoteError, match="V1 spent 4 dots, more than the 3"):
        dot_round(["F1"], {"V1": {"F1": 4}}, target=DotTarget.FINDINGS, dots=3, date=DAY)


@given(
    st.lists(
        st.dictionaries(st.sampled_from(["F1", "F2", "F3", "F4"]), st.integers(1, 2), max_size=2),
        max_size=30,
    )
)
def test_every_dot_is_counted_once_and_the_ranking_follows_the_tally(
    ballots: list[dict[str, int]],
) -> None:
    options = ["F1", "F2", "F3", "F4"]
    by_voice = {f"V{n}": given for n, given in enumerate(ballots, start=1)}
    round_ = dot_round(options, by_voice, target=DotTarget.FINDINGS, dots=4, date=DAY)
    tally = dot_tally(round_)
    assert sum(tally.values()) == sum(sum(b.values()) for b in ballots)
    assert sorted(round_.ranking) == options
    dots = [tally[o] for o in round_.ranking]
    assert dots == sorted(dots, reverse=True)
    for a, b in zip(round_.ranking, round_.ranking[1:], strict=False):
        if tally[a] == tally[b]:
            assert options.index(a) < options.index(b)
    assert dot_ranking(round_) == round_.ranking


def test_the_ranking_sorts_the_plan() -> None:
    s = session()
    s.findings = [
        Finding(id="F1", kind=FindingKind.OTHER, summary="one"),
        Finding(id="F2", kind=FindingKind.OTHER, summary="two"),
    ]
    s.actions = [
        Action(id="A1", title="first", findings=["F1"]),
        Action(id="A2", title="second", findings=["F2"]),
        Action(id="A3", title="third"),
    ]
    assert dot_priority(s) == {}
    add_dot_round(
        s,
        dot_round(["F1", "F2"], {"V1": {"F2": 2}}, target=DotTarget.FINDINGS, dots=2, date=DAY),
    )
    assert dot_priority(s) == {"A2": 1}
    add_dot_round(
        s,
        dot_round(
            ["A1", "A2", "A3"],
            {"V1": {"A3": 1, "A1": 1}, "V2": {"A1": 1}},
            target=DotTarget.ACTIONS,
            dots=2,
            date=DAY,
        ),
    )
    assert dot_priority(s) == {"A1": 1, "A3": 2}
    with pytest.raises(EditError, match="There is no finding F9"):
        add_dot_round(s, DotRound(date=DAY, target=DotTarget.FINDINGS, dots=1, options=["F9"]))


def test_deleting_an_item_takes_it_off_the_rounds_and_undo_brings_it_back(
    tmp_path: Path,
) -> None:
    s = session()
    s.actions = [Action(id="A1", title="first"), Action(id="A2", title="second")]
    path = tmp_path / "rounds.toml"
    save_session(s, path)
    doc = SessionDocument.open(path)
    doc.apply(
        AddDotRound(
            dot_round(["A1", "A2"], {"V1": {"A1": 1}}, target=DotTarget.ACTIONS, dots=1, date=DAY)
        )
    )
    assert "on the ballot of 1 dot-vote round" in " ".join(
        usage(doc.session, "action", "A1").places
    )
    doc.apply(DeleteItem("action", "A1"))
    assert doc.session.dot_rounds[0].options == ["A2"] and doc.session.dot_rounds[0].votes == {}
    doc.apply(DeleteItem("action", "A2"))
    assert doc.session.dot_rounds == []
    doc.undo()
    doc.undo()
    assert dot_tally(doc.session.dot_rounds[0]) == {"A1": 1, "A2": 0}
    doc.undo()
    assert doc.session.dot_rounds == []


def test_deleting_a_goal_takes_its_votes(tmp_path: Path) -> None:
    s = session()
    set_cell_votes(s, "I1", "G2", typed_votes([0, 3]))
    path = tmp_path / "goal.toml"
    save_session(s, path)
    doc = SessionDocument.open(path)
    doc.apply(DeleteItem("goal", "G2"))
    assert doc.session.initiatives[0].votes == {}
    doc.undo()
    assert len(doc.session.initiatives[0].votes["G2"]) == 2


# ----- votes on a rating ------------------------------------------------------------------


def test_votes_set_the_agreed_value_beside_them() -> None:
    s = session()
    agreed = set_cell_votes(s, "I1", "G1", typed_votes([3, 3, 2, 1, 3]))
    assert apply(s, SetVotes("I1", "G1", typed_votes([3, 2]))) == (
        "Recorded 2 votes on I1 × G1: agreed 2, spread 1"
    )
    agreed = set_cell_votes(s, "I1", "G1", typed_votes([3, 3, 2, 1, 3]))
    ini = s.initiatives[0]
    assert agreed == 3 and ini.alignment["G1"] == 3 and len(ini.votes["G1"]) == 5
    assert set_cell_votes(s, "I1", "data_use", typed_votes([1, 2]), agreed=2) == 2
    assert ini.domains[Domain.DATA_USE] == 2
    assert set_cell_votes(s, "I1", "G1", []) is None
    assert "G1" not in ini.alignment and "G1" not in ini.votes


@pytest.mark.parametrize(
    ("initiative", "key", "votes", "words"),
    [
        ("I9", "G1", [3], "There is no initiative I9"),
        ("I1", "G7", [3], "There is no goal G7 to vote on"),
        ("I1", "G1", [4], "outside the scale 0–3"),
    ],
)
def test_votes_that_do_not_fit_are_refused(
    initiative: str, key: str, votes: list[int], words: str
) -> None:
    s = session()
    with pytest.raises(EditError, match=words):
        set_cell_votes(
            s, initiative, key, [Vote(voice=f"V{n + 1}", value=v) for n, v in enumerate(votes)]
        )
    assert s.initiatives[0].votes == {}


def test_the_room_disagrees_is_derived_and_goes_when_the_room_agrees() -> None:
    s = session()
    set_cell_votes(s, "I2", "G2", typed_votes([3, 3, 1, 2, 3]))
    set_cell_votes(s, "I1", "vision", typed_votes([2, 3]))
    set_cell_votes(s, "I1", "engagement", typed_votes([0, 2]))
    found = [d for d in derive_findings(s) if d.kind is FindingKind.DISAGREEMENT]
    assert [d.key for d in found] == ["disagreement:I1:engagement", "disagreement:I2:G2"]
    engagement, goal = found
    assert engagement.domain is Domain.ENGAGEMENT and engagement.dimension.value == "adaptive"
    assert engagement.summary == (
        "The room disagrees on how I1 “Pre-K for All” fares in interest holder engagement: "
        "votes 0:1 1:· 2:1 3:· (spread 2)."
    )
    assert goal.goals == ("G2",) and goal.initiatives == ("I2",)
    assert "aligns with goal G2 “Attend school”" in goal.summary
    sync_findings(s)
    assert {f.key for f in s.findings} >= {d.key for d in found}
    set_cell_votes(s, "I2", "G2", typed_votes([3, 3, 2]))
    sync_findings(s)
    assert "disagreement:I2:G2" not in {f.key for f in s.findings}


def test_a_finding_on_a_dot_round_ballot_is_kept_when_its_condition_goes() -> None:
    s = session()
    set_cell_votes(s, "I1", "G1", typed_votes([0, 3]))
    sync_findings(s)
    fid = next(f.id for f in s.findings if f.kind is FindingKind.DISAGREEMENT)
    add_dot_round(
        s, dot_round([fid], {"V1": {fid: 1}}, target=DotTarget.FINDINGS, dots=1, date=DAY)
    )
    set_cell_votes(s, "I1", "G1", typed_votes([3, 3]))
    sync_findings(s)
    kept = s.finding(fid)
    assert kept is not None and kept.resolved
    assert check_session(s) == []


# ----- in the file -------------------------------------------------------------------------


def voted_session() -> Session:
    s = session()
    set_cell_votes(s, "I1", "G1", typed_votes([3, 3, 2, 1, 3]))
    s.initiatives[0].votes["G1"][1].name = "Rosa"
    s.decisions = [Decision(id="D1", date=DAY, text="Share one intake form")]
    add_consensus_check(
        s,
        "D1",
        ConsensusCheck(date=DAY, method=ConsensusMethod.GRADIENTS, votes=typed_votes([1, 2, 4])),
    )
    sync_findings(s)
    fids = [f.id for f in s.findings][:2]
    add_dot_round(
        s,
        dot_round(
            fids,
            {"V1": {fids[0]: 1, fids[1]: 1}, "V2": {fids[1]: 2}},
            target=DotTarget.FINDINGS,
            dots=2,
            date=DAY,
            title="Which matter most?",
        ),
    )
    return s


def test_votes_survive_save_and_reload_byte_for_byte(tmp_path: Path) -> None:
    s = voted_session()
    path = tmp_path / "votes.toml"
    save_session(s, path)
    raw = path.read_bytes()
    again = load_session(path).session
    assert again == s
    assert dumps_session(again) == raw
    text = raw.decode()
    assert '{ voice = "V2", value = 3, name = "Rosa" }' in text
    assert '{ voice = "V1", value = 3 }' in text  # no empty name written
    assert "[initiatives.votes]" in text and "[[dot_rounds]]" in text
    assert "[[decisions.checks]]" in text and "note" not in text.split("[[decisions.checks]]")[1]


def test_a_session_without_votes_writes_none_of_the_new_fields() -> None:
    text = dumps_session(session()).decode()
    for word in ("votes", "checks", "dot_rounds", "ranking"):
        assert word not in text


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        (
            '[[initiatives]]\nid = "I1"\nname = "x"\n[initiatives.votes]\n'
            'G1 = [{ voice = "V1", value = 3 }]\n',
            "votes names rating 'G1', which does not exist",
        ),
        (
            '[[initiatives]]\nid = "I1"\nname = "x"\n[initiatives.votes]\n'
            'vision = [{ voice = "V1", value = 7 }]\n',
            "votes.vision: V1 voted 7, outside the scale 0–3",
        ),
        (
            '[[initiatives]]\nid = "I1"\nname = "x"\n[initiatives.votes]\n'
            'vision = [{ voice = "V1", value = 1 }, { voice = "V1", value = 2 }]\n',
            "V1 votes more than once",
        ),
        (
            '[[initiatives]]\nid = "I1"\nname = "x"\n[initiatives.votes]\n'
            'vision = [{ voice = "someone", value = 1 }]\n',
            "'someone' is not a valid ID; expected V1, V2",
        ),
        (
            '[[decisions]]\nid = "D1"\ndate = 2026-11-05\ntext = "x"\n[[decisions.checks]]\n'
            'date = 2026-11-05\nmethod = "fist_to_five"\nvotes = [{ voice = "V1", value = 6 }]\n',
            "decision D1: checks #1: V1 voted 6, outside the scale 0–5",
        ),
        (
            '[[dot_rounds]]\ndate = 2026-11-05\ntarget = "actions"\ndots = 2\noptions = ["A4"]\n',
            "dot-vote round 1 (2026-11-05): options names action 'A4', which does not exist",
        ),
        (
            '[[actions]]\nid = "A1"\ntitle = "x"\n[[dot_rounds]]\ndate = 2026-11-05\n'
            'target = "actions"\ndots = 2\noptions = ["A1"]\n[dot_rounds.votes]\n'
            'A1 = [{ voice = "V1", value = 3 }]\n',
            "V1 spent 3 dots, more than the 2 of the round",
        ),
    ],
)
def test_bad_votes_in_a_file_are_named(tmp_path: Path, toml: str, words: str) -> None:
    from cohere_tui.store import SessionFileError

    path = tmp_path / "bad.toml"
    path.write_text(f'schema_version = 2\ntitle = "Plan"\n{toml}', encoding="utf-8")
    with pytest.raises(SessionFileError) as info:
        load_session(path)
    assert words in str(info.value), str(info.value)


def test_the_next_cycle_keeps_rating_votes_and_starts_rounds_afresh(tmp_path: Path) -> None:
    s = voted_session()
    new = next_cycle(s, tmp_path / "votes.toml", DAY)
    assert new.initiatives[0].votes == s.initiatives[0].votes
    assert new.dot_rounds == [] and new.decisions == []
    assert check_session(new) == []
