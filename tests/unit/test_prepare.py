"""Prepare: the coverage rules and the findings they raise, the readiness summary and its
suggested actions, every edit of Prepare (undone and redone to the byte), the first
meeting's agenda, the next cycle's then-vs-now, and the upgrade of a schema-1 file."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest
from edit_helpers import apply

from cohere_tui.analysis import derive_findings
from cohere_tui.cycle import next_cycle, write_next_cycle
from cohere_tui.demo import demo_source
from cohere_tui.document import SessionDocument
from cohere_tui.edits import (
    AddAgendaItem,
    AddItem,
    AddMeeting,
    DeleteAgendaItem,
    DeleteItem,
    EditError,
    MoveAgendaItem,
    SetReadiness,
    SetScope,
    UpdateAgendaItem,
    UpdateItem,
    UpdateReadiness,
)
from cohere_tui.models import (
    AlignmentType,
    Condition,
    ConditionReadiness,
    Dimension,
    Domain,
    FindingKind,
    Initiative,
    Participant,
    Sector,
    Session,
    Voice,
)
from cohere_tui.prepare import (
    agenda_minutes,
    clock_minutes,
    coverage,
    first_meeting_agenda,
    improve_action_values,
    readiness_summary,
    readiness_text,
    readiness_word,
    suggested_actions,
    team_roles,
)
from cohere_tui.store import dumps_session, load_session, save_session
from cohere_tui.validation import check_session

FIXTURES = Path(__file__).parent.parent / "fixtures"
SCHEMA_1_DEMO = FIXTURES / "demo-schema-1.toml"


def team(*people: Participant, kind: AlignmentType = AlignmentType.HORIZONTAL) -> Session:
    return Session(
        title="Prepare", alignment_type=kind, created=dt.date(2026, 9, 1), participants=list(people)
    )


def person(name: str, sector: Sector | None = None, *voices: Voice, role: str = "") -> Participant:
    return Participant(name=name, sector=sector, voices=list(voices), team_role=role)


def prepare_keys(session: Session) -> list[str]:
    return [
        d.key
        for d in derive_findings(session)
        if d.kind in (FindingKind.FEW_SECTORS, FindingKind.MISSING_VOICE)
    ]


# ----- coverage ------------------------------------------------------------------------------


def test_coverage_names_who_brings_each_voice_and_sector() -> None:
    s = team(
        person("Ana", Sector.EDUCATION, Voice.FAMILIES, Voice.PRACTITIONERS),
        person("Ben", Sector.HEALTH, Voice.PRACTITIONERS),
        person("Cy", None),
    )
    s.initiatives.append(Initiative(id="I1", name="Clinic", sector=Sector.SOCIAL_SERVICES))
    cov = coverage(s)
    by_voice = {v.voice: v.people for v in cov.voices}
    assert by_voice[Voice.PRACTITIONERS] == ("Ana", "Ben")
    assert by_voice[Voice.FAMILIES] == ("Ana",)
    assert Voice.OTHER not in by_voice  # shown only when someone brings it
    assert cov.voices_present == [Voice.FAMILIES, Voice.PRACTITIONERS]
    assert Voice.YOUNG_PEOPLE in cov.voices_missing
    assert cov.essential_missing == [Voice.YOUNG_PEOPLE]
    assert cov.sectors_present == [Sector.EDUCATION, Sector.HEALTH]
    assert cov.sectors_missing == [Sector.SOCIAL_SERVICES]  # in the inventory, not at the table
    assert cov.described and cov.people == 3 and not cov.too_few_sectors


def test_other_voice_is_listed_when_brought() -> None:
    cov = coverage(team(person("Ana", None, Voice.OTHER)))
    assert cov.voices[-1].voice is Voice.OTHER and cov.voices[-1].present


def test_no_prepare_finding_before_the_team_is_described() -> None:
    s = team(person("Ana", Sector.EDUCATION))  # a name and a sector: Prepare not begun
    assert not coverage(s).described
    assert prepare_keys(s) == []
    assert prepare_keys(team()) == []  # no team at all: nothing to say yet


def test_a_team_role_alone_begins_the_description() -> None:
    s = team(person("Ana", Sector.EDUCATION, role="facilitator"))
    assert prepare_keys(s) == [
        "few_sectors",
        "missing_voice:young_people",
        "missing_voice:families",
    ]


@pytest.mark.parametrize(
    ("kind", "sectors", "expected"),
    [
        (AlignmentType.HORIZONTAL, [Sector.EDUCATION], True),
        (AlignmentType.HORIZONTAL, [Sector.EDUCATION, Sector.EDUCATION], True),
        (AlignmentType.HORIZONTAL, [Sector.EDUCATION, Sector.HEALTH], False),
        (AlignmentType.HORIZONTAL, [Sector.EDUCATION, Sector.OTHER], False),
        (AlignmentType.HORIZONTAL, [None, None], True),
        (AlignmentType.VERTICAL, [Sector.EDUCATION], False),
        (AlignmentType.INTERNAL, [Sector.EDUCATION], False),
    ],
)
def test_horizontal_alignment_needs_two_sectors(
    kind: AlignmentType, sectors: list[Sector | None], expected: bool
) -> None:
    people = [person(f"P{n}", s, Voice.FAMILIES, Voice.YOUNG_PEOPLE) for n, s in enumerate(sectors)]
    s = team(*people, kind=kind)
    assert ("few_sectors" in prepare_keys(s)) is expected
    assert coverage(s).too_few_sectors is expected


def test_the_findings_follow_the_contract_and_name_what_is_missing() -> None:
    s = team(person("Ana", Sector.EDUCATION, Voice.FAMILIES))
    s.initiatives.append(Initiative(id="I1", name="Clinic", sector=Sector.HEALTH))
    found = {d.key: d for d in derive_findings(s)}
    few = found["few_sectors"]
    assert few.kind is FindingKind.FEW_SECTORS and few.dimension is Dimension.ADAPTIVE
    assert few.domain is Domain.ENGAGEMENT
    assert "only education" in few.summary and "health" in few.summary
    youth = found["missing_voice:young_people"]
    assert youth.kind is FindingKind.MISSING_VOICE and youth.domain is Domain.ENGAGEMENT
    assert "young people" in youth.summary and youth.summary.endswith(".")
    assert "missing_voice:families" not in found
    # the prepare findings come last, so that the analysis's findings keep their IDs
    assert list(found)[-2:] == ["few_sectors", "missing_voice:young_people"]


def test_prepare_findings_flow_into_the_findings_list_and_go_when_answered() -> None:
    s = team(person("Ana", Sector.EDUCATION, Voice.FAMILIES, role="facilitator"))
    apply(s, UpdateItem("participant", "0", {"role": "Director"}))
    kinds = {f.key: f for f in s.findings}
    assert {"few_sectors", "missing_voice:young_people"} <= set(kinds)
    youth = kinds["missing_voice:young_people"]
    apply(s, AddItem("participant", {"name": "Jo", "sector": "health", "voices": ["young_people"]}))
    assert {f.key for f in s.findings if not f.resolved} == set()
    assert s.finding(youth.id) is None  # nothing kept it: it is gone


def test_team_roles_offer_the_usual_then_the_team_s_own() -> None:
    s = team(person("Ana", role="Elder"), person("Ben", role="facilitator"))
    roles = team_roles(s)
    assert roles[:6] == [
        "facilitator",
        "co-facilitator",
        "note-taker",
        "timekeeper",
        "decision-maker",
        "member",
    ]
    assert roles[6:] == ["Elder"]


# ----- readiness -----------------------------------------------------------------------------


def rated(**ratings: int | None) -> Session:
    s = team()
    for name, value in ratings.items():
        s.readiness[Condition(name)] = ConditionReadiness(rating=value)
    return s


def test_readiness_summary_in_numbers_and_words() -> None:
    s = rated(relational_trust=1, collective_vision=3, adequate_resources=4)
    summary = readiness_summary(s)
    assert [c.condition for c in summary.conditions] == list(Condition)
    assert summary.rated == 3 and summary.total == 7
    assert summary.mean == pytest.approx(8 / 3)
    assert summary.weakest == [Condition.RELATIONAL_TRUST]
    assert readiness_word(summary.mean) == "established"
    assert readiness_word(None) == "unrated"
    assert readiness_text(2) == "2 developing" and readiness_text(None) == "· unrated"
    assert not summary.has_previous and summary.previous_mean is None


@pytest.mark.parametrize(
    ("ratings", "weakest"),
    [
        ({}, []),
        ({"relational_trust": 3, "collective_vision": 4}, []),  # nothing weak: no suggestion
        (
            {"relational_trust": 2, "collective_vision": 2},
            ["relational_trust", "collective_vision"],
        ),
        ({"relational_trust": 1, "collective_vision": 2}, ["relational_trust"]),
        ({"adequate_resources": 2, "relational_trust": 3}, ["adequate_resources"]),
    ],
)
def test_the_weakest_conditions_are_those_at_the_lowest_rating_of_two_or_less(
    ratings: dict[str, int], weakest: list[str]
) -> None:
    s = rated(**ratings)
    assert [c.value for c in readiness_summary(s).weakest] == sorted(
        weakest, key=lambda c: list(Condition).index(Condition(c))
    )
    assert [x.condition.value for x in suggested_actions(s)] == [
        c.value for c in readiness_summary(s).weakest
    ]


def test_a_suggested_action_is_taken_once_an_action_works_on_the_condition() -> None:
    s = rated(relational_trust=1)
    (suggestion,) = suggested_actions(s)
    assert not suggestion.taken and suggestion.title.startswith("Improve readiness: relational")
    values = improve_action_values(s, Condition.RELATIONAL_TRUST)
    assert values["priority"] == "high" and values["domain"] == "engagement"
    assert values["conditions"] == ["relational_trust"]
    apply(s, AddItem("action", values))
    (suggestion,) = suggested_actions(s)
    assert suggestion.taken and suggestion.actions == ("A1",)
    assert load_roundtrip(s).actions[0].conditions == [Condition.RELATIONAL_TRUST]


def load_roundtrip(session: Session, tmp: Path | None = None) -> Session:
    data = tomllib.loads(dumps_session(session).decode())
    restored = Session.model_validate(data)
    assert dumps_session(restored) == dumps_session(session)
    return restored


def test_readiness_is_written_in_condition_order_and_empty_parts_are_left_out() -> None:
    s = rated(adequate_resources=2, relational_trust=3)
    s.readiness[Condition.COLLECTIVE_VISION] = ConditionReadiness()  # nothing recorded
    text = dumps_session(s).decode()
    assert text.index("[readiness.relational_trust]") < text.index("[readiness.adequate_resources]")
    assert "collective_vision" not in text and "evidence" not in text and "rated_by" not in text
    assert "[scope" not in text and "meetings" not in text and "team_role" not in text


def test_a_readiness_rating_outside_1_to_4_is_refused_in_a_file(tmp_path: Path) -> None:
    from cohere_tui.store import SessionFileError

    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 2\ntitle = "x"\n[readiness.relational_trust]\nrating = 5\n',
        encoding="utf-8",
    )
    with pytest.raises(SessionFileError) as info:
        load_session(path)
    assert "readiness: relational_trust.rating" in str(info.value)
    path.write_text(
        'schema_version = 2\ntitle = "x"\n[readiness.trust]\nrating = 2\n', encoding="utf-8"
    )
    with pytest.raises(SessionFileError) as info:
        load_session(path)
    assert "readiness" in str(info.value) and "trust" in str(info.value)


# ----- edits ---------------------------------------------------------------------------------


@pytest.fixture
def doc(tmp_path: Path) -> SessionDocument:
    path = tmp_path / "demo.toml"
    path.write_bytes(demo_source())
    return SessionDocument.open(path)


def test_every_prepare_edit_undoes_and_redoes_exactly(doc: SessionDocument) -> None:
    s = doc.session
    edits = [
        AddItem(
            "participant",
            {
                "name": "Maya Chen",
                "sector": "community",
                "team_role": "member",
                "voices": ["young_people"],
            },
        ),
        UpdateItem("participant", "0", {"team_role": "co-facilitator", "voices": ["families"]}),
        SetReadiness(Condition.RELATIONAL_TRUST, 3),
        SetReadiness(Condition.ADEQUATE_RESOURCES, None),
        UpdateReadiness(
            Condition.ADEQUATE_RESOURCES, {"evidence": "Budget office joins", "rated_by": "Sam"}
        ),
        UpdateReadiness(Condition.CONTINUOUS_IMPROVEMENT, {"rating": None, "evidence": ""}),
        SetScope({"question": "What first?", "included": {"agencies": "Schools\n\nClinics\n"}}),
        SetScope({"excluded": {"levels": ["State"]}, "time_frame": "2027", "note": ""}),
        AddMeeting({"date": dt.date(2027, 1, 14), "purpose": "January check-in"}),
        AddAgendaItem("4", {"title": "Check-in", "minutes": 30, "step": 5}),
        AddAgendaItem("4", {"title": "Norms", "minutes": 5}, at=0),
        UpdateAgendaItem("4", 1, {"minutes": 45, "note": "Blocked actions first"}),
        MoveAgendaItem("4", 1, -1),
        DeleteAgendaItem("0", 2),
        UpdateItem("meeting", "1", {"norms": ["Phones away"]}),
        DeleteItem("meeting", "2"),
    ]
    states = [dumps_session(s)]
    for edit in edits:
        change = doc.apply(edit)
        assert change is not None, edit
        assert change.description and change.kind == "apply"
        assert check_session(s) == []
        states.append(dumps_session(s))
    for state in reversed(states[:-1]):
        doc.undo()
        assert dumps_session(s) == state
    for state in states[1:]:
        doc.redo()
        assert dumps_session(s) == state
    doc.save()
    assert dumps_session(load_session(doc.path).session) == states[-1]


def test_the_history_says_what_each_prepare_edit_did(doc: SessionDocument) -> None:
    said = [
        doc.apply(edit).description  # type: ignore[union-attr]
        for edit in (
            SetReadiness(Condition.RELATIONAL_TRUST, 3),
            SetReadiness(Condition.RELATIONAL_TRUST, None),
            UpdateReadiness(Condition.RELATIONAL_TRUST, {"evidence": "New intake"}),
            SetScope({"question": "Why?", "included": {"populations": ["Teens"]}}),
            AddAgendaItem("0", {"title": "Close", "minutes": 5}),
            MoveAgendaItem("0", 0, 1),
        )
    ]
    assert said == [
        "Rated readiness on relational trust 2 (developing) → 3 (established)",
        "Cleared readiness on relational trust (was 3 (established))",
        "Edited readiness on relational trust: evidence",
        "Edited the scope: question, populations in",
        "Added “Close” to the agenda of meeting 1 (2026-09-15)",
        "Moved “Welcome, introductions and norms” to place 2 of the agenda of meeting 1 (2026-09-15)",
    ]


def test_clearing_the_last_field_of_a_condition_removes_it(doc: SessionDocument) -> None:
    s = doc.session
    doc.apply(UpdateReadiness(Condition.RELATIONAL_TRUST, {"evidence": "", "rated_by": ""}))
    doc.apply(SetReadiness(Condition.RELATIONAL_TRUST, None))
    assert Condition.RELATIONAL_TRUST not in s.readiness
    assert "relational_trust" not in dumps_session(s).decode()


@pytest.mark.parametrize(
    "edit",
    [
        SetReadiness(Condition.RELATIONAL_TRUST, 0),
        SetReadiness(Condition.RELATIONAL_TRUST, 5),
        UpdateReadiness(Condition.RELATIONAL_TRUST, {"rating": 9}),
        UpdateReadiness(Condition.RELATIONAL_TRUST, {"colour": "red"}),
        SetScope({"region": "north"}),
        SetScope({"included": {"counties": ["A"]}}),
        SetScope({"note": "bell \x07"}),
        AddAgendaItem("0", {"title": ""}),
        AddAgendaItem("0", {"title": "Long", "minutes": -5}),
        AddAgendaItem("9", {"title": "Nowhere"}),
        UpdateAgendaItem("0", 99, {"minutes": 5}),
        DeleteAgendaItem("0", -1),
        UpdateItem("participant", "0", {"voices": ["aliens"]}),
    ],
)
def test_a_refused_prepare_edit_says_why_and_changes_nothing(
    doc: SessionDocument, edit: object
) -> None:
    before = dumps_session(doc.session)
    with pytest.raises(EditError) as info:
        doc.apply(edit)  # type: ignore[arg-type]
    assert str(info.value).strip()
    assert dumps_session(doc.session) == before


def test_the_first_meeting_starts_with_the_agenda_of_prepare_and_the_five_steps() -> None:
    s = team()
    add = AddMeeting({"purpose": "Launch"})
    change = apply(s, add)
    assert change is not None and "prefilled" in change.description
    (meeting,) = s.meetings
    assert [i.step for i in meeting.agenda] == [0, 0, 1, 2, 3, 4, 5]
    assert agenda_minutes(meeting.agenda) == agenda_minutes(first_meeting_agenda()) == 120
    assert clock_minutes(120) == "2 h" and clock_minutes(95) == "1 h 35 min"
    assert clock_minutes(30) == "30 min"
    apply(s, AddMeeting({"purpose": "Second"}))
    assert s.meetings[1].agenda == []  # only the first is prefilled


def test_a_meeting_given_its_own_agenda_keeps_it() -> None:
    s = team()
    apply(s, AddMeeting({"purpose": "Short", "agenda": [{"title": "One thing", "minutes": 10}]}))
    assert [i.title for i in s.meetings[0].agenda] == ["One thing"]


# ----- next cycle ----------------------------------------------------------------------------


def test_the_next_cycle_carries_team_scope_and_readiness_with_then_beside_now(
    tmp_path: Path,
) -> None:
    path = tmp_path / "harmon.toml"
    path.write_bytes(demo_source())
    old = load_session(path).session
    new = next_cycle(old, path, dt.date(2027, 7, 1))
    assert new.participants == old.participants
    assert new.scope == old.scope
    assert new.meetings == []
    for condition, entry in old.readiness.items():
        carried = new.readiness[condition]
        assert carried.rating == carried.previous == entry.rating
        assert carried.evidence == entry.evidence
    assert old.readiness[Condition.RELATIONAL_TRUST].previous is None  # the old one unchanged
    summary = readiness_summary(new)
    assert summary.has_previous and summary.previous_mean == summary.mean
    assert all(c.change == 0 for c in summary.conditions)
    target = write_next_cycle(path, dt.date(2027, 7, 1))
    reloaded = load_session(target).session
    assert reloaded.readiness == new.readiness
    apply(reloaded, SetReadiness(Condition.RELATIONAL_TRUST, 4))
    trust = readiness_summary(reloaded).conditions[2]
    assert (trust.previous, trust.rating, trust.change) == (2, 4, 2)


# ----- schema 1 → 2 ----------------------------------------------------------------------------


def test_the_schema_1_demo_upgrades_and_is_byte_stable_from_the_second_save(
    tmp_path: Path,
) -> None:
    path = tmp_path / "harmon.toml"
    shutil.copyfile(SCHEMA_1_DEMO, path)
    original = path.read_bytes()
    assert original.startswith(b"schema_version = 1\n")
    doc = SessionDocument.open(path)
    assert doc.migrated_from == 1 and doc.dirty
    assert doc.session.readiness == {} and doc.session.meetings == []
    assert all(p.team_role == "" and p.voices == [] for p in doc.session.participants)
    doc.save()
    first = path.read_bytes()
    # schema 2 adds only fields with defaults, and empty ones are not written
    assert first == original.replace(b"schema_version = 1\n", b"schema_version = 2\n", 1)
    assert (tmp_path / "harmon.toml.schema-1.bak").read_bytes() == original
    again = SessionDocument.open(path)
    assert again.migrated_from is None and not again.dirty
    assert again.history() == []
    save_session(again.session, path, expected=again.fingerprint)
    assert path.read_bytes() == first
    # and the upgraded file takes Prepare's parts like any other
    again.apply(SetReadiness(Condition.RELATIONAL_TRUST, 2))
    again.save()
    assert load_session(path).session.readiness[Condition.RELATIONAL_TRUST].rating == 2
