"""The one edit path: every kind of edit through the document, its references, undo and redo,
the history's sentences, and what the views are told."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohere_tui.analysis import derive_findings
from cohere_tui.demo import demo_source
from cohere_tui.document import HISTORY_LIMIT, Change, SessionDocument
from cohere_tui.edits import (
    KINDS,
    AddItem,
    Composite,
    DeleteItem,
    DeleteReading,
    EditError,
    MoveItem,
    ParkingToItem,
    RecordReading,
    RecordUpdate,
    ReplaceSession,
    SetActionStatus,
    SetDetails,
    SetRating,
    SetRatingNote,
    SetText,
    ToggleDismissed,
    UpdateItem,
    UpdateReading,
    usage,
)
from cohere_tui.models import ActionStatus, FindingKind, FindingOrigin, Session
from cohere_tui.store import dumps_session, load_session
from cohere_tui.validation import check_session


@pytest.fixture
def doc(tmp_path: Path) -> SessionDocument:
    path = tmp_path / "demo.toml"
    path.write_bytes(demo_source())
    return SessionDocument.open(path)


def reloads(doc: SessionDocument) -> Session:
    """Save, then read the file back with the real loader (cross-references checked)."""
    doc.save()
    return load_session(doc.path).session


def derived_keys(session: Session) -> set[str]:
    return {f.key for f in session.findings if f.origin is FindingOrigin.DERIVED and not f.resolved}


# ----- opening ------------------------------------------------------------------------------


def test_the_demo_opens_with_its_findings_up_to_date_and_no_history(doc: SessionDocument) -> None:
    assert doc.history() == []
    assert not doc.dirty
    assert dumps_session(doc.session) == demo_source()


def test_stale_findings_are_brought_up_to_date_as_an_undoable_first_edit(tmp_path: Path) -> None:
    data = tomllib.loads(demo_source().decode())
    data["findings"] = []  # as a hand edit (or an older program) could leave them
    data["actions"] = [{**a, "findings": []} for a in data["actions"]]
    for ini in data["initiatives"]:  # and decisions answer none
        ini.get("decision", {}).pop("findings", None)
    data.pop("dot_rounds", None)  # a round's ballot names findings too
    path = tmp_path / "stale.toml"
    path.write_bytes(dumps_session(Session.model_validate(data)))
    original = path.read_bytes()
    doc = SessionDocument.open(path)
    assert doc.history() == [("Brought the findings up to date", True)]
    assert derived_keys(doc.session) == {d.key for d in derive_findings(doc.session)}
    doc.undo()
    doc.save()
    assert path.read_bytes() == original


# ----- deleting each kind, with its references ----------------------------------------------


def referring(session: Session, kind: str, ref: str) -> int:
    """How many places still name the item (0 after a clean delete)."""
    s = session
    if kind == "goal":
        return sum(ref in i.goals or ref in i.alignment or ref in i.rating_notes
                   or ref in i.votes for i in s.initiatives) + sum(ref in f.goals for f in s.findings) + sum(
            m.goal == ref for m in s.indicators)  # fmt: skip
    if kind == "initiative":
        return (
            sum(ref in (r.a, r.b) for r in s.relationships)
            + sum(ref in f.initiatives for f in s.findings if f.origin is FindingOrigin.MANUAL)
            + sum(ref in a.initiatives for a in s.actions)
        )
    rounds = sum(ref in r.options or ref in r.votes or ref in r.ranking for r in s.dot_rounds)
    if kind == "finding":
        return sum(ref in a.findings for a in s.actions) + rounds
    if kind == "action":
        return sum(u.action == ref for c in s.checkins for u in c.updates) + rounds
    if kind == "indicator":
        return sum(ref in a.indicators for a in s.actions)
    return 0


CASCADES = [
    ("goal", "G2", "13 references"),  # with the votes on I4 × G2 and F11 naming G2
    ("initiative", "I3", "references"),
    ("action", "A1", ""),
    ("indicator", "M1", "1 reference"),
    ("parking", "P1", ""),
    ("decision", "D1", ""),
    ("participant", "0", ""),
    ("relationship", "0", ""),
]


@pytest.mark.parametrize(("kind", "ref", "said"), CASCADES)
def test_each_delete_removes_every_reference_and_the_file_reloads(
    doc: SessionDocument, kind: str, ref: str, said: str
) -> None:
    before = dumps_session(doc.session)
    used = usage(doc.session, kind, ref)
    change = doc.apply(DeleteItem(kind, ref))
    assert change is not None and change.description.startswith("Deleted ")
    assert said in change.description
    if used:
        assert "reference" in change.description
    items = getattr(doc.session, KINDS[kind].field)
    if KINDS[kind].prefix:
        assert all(item.id != ref for item in items)
    assert referring(doc.session, kind, ref) == 0
    assert check_session(doc.session) == []
    reloaded = reloads(doc)
    assert dumps_session(reloaded) == dumps_session(doc.session)
    doc.undo()
    assert dumps_session(doc.session) == before


def test_deleting_an_action_takes_its_check_in_entries(doc: SessionDocument) -> None:
    action = next(a for c in doc.session.checkins for u in c.updates for a in [u.action])
    entries = sum(u.action == action for c in doc.session.checkins for u in c.updates)
    assert entries >= 1
    assert "check-in" in usage(doc.session, "action", action).describe()
    change = doc.apply(DeleteItem("action", action))
    assert change is not None
    assert f"{entries} reference" in change.description
    assert referring(doc.session, "action", action) == 0
    reloads(doc)


def test_deleting_a_manual_finding_unlinks_its_actions(doc: SessionDocument) -> None:
    add = AddItem("finding", {"kind": FindingKind.OTHER, "summary": "Two intake forms",
                              "origin": FindingOrigin.MANUAL})  # fmt: skip
    doc.apply(add)
    doc.apply(AddItem("action", {"title": "One intake form", "findings": [add.created]}))
    change = doc.apply(DeleteItem("finding", add.created))
    assert change is not None and "1 reference" in change.description
    assert referring(doc.session, "finding", add.created) == 0
    reloads(doc)


def test_a_derived_finding_cannot_be_deleted_only_dismissed(doc: SessionDocument) -> None:
    derived = next(f for f in doc.session.findings if f.origin is FindingOrigin.DERIVED)
    before = dumps_session(doc.session)
    with pytest.raises(EditError, match="dismiss"):
        doc.apply(DeleteItem("finding", derived.id))
    assert dumps_session(doc.session) == before and doc.history() == []
    change = doc.apply(ToggleDismissed(derived.id))
    assert change is not None and change.description == f"Dismissed finding {derived.id}"


def test_deleting_a_goal_at_once_leaves_no_finding_about_it(doc: SessionDocument) -> None:
    """The findings are derived by the edit itself, not by step 3 being drawn."""
    goal = doc.session.goals[-1].id
    doc.apply(DeleteItem("goal", goal))
    saved = reloads(doc)
    assert not [f for f in saved.findings if goal in f.goals or goal in f.key]


# ----- undo, redo, the history --------------------------------------------------------------


def test_rating_deleting_and_editing_then_undoing_all_gives_the_bytes_opened(
    doc: SessionDocument,
) -> None:
    original = doc.path.read_bytes()
    s = doc.session
    ini, action, goal = s.initiatives[0], s.actions[0].id, s.goals[0].id
    old = ini.alignment.get("vision")
    rated = doc.apply(SetRating(ini.id, "vision", 0 if old != 0 else 1))
    assert rated is not None and rated.description == f"Rated {ini.id} × vision {old} → " + (
        "0" if old != 0 else "1"
    )
    doc.apply(DeleteItem("action", action))
    doc.apply(UpdateItem("goal", goal, {"title": "Every child safe and ready"}))
    after = dumps_session(doc.session)
    for _ in range(3):
        assert doc.undo() is not None
    assert doc.undo() is None
    doc.save()
    assert doc.path.read_bytes() == original
    for _ in range(3):
        assert doc.redo() is not None
    assert doc.redo() is None
    assert dumps_session(doc.session) == after


def test_every_kind_of_edit_undoes_and_redoes_exactly(doc: SessionDocument) -> None:
    s = doc.session
    day = dt.date(2026, 12, 1)
    edits = [
        SetRating(s.initiatives[1].id, "data_use", None),
        SetRating(s.initiatives[1].id, s.goals[0].id, 0),
        SetRatingNote(s.initiatives[1].id, "vision", "Shared intake is the link"),
        SetText("vision.statement", "Every family thrives."),
        SetText("vision.assumptions", "One\n\nTwo\n"),
        SetText("reflection.worked", "The grid"),
        SetDetails({"organisation": "Harmon County", "facilitator": "R. Diaz"}),
        AddItem("goal", {"title": "Families feel heard"}),
        MoveItem("goal", s.goals[0].id, 2),
        AddItem("participant", {"name": "Ana Ruiz", "role": "Parent"}),
        UpdateItem("participant", "0", {"role": "Chair"}),
        MoveItem("participant", "0", 1),
        AddItem(
            "relationship",
            {"a": s.initiatives[0].id, "b": s.initiatives[1].id, "kind": "depends_on"},
        ),
        SetActionStatus(s.actions[0].id, ActionStatus.BLOCKED),
        RecordUpdate(day, s.actions[1].id, ActionStatus.DONE, "Signed"),
        RecordReading(s.indicators[0].id, day, 41.5, "count"),
        RecordReading(s.indicators[0].id, day, 42, "second count", replace=False),
        UpdateReading(s.indicators[0].id, 1, dt.date(2025, 1, 15), 39, "corrected"),
        DeleteReading(s.indicators[0].id, 0),
        AddItem("parking", {"text": "Bus routes", "added": day}),
        ParkingToItem(f"P{len(s.parking_lot) + 1}", "action"),
        AddItem("decision", {"text": "Meet monthly", "date": day, "step": 4}),
        ToggleDismissed(s.findings[0].id),
    ]
    states = [dumps_session(s)]
    for edit in edits:
        change = doc.apply(edit)
        assert change is not None, edit
        assert change.description and change.kind == "apply"
        assert check_session(doc.session) == []
        states.append(dumps_session(s))
    for state in reversed(states[:-1]):
        doc.undo()
        assert dumps_session(s) == state
    for state in states[1:]:
        doc.redo()
        assert dumps_session(s) == state
    assert dumps_session(reloads(doc)) == states[-1]


def test_an_edit_that_changes_nothing_is_not_recorded(doc: SessionDocument) -> None:
    ini = doc.session.initiatives[0]
    assert doc.apply(SetRating(ini.id, "vision", ini.alignment.get("vision"))) is None
    assert doc.apply(UpdateItem("goal", "G1", {"title": doc.session.goals[0].title})) is None
    assert doc.history() == [] and not doc.dirty


def test_a_refused_edit_leaves_the_session_as_it_was(doc: SessionDocument) -> None:
    before = dumps_session(doc.session)
    bad = [
        SetRating("I99", "vision", 2),
        SetRating(doc.session.initiatives[0].id, "G99", 2),
        SetRating(doc.session.initiatives[0].id, "vision", 7),
        UpdateItem("goal", "G1", {"title": "   "}),
        AddItem("action", {"title": "x", "findings": ["F999"]}),  # a broken reference
        AddItem("relationship", {"a": "I1", "b": "I1", "kind": "reinforces"}),
        RecordUpdate(dt.date(2026, 12, 1), "A99", ActionStatus.DONE),
        Composite([SetText("vision.statement", "half"), SetRating("I99", "vision", 1)]),
        SetDetails({"title": ""}),
        SetDetails({"no_such": 1}),
        UpdateItem("goal", "G1", {"title": "bell \x07"}),
    ]
    for edit in bad:
        with pytest.raises(EditError):
            doc.apply(edit)
        assert dumps_session(doc.session) == before, edit
    assert doc.history() == [] and not doc.dirty


def test_typing_in_one_field_is_one_step_of_the_history(doc: SessionDocument) -> None:
    clock = iter([0.0, 0.5, 1.0, 1.5, 30.0, 30.2])
    doc._clock = lambda: next(clock)
    before = doc.session.vision.statement
    for text in ("E", "Ev", "Eve", "Ever"):
        doc.apply(SetText("vision.statement", text))
    doc.apply(SetText("vision.statement", "Every"))  # after a long pause: a step of its own
    doc.apply(SetText("vision.theory_of_change", "If"))  # another field
    assert [d for d, _ in doc.history()] == ["Edited the vision statement"] * 2 + [
        "Edited the theory of change"
    ]
    doc.undo()
    doc.undo()
    assert doc.session.vision.statement == "Ever"
    doc.undo()
    assert doc.session.vision.statement == before


def test_typing_then_taking_it_back_leaves_no_step(doc: SessionDocument) -> None:
    doc._clock = lambda: 0.0
    before = doc.session.vision.statement
    doc.apply(SetText("vision.statement", before + "x"))
    doc.apply(SetText("vision.statement", before))
    assert doc.history() == []


def test_the_history_keeps_the_last_edits_and_forgets_the_oldest(doc: SessionDocument) -> None:
    ini = doc.session.initiatives[0].id
    for n in range(HISTORY_LIMIT + 20):
        doc.apply(
            SetRating(
                ini,
                "vision",
                n % 4
                if n % 4 != doc.session.initiatives[0].alignment.get("vision")
                else (n + 1) % 4,
            )
        )
    assert len(doc.history()) == HISTORY_LIMIT
    assert HISTORY_LIMIT >= 200
    undone = 0
    while doc.undo():
        undone += 1
    assert undone == HISTORY_LIMIT


def test_a_new_edit_after_undo_forgets_what_could_be_redone(doc: SessionDocument) -> None:
    doc.apply(AddItem("goal", {"title": "A"}))
    doc.undo()
    assert doc.can_redo and doc.history()[-1] == ("Added goal G6 “A”", False)
    doc.apply(AddItem("goal", {"title": "B"}))
    assert not doc.can_redo
    assert doc.history() == [("Added goal G6 “B”", True)]


def test_listeners_hear_every_apply_undo_and_redo(doc: SessionDocument) -> None:
    heard: list[Change] = []
    stop = doc.subscribe(heard.append)
    doc.apply(SetRating(doc.session.initiatives[0].id, "data_use", None))
    doc.undo()
    doc.redo()
    assert [c.kind for c in heard] == ["apply", "undo", "redo"]
    assert [c.revision for c in heard] == [1, 2, 3]
    assert all(c.touches("ratings") and not c.touches("actions") for c in heard)
    stop()
    doc.undo()
    assert len(heard) == 3


def test_a_recovered_copy_is_one_undoable_edit(doc: SessionDocument) -> None:
    before = dumps_session(doc.session)
    other = doc.session.model_copy(deep=True)
    other.title = "Recovered"
    doc.apply(ReplaceSession(other))
    assert doc.session.title == "Recovered"
    doc.undo()
    assert dumps_session(doc.session) == before


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 13), st.sampled_from([None, 0, 1, 2, 3])),
                min_size=1, max_size=25))  # fmt: skip
def test_any_run_of_ratings_undoes_to_the_opened_bytes(
    doc: SessionDocument, moves: list[tuple[int, int, int | None]]
) -> None:
    while doc.undo():
        pass
    original = dumps_session(doc.session)
    s = doc.session
    keys = ["vision", *(g.id for g in s.goals), "goals", "funding_policies", "communication",
            "engagement", "capacity", "data_use"]  # fmt: skip
    for row, column, value in moves:
        doc.apply(
            SetRating(s.initiatives[row % len(s.initiatives)].id, keys[column % len(keys)], value)
        )
        assert derived_keys(s) == {d.key for d in derive_findings(s)}
    while doc.undo():
        pass
    assert dumps_session(doc.session) == original


def test_a_reading_is_corrected_in_place_and_stays_in_date_order(doc: SessionDocument) -> None:
    ind = doc.session.indicators[0]
    before = [(r.date, r.value) for r in ind.readings]
    change = doc.apply(UpdateReading(ind.id, len(before) - 1, dt.date(2020, 1, 1), 1.5, " old "))
    assert change is not None
    assert change.description.startswith(f"Corrected the reading of {ind.id} on {before[-1][0]}")
    assert "value" in change.description and "date" in change.description
    assert ind.readings[0].date == dt.date(2020, 1, 1) and ind.readings[0].note == "old"
    assert [r.date for r in ind.readings] == sorted(r.date for r in ind.readings)
    with pytest.raises(EditError, match="has no reading 99"):
        doc.apply(UpdateReading(ind.id, 98, dt.date(2020, 1, 1), 1))
    with pytest.raises(EditError, match="not a number"):
        doc.apply(UpdateReading(ind.id, 0, dt.date(2020, 1, 1), float("nan")))
    doc.undo()
    assert [(r.date, r.value) for r in ind.readings] == before
