"""The sentences of the generic item edits, word for word, on the demo: what a delete also
removes (the confirmation) and the history's line for each add, change, move and delete,
and the refusals the room reads. (An edit records what it did on itself — a move the place
it went to, an add its new ID — so each test applies a copy of the shared one.)"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from cohere_tui.demo import demo_source
from cohere_tui.document import SessionDocument
from cohere_tui.edits import (
    AddItem,
    DeleteItem,
    DeleteReading,
    Edit,
    EditError,
    MoveItem,
    RecordReading,
    RecordUpdate,
    UpdateItem,
    next_item_id,
    usage,
)
from cohere_tui.edits.portfolio_edits import RecordGroupReading, SetDecision, SetFundingLink
from cohere_tui.edits.prepare_edits import (
    AddAgendaItem,
    DeleteAgendaItem,
    SetReadiness,
    SetScope,
    UpdateReadiness,
)
from cohere_tui.edits.vote_edits import DeleteConsensus, RecordConsensus, SetVotes
from cohere_tui.models import (
    ActionStatus,
    Condition,
    ConsensusCheck,
    ConsensusMethod,
    DecisionChoice,
    DotRound,
    DotTarget,
    Vote,
)
from cohere_tui.validation import check_session


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.toml"
    path.write_bytes(demo_source())
    return path


@pytest.fixture
def doc(demo_path: Path) -> SessionDocument:
    return SessionDocument.open(demo_path)


DELETES = [
    ("participant", "0", "", "Deleted participant “Dana Reyes”"),
    ("participant", "1", "", "Deleted participant “Marcus Webb”"),
    ("participant", "2", "", "Deleted participant “Lena Ortiz”"),
    (
        "goal",
        "G1",
        "linked from 3 initiatives; 9 ratings; measured by 1 indicator",
        "Deleted goal G1 “Children enter kindergarten ready to le…” and 10 references",
    ),
    (
        "goal",
        "G2",
        "linked from 2 initiatives; 10 ratings; named in 2 findings; measured by 1 indicator",
        "Deleted goal G2 “Students attend school every day” and 13 references",
    ),
    (
        "goal",
        "G3",
        "linked from 3 initiatives; 11 ratings; named in 1 finding; measured by 1 indicator",
        "Deleted goal G3 “Families are economically stable” and 13 references",
    ),
    (
        "initiative",
        "I1",
        "12 ratings; 2 relationships; named in 2 actions",
        "Deleted initiative I1 “Pre-K for All” and 4 references",
    ),
    (
        "initiative",
        "I2",
        "12 ratings; 2 relationships; named in 3 findings; named in 6 actions; the decision of 1 initiative to combine with it",
        "Deleted initiative I2 “Nurse-Family Partnership home visiting” and 12 references",
    ),
    (
        "initiative",
        "I3",
        "12 ratings; 2 relationships; named in 1 finding; named in 5 actions",
        "Deleted initiative I3 “Attendance Works mentors” and 8 references",
    ),
    ("relationship", "0", "", "Deleted relationship “I2 overlaps / duplicates I5”"),
    ("relationship", "1", "", "Deleted relationship “I3 conflicts / competes with I4”"),
    ("relationship", "2", "", "Deleted relationship “I1 reinforces I2”"),
    (
        "finding",
        "F1",
        "answered by 1 action; on the ballot of 1 dot-vote round",
        "refused: Finding F1 follows from the ratings and relations and would come back at once; dismiss it (x) instead, or change what it follows from.",
    ),
    (
        "finding",
        "F2",
        "answered by 3 actions; answered by the decision on 1 initiative; on the ballot of 1 dot-vote round",
        "refused: Finding F2 follows from the ratings and relations and would come back at once; dismiss it (x) instead, or change what it follows from.",
    ),
    (
        "action",
        "A1",
        "1 check-in entry",
        "Deleted action A1 “Draft a data-sharing agreement between …” and 1 reference",
    ),
    (
        "action",
        "A2",
        "1 check-in entry",
        "Deleted action A2 “Map the home-visiting caseloads of Nurs…” and 1 reference",
    ),
    (
        "action",
        "A3",
        "1 check-in entry",
        "Deleted action A3 “Pilot replacing court referral with a f…” and 1 reference",
    ),
    (
        "indicator",
        "M1",
        "tracks 1 action",
        "Deleted indicator M1 “Kindergartners meeting all readiness do…” and 1 reference",
    ),
    (
        "indicator",
        "M2",
        "tracks 3 actions",
        "Deleted indicator M2 “Students chronically absent” and 3 references",
    ),
    (
        "indicator",
        "M3",
        "tracks 1 action",
        "Deleted indicator M3 “Families with children below 200% of th…” and 1 reference",
    ),
    ("parking", "P1", "", "Deleted parking-lot item P1 “Can the county's 211 line route calls t…”"),
    ("parking", "P2", "", "Deleted parking-lot item P2 “Ask the state about a waiver for braidi…”"),
    ("decision", "D1", "", "Deleted decision D1 “Horizontal alignment across education, …”"),
    ("decision", "D2", "", "Deleted decision D2 “Truancy court referral stays on the inv…”"),
    ("decision", "D3", "", "Deleted decision D3 “Check-ins every first Thursday; Sam Liu…”"),
    (
        "population",
        "N1",
        "served by 4 initiatives; named by 1 goal; named by 3 funding streams",
        "Deleted population N1 “Families with children 0–5” and 8 references",
    ),
    (
        "population",
        "N2",
        "served by 3 initiatives; named by 1 goal; named by 2 funding streams",
        "Deleted population N2 “Chronically absent students” and 6 references",
    ),
    (
        "population",
        "N3",
        "served by 3 initiatives; named by 1 goal; named by 2 funding streams",
        "Deleted population N3 “Parents looking for steady work” and 6 references",
    ),
    (
        "stream",
        "S1",
        "funds 1 initiative",
        "Deleted funding stream S1 “State pre-K grant” and 1 reference",
    ),
    (
        "stream",
        "S2",
        "funds 1 initiative",
        "Deleted funding stream S2 “MIECHV home visiting grant” and 1 reference",
    ),
    (
        "stream",
        "S3",
        "funds 2 initiatives",
        "Deleted funding stream S3 “Medicaid billing” and 2 references",
    ),
    ("meeting", "0", "", "Deleted meeting “Launch: form the team, set the scope, a…”"),
    ("meeting", "1", "", "Deleted meeting “Inventory and interrelationship analysis”"),
    ("meeting", "2", "", "Deleted meeting “Action plan and first check-in”"),
]


@pytest.mark.parametrize(("kind", "ref", "places", "sentence"), DELETES)
def test_a_delete_names_what_else_it_removes(
    doc: SessionDocument, kind: str, ref: str, places: str, sentence: str
) -> None:
    assert usage(doc.session, kind, ref).describe() == places
    assert bool(usage(doc.session, kind, ref)) == bool(places)
    if sentence.startswith("refused: "):
        with pytest.raises(EditError) as refused:
            doc.apply(DeleteItem(kind, ref))
        assert str(refused.value) == sentence.removeprefix("refused: ")
        return
    change = doc.apply(DeleteItem(kind, ref))
    assert change is not None and change.description == sentence
    assert check_session(doc.session) == []


@pytest.mark.parametrize(
    ("edit", "sentence"),
    [
        (
            MoveItem("goal", "G2", -1),
            "Moved goal G2 “Students attend school every day” up to place 1",
        ),
        (
            MoveItem("goal", "G2", -5),
            "Moved goal G2 “Students attend school every day” up to place 1",
        ),
        (
            MoveItem("goal", "G2", 1),
            "Moved goal G2 “Students attend school every day” down to place 3",
        ),
        (MoveItem("participant", "3", 2), "Moved participant “Dr. Priya Nair” down to place 6"),
        (AddItem("goal", {"title": "New goal"}), "Added goal G6 “New goal”"),
        (AddItem("participant", {"name": "Ana Ruiz"}, at=0), "Added participant “Ana Ruiz”"),
        (AddItem("initiative", {"name": "New thing"}), "Added initiative I12 “New thing”"),
        (AddItem("meeting", {}), "Added meeting “without a date”"),
        (
            UpdateItem("goal", "G1", {"title": "Renamed", "description": "d"}),
            "Edited goal G1 “Renamed”: title, description",
        ),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Edit) else "",
)
def test_the_history_line_of_each_item_edit(
    doc: SessionDocument, edit: Edit, sentence: str
) -> None:
    change = doc.apply(copy.deepcopy(edit))
    assert change is not None and change.description == sentence
    assert doc.history() == [(sentence, True)]


@pytest.mark.parametrize(
    "edit",
    [
        MoveItem("goal", "G5", 1),  # already last
        MoveItem("participant", "0", -1),  # already first
        UpdateItem("goal", "G1", {"title": "Children enter kindergarten ready to learn"}),
    ],
)
def test_an_item_edit_that_changes_nothing_is_not_recorded(
    doc: SessionDocument, edit: Edit
) -> None:
    assert doc.apply(copy.deepcopy(edit)) is None and doc.history() == []


@pytest.mark.parametrize(
    ("edit", "refusal"),
    [
        (
            UpdateItem("goal", "G9", {"title": "x"}),
            "There is no goal G9 (it may have been deleted meanwhile).",
        ),
        (DeleteItem("goal", "G9"), "There is no goal G9 (it may have been deleted meanwhile)."),
        (
            UpdateItem("participant", "99", {"name": "x"}),
            "There is no participant 99 (it may have been deleted meanwhile).",
        ),
        (
            UpdateItem("participant", "x", {"name": "x"}),
            "There is no participant x (it may have been deleted meanwhile).",
        ),
        (
            AddItem("goal", {"title": ""}),
            "The goal cannot take that title: title must not be empty.",
        ),
        (
            UpdateItem("goal", "G1", {"title": ""}),
            "The goal cannot take that title: title must not be empty.",
        ),
        (
            UpdateItem("action", "A1", {"due": "soon"}),
            "The action cannot take that due: a date is written without quotes, as YYYY-MM-DD "
            "(e.g. 2026-05-01), not as text.",
        ),
    ],
)
def test_an_item_edit_that_cannot_be_made_is_refused_in_a_sentence(
    doc: SessionDocument, edit: Edit, refusal: str
) -> None:
    with pytest.raises(EditError) as refused:
        doc.apply(copy.deepcopy(edit))
    assert str(refused.value) == refusal
    assert doc.history() == []


def test_an_added_item_is_placed_and_named(doc: SessionDocument) -> None:
    first = AddItem("participant", {"name": "Ana Ruiz"}, at=0)
    doc.apply(first)
    assert first.created == "0" and doc.session.participants[0].name == "Ana Ruiz"
    last = AddItem("participant", {"name": "Bo Chen"}, at=99)  # clamped to the end
    doc.apply(last)
    assert last.created == str(len(doc.session.participants) - 1)
    assert doc.session.participants[-1].name == "Bo Chen"
    goal = AddItem("goal", {"title": "New goal"}, at=-3)  # clamped to the start
    doc.apply(goal)
    assert goal.created == "G6" and doc.session.goals[0].id == "G6"


CONTROL = "the text holds the control character U+001B (escape), which would garble the screen; remove it."


@pytest.mark.parametrize(
    ("edit", "refusal"),
    [
        (
            SetDecision("I1", DecisionChoice.KEEP, rationale="ok\x1b[2J"),
            f"The decision on I1: {CONTROL}",
        ),
        (
            RecordGroupReading("M1", "N1", dt.date(2026, 1, 1), 3.0, note="a\x1bb"),
            f"The reading of M1: {CONTROL}",
        ),
        (
            UpdateReadiness(Condition.RELATIONAL_TRUST, {"evidence": "x\x1b"}),
            f"Readiness on relational trust: evidence: {CONTROL}",
        ),
        (SetScope({"included": {"agencies": ["a\x1bb"]}}), f"The scope: agencies.0: {CONTROL}"),
        (SetScope({"note": "a\x1bb"}), f"The scope: note: {CONTROL}"),
        (
            AddAgendaItem("0", {"title": "x\x1b"}),
            f"The agenda item of meeting 1 (2026-09-15): title: {CONTROL}",
        ),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Edit) else "",
)
def test_text_a_model_refuses_is_refused_with_where_and_why(
    doc: SessionDocument, edit: Edit, refusal: str
) -> None:
    with pytest.raises(EditError) as refused:
        doc.apply(copy.deepcopy(edit))
    assert str(refused.value) == refusal
    assert doc.history() == []


def test_a_consensus_check_redraws_only_its_decision_or_action() -> None:
    check = ConsensusCheck(date=dt.date(2026, 1, 1), method=ConsensusMethod.FIST_TO_FIVE)
    assert RecordConsensus("D1", check).areas == {"decisions"}
    assert RecordConsensus("A3", check).areas == {"actions"}
    assert DeleteConsensus("D2", 0).areas == {"decisions"}
    assert DeleteConsensus("A1", 0).areas == {"actions"}


@pytest.mark.parametrize(
    ("edit", "sentence"),
    [
        (
            RecordConsensus(
                "D1",
                ConsensusCheck(
                    date=dt.date(2026, 1, 1),
                    method=ConsensusMethod.FIST_TO_FIVE,
                    votes=[Vote(voice="V1", value=4)],
                ),
            ),
            "Consensus check on decision D1 (fist to five, 1 vote): passes: all 1 at 3 or more",
        ),
        (
            SetVotes("I1", "vision", [Vote(voice="V1", value=2)]),
            "Recorded 1 vote on I1 × vision: agreed 2",
        ),
        (
            SetVotes("I1", "vision", [Vote(voice="V1", value=2), Vote(voice="V2", value=3)]),
            "Recorded 2 votes on I1 × vision: agreed 2, spread 1",
        ),
    ],
    ids=["consensus, one vote", "one vote", "two votes"],
)
def test_votes_are_counted_in_words(doc: SessionDocument, edit: Edit, sentence: str) -> None:
    change = doc.apply(copy.deepcopy(edit))
    assert change is not None and change.description == sentence


def test_the_next_item_of_a_kind_without_ids_is_named_by_its_place(doc: SessionDocument) -> None:
    assert next_item_id(doc.session, "participant") == str(len(doc.session.participants))
    assert next_item_id(doc.session, "meeting") == str(len(doc.session.meetings))
    assert next_item_id(doc.session, "goal") == "G6"


def test_deleting_a_population_counts_its_readings_among_the_references(
    doc: SessionDocument,
) -> None:
    for day in (dt.date(2026, 1, 1), dt.date(2026, 2, 1)):
        doc.apply(RecordGroupReading("M1", "N1", day, 3.0))
    doc.apply(RecordGroupReading("M2", "N1", dt.date(2026, 1, 1), 5.0))
    assert usage(doc.session, "population", "N1").describe() == (
        "served by 4 initiatives; named by 1 goal; named by 3 funding streams; 3 indicator readings"
    )
    change = doc.apply(DeleteItem("population", "N1"))
    assert change is not None
    assert (
        change.description == "Deleted population N1 “Families with children 0–5” and 11 references"
    )
    assert all("N1" not in m.by_population for m in doc.session.indicators)


def test_readings_by_population_follow_the_order_of_the_populations(
    doc: SessionDocument,
) -> None:
    doc.apply(MoveItem("population", "N3", -5))  # N3 first: not the order of the IDs
    for pid in ("N1", "N3", "N2"):
        doc.apply(RecordGroupReading("M1", pid, dt.date(2026, 1, 1), 3.0))
    order = [n.id for n in doc.session.populations]
    indicator = next(m for m in doc.session.indicators if m.id == "M1")
    assert list(indicator.by_population) == [pid for pid in order if pid in indicator.by_population]
    assert next(iter(indicator.by_population)) == "N3"


def test_a_refused_scope_field_is_named_in_words(doc: SessionDocument) -> None:
    with pytest.raises(EditError) as refused:
        doc.apply(SetScope({"time_frame": "a\x1bb"}))
    assert str(refused.value) == f"The scope: time frame: {CONTROL}"


@pytest.mark.parametrize(
    ("share", "sentence"), [(None, "I2 funded by S1"), (40.0, "I2 funded by S1 (40%)")]
)
def test_a_funding_link_says_its_share_only_when_it_has_one(
    doc: SessionDocument, share: float | None, sentence: str
) -> None:
    change = doc.apply(SetFundingLink("I2", "S1", share=share))
    assert change is not None and change.description == sentence


def test_deleting_an_action_takes_it_off_every_ballot_and_drops_a_round_left_empty(
    doc: SessionDocument,
) -> None:
    day = dt.date(2026, 11, 20)
    alone = DotRound(date=day, target=DotTarget.ACTIONS, dots=1, options=["A1"])
    shared = DotRound(
        date=day,
        target=DotTarget.ACTIONS,
        dots=2,
        options=["A1", "A2"],
        votes={"A2": [Vote(voice="V1", value=2)]},  # none on A1
        ranking=["A2", "A1"],
    )
    findings_round = doc.session.dot_rounds[0]
    doc.session.dot_rounds.extend([alone, shared])
    assert usage(doc.session, "action", "A1").describe() == (
        "on the ballot of 2 dot-vote rounds; 1 check-in entry"
    )
    change = doc.apply(DeleteItem("action", "A1"))
    assert change is not None
    assert change.description.endswith("and 3 references")
    assert doc.session.dot_rounds == [findings_round, shared]
    assert shared.options == ["A2"] and shared.ranking == ["A2"]
    assert list(shared.votes) == ["A2"]
    assert check_session(doc.session) == []


@pytest.mark.parametrize(
    ("edit", "refusal"),
    [
        (
            RecordReading("M1", dt.date(2026, 1, 1), 3.0, note="a\x1bb"),
            f"The reading of M1: {CONTROL}",
        ),
        (DeleteReading("M1", 3), "M1 has no reading 4."),  # it has three
        (DeleteAgendaItem("0", 7), "The agenda of meeting 1 (2026-09-15) has no item 8."),  # seven
        (
            AddItem("goal", {"title": "t", "populations": [3]}),
            "The goal cannot take that populations.0: Input should be a valid string.",
        ),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Edit) else "",
)
def test_a_place_past_the_end_or_a_bad_value_is_refused_in_a_sentence(
    doc: SessionDocument, edit: Edit, refusal: str
) -> None:
    with pytest.raises(EditError) as refused:
        doc.apply(copy.deepcopy(edit))
    assert str(refused.value) == refusal


def test_an_agenda_refusal_names_a_meeting_without_a_date_by_its_number(
    doc: SessionDocument,
) -> None:
    doc.apply(AddItem("meeting", {}))
    last = str(len(doc.session.meetings) - 1)
    with pytest.raises(EditError) as refused:
        doc.apply(AddAgendaItem(last, {"title": "x\x1b"}))
    assert str(refused.value) == f"The agenda item of meeting {int(last) + 1}: title: {CONTROL}"


def test_readiness_cleared_then_rated_says_unrated(doc: SessionDocument) -> None:
    condition = Condition.RELATIONAL_TRUST
    cleared = doc.apply(SetReadiness(condition, None))
    assert cleared is not None
    assert cleared.description == "Cleared readiness on relational trust (was 2 (developing))"
    rated = doc.apply(SetReadiness(condition, 3))
    assert rated is not None
    assert rated.description == "Rated readiness on relational trust unrated → 3 (established)"


def test_a_scope_list_typed_as_lines_drops_blanks_and_repeats(doc: SessionDocument) -> None:
    change = doc.apply(SetScope({"included": {"agencies": "Schools\n\n  Schools \nClinic"}}))
    assert change is not None and change.description == "Edited the scope: agencies / divisions in"
    assert doc.session.scope.included.agencies == ["Schools", "Clinic"]


def test_an_action_with_several_check_in_entries_counts_them(doc: SessionDocument) -> None:
    doc.apply(RecordUpdate(dt.date(2027, 1, 7), "A1", ActionStatus.IN_PROGRESS, "Drafted"))
    assert usage(doc.session, "action", "A1").describe() == "2 check-in entries"
