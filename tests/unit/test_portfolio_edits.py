"""Streams, populations and decisions through the edit path: each edit applies, undoes to
the same bytes and reloads; deletes take their references with them; the demo shows them;
the next cycle acts on the decisions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cohere_tui.cycle import combination_targets, next_cycle, write_next_cycle
from cohere_tui.demo import demo_source
from cohere_tui.document import SessionDocument
from cohere_tui.edits import (
    AddItem,
    DeleteGroupReading,
    DeleteItem,
    Edit,
    EditError,
    RecordGroupReading,
    SetDecision,
    SetFundingLink,
    SetPopulationLinks,
    TogglePopulation,
    UpdateItem,
    next_item_id,
    usage,
)
from cohere_tui.models import DecisionChoice, FindingKind, Initiative, InitiativeDecision, Session
from cohere_tui.portfolio import coverage, decision_summary, funding_horizon
from cohere_tui.store import dumps_session, load_session
from cohere_tui.validation import check_session

TODAY = dt.date(2026, 11, 23)
FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def doc(tmp_path: Path) -> SessionDocument:
    path = tmp_path / "demo.toml"
    path.write_bytes(demo_source())
    return SessionDocument.open(path)


def applies_and_undoes(doc: SessionDocument, edit: Edit) -> str:
    """Apply ``edit``; the file reloads as saved; undo gives back the bytes from before."""
    before = dumps_session(doc.session)
    change = doc.apply(edit)
    assert change is not None
    assert check_session(doc.session) == []
    doc.save()
    assert dumps_session(load_session(doc.path).session) == doc.path.read_bytes()
    after = dumps_session(doc.session)
    doc.undo()
    assert dumps_session(doc.session) == before
    doc.redo()
    assert dumps_session(doc.session) == after
    doc.undo()
    return change.description


def ini(doc: SessionDocument, initiative_id: str) -> Initiative:
    found = doc.session.initiative(initiative_id)
    assert found is not None
    return found


# ----- the demo ---------------------------------------------------------------------------


def test_the_demo_shows_streams_populations_and_decisions(doc: SessionDocument) -> None:
    s = doc.session
    horizon = funding_horizon(s)
    assert s.meeting_date == dt.date(2026, 11, 5) and horizon == dt.date(2027, 11, 5)
    ending = [st.id for st in s.streams if st.end is not None and st.end <= horizon]
    assert "S2" in ending  # one ending within the year of the meeting
    kinds = {f.key.split(":")[0] for f in s.findings}
    assert {"sustainability_risk", "braiding_candidate", "unserved_population"} <= kinds
    unserved = [c.population.id for c in coverage(s) if c.unserved]
    assert unserved == ["N5"]
    assert decision_summary(s.initiatives) == (
        "11 initiatives: 6 keep, 2 combine, 1 sunset, 2 undecided"
    )
    assert ini(doc, "I5").decision == InitiativeDecision(
        choice=DecisionChoice.COMBINE,
        combine_with="I2",
        rationale="One home-visiting offer for first-time parents: one visitor, one intake form.",
        findings=["F2"],
    )
    m2 = s.indicator("M2")
    assert m2 is not None and set(m2.by_population) == {"N5", "N6"}


# ----- each edit ----------------------------------------------------------------------------


def test_adding_a_stream_and_a_population_and_linking_them(doc: SessionDocument) -> None:
    add = AddItem("stream", {"name": "Opioid settlement", "source": "state",
                             "annual_amount": 250000, "end": dt.date(2027, 3, 1),
                             "uses": ["prevention"]})  # fmt: skip
    assert applies_and_undoes(doc, add) == "Added funding stream S11 “Opioid settlement”"
    doc.apply(add)
    pop = AddItem("population", {"name": "Grandparents raising grandchildren"})
    doc.apply(pop)
    assert pop.created == "N7"
    said = applies_and_undoes(
        doc, SetPopulationLinks("N7", goals=["G3"], initiatives=["I8"], streams=["S11"])
    )
    assert said == "Linked population N7: 3 changes"
    doc.apply(SetPopulationLinks("N7", goals=["G3"]))
    assert any(f.key == "unserved_population:N7" for f in doc.session.findings)
    doc.apply(SetPopulationLinks("N7", initiatives=["I8"]))
    assert not any(f.key == "unserved_population:N7" for f in doc.session.findings)


def test_funding_links_and_shares(doc: SessionDocument) -> None:
    said = applies_and_undoes(doc, SetFundingLink("I10", "S3", share=5))
    assert said == "I10 funded by S3 (5%)"
    assert applies_and_undoes(doc, SetFundingLink("I1", "S6", linked=False)) == (
        "I1 no longer funded by S6"
    )
    doc.apply(SetFundingLink("I1", "S1", share=50))  # replaces the link in its place
    assert [(k.stream, k.share) for k in ini(doc, "I1").streams] == [("S1", 50), ("S6", None)]
    with pytest.raises(EditError, match="more than 100%"):
        doc.apply(SetFundingLink("I10", "S3", share=40))  # 10 + 60 + 40
    with pytest.raises(EditError, match="percentage"):
        doc.apply(SetFundingLink("I10", "S1", share=0))


def test_removing_the_last_stream_of_an_active_initiative_raises_unfunded(
    doc: SessionDocument,
) -> None:
    doc.apply(SetFundingLink("I7", "S9", linked=False))
    assert any(f.key == "unfunded:I7" for f in doc.session.findings)
    doc.undo()
    assert not any(f.key == "unfunded:I7" for f in doc.session.findings)


def test_decisions(doc: SessionDocument) -> None:
    said = applies_and_undoes(
        doc, SetDecision("I10", DecisionChoice.SCALE_UP, rationale="Employers ask for more")
    )
    assert said == "Decided on I10: scale up"
    said = applies_and_undoes(doc, SetDecision("I2", DecisionChoice.COMBINE, "I5", "", ["F2"]))
    assert said == "Decided on I2: combine with I5"
    assert applies_and_undoes(doc, SetDecision("I4", None)) == "Cleared the decision on I4"
    for bad, message in [
        (SetDecision("I2", DecisionChoice.COMBINE), "Say which"),
        (SetDecision("I2", DecisionChoice.COMBINE, "I2"), "itself"),
        (SetDecision("I2", DecisionChoice.COMBINE, "I99"), "no initiative I99"),
        (SetDecision("I2", DecisionChoice.KEEP, findings=["F99"]), "no finding F99"),
        (SetDecision("I99", DecisionChoice.KEEP), "no initiative I99"),
    ]:
        before = dumps_session(doc.session)
        with pytest.raises(EditError, match=message):
            doc.apply(bad)
        assert dumps_session(doc.session) == before
    # a partner kept only for 'combine'
    doc.apply(SetDecision("I2", DecisionChoice.KEEP, combine_with="I5"))
    assert ini(doc, "I2").decision == InitiativeDecision(choice=DecisionChoice.KEEP)


def test_toggling_who_serves_a_population(doc: SessionDocument) -> None:
    assert applies_and_undoes(doc, TogglePopulation("initiative", "I3", "N5")) == ("I3 serves N5")
    doc.apply(TogglePopulation("initiative", "I3", "N5"))
    (kept,) = [f for f in doc.session.findings if f.key == "unserved_population:N5"]
    assert kept.resolved  # an action answers it: kept, marked resolved
    assert applies_and_undoes(doc, TogglePopulation("goal", "G2", "N5")) == (
        "G2 no longer serves N5"
    )


def test_readings_by_population(doc: SessionDocument) -> None:
    edit = RecordGroupReading("M2", "N6", dt.date(2026, 11, 30), 24.9, "  November  ")
    assert applies_and_undoes(doc, edit) == "Recorded M2 for N6 = 24.9 on 2026-11-30"
    doc.apply(RecordGroupReading("M2", "N1", dt.date(2026, 11, 30), 19.0))
    m2 = doc.session.indicator("M2")
    assert m2 is not None and list(m2.by_population) == ["N1", "N5", "N6"]  # population order
    doc.apply(RecordGroupReading("M2", "N1", dt.date(2026, 11, 30), 18.0))  # replaces
    assert [r.value for r in m2.by_population["N1"]] == [18.0]
    assert applies_and_undoes(doc, DeleteGroupReading("M2", "N1", 0)) == (
        "Deleted the reading of M2 for N1 on 2026-11-30"
    )
    doc.apply(DeleteGroupReading("M2", "N1", 0))
    assert "N1" not in m2.by_population  # the group goes with its last reading
    with pytest.raises(EditError):
        doc.apply(RecordGroupReading("M2", "N6", dt.date(2026, 1, 1), float("nan")))
    with pytest.raises(EditError):
        doc.apply(DeleteGroupReading("M2", "N6", 9))


# ----- deletes and their references -----------------------------------------------------------


def test_deleting_a_stream_removes_its_links(doc: SessionDocument) -> None:
    assert usage(doc.session, "stream", "S5").describe() == "funds 3 initiatives"
    said = applies_and_undoes(doc, DeleteItem("stream", "S5"))
    assert (
        said
        == "Deleted funding stream S5 “Harmon Community Foundation family grant” and 3 references"
    )
    doc.apply(DeleteItem("stream", "S5"))
    assert all(k.stream != "S5" for i in doc.session.initiatives for k in i.streams)


def test_deleting_a_population_removes_its_links_and_readings(doc: SessionDocument) -> None:
    assert usage(doc.session, "population", "N5").describe() == (
        "named by 2 goals; 3 indicator readings"
    )
    doc.apply(TogglePopulation("initiative", "I3", "N5"))
    doc.apply(TogglePopulation("stream", "S4", "N5"))
    assert usage(doc.session, "population", "N5").describe() == (
        "served by 1 initiative; named by 2 goals; named by 1 funding stream; 3 indicator readings"
    )
    applies_and_undoes(doc, DeleteItem("population", "N5"))
    doc.apply(DeleteItem("population", "N5"))
    s = doc.session
    holders = [*s.initiatives, *s.goals, *s.streams]
    assert all("N5" not in h.populations for h in holders)
    assert all("N5" not in m.by_population for m in s.indicators)


def test_deleting_an_initiative_removes_decisions_that_combine_with_it(
    doc: SessionDocument,
) -> None:
    assert (
        "the decision of 1 initiative to combine with it"
        in usage(doc.session, "initiative", "I2").describe()
    )
    applies_and_undoes(doc, DeleteItem("initiative", "I2"))
    doc.apply(DeleteItem("initiative", "I2"))
    assert ini(doc, "I5").decision is None
    assert ini(doc, "I9").decision is not None  # combines with I6, untouched


def test_deleting_a_finding_removes_it_from_decisions(doc: SessionDocument) -> None:
    doc.apply(AddItem("finding", {"kind": FindingKind.OTHER, "summary": "Court fines"}))
    fid = doc.session.findings[-1].id
    doc.apply(SetDecision("I4", DecisionChoice.SUNSET, findings=["F3", fid]))
    assert (
        "answered by the decision on 1 initiative" in usage(doc.session, "finding", fid).describe()
    )
    applies_and_undoes(doc, DeleteItem("finding", fid))
    doc.apply(DeleteItem("finding", fid))
    decision = ini(doc, "I4").decision
    assert decision is not None and decision.findings == ["F3"]


# ----- the next cycle -------------------------------------------------------------------------


def test_the_next_cycle_archives_sunset_and_merges_combined(tmp_path: Path) -> None:
    source = tmp_path / "harmon.toml"
    source.write_bytes(demo_source())
    old = load_session(source).session
    target = write_next_cycle(source, TODAY)
    new = load_session(target).session
    assert check_session(new) == []
    assert [i.id for i in new.initiatives] == ["I1", "I2", "I3", "I6", "I7", "I8", "I10", "I11"]
    assert [i.id for i in new.archived_initiatives] == ["I4", "I5", "I9"]
    archived = {i.id: i for i in new.archived_initiatives}
    assert archived["I4"].history == [
        "Cycle 1: sunset: Ends when the family-conference pilot finishes in June; the mentors "
        "(I3) take these families."
    ]
    assert archived["I4"].decision == old.initiatives[3].decision  # kept as history
    assert archived["I5"].history[-1].startswith("Cycle 1: combined into I2 “Nurse-Family")
    i2 = new.initiative("I2")
    assert i2 is not None
    assert i2.history == [
        "Cycle 1: I5 “Parents as Teachers” was combined into it: One home-visiting offer for "
        "first-time parents: one visitor, one intake form."
    ]
    assert [(k.stream, k.share) for k in i2.streams] == [("S2", None), ("S3", 10.0),
                                                        ("S5", 40.0), ("S6", None)]  # fmt: skip
    old_i2, old_i5 = old.initiative("I2"), old.initiative("I5")
    assert old_i2 is not None and old_i5 is not None
    assert set(i2.goals) == set(old_i2.goals) | set(old_i5.goals)
    # decisions carried on the initiatives that stay
    i1 = new.initiative("I1")
    assert i1 is not None and i1.decision == old.initiatives[0].decision
    # no relationship names an archived initiative; actions follow the merge
    gone = {"I4", "I5", "I9"}
    assert all(r.a not in gone and r.b not in gone for r in new.relationships)
    merged = {"I5", "I9"}
    assert all(not set(a.initiatives) & merged for a in new.actions)
    a13 = new.action("A13")
    assert a13 is not None and a13.initiatives == ["I1", "I2"]
    # a new initiative never takes an archived one's ID
    assert next_item_id(new, "initiative") == "I12"
    # opening it brings the findings up to date and leaves it valid
    doc = SessionDocument.open(target)
    assert check_session(doc.session) == []


def test_combination_chains_and_circles() -> None:
    def with_partner(n: int, partner: int | None) -> Initiative:
        decision = None
        if partner is not None:
            decision = InitiativeDecision(choice=DecisionChoice.COMBINE, combine_with=f"I{partner}")
        return Initiative(id=f"I{n}", name=f"I{n}", decision=decision)

    chain = [with_partner(1, None), with_partner(2, 1), with_partner(3, 2)]
    assert combination_targets(chain) == {"I2": "I1", "I3": "I1"}
    circle = [with_partner(4, 5), with_partner(5, 6), with_partner(6, 4), with_partner(7, 5)]
    assert combination_targets(circle) == {"I5": "I4", "I6": "I4", "I7": "I4"}
    s = Session(title="t", initiatives=circle)
    new = next_cycle(s, Path("t.toml"), TODAY)
    assert [i.id for i in new.initiatives] == ["I4"]
    assert new.initiatives[0].decision is None
    assert new.initiatives[0].history[0].startswith("Cycle 1: to be combined with I5")
    assert check_session(new) == []


def test_a_sessions_edits_keep_the_archived_ids(doc: SessionDocument) -> None:
    archived = Initiative(id="I12", name="Old program")
    doc.session.archived_initiatives = [archived]
    add = AddItem("initiative", {"name": "New program"})
    doc.apply(add)
    assert add.created == "I13"
    doc.apply(UpdateItem("initiative", "I13", {"populations": ["N1"]}))
    assert ini(doc, "I13").populations == ["N1"]


# ----- bad files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("I1", "streams", [{"stream": "S99"}]),
         "initiative I1: streams names funding stream 'S99', which does not exist"),
        (("I1", "populations", ["N99"]),
         "initiative I1: populations names population 'N99', which does not exist"),
        (("I1", "decision", {"choice": "combine", "combine_with": "I1"}),
         "initiative I1: a decision cannot combine an initiative with itself"),
        (("I1", "decision", {"choice": "combine"}),
         "initiative I1: decision: a decision to combine names the initiative to combine with"),
        (("I1", "decision", {"choice": "stop"}), "initiative I1: decision.choice: Input should be"),
        (("I1", "streams", [{"stream": "S5", "share": 90.0}]),
         "funding stream S5: the initiatives' shares of it add up to 190%"),
        (("I1", "streams", [{"stream": "S1", "share": 0.0}]),
         "initiative I1: streams.0.share: Input should be greater than 0"),
    ],
)  # fmt: skip
def test_a_bad_link_in_a_file_is_named_with_what_to_do(
    tmp_path: Path, change: tuple[str, str, object], expected: str
) -> None:
    import tomllib

    import tomli_w

    from cohere_tui.store import SessionFileError

    data = tomllib.loads(demo_source().decode())
    initiative_id, field, value = change
    target = next(i for i in data["initiatives"] if i["id"] == initiative_id)
    target[field] = value
    path = tmp_path / "bad.toml"
    path.write_text(tomli_w.dumps(data))
    with pytest.raises(SessionFileError) as exc:
        load_session(path)
    assert any(expected in line for line in exc.value.lines), exc.value.lines
    assert all(line.startswith(f"{path}: ") for line in exc.value.lines)


def test_a_stream_ending_before_it_starts_and_an_unknown_group_are_refused(
    tmp_path: Path,
) -> None:
    import tomllib

    import tomli_w

    from cohere_tui.store import SessionFileError

    data = tomllib.loads(demo_source().decode())
    data["streams"][0]["end"] = dt.date(2010, 1, 1)
    data["indicators"][1]["by_population"]["N42"] = [{"date": dt.date(2026, 1, 1), "value": 1.0}]
    path = tmp_path / "bad.toml"
    path.write_text(tomli_w.dumps(data))
    with pytest.raises(SessionFileError) as exc:
        load_session(path)
    text = "\n".join(exc.value.lines)
    assert "funding stream S1: end 2010-01-01 is before start 2019-07-01" in text
    assert "indicator M2: by_population names population 'N42', which does not exist" in text
