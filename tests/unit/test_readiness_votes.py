"""Many voices on Prepare's readiness conditions and typed dot votes: the edits (apply then
undo gives the same bytes, the file reloads), the derived finding "the room disagrees on
<condition>", the validation of typed votes and tallies, the ballot's question, the
workbook's Prepare sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohere_tui.analysis import derive_findings
from cohere_tui.document import SessionDocument
from cohere_tui.edits import AddDotRound, EditError, SetReadiness, SetReadinessVotes
from cohere_tui.models import (
    Action,
    Condition,
    ConditionReadiness,
    DotTarget,
    FindingKind,
    Session,
    Vote,
)
from cohere_tui.prepare import readiness_disagreements, readiness_summary
from cohere_tui.store import SessionFileError, dumps_session, load_session, save_session
from cohere_tui.votes import (
    READINESS_SCALE,
    VoteError,
    describe_votes,
    dot_priority,
    dot_tally,
    dots_by_voice,
    parse_dots,
    parse_votes,
    readiness_question,
    tally_problem,
    tally_round,
    typed_votes,
)

DAY = dt.date(2026, 11, 5)
TRUST = Condition.RELATIONAL_TRUST


def document(tmp_path: Path, session: Session | None = None) -> SessionDocument:
    path = tmp_path / "s.toml"
    save_session(session or Session(title="Readiness"), path)
    return SessionDocument(load_session(path).session, path)


def reloads(doc: SessionDocument) -> Session:
    doc.path.write_bytes(dumps_session(doc.session))
    return load_session(doc.path).session


def disagreement_keys(session: Session) -> list[str]:
    return [
        f.key
        for f in session.findings
        if f.kind is FindingKind.READINESS_DISAGREEMENT and not f.resolved
    ]


# ----- votes on a readiness condition ---------------------------------------------------------


def test_typed_votes_on_the_readiness_scale_refuse_digits_off_it() -> None:
    assert parse_votes("4 3 3 2 1", READINESS_SCALE) == [4, 3, 3, 2, 1]
    assert parse_votes("3:2 1x1", READINESS_SCALE) == [3, 3, 1]
    with pytest.raises(VoteError, match=r"'0': 0 is outside the scale 1–4; type votes from 1 to 4"):
        parse_votes("3 0 2", READINESS_SCALE)
    with pytest.raises(VoteError, match="outside the scale 1–4"):
        parse_votes("35", READINESS_SCALE)
    assert describe_votes([4, 3, 3, 2, 1], READINESS_SCALE) == (
        "5 votes: 1:1 2:1 3:2 4:1, spread 3 — the room disagrees"
    )


def test_votes_set_the_agreed_rating_and_one_undo_removes_the_round(tmp_path: Path) -> None:
    doc = document(tmp_path)
    before = dumps_session(doc.session)
    change = doc.apply(SetReadinessVotes(TRUST, typed_votes([4, 3, 3, 2, 1])))
    assert change is not None
    assert change.description == (
        "Recorded 5 votes on Trust readiness: agreed 3 established, spread 3"
    )
    entry = doc.session.readiness[TRUST]
    assert entry.rating == 3 and [v.value for v in entry.votes] == [4, 3, 3, 2, 1]
    assert disagreement_keys(doc.session) == ["readiness_disagreement:relational_trust"]
    finding = next(f for f in doc.session.findings if f.kind is FindingKind.READINESS_DISAGREEMENT)
    assert finding.summary.startswith(
        "The room disagrees on relational trust: readiness votes 1:1 2:1 3:2 4:1 (spread 3)"
    )
    again = reloads(doc)
    assert again.readiness[TRUST] == entry
    text = dumps_session(again).decode()
    assert "[readiness.relational_trust]" in text and '{ voice = "V1", value = 4 }' in text
    assert doc.undo() is not None
    assert dumps_session(doc.session) == before
    assert doc.redo() is not None
    assert doc.session.readiness[TRUST].rating == 3


def test_an_even_count_agrees_on_the_lower_middle_and_an_agreed_value_wins(
    tmp_path: Path,
) -> None:
    doc = document(tmp_path)
    doc.apply(SetReadinessVotes(TRUST, typed_votes([4, 3, 2, 2])))
    assert doc.session.readiness[TRUST].rating == 2
    assert disagreement_keys(doc.session) == ["readiness_disagreement:relational_trust"]
    doc.apply(SetReadinessVotes(TRUST, typed_votes([3, 4]), agreed=4))
    assert doc.session.readiness[TRUST].rating == 4
    assert disagreement_keys(doc.session) == []  # one point apart: the room agrees


def test_clearing_the_votes_keeps_an_agreed_rating_or_removes_the_entry(tmp_path: Path) -> None:
    doc = document(tmp_path)
    before = dumps_session(doc.session)
    doc.apply(SetReadinessVotes(TRUST, typed_votes([1, 3])))
    doc.apply(SetReadinessVotes(TRUST, [], agreed=1))
    assert doc.session.readiness[TRUST] == ConditionReadiness(rating=1)
    doc.apply(SetReadinessVotes(TRUST, []))
    assert TRUST not in doc.session.readiness
    assert dumps_session(doc.session) == before


def test_a_digit_on_a_voted_condition_changes_the_agreed_value_and_keeps_the_votes(
    tmp_path: Path,
) -> None:
    doc = document(tmp_path)
    doc.apply(SetReadinessVotes(TRUST, typed_votes([4, 2, 2])))
    doc.apply(SetReadiness(TRUST, 3))
    entry = doc.session.readiness[TRUST]
    assert entry.rating == 3 and len(entry.votes) == 3
    assert disagreement_keys(doc.session) == ["readiness_disagreement:relational_trust"]


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (SetReadinessVotes(TRUST, typed_votes([4, 0])), "V2 voted 0, outside the scale 1–4"),
        (
            SetReadinessVotes(TRUST, [Vote(voice="V1", value=2), Vote(voice="V1", value=3)]),
            "V1 votes more than once",
        ),
        (SetReadinessVotes(TRUST, typed_votes([2]), agreed=5), "not 5"),
    ],
)
def test_votes_off_the_scale_are_refused_and_change_nothing(
    tmp_path: Path, edit: SetReadinessVotes, words: str
) -> None:
    doc = document(tmp_path)
    before = dumps_session(doc.session)
    with pytest.raises(EditError, match=words):
        doc.apply(edit)
    assert dumps_session(doc.session) == before


def test_a_session_without_readiness_votes_saves_as_before(tmp_path: Path) -> None:
    session = Session(
        title="Readiness",
        readiness={TRUST: ConditionReadiness(rating=2, evidence="We meet monthly")},
    )
    path = tmp_path / "plain.toml"
    save_session(session, path)
    raw = path.read_bytes()
    assert b"votes" not in raw
    assert dumps_session(load_session(path).session) == raw


def test_readiness_votes_off_the_scale_in_a_file_are_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 2\ntitle = "Plan"\n[readiness.relational_trust]\nrating = 2\n'
        'votes = [{ voice = "V1", value = 0 }]\n',
        encoding="utf-8",
    )
    with pytest.raises(SessionFileError, match="readiness relational_trust: votes: V1 voted 0"):
        load_session(path)


def test_the_summary_carries_the_votes_and_the_finding_joins_prepare(tmp_path: Path) -> None:
    doc = document(tmp_path)
    doc.apply(SetReadinessVotes(Condition.ADEQUATE_RESOURCES, typed_votes([1, 4])))
    doc.apply(SetReadinessVotes(TRUST, typed_votes([1, 3, 1])))
    scores = {s.condition: s for s in readiness_summary(doc.session).conditions}
    assert scores[TRUST].votes == (1, 3, 1) and scores[TRUST].rating == 1
    # derived in the order of the conditions; kept in the order the room found them
    derived = [f.key for f in derive_findings(doc.session) if f.kind.value.startswith("readi")]
    assert derived == [
        "readiness_disagreement:relational_trust",
        "readiness_disagreement:adequate_resources",
    ]
    assert [f.key for f in readiness_disagreements(doc.session)] == derived[::-1]
    finding = readiness_disagreements(doc.session)[0]
    assert finding.dimension.value == "adaptive" and finding.domain is not None


def test_the_ballot_asks_the_condition_in_plain_words() -> None:
    question = readiness_question(Condition.COLLABORATIVE_LEADERSHIP)
    assert question.text == (
        "How ready are we on collaborative leadership capacity? 1 emerging … 4 sustaining"
    )
    assert [(o.key, o.label) for o in question.options] == [
        ("1", "1 — emerging"),
        ("2", "2 — developing"),
        ("3", "3 — established"),
        ("4", "4 — sustaining"),
    ]


def test_the_prepare_sheet_shows_agreed_value_spread_and_votes(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from cohere_tui.workbook import export_workbook

    doc = document(tmp_path)
    plain = tmp_path / "plain.xlsx"
    export_workbook(doc.session, plain, today=DAY)
    doc.apply(SetReadinessVotes(TRUST, typed_votes([4, 3, 3, 2, 1])))
    voted = tmp_path / "voted.xlsx"
    export_workbook(doc.session, voted, today=DAY)
    sheet = load_workbook(voted)["Prepare"]
    assert "ReadinessVotes" in sheet.tables
    assert "ReadinessVotes" not in load_workbook(plain)["Prepare"].tables
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    row = next(r for r in rows if r[0] == "Relational trust" and r[1] == 3 and "4 3 3 2 1" in r)
    assert "the room disagrees" in row and 3 in row[2:]
    rating = next(
        c for line in sheet.iter_rows() for c in line if c.comment and "Votes:" in c.comment.text
    )
    assert "5 votes: 1:1 2:1 3:2 4:1, spread 3" in rating.comment.text


def test_a_returned_workbook_with_readiness_votes_imports_cleanly(tmp_path: Path) -> None:
    from cohere_tui.workbook import export_workbook, plan_updates

    session = Session(title="Plan", actions=[Action(id="A1", title="Meet monthly")])
    doc = document(tmp_path, session)
    doc.apply(SetReadinessVotes(TRUST, typed_votes([4, 1, 2])))
    book = tmp_path / "plan.xlsx"
    export_workbook(doc.session, book, today=DAY)
    plan = plan_updates(doc.session, book)
    assert plan.problems == [] and not plan.has_changes and plan.rows_read == 1


def test_the_next_cycle_starts_from_the_agreed_rating_without_the_votes(tmp_path: Path) -> None:
    from cohere_tui.cycle import next_cycle
    from cohere_tui.validation import check_session

    doc = document(tmp_path)
    doc.apply(SetReadinessVotes(TRUST, typed_votes([4, 1, 2])))
    new = next_cycle(doc.session, doc.path, DAY)
    assert new.readiness[TRUST] == ConditionReadiness(rating=2, previous=2)
    assert check_session(new) == []
    assert doc.session.readiness[TRUST].votes  # the cycle that voted keeps them


# ----- typed dot votes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-2", "cannot get fewer than no dots"),
        ("2.5", "'2.5' is not a number of dots"),
        ("two", "'two' is not a number of dots"),
        ("٣", "is not a number of dots"),
    ],
)
def test_a_typed_count_of_dots_is_a_whole_number_from_zero(text: str, words: str) -> None:
    assert parse_dots("") == 0 and parse_dots(" 7 ") == 7
    with pytest.raises(VoteError, match=words):
        parse_dots(text)


def test_a_tally_must_be_one_the_voices_could_give() -> None:
    assert tally_problem({"F1": 0, "F2": 0}, 4, 3) == (
        "no dots typed; type how many dots each option got"
    )
    assert tally_problem({"F1": 10, "F2": 3}, 4, 3) == (
        "13 dots in all, but 4 voices with 3 dots each have only 12; check the counts or the voices"
    )
    assert tally_problem({"F1": 10, "F2": 2}, 4, 3) is None
    with pytest.raises(VoteError, match="1 voice with 2 dots"):
        tally_round(["F1"], {"F1": 3}, voices=1, target=DotTarget.FINDINGS, dots=2, date=DAY)


@given(
    st.lists(st.integers(0, 30), min_size=1, max_size=12),
    st.integers(1, 20),
    st.integers(1, 40),
)
def test_a_typed_tally_keeps_every_dot_and_no_voice_spends_too_many(
    counts: list[int], dots: int, voices: int
) -> None:
    options = [f"F{n}" for n in range(1, len(counts) + 1)]
    tally = dict(zip(options, counts, strict=True))
    if tally_problem(tally, voices, dots) is not None:
        return
    round_ = tally_round(
        options, tally, voices=voices, target=DotTarget.FINDINGS, dots=dots, date=DAY
    )
    assert dot_tally(round_) == tally
    spent = dots_by_voice(round_)
    assert len(spent) == min(voices, sum(counts)) and all(n <= dots for n in spent.values())
    assert round_.ranking == sorted(options, key=lambda o: (-tally[o], options.index(o)))


def test_a_typed_round_is_the_same_edit_as_the_phones_and_sorts_the_plan(tmp_path: Path) -> None:
    session = Session(
        title="Plan",
        actions=[Action(id="A1", title="One"), Action(id="A2", title="Two")],
    )
    doc = document(tmp_path, session)
    before = dumps_session(doc.session)
    round_ = tally_round(
        ["A1", "A2"], {"A1": 2, "A2": 5}, voices=3, target=DotTarget.ACTIONS, dots=3, date=DAY
    )
    change = doc.apply(AddDotRound(round_))
    assert change is not None and "A2, A1 first" in change.description
    assert dot_priority(doc.session) == {"A2": 1, "A1": 2}
    assert reloads(doc).dot_rounds == [round_]
    doc.undo()
    assert dumps_session(doc.session) == before
