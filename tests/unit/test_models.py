"""The model's field checks, next_id and status labels, and the cross-reference checks of
validation.check_session: each problem appears exactly when its condition holds and names
its item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from cohere_tui.models import (
    ACTION_STATUS_LABELS,
    Action,
    ActionStatus,
    ActionUpdate,
    CheckIn,
    Decision,
    Domain,
    Finding,
    FindingKind,
    Goal,
    Indicator,
    Initiative,
    ParkingItem,
    Participant,
    Reading,
    RelationKind,
    Relationship,
    Session,
    Vision,
    alignment_columns,
    next_id,
)
from cohere_tui.validation import Problem, check_session

D = dt.date

# ----- ID shapes ----------------------------------------------------------------------------

# (model, prefix, the other required fields)
ID_MODELS: list[tuple[type[BaseModel], str, dict[str, Any]]] = [
    (Goal, "G", {"title": "Ready"}),
    (Initiative, "I", {"name": "Pre-K"}),
    (Finding, "F", {"kind": "other", "summary": "s"}),
    (Action, "A", {"title": "Do it"}),
    (Indicator, "M", {"name": "Rate"}),
    (ParkingItem, "P", {"text": "Later", "added": D(2026, 1, 1)}),
    (Decision, "D", {"text": "Agreed", "date": D(2026, 1, 1)}),
]
ID_MODEL_IDS = [m.__name__ for m, _, _ in ID_MODELS]


@pytest.mark.parametrize(("model", "prefix", "fields"), ID_MODELS, ids=ID_MODEL_IDS)
@pytest.mark.parametrize("number", ["1", "9", "10", "42", "1000"])
def test_good_ids_are_accepted(
    model: type[BaseModel], prefix: str, fields: dict[str, Any], number: str
) -> None:
    item = model(id=prefix + number, **fields)
    assert item.id == prefix + number  # type: ignore[attr-defined]


BAD_ID_SHAPES = [
    "",
    "{p}",  # no number
    "{p}0",  # numbers start at 1
    "{p}01",  # no leading zero
    "{lower}1",  # lower-case prefix
    " {p}1",  # surrounding space
    "{p}1 ",
    "{p}-1",
    "{p}1a",
    "{p}1.0",
    "{p}１",  # a full-width digit
    "X1",  # another prefix
    "{p}{p}1",
]


@pytest.mark.parametrize(("model", "prefix", "fields"), ID_MODELS, ids=ID_MODEL_IDS)
@pytest.mark.parametrize("shape", BAD_ID_SHAPES)
def test_bad_id_shapes_are_refused(
    model: type[BaseModel], prefix: str, fields: dict[str, Any], shape: str
) -> None:
    bad = shape.format(p=prefix, lower=prefix.lower())
    with pytest.raises(ValidationError) as exc:
        model(id=bad, **fields)
    (error,) = exc.value.errors()
    assert error["loc"] == ("id",)
    assert "is not a valid ID" in error["msg"] and f"{prefix}1, {prefix}2" in error["msg"]


def test_an_id_of_another_collection_is_refused() -> None:
    with pytest.raises(ValidationError, match="expected G1"):
        Goal(id="I1", title="x")
    with pytest.raises(ValidationError, match="expected A1"):
        Action(id="F1", title="x")


def test_an_id_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(ValidationError):
        Goal(id="G1\n", title="x")


def test_ids_are_checked_on_assignment_too() -> None:
    goal = Goal(id="G1", title="x")
    with pytest.raises(ValidationError):
        goal.id = "goal one"
    assert goal.id == "G1"


# ----- required text ----------------------------------------------------------------------


REQUIRED_TEXT: list[tuple[Callable[[str], BaseModel], str]] = [
    (lambda v: Session(title=v), "title"),
    (lambda v: Participant(name=v), "name"),
    (lambda v: Goal(id="G1", title=v), "title"),
    (lambda v: Initiative(id="I1", name=v), "name"),
    (lambda v: Finding(id="F1", kind=FindingKind.OTHER, summary=v), "summary"),
    (lambda v: Action(id="A1", title=v), "title"),
    (lambda v: Indicator(id="M1", name=v), "name"),
    (lambda v: ParkingItem(id="P1", text=v, added=D(2026, 1, 1)), "text"),
    (lambda v: Decision(id="D1", text=v, date=D(2026, 1, 1)), "text"),
]


REQUIRED_IDS = [
    "Session",
    "Participant",
    "Goal",
    "Initiative",
    "Finding",
    "Action",
    "Indicator",
    "ParkingItem",
    "Decision",
]


@pytest.mark.parametrize(("build", "field"), REQUIRED_TEXT, ids=REQUIRED_IDS)
@pytest.mark.parametrize("blank", ["", " ", "\t\n ", "\u3000"])
def test_required_text_must_not_be_blank(
    build: Callable[[str], BaseModel], field: str, blank: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        build(blank)
    (error,) = exc.value.errors()
    assert error["loc"] == (field,)
    assert f"{field} must not be empty" in error["msg"]


@pytest.mark.parametrize(("build", "field"), REQUIRED_TEXT, ids=REQUIRED_IDS)
def test_required_text_keeps_its_spaces(build: Callable[[str], BaseModel], field: str) -> None:
    assert getattr(build("  padded\n"), field) == "  padded\n"


def test_required_fields_are_required() -> None:
    with pytest.raises(ValidationError) as exc:
        Session()  # type: ignore[call-arg]
    assert [e["loc"] for e in exc.value.errors()] == [("title",)]
    with pytest.raises(ValidationError) as exc:
        Finding(id="F1", summary="s")  # type: ignore[call-arg]
    assert [e["loc"] for e in exc.value.errors()] == [("kind",)]


# ----- ratings and ranges ------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1, 2, 3])
def test_ratings_from_0_to_3_are_accepted(value: int) -> None:
    ini = Initiative(
        id="I1", name="x", alignment={"vision": value, "G1": value}, domains={"data_use": value}
    )
    assert ini.alignment == {"vision": value, "G1": value}
    assert ini.domains == {Domain.DATA_USE: value}


@pytest.mark.parametrize("value", [-1, 4, 10, 2.5])
def test_ratings_outside_0_to_3_are_refused(value: float) -> None:
    with pytest.raises(ValidationError) as exc:
        Initiative(id="I1", name="x", alignment={"vision": value})
    assert exc.value.errors()[0]["loc"] == ("alignment", "vision")
    with pytest.raises(ValidationError) as exc:
        Initiative(id="I1", name="x", domains={"capacity": value})
    assert exc.value.errors()[0]["loc"][:1] == ("domains",)


def test_rating_assignment_is_checked() -> None:
    ini = Initiative(id="I1", name="x")
    with pytest.raises(ValidationError):
        ini.alignment = {"vision": 9}
    assert ini.alignment == {}


def test_domain_keys_must_be_domains() -> None:
    with pytest.raises(ValidationError) as exc:
        Initiative(id="I1", name="x", domains={"budget": 2})
    assert exc.value.errors()[0]["loc"][:1] == ("domains",)
    ini = Initiative(id="I1", name="x", domains={"funding_policies": 1})
    assert list(ini.domains) == [Domain.FUNDING_POLICIES]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Session(title="t", cycle=0),
        lambda: ActionUpdate(action="A1", status="done", progress=101),
        lambda: ActionUpdate(action="A1", status="done", progress=-1),
        lambda: ParkingItem(id="P1", text="t", added=D(2026, 1, 1), step=-1),
        lambda: ParkingItem(id="P1", text="t", added=D(2026, 1, 1), step=6),
        lambda: Decision(id="D1", text="t", date=D(2026, 1, 1), step=9),
        lambda: Reading(date=D(2026, 1, 1), value="lots"),
        lambda: Action(id="A1", title="t", due="next week"),
        lambda: Action(id="A1", title="t", partners="Sam"),
    ],
)
def test_out_of_range_and_wrong_type_values_are_refused(build: Callable[[], BaseModel]) -> None:
    with pytest.raises(ValidationError):
        build()


def test_in_range_edges_are_accepted() -> None:
    assert Session(title="t", cycle=1).cycle == 1
    assert ActionUpdate(action="A1", status="done", progress=0).progress == 0
    assert ActionUpdate(action="A1", status="done", progress=100).progress == 100
    assert ParkingItem(id="P1", text="t", added=D(2026, 1, 1), step=5).step == 5
    assert ParkingItem(id="P1", text="t", added=D(2026, 1, 1), step=0).step == 0  # Prepare


# ----- enums -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda v: Session(title="t", alignment_type=v), "alignment_type"),
        (lambda v: Participant(name="n", sector=v), "sector"),
        (lambda v: Initiative(id="I1", name="n", sector=v), "sector"),
        (lambda v: Initiative(id="I1", name="n", level=v), "level"),
        (lambda v: Initiative(id="I1", name="n", status=v), "status"),
        (lambda v: Relationship(a="I1", b="I2", kind=v), "kind"),
        (lambda v: Finding(id="F1", kind=v, summary="s"), "kind"),
        (lambda v: Finding(id="F1", kind="other", summary="s", origin=v), "origin"),
        (lambda v: Finding(id="F1", kind="other", summary="s", dimension=v), "dimension"),
        (lambda v: Finding(id="F1", kind="other", summary="s", domain=v), "domain"),
        (lambda v: Action(id="A1", title="t", status=v), "status"),
        (lambda v: Action(id="A1", title="t", priority=v), "priority"),
        (lambda v: Action(id="A1", title="t", domain=v), "domain"),
        (lambda v: Indicator(id="M1", name="n", direction=v), "direction"),
        (lambda v: ActionUpdate(action="A1", status=v), "status"),
    ],
    ids=[
        "Session.alignment_type",
        "Participant.sector",
        "Initiative.sector",
        "Initiative.level",
        "Initiative.status",
        "Relationship.kind",
        "Finding.kind",
        "Finding.origin",
        "Finding.dimension",
        "Finding.domain",
        "Action.status",
        "Action.priority",
        "Action.domain",
        "Indicator.direction",
        "ActionUpdate.status",
    ],
)
def test_enum_fields_refuse_unknown_values(build: Callable[[str], BaseModel], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        build("marine")
    assert exc.value.errors()[0]["loc"] == (field,)
    # the value, not the label, is what a file holds
    with pytest.raises(ValidationError):
        build("In progress")


def test_enum_values_are_accepted_as_text() -> None:
    ini = Initiative(id="I1", name="n", sector="social_services", level="school", status="ending")
    assert (ini.sector.label, ini.level.label, ini.status.label) == (
        "Social services",
        "School",
        "Ending",
    )
    assert Action(id="A1", title="t", status="blocked").status is ActionStatus.BLOCKED
    assert RelationKind("depends_on").label == "depends on"


# ----- extra fields ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: Session(title="t", colour="red"),
        lambda: Participant(name="n", email="n@example.org"),
        lambda: Vision(mission="m"),
        lambda: Goal(id="G1", title="t", owner="x"),
        lambda: Initiative(id="I1", name="n", budget=3),
        lambda: Relationship(a="I1", b="I2", kind="overlaps", weight=1),
        lambda: Finding(id="F1", kind="other", summary="s", severity="high"),
        lambda: Action(id="A1", title="t", assignee="x"),
        lambda: Reading(date=D(2026, 1, 1), value=1.0, unit="%"),
        lambda: Indicator(id="M1", name="n", owner="x"),
        lambda: ActionUpdate(action="A1", status="done", who="x"),
        lambda: CheckIn(date=D(2026, 1, 1), attendees=[]),
        lambda: ParkingItem(id="P1", text="t", added=D(2026, 1, 1), owner="x"),
        lambda: Decision(id="D1", text="t", date=D(2026, 1, 1), by="x"),
    ],
)
def test_extra_fields_are_refused(build: Callable[[], BaseModel]) -> None:
    with pytest.raises(ValidationError) as exc:
        build()
    assert [e["type"] for e in exc.value.errors()] == ["extra_forbidden"]


# ----- next_id, status labels, lookups -----------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "existing", "expected"),
    [
        ("A", [], "A1"),
        ("A", ["A1"], "A2"),
        ("A", ["A1", "A7", "A3"], "A8"),  # one more than the highest, gaps are not reused
        ("A", ["A2", "G9", "F12", "M4"], "A3"),  # other prefixes do not count
        ("I", ["I9", "I10"], "I11"),  # numeric, not textual, order
        ("G", {"G1", "G2"}, "G3"),  # a set works too
        ("F", ["F", "Fx", "F1b", "F-4"], "F1"),  # malformed IDs are ignored
        ("M", ["M1", "MM9"], "M2"),
    ],
)
def test_next_id(prefix: Any, existing: Any, expected: str) -> None:
    assert next_id(prefix, existing) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not started", ActionStatus.NOT_STARTED),
        ("not_started", ActionStatus.NOT_STARTED),
        ("NOT STARTED", ActionStatus.NOT_STARTED),
        ("notstarted", ActionStatus.NOT_STARTED),
        ("not-started", ActionStatus.NOT_STARTED),
        ("In progress", ActionStatus.IN_PROGRESS),
        ("  in   progress ", ActionStatus.IN_PROGRESS),
        ("In_Progress", ActionStatus.IN_PROGRESS),
        ("Blocked", ActionStatus.BLOCKED),
        ("done", ActionStatus.DONE),
        ("DONE", ActionStatus.DONE),
        ("Dropped", ActionStatus.DROPPED),
    ],
)
def test_status_from_label(text: str, expected: ActionStatus) -> None:
    assert ActionStatus.from_label(text) is expected


@pytest.mark.parametrize("text", ["finished", "", "   ", "in prog", "doneish", "=DONE"])
def test_status_from_unknown_label_names_the_allowed_ones(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        ActionStatus.from_label(text)
    message = str(exc.value)
    assert repr(text) in message
    for label in ACTION_STATUS_LABELS.values():
        assert label in message


def test_every_status_reads_back_from_its_label_and_value() -> None:
    for status in ActionStatus:
        assert ActionStatus.from_label(status.label) is status
        assert ActionStatus.from_label(status.value) is status
    assert [s for s in ActionStatus if not s.is_open] == [ActionStatus.DONE, ActionStatus.DROPPED]


def test_lookups_and_alignment_columns() -> None:
    s = Session(title="t")
    s.goals = [Goal(id="G2", title="b"), Goal(id="G1", title="a")]
    s.initiatives = [Initiative(id="I1", name="x")]
    s.actions = [Action(id="A1", title="y")]
    s.findings = [Finding(id="F1", kind="other", summary="z")]
    s.indicators = [Indicator(id="M1", name="m")]
    assert s.goal("G1") is s.goals[1] and s.goal("G3") is None
    assert s.initiative("I1") is s.initiatives[0] and s.initiative("I2") is None
    assert s.action("A1") is s.actions[0] and s.finding("F1") is s.findings[0]
    assert s.indicator("M1") is s.indicators[0] and s.indicator("M2") is None
    assert alignment_columns(s) == ["vision", "G2", "G1"]  # the room's order of goals


# ----- cross-reference checks --------------------------------------------------------------


def clean() -> Session:
    """A small session that refers to everything once and has no problem."""
    s = Session(title="t")
    s.goals = [Goal(id="G1", title="a"), Goal(id="G2", title="b")]
    s.initiatives = [
        Initiative(
            id="I1",
            name="a",
            goals=["G1"],
            alignment={"vision": 2, "G1": 3},
            domains={"data_use": 1},
            rating_notes={"vision": "v", "G2": "g", "data_use": "d"},
            start=D(2026, 1, 1),
            end=D(2026, 1, 1),
        ),
        Initiative(id="I2", name="b", goals=["G1", "G2"]),
        Initiative(id="I3", name="c"),
    ]
    s.relationships = [
        Relationship(a="I1", b="I2", kind="overlaps"),
        Relationship(a="I1", b="I2", kind="reinforces"),  # another kind on the same pair
        Relationship(a="I2", b="I3", kind="depends_on"),
        Relationship(a="I3", b="I2", kind="depends_on"),  # the other direction
    ]
    s.findings = [Finding(id="F1", kind="other", summary="s", initiatives=["I1"], goals=["G2"])]
    s.indicators = [
        Indicator(
            id="M1", name="m", goal="G1", baseline_date=D(2026, 1, 1), target_date=D(2026, 1, 1)
        )
    ]
    s.actions = [
        Action(
            id="A1",
            title="x",
            findings=["F1"],
            initiatives=["I1", "I2"],
            indicators=["M1"],
            start=D(2026, 2, 1),
            due=D(2026, 2, 1),
        )
    ]
    s.checkins = [CheckIn(date=D(2026, 3, 1), updates=[ActionUpdate(action="A1", status="done")])]
    s.parking_lot = [ParkingItem(id="P1", text="p", added=D(2026, 1, 1))]
    s.decisions = [Decision(id="D1", text="d", date=D(2026, 1, 1))]
    return s


def test_clean_session_has_no_problems() -> None:
    assert check_session(clean()) == []
    assert check_session(Session(title="empty")) == []


def _dup_goal(s: Session) -> None:
    s.goals.append(Goal(id="G1", title="again"))


def _dup_initiative(s: Session) -> None:
    s.initiatives.append(Initiative(id="I2", name="again"))


def _dup_finding(s: Session) -> None:
    s.findings.append(Finding(id="F1", kind="other", summary="again"))


def _dup_action(s: Session) -> None:
    s.actions.append(Action(id="A1", title="again"))


def _dup_indicator(s: Session) -> None:
    s.indicators.append(Indicator(id="M1", name="again"))


def _dup_parking(s: Session) -> None:
    s.parking_lot.append(ParkingItem(id="P1", text="again", added=D(2026, 1, 1)))


def _dup_decision(s: Session) -> None:
    s.decisions.append(Decision(id="D1", text="again", date=D(2026, 1, 1)))


def _ini(n: int, **changes: Any) -> Callable[[Session], None]:
    def mutate(s: Session) -> None:
        for name, value in changes.items():
            setattr(s.initiatives[n], name, value)

    return mutate


def _rel(a: str, b: str, kind: str) -> Callable[[Session], None]:
    return lambda s: s.relationships.append(Relationship(a=a, b=b, kind=kind))


def _act(**changes: Any) -> Callable[[Session], None]:
    def mutate(s: Session) -> None:
        for name, value in changes.items():
            setattr(s.actions[0], name, value)

    return mutate


def _ind(**changes: Any) -> Callable[[Session], None]:
    def mutate(s: Session) -> None:
        for name, value in changes.items():
            setattr(s.indicators[0], name, value)

    return mutate


def _fnd(**changes: Any) -> Callable[[Session], None]:
    def mutate(s: Session) -> None:
        for name, value in changes.items():
            setattr(s.findings[0], name, value)

    return mutate


def _checkin_unknown(s: Session) -> None:
    s.checkins[0].updates.append(ActionUpdate(action="A9", status="blocked"))


# (mutation, the problem's item, words its message contains)
PROBLEMS: list[tuple[str, Callable[[Session], None], str, list[str]]] = [
    ("dup goal", _dup_goal, "goal G1", ["ID G1 is used more than once", "own ID"]),
    ("dup initiative", _dup_initiative, "initiative I2", ["ID I2 is used more than once"]),
    ("dup finding", _dup_finding, "finding F1", ["ID F1 is used more than once"]),
    ("dup action", _dup_action, "action A1", ["ID A1 is used more than once"]),
    ("dup indicator", _dup_indicator, "indicator M1", ["ID M1 is used more than once"]),
    ("dup parking", _dup_parking, "parking-lot item P1", ["ID P1 is used more than once"]),
    ("dup decision", _dup_decision, "decision D1", ["ID D1 is used more than once"]),
    (
        "initiative goal",
        _ini(0, goals=["G1", "G7"]),
        "initiative I1",
        ["goals names goal 'G7'", "does not exist"],
    ),
    ("initiative goal twice", _ini(1, goals=["G2", "G2"]), "initiative I2", ["G2 more than once"]),
    ("alignment key", _ini(0, alignment={"G9": 2}), "initiative I1", ["alignment", "'G9'"]),
    ("alignment typo", _ini(2, alignment={"Vision": 1}), "initiative I3", ["'Vision'"]),
    ("rating note key", _ini(1, rating_notes={"budget": "?"}), "initiative I2", ["'budget'"]),
    (
        "end before start",
        _ini(0, start=D(2026, 5, 2), end=D(2026, 5, 1)),
        "initiative I1",
        ["end 2026-05-01 is before start 2026-05-02"],
    ),
    ("relation a", _rel("I9", "I1", "reinforces"), "relationship 5 (I9–I1)", ["a names", "'I9'"]),
    ("relation b", _rel("I1", "I8", "conflicts"), "relationship 5 (I1–I8)", ["b names", "'I8'"]),
    (
        "self relation",
        _rel("I3", "I3", "overlaps"),
        "relationship 5 (I3–I3)",
        ["cannot be related to itself"],
    ),
    (
        "duplicate relation",
        _rel("I1", "I2", "overlaps"),
        "relationship 5 (I1–I2)",
        ["'overlaps' relationship is listed twice"],
    ),
    (
        "duplicate relation reversed",
        _rel("I2", "I1", "reinforces"),
        "relationship 5 (I2–I1)",
        ["'reinforces' relationship is listed twice"],
    ),
    (
        "duplicate depends_on",
        _rel("I2", "I3", "depends_on"),
        "relationship 5 (I2–I3)",
        ["'depends_on' relationship is listed twice"],
    ),
    ("finding initiative", _fnd(initiatives=["I4"]), "finding F1", ["initiative 'I4'"]),
    ("finding goal", _fnd(goals=["G3"]), "finding F1", ["goals names goal 'G3'"]),
    ("action finding", _act(findings=["F1", "F2"]), "action A1", ["finding 'F2'"]),
    ("action initiative", _act(initiatives=["I5"]), "action A1", ["initiative 'I5'"]),
    ("action indicator", _act(indicators=["M3"]), "action A1", ["indicator 'M3'"]),
    (
        "due before start",
        _act(start=D(2026, 2, 2), due=D(2026, 2, 1)),
        "action A1",
        ["due 2026-02-01 is before start 2026-02-02"],
    ),
    ("indicator goal", _ind(goal="G8"), "indicator M1", ["goal names goal 'G8'"]),
    (
        "target before baseline",
        _ind(baseline_date=D(2027, 1, 1), target_date=D(2026, 1, 1)),
        "indicator M1",
        ["target_date 2026-01-01 is before baseline_date 2027-01-01"],
    ),
    ("checkin action", _checkin_unknown, "check-in 1 (2026-03-01)", ["action 'A9'"]),
]


@pytest.mark.parametrize(
    ("mutate", "item", "words"), [p[1:] for p in PROBLEMS], ids=[p[0] for p in PROBLEMS]
)
def test_each_problem_appears_and_names_its_item(
    mutate: Callable[[Session], None], item: str, words: list[str]
) -> None:
    s = clean()
    mutate(s)
    problems = check_session(s)
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.item == item
    for word in words:
        assert word in problem.message
    assert str(problem) == f"{item}: {problem.message}"


def test_a_triplicated_id_is_reported_once() -> None:
    s = clean()
    s.goals += [Goal(id="G1", title="x"), Goal(id="G1", title="y")]
    assert [p.item for p in check_session(s)] == ["goal G1"]


def test_ids_may_repeat_across_collections_only_by_prefix() -> None:
    """The same number in two collections is fine: G1 and I1 are different IDs."""
    s = clean()
    assert {g.id[1:] for g in s.goals} & {i.id[1:] for i in s.initiatives}
    assert check_session(s) == []


def test_vision_and_domains_are_known_keys() -> None:
    s = clean()
    s.initiatives[2].alignment = {"vision": 0, "G1": 0, "G2": 0}
    s.initiatives[2].rating_notes = {d.value: "n" for d in Domain} | {"vision": "v", "G1": "g"}
    assert check_session(s) == []


def test_problems_come_in_file_order_and_each_names_its_item() -> None:
    s = clean()
    _dup_goal(s)
    _ini(0, goals=["G9"])(s)
    _rel("I1", "I1", "conflicts")(s)
    _act(due=D(2025, 1, 1))(s)
    _ind(goal="G9")(s)
    _checkin_unknown(s)
    items = [p.item for p in check_session(s)]
    assert items == [
        "goal G1",
        "initiative I1",
        "relationship 5 (I1–I1)",
        "action A1",
        "indicator M1",
        "check-in 1 (2026-03-01)",
    ]
    assert all(isinstance(p, Problem) for p in check_session(s))


def test_a_removed_goal_leaves_every_reference_reported() -> None:
    s = clean()
    s.goals = [g for g in s.goals if g.id != "G1"]
    items = [p.item for p in check_session(s)]
    # I1 links G1 and rates it, I2 links it, M1 measures it
    assert items == ["initiative I1", "initiative I1", "initiative I2", "indicator M1"]
