"""The session model: one planning session, one cycle of the alignment-and-coherence work.

Headless: this module never imports Textual or openpyxl. Every collection the five steps
need lives here, so that the store, the analysis, the workbook and the app share one shape.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    model_validator,
)

SCHEMA_VERSION = 2
"""The version of the session file format this program writes (2 added many voices: votes,
consensus checks, dot-vote rounds; funding streams, populations, readings by population, a
decision per initiative; the reflections of earlier cycles; Prepare: team roles and voices,
the scope, readiness on the conditions for collaboration, the meeting plan; and when each
action was last updated)."""


class AlignmentType(StrEnum):
    """Which kind of alignment the session is about."""

    INTERNAL = "internal"
    VERTICAL = "vertical"
    HORIZONTAL = "horizontal"

    @property
    def label(self) -> str:
        return ALIGNMENT_TYPE_LABELS[self]


ALIGNMENT_TYPE_LABELS: dict[AlignmentType, str] = {
    AlignmentType.INTERNAL: "Internal (divisions within one agency)",
    AlignmentType.VERTICAL: "Vertical (state → region → district → school)",
    AlignmentType.HORIZONTAL: "Horizontal (across child-, youth- and family-serving sectors)",
}


class Domain(StrEnum):
    """The six domains in which initiatives are aligned."""

    GOALS = "goals"
    FUNDING_POLICIES = "funding_policies"
    COMMUNICATION = "communication"
    ENGAGEMENT = "engagement"
    CAPACITY = "capacity"
    DATA_USE = "data_use"

    @property
    def label(self) -> str:
        return DOMAIN_LABELS[self]

    @property
    def short(self) -> str:
        return DOMAIN_SHORT[self]


DOMAIN_LABELS: dict[Domain, str] = {
    Domain.GOALS: "Goals",
    Domain.FUNDING_POLICIES: "Funding and policies",
    Domain.COMMUNICATION: "Strategic communication",
    Domain.ENGAGEMENT: "Interest holder engagement",
    Domain.CAPACITY: "Capacity building",
    Domain.DATA_USE: "Data use",
}

DOMAIN_SHORT: dict[Domain, str] = {
    Domain.GOALS: "Goals",
    Domain.FUNDING_POLICIES: "Fund/Pol",
    Domain.COMMUNICATION: "Comms",
    Domain.ENGAGEMENT: "Engage",
    Domain.CAPACITY: "Capacity",
    Domain.DATA_USE: "Data",
}


class Dimension(StrEnum):
    """The two dimensions of the work."""

    TECHNICAL = "technical"
    ADAPTIVE = "adaptive"


class Sector(StrEnum):
    """The sector an initiative or a participant belongs to."""

    EDUCATION = "education"
    HEALTH = "health"
    SOCIAL_SERVICES = "social_services"
    ECONOMIC_DEVELOPMENT = "economic_development"
    COMMUNITY = "community"
    GOVERNMENT = "government"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Level(StrEnum):
    """The level of the system an initiative works at."""

    STATE = "state"
    REGION = "region"
    COUNTY = "county"
    DISTRICT = "district"
    SCHOOL = "school"
    COMMUNITY = "community"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class InitiativeStatus(StrEnum):
    """Where an initiative is in its life."""

    PLANNED = "planned"
    ACTIVE = "active"
    ENDING = "ending"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RelationKind(StrEnum):
    """How two initiatives relate to each other."""

    REINFORCES = "reinforces"
    OVERLAPS = "overlaps"
    CONFLICTS = "conflicts"
    DEPENDS_ON = "depends_on"

    @property
    def label(self) -> str:
        return RELATION_LABELS[self]


RELATION_LABELS: dict[RelationKind, str] = {
    RelationKind.REINFORCES: "reinforces",
    RelationKind.OVERLAPS: "overlaps / duplicates",
    RelationKind.CONFLICTS: "conflicts / competes with",
    RelationKind.DEPENDS_ON: "depends on",
}


class FindingKind(StrEnum):
    """What a finding of the interrelationship analysis is about."""

    UNSERVED_GOAL = "unserved_goal"
    NO_GOAL = "no_goal"
    WEAK_VISION = "weak_vision"
    REDUNDANCY = "redundancy"
    CANDIDATE_OVERLAP = "candidate_overlap"
    CONFLICT = "conflict"
    WEAK_DOMAIN = "weak_domain"
    UNRATED = "unrated"
    SUSTAINABILITY_RISK = "sustainability_risk"
    BRAIDING_CANDIDATE = "braiding_candidate"
    UNFUNDED = "unfunded"
    UNSERVED_POPULATION = "unserved_population"
    NO_OUTCOME_MEASURE = "no_outcome_measure"
    COMBINE_CANDIDATE = "combine_candidate"
    DISAGREEMENT = "disagreement"
    READINESS_DISAGREEMENT = "readiness_disagreement"
    FEW_SECTORS = "few_sectors"
    MISSING_VOICE = "missing_voice"
    OTHER = "other"

    @property
    def label(self) -> str:
        return FINDING_KIND_LABELS[self]


FINDING_KIND_LABELS: dict[FindingKind, str] = {
    FindingKind.UNSERVED_GOAL: "Goal nobody serves",
    FindingKind.NO_GOAL: "Initiative serves no goal",
    FindingKind.WEAK_VISION: "Weak fit with the vision",
    FindingKind.REDUNDANCY: "Redundancy",
    FindingKind.CANDIDATE_OVERLAP: "Possible overlap",
    FindingKind.CONFLICT: "Conflict",
    FindingKind.WEAK_DOMAIN: "Weakest domain",
    FindingKind.UNRATED: "Analysis unfinished",
    FindingKind.SUSTAINABILITY_RISK: "Funding ends soon",
    FindingKind.BRAIDING_CANDIDATE: "Funding to braid",
    FindingKind.UNFUNDED: "No funding stream",
    FindingKind.UNSERVED_POPULATION: "Population nobody serves",
    FindingKind.NO_OUTCOME_MEASURE: "No outcome measure",
    FindingKind.COMBINE_CANDIDATE: "Candidate to combine",
    FindingKind.DISAGREEMENT: "The room disagrees",
    FindingKind.READINESS_DISAGREEMENT: "The room disagrees on readiness",
    FindingKind.FEW_SECTORS: "Too few sectors at the table",
    FindingKind.MISSING_VOICE: "A voice missing from the team",
    FindingKind.OTHER: "Other",
}


class FindingOrigin(StrEnum):
    """Whether a finding was derived from the ratings and relations or written by hand."""

    DERIVED = "derived"
    MANUAL = "manual"


class ActionStatus(StrEnum):
    """The allowed statuses of an action (the workbook's Status column uses the labels)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return ACTION_STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in (ActionStatus.DONE, ActionStatus.DROPPED)

    @classmethod
    def from_label(cls, text: str) -> ActionStatus:
        """Read a status from its label or its value, ignoring case, spaces and underscores."""
        key = re.sub(r"[\s_-]+", "", text).casefold()
        for status in cls:
            if key in (status.value.replace("_", ""), status.label.replace(" ", "").casefold()):
                return status
        allowed = ", ".join(s.label for s in cls)
        raise ValueError(f"{text!r} is not a status; use one of: {allowed}")


ACTION_STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.BLOCKED: "Blocked",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}


class Priority(StrEnum):
    """How urgent an action is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Direction(StrEnum):
    """Which way an indicator should move."""

    INCREASE = "increase"
    DECREASE = "decrease"


class FundingSource(StrEnum):
    """Where a funding stream comes from."""

    FEDERAL = "federal"
    STATE = "state"
    LOCAL = "local"
    PRIVATE = "private"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class DecisionChoice(StrEnum):
    """What the room decides to do with an initiative (the "work smarter" decision)."""

    KEEP = "keep"
    SCALE_UP = "scale_up"
    COMBINE = "combine"
    REDESIGN = "redesign"
    SUNSET = "sunset"

    @property
    def label(self) -> str:
        return DECISION_LABELS[self]

    @property
    def symbol(self) -> str:
        """A one-cell mark for tight places (the grid's names); always shown with words
        somewhere near (the status line, the legend)."""
        return DECISION_SYMBOLS[self]


DECISION_LABELS: dict[DecisionChoice, str] = {
    DecisionChoice.KEEP: "keep",
    DecisionChoice.SCALE_UP: "scale up",
    DecisionChoice.COMBINE: "combine",
    DecisionChoice.REDESIGN: "redesign",
    DecisionChoice.SUNSET: "sunset",
}

DECISION_SYMBOLS: dict[DecisionChoice, str] = {
    DecisionChoice.KEEP: "✓",
    DecisionChoice.SCALE_UP: "↑",
    DecisionChoice.COMBINE: "⊕",
    DecisionChoice.REDESIGN: "↻",
    DecisionChoice.SUNSET: "✕",
}


MAX_WHOLE = 2**63 - 1
"""The largest whole number a TOML file holds (a signed 64-bit integer)."""

Whole = Annotated[int, Strict(), Field(ge=-MAX_WHOLE - 1, le=MAX_WHOLE)]
"""A whole number as a file writes it: ``3``, never ``"3"``, ``3.0`` or ``true``."""

Flag = Annotated[bool, Strict()]
"""Yes or no as a file writes it: ``true`` or ``false``, never ``1`` or ``"yes"``."""

MAX_MEASURE = 1e15
"""The largest value (in size) an indicator or an amount holds: below 2**53, so every whole
number up to it is kept exactly."""


def measure_problem(value: float) -> str:
    """What is wrong with an indicator's value, in words, or '' when it can be kept."""
    if not math.isfinite(value):
        return (
            "is not a number cohere-tui can use (NaN or infinity); write a plain number such "
            "as 42 or 3.5"
        )
    if abs(value) > MAX_MEASURE:
        return (
            f"is too large: a session's numbers go up to {MAX_MEASURE:,.0f} in size; write a "
            "smaller number (or use a larger unit)"
        )
    return ""


def _plain_number(value: float) -> float:
    problem = measure_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Measure = Annotated[float, Strict(), AfterValidator(_plain_number)]
"""A value of an indicator: a finite number no larger than :data:`MAX_MEASURE` in size, written
as a number (``42`` or ``3.5``), never as text or ``true``."""

Rating = Annotated[int, Strict(), Field(ge=0, le=3)]
"""One scale everywhere: 0 not aligned / working against, 1 weak, 2 partial, 3 strong."""

RATING_LABELS: dict[int, str] = {
    0: "not aligned",
    1: "weak",
    2: "partial",
    3: "strong",
}

VISION_KEY = "vision"
"""The alignment key that rates an initiative against the vision statement."""

ID_PATTERNS: dict[str, re.Pattern[str]] = {
    prefix: re.compile(rf"^{prefix}[1-9][0-9]*\Z")
    for prefix in ("G", "I", "F", "A", "M", "P", "D", "V", "S", "N")
}
"""Short IDs by prefix: G goals, I initiatives, F findings, A actions, M indicators,
P parking-lot items, D decision-log entries, V voices, S funding streams, N populations (the people
served: P was taken by the parking lot)."""


def _date_not_number(value: object) -> object:
    if isinstance(value, int | float):  # bool too; pydantic would read a number as a timestamp
        raise ValueError("a date is written as YYYY-MM-DD (e.g. 2026-05-01)")
    if isinstance(value, dt.datetime):
        raise ValueError("a date has no time of day; write it as YYYY-MM-DD")
    if isinstance(value, str):
        raise ValueError(
            "a date is written without quotes, as YYYY-MM-DD (e.g. 2026-05-01), not as text"
        )
    return value


CalendarDate = Annotated[dt.date, BeforeValidator(_date_not_number), Strict()]
"""A date, as a file writes it (``2026-05-01``); a number is refused rather than read as
seconds since 1970, text rather than read as a date, a date and time rather than cut."""

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What no text in a session may hold: the C0 controls but tab and line feed, DEL and the C1
controls. A terminal acts on them (clears the screen, moves the cursor, rings the bell)
instead of showing them. A carriage return is one too, but text reads a line end written
``\\r\\n`` or ``\\r`` as the line feed it means (as saving always did), so none stays."""

_CONTROL_NAMES = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x9B: "control sequence introducer",
}


def control_character(text: str) -> str | None:
    """The first control character in ``text`` that a session refuses, or None."""
    found = CONTROL_CHARACTERS.search(text)
    return found.group() if found else None


def describe_control(char: str) -> str:
    """A control character as a message names it: ``U+001B (escape)``."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def control_problem(char: str) -> str:
    """What is wrong with text holding ``char``, and what to do."""
    return (
        f"holds the control character {describe_control(char)}, which would garble the "
        "screen; remove it"
    )


def _no_control(value: str) -> str:
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    char = control_character(value)
    if char is not None:
        raise ValueError(f"the text {control_problem(char)}")
    return value


Text = Annotated[str, AfterValidator(_no_control)]
"""Text of a session: any characters but the control characters a terminal would act on;
line ends become line feeds."""


class _Model(BaseModel):
    model_config = ConfigDict(
        use_attribute_docstrings=False,
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=False,
    )


def _id_check(prefix: str) -> Callable[[str], str]:
    """A validator for a short ID with this prefix."""
    return lambda value: _check_id(value, prefix)


def _required(what: str) -> Callable[[str], str]:
    """A validator for text that must not be empty."""
    return lambda value: _strip_required(value, what)


def _check_id(value: str, prefix: str) -> str:
    if not ID_PATTERNS[prefix].match(value):
        quoted = repr(value) if len(value) <= 24 else repr(value[:24])[:-1] + "…'"
        raise ValueError(f"{quoted} is not a valid ID; expected {prefix}1, {prefix}2, …")
    return value


def _strip_required(value: str, what: str) -> str:
    if not value.strip():
        raise ValueError(f"{what} must not be empty")
    return value


class Vote(_Model):
    """One voice's vote on one thing: a rating cell, a readiness condition, a consensus check,
    or one option of a dot-vote round (the dots that voice gave it).

    Votes are kept as a list keyed by what is voted on; :mod:`cohere_tui.votes` holds the
    rules (agreed value, spread, distribution, consensus, dot tallies). Anonymous by default:
    a voice is a short ID, the same device or seat for a whole meeting."""

    voice: Annotated[Text, AfterValidator(_id_check("V"))]
    """Anonymous voice ID: V1, V2, … (one per person voting in the meeting)."""
    value: Annotated[Whole, Field(ge=0, le=99)]
    """What the voice chose, on the scale of what is voted on (a rating 0–3, fist-to-five
    0–5, gradients 1–8, or a number of dots)."""
    name: Text = ""
    """The voter's name, only when they chose to give one."""


class ConsensusMethod(StrEnum):
    """How a consensus check asks the room."""

    FIST_TO_FIVE = "fist_to_five"
    GRADIENTS = "gradients"

    @property
    def label(self) -> str:
        return CONSENSUS_METHOD_LABELS[self]


CONSENSUS_METHOD_LABELS: dict[ConsensusMethod, str] = {
    ConsensusMethod.FIST_TO_FIVE: "Fist to five",
    ConsensusMethod.GRADIENTS: "Gradients of agreement",
}


class ConsensusCheck(_Model):
    """A consensus check on a decision or a proposed action: the room's votes, by one method.

    Whether it passes is worked out from the votes by the rule of its method
    (:func:`cohere_tui.votes.consensus`), never stored."""

    date: CalendarDate
    """When the room was asked."""
    method: ConsensusMethod
    """Fist to five (0–5) or gradients of agreement (1 endorse … 8 block)."""
    votes: list[Vote] = Field(default_factory=list)
    """One vote per voice."""
    note: Text = ""
    """What the room said (e.g. the reservations heard)."""


class DotTarget(StrEnum):
    """What a dot-vote round prioritises."""

    FINDINGS = "findings"
    ACTIONS = "actions"


class DotRound(_Model):
    """A dot-vote round: each voice spreads up to ``dots`` dots over the options."""

    date: CalendarDate
    """When the round was held."""
    target: DotTarget
    """Findings or actions."""
    dots: Annotated[Whole, Field(ge=1, le=20)]
    """Dots per voice in this round."""
    title: Text = ""
    """The question the room answered, e.g. 'Which findings matter most?'"""
    options: list[Text] = Field(default_factory=list)
    """The findings or actions on the ballot (IDs), in ballot order."""
    votes: dict[Text, list[Vote]] = Field(default_factory=dict)
    """Option ID → one vote per voice that gave it dots (the value is how many)."""
    ranking: list[Text] = Field(default_factory=list)
    """The options by dots, most first, as saved when the round closed (ties in ballot
    order); what sorts the plan by priority."""


class Voice(StrEnum):
    """A voice a team member brings to the table (Prepare: who to include)."""

    YOUNG_PEOPLE = "young_people"
    FAMILIES = "families"
    PRACTITIONERS = "practitioners"
    ADMINISTRATORS = "administrators"
    DEPARTMENTAL_TEAMS = "departmental_teams"
    COMMUNITY_ORGANISATIONS = "community_organisations"
    POLICYMAKERS = "policymakers"
    OTHER = "other"

    @property
    def label(self) -> str:
        return VOICE_LABELS[self]

    @property
    def short(self) -> str:
        return VOICE_SHORT[self]


VOICE_LABELS: dict[Voice, str] = {
    Voice.YOUNG_PEOPLE: "Young people",
    Voice.FAMILIES: "Families",
    Voice.PRACTITIONERS: "Practitioners",
    Voice.ADMINISTRATORS: "Administrators",
    Voice.DEPARTMENTAL_TEAMS: "Departmental teams",
    Voice.COMMUNITY_ORGANISATIONS: "Community-based organisations",
    Voice.POLICYMAKERS: "Policymakers",
    Voice.OTHER: "Other",
}

VOICE_SHORT: dict[Voice, str] = {
    Voice.YOUNG_PEOPLE: "Youth",
    Voice.FAMILIES: "Families",
    Voice.PRACTITIONERS: "Practice",
    Voice.ADMINISTRATORS: "Admin",
    Voice.DEPARTMENTAL_TEAMS: "Depts",
    Voice.COMMUNITY_ORGANISATIONS: "CBOs",
    Voice.POLICYMAKERS: "Policy",
    Voice.OTHER: "Other",
}

TEAM_ROLES: tuple[str, ...] = (
    "facilitator", "co-facilitator", "note-taker", "timekeeper", "decision-maker", "member",
)  # fmt: skip
"""The team roles the app offers; a team may name others (the list is editable: any role
typed is kept, and offered again)."""


class Condition(StrEnum):
    """The seven essential conditions for cross-sector collaboration (Prepare, Activity 2:
    assess readiness)."""

    COLLABORATIVE_LEADERSHIP = "collaborative_leadership"
    INCLUSIVE_REPRESENTATION = "inclusive_representation"
    RELATIONAL_TRUST = "relational_trust"
    COLLECTIVE_VISION = "collective_vision"
    TEAMWORK_STRUCTURES = "teamwork_structures"
    CONTINUOUS_IMPROVEMENT = "continuous_improvement"
    ADEQUATE_RESOURCES = "adequate_resources"

    @property
    def label(self) -> str:
        return CONDITION_LABELS[self]

    @property
    def short(self) -> str:
        return CONDITION_SHORT[self]


CONDITION_LABELS: dict[Condition, str] = {
    Condition.COLLABORATIVE_LEADERSHIP: "Collaborative leadership capacity",
    Condition.INCLUSIVE_REPRESENTATION: "Diverse and inclusive representation",
    Condition.RELATIONAL_TRUST: "Relational trust",
    Condition.COLLECTIVE_VISION: "Collective vision and purpose",
    Condition.TEAMWORK_STRUCTURES: "Clear structures and approaches to teamwork",
    Condition.CONTINUOUS_IMPROVEMENT: "Continuous improvement routines and infrastructure",
    Condition.ADEQUATE_RESOURCES: "Adequate resources and abundance mindsets",
}

CONDITION_SHORT: dict[Condition, str] = {
    Condition.COLLABORATIVE_LEADERSHIP: "Leadership",
    Condition.INCLUSIVE_REPRESENTATION: "Inclusion",
    Condition.RELATIONAL_TRUST: "Trust",
    Condition.COLLECTIVE_VISION: "Vision",
    Condition.TEAMWORK_STRUCTURES: "Teamwork",
    Condition.CONTINUOUS_IMPROVEMENT: "Improvement",
    Condition.ADEQUATE_RESOURCES: "Resources",
}

ReadinessRating = Annotated[int, Strict(), Field(ge=1, le=4)]
"""Readiness on one condition: 1 emerging, 2 developing, 3 established, 4 sustaining."""

READINESS_LABELS: dict[int, str] = {
    1: "emerging",
    2: "developing",
    3: "established",
    4: "sustaining",
}


class Participant(_Model):
    """A person in the room (or on the team)."""

    name: Annotated[Text, AfterValidator(_required("name"))]
    """Full name, as the room knows the person."""
    role: Text = ""
    """Job title or role in the work, e.g. 'Deputy superintendent'."""
    organisation: Text = ""
    """Department, agency or organisation."""
    sector: Sector | None = None
    """Sector the person works in."""
    team_role: Text = ""
    """Their role on the team (Prepare): facilitator, co-facilitator, note-taker, timekeeper,
    decision-maker, member, or another the team names; empty until given."""
    voices: list[Voice] = Field(default_factory=list)
    """The voices they bring to the table (young people, families, practitioners, …)."""


class ScopeList(_Model):
    """One side of the scope (what is in, or what is out), as short lists."""

    agencies: list[Text] = Field(default_factory=list)
    """Agencies, departments or divisions."""
    levels: list[Text] = Field(default_factory=list)
    """Levels of the system (state, region, county, district, school, community)."""
    populations: list[Text] = Field(default_factory=list)
    """Populations served."""
    initiatives: list[Text] = Field(default_factory=list)
    """Kinds of initiatives (programs, policies, funding streams, practices)."""


SCOPE_LISTS: dict[str, str] = {
    "agencies": "Agencies / divisions",
    "levels": "Levels",
    "populations": "Populations",
    "initiatives": "Kinds of initiatives",
}
"""The lists of a side of the scope, with the names the room reads."""


class Scope(_Model):
    """Prepare, Activity 1: the scope of the alignment effort."""

    question: Text = ""
    """The question the session answers, e.g. 'How can our departments reach families
    earlier, through any door?'"""
    included: ScopeList = Field(default_factory=ScopeList)
    """What is in scope."""
    excluded: ScopeList = Field(default_factory=ScopeList)
    """What is deliberately out of scope."""
    time_frame: Text = ""
    """The time the effort covers, e.g. '2026–27 and 2027–28 school years'."""
    note: Text = ""
    """Anything else the room said about the scope."""


class ConditionReadiness(_Model):
    """Prepare, Activity 2: how ready the team is on one condition for collaboration.

    ``rating`` is the agreed value. When the room votes (many voices), the votes are kept
    beside it on this object and the rating stays the agreed value the summary, the findings
    and the workbook read."""

    rating: ReadinessRating | None = None
    """The agreed rating: 1 emerging, 2 developing, 3 established, 4 sustaining; absent =
    not yet rated."""
    evidence: Text = ""
    """What the rating rests on: what the room has seen or heard."""
    rated_by: Text = ""
    """Who rated it, e.g. 'whole team, by consensus' or the names."""
    previous: ReadinessRating | None = None
    """The agreed rating when the previous cycle ended (set by the next cycle): readiness
    then, beside ``rating`` now."""
    votes: list[Vote] = Field(default_factory=list)
    """Many voices: the room's votes on the condition (1–4, one per voice), beside the
    agreed ``rating`` (by default their median); empty when one rating was given."""


class AgendaItem(_Model):
    """One item of a meeting's agenda."""

    title: Annotated[Text, AfterValidator(_required("title"))]
    """What the room does, e.g. 'Step 1: draft the shared vision'."""
    minutes: Annotated[Whole, Field(ge=0, le=24 * 60)] = 0
    """Time planned for it, in minutes (0 = not timed); the activity timer can run it."""
    step: Annotated[Whole, Field(ge=0, le=5)] | None = None
    """The stage it works on: 0 Prepare, 1–5 the steps."""
    note: Text = ""
    """What it is for, or what came of it."""


class Meeting(_Model):
    """A meeting of the team (Prepare: the meeting plan)."""

    date: CalendarDate | None = None
    """When it is held."""
    purpose: Text = ""
    """What the meeting is for."""
    agenda: list[AgendaItem] = Field(default_factory=list)
    """The agenda, in order."""
    norms: list[Text] = Field(default_factory=list)
    """The working agreements the room keeps, e.g. 'Families' time is paid'."""


class Vision(_Model):
    """Step 1: the shared vision, its theory of change and the assumptions under it."""

    statement: Text = ""
    """The shared vision the initiatives pull toward."""
    theory_of_change: Text = ""
    """If we do these things, then these outcomes follow, so that the vision is reached."""
    assumptions: list[Text] = Field(default_factory=list)
    """What must hold for the theory of change to work."""


class Goal(_Model):
    """A goal or priority under the vision."""

    id: Annotated[Text, AfterValidator(_id_check("G"))]
    """Stable short ID: G1, G2, …"""
    title: Annotated[Text, AfterValidator(_required("title"))]
    """The goal in a short sentence."""
    description: Text = ""
    """What the goal means and how the room will know it is met."""
    populations: list[Text] = Field(default_factory=list)
    """The populations the goal is about (population IDs): who the room means it for."""


class Population(_Model):
    """A group of people the initiatives serve, e.g. 'families with children 0–5'."""

    id: Annotated[Text, AfterValidator(_id_check("N"))]
    """Stable short ID: N1, N2, … (P is the parking lot's)."""
    name: Annotated[Text, AfterValidator(_required("name"))]
    """Who they are, in a few words."""
    description: Text = ""
    """How the room defines the group (ages, places, eligibility), and how many there are."""


Amount = Annotated[float, Strict(), Field(ge=0), AfterValidator(_plain_number)]
"""A sum of money, currency-free (the room knows its currency): zero or more."""


class FundingStream(_Model):
    """A source of money that funds initiatives: a grant, an allocation, a billing stream."""

    id: Annotated[Text, AfterValidator(_id_check("S"))]
    """Stable short ID: S1, S2, …"""
    name: Annotated[Text, AfterValidator(_required("name"))]
    """What the stream is called, e.g. 'MIECHV home visiting grant'."""
    source: FundingSource = FundingSource.OTHER
    """Federal, state, local, private or other."""
    annual_amount: Amount | None = None
    """How much it brings in a year, as a plain number (no currency sign)."""
    start: CalendarDate | None = None
    """When the money starts (or started)."""
    end: CalendarDate | None = None
    """When the money ends (a grant's last day); none = ongoing."""
    uses: list[Text] = Field(default_factory=list)
    """What the money may be spent on, one use per entry (e.g. 'home visiting')."""
    restrictions: Text = ""
    """Rules that come with it (eligibility, reporting, match, supplanting)."""
    populations: list[Text] = Field(default_factory=list)
    """The populations it may serve (population IDs); none listed = no limit recorded."""


class StreamLink(_Model):
    """An initiative funded by a stream, with the share of the stream it receives."""

    stream: Text
    """The stream (stream ID)."""
    share: Annotated[float, Strict(), Field(gt=0, le=100, allow_inf_nan=False)] | None = None
    """The percentage of the stream's annual amount this initiative receives; none = an
    even part of what the stream's other shares leave."""


class InitiativeDecision(_Model):
    """What the room decided to do with an initiative: suggested by the findings, always
    the room's choice."""

    choice: DecisionChoice
    """Keep, scale up, combine (with another initiative), redesign or sunset."""
    combine_with: Text | None = None
    """For 'combine': the initiative it is combined with (initiative ID)."""
    rationale: Text = ""
    """Why, in the room's words."""
    findings: list[Text] = Field(default_factory=list)
    """The findings the decision answers (finding IDs)."""

    @model_validator(mode="after")
    def _partner(self) -> InitiativeDecision:
        if self.choice is DecisionChoice.COMBINE and not self.combine_with:
            raise ValueError("a decision to combine names the initiative to combine with")
        if self.choice is not DecisionChoice.COMBINE and self.combine_with:
            raise ValueError("only a decision to combine names another initiative")
        return self


class Initiative(_Model):
    """Step 2: a program, policy, funding stream or practice that touches the vision."""

    id: Annotated[Text, AfterValidator(_id_check("I"))]
    """Stable short ID: I1, I2, …"""
    name: Annotated[Text, AfterValidator(_required("name"))]
    """What the initiative is called."""
    description: Text = ""
    """What it is and does."""
    lead: Text = ""
    """Who leads it (person or office)."""
    organisation: Text = ""
    """Department or organisation that runs it."""
    sector: Sector = Sector.OTHER
    """Sector it belongs to."""
    level: Level = Level.COUNTY
    """Level of the system it works at."""
    status: InitiativeStatus = InitiativeStatus.ACTIVE
    """Planned, active or ending."""
    population: Text = ""
    """Whom it serves."""
    funding: Text = ""
    """How it is funded (sources, amounts, end dates of grants)."""
    outcomes: Text = ""
    """The outcomes it seeks."""
    data_collected: Text = ""
    """What data it collects."""
    goals: list[Text] = Field(default_factory=list)
    """The goals it advances (goal IDs)."""
    start: CalendarDate | None = None
    """When it started or starts."""
    end: CalendarDate | None = None
    """When it ends (e.g. when its grant runs out)."""
    populations: list[Text] = Field(default_factory=list)
    """The populations it serves (population IDs); ``population`` keeps the room's words."""
    streams: list[StreamLink] = Field(default_factory=list)
    """The funding streams that fund it, with their shares; ``funding`` keeps the room's
    words."""
    decision: InitiativeDecision | None = None
    """What the room decided to do with it (none = undecided)."""
    history: list[Text] = Field(default_factory=list)
    """What earlier cycles did to it, one line each (e.g. a combination, with the note)."""
    alignment: dict[Text, Rating] = Field(default_factory=dict)
    """Step 3 ratings against the vision ('vision') and each goal (goal ID): 0–3, absent = unrated."""
    domains: dict[Domain, Rating] = Field(default_factory=dict)
    """Step 3 ratings in each of the six domains: 0–3, absent = unrated."""
    rating_notes: dict[Text, Text] = Field(default_factory=dict)
    """Notes on ratings, keyed like the ratings ('vision', a goal ID or a domain)."""
    votes: dict[Text, list[Vote]] = Field(default_factory=dict)
    """Many voices on a rating, keyed like the ratings: the room's votes beside the agreed
    value, which stays in ``alignment`` or ``domains`` (by default their median)."""


class Relationship(_Model):
    """How one initiative relates to another."""

    a: Text
    """The first initiative (for 'depends_on', the one that depends)."""
    b: Text
    """The second initiative (for 'depends_on', the one depended on)."""
    kind: RelationKind
    """Reinforces, overlaps (duplicates), conflicts (competes), depends on."""
    note: Text = ""
    """What the room said about it."""


class Finding(_Model):
    """Something the interrelationship analysis shows, which an action may answer."""

    id: Annotated[Text, AfterValidator(_id_check("F"))]
    """Stable short ID: F1, F2, …"""
    kind: FindingKind
    """What the finding is about."""
    summary: Annotated[Text, AfterValidator(_required("summary"))]
    """One sentence, written for the room."""
    origin: FindingOrigin = FindingOrigin.MANUAL
    """Derived from ratings and relations, or written by hand."""
    key: Text = ""
    """For a derived finding: what it was derived from, so it keeps its ID as ratings change."""
    dimension: Dimension = Dimension.TECHNICAL
    """Technical (structures, processes, data systems) or adaptive (mindsets, trust, power)."""
    domain: Domain | None = None
    """The domain the finding is in, where there is one."""
    initiatives: list[Text] = Field(default_factory=list)
    """The initiatives it concerns (initiative IDs)."""
    goals: list[Text] = Field(default_factory=list)
    """The goals it concerns (goal IDs)."""
    dismissed: Flag = False
    """Set aside by the facilitator; a dismissed derived finding stays dismissed."""
    resolved: Flag = False
    """A derived finding whose condition no longer holds, kept because something refers to it."""
    note: Text = ""
    """What the room said about it."""


class Action(_Model):
    """Step 4: a concrete action that answers the findings."""

    id: Annotated[Text, AfterValidator(_id_check("A"))]
    """Stable short ID: A1, A2, …"""
    title: Annotated[Text, AfterValidator(_required("title"))]
    """What will be done."""
    owner: Text = ""
    """Who owns it (usually a participant's name)."""
    partners: list[Text] = Field(default_factory=list)
    """Who helps."""
    start: CalendarDate | None = None
    """When work starts."""
    due: CalendarDate | None = None
    """When it is due."""
    status: ActionStatus = ActionStatus.NOT_STARTED
    """Not started, in progress, blocked, done or dropped."""
    priority: Priority = Priority.MEDIUM
    """High, medium or low."""
    domain: Domain | None = None
    """The domain it works in."""
    findings: list[Text] = Field(default_factory=list)
    """The findings it answers (finding IDs)."""
    initiatives: list[Text] = Field(default_factory=list)
    """The initiatives it touches (initiative IDs)."""
    indicator: Text = ""
    """How success will be seen."""
    indicators: list[Text] = Field(default_factory=list)
    """Measured indicators that track it (indicator IDs)."""
    latest_update: Text = ""
    """The most recent word on progress."""
    notes: Text = ""
    """Anything else."""
    conditions: list[Condition] = Field(default_factory=list)
    """The readiness conditions it works to improve (Prepare, Activity 2)."""
    updated: CalendarDate | None = None
    """When its status or latest update last changed (in the app, at a check-in or by an
    import of the workbook); empty when not known."""
    checks: list[ConsensusCheck] = Field(default_factory=list)
    """Consensus checks on the proposed action, oldest first."""


class Reading(_Model):
    """One reading of an indicator."""

    date: CalendarDate
    """When it was read."""
    value: Measure
    """The value read."""
    note: Text = ""
    """Where it came from or what it means."""


class Indicator(_Model):
    """Step 5: a measure that shows progress, with baseline, target and readings."""

    id: Annotated[Text, AfterValidator(_id_check("M"))]
    """Stable short ID: M1, M2, …"""
    name: Annotated[Text, AfterValidator(_required("name"))]
    """What is measured."""
    unit: Text = ""
    """Unit of the values, e.g. '%' or 'families'."""
    direction: Direction = Direction.INCREASE
    """Whether higher or lower is better."""
    baseline: Measure | None = None
    """Value at the start."""
    baseline_date: CalendarDate | None = None
    """When the baseline was taken."""
    target: Measure | None = None
    """Value aimed for."""
    target_date: CalendarDate | None = None
    """When the target should be reached."""
    goal: Text | None = None
    """The goal it measures (goal ID)."""
    source: Text = ""
    """Where the data comes from."""
    readings: list[Reading] = Field(default_factory=list)
    """Readings over time, oldest first."""
    by_population: dict[Text, list[Reading]] = Field(default_factory=dict)
    """Readings broken down by population (population ID → its readings, oldest first),
    beside the overall ``readings``."""


class ActionUpdate(_Model):
    """What was said about one action at a check-in."""

    action: Text
    """The action (action ID)."""
    status: ActionStatus
    """Its status at the check-in."""
    update: Text = ""
    """One line on progress."""
    progress: Annotated[Whole, Field(ge=0, le=100)] | None = None
    """Share done, in percent, where the room gives one."""


class CheckIn(_Model):
    """Step 5: a dated round through the open actions and the indicators."""

    date: CalendarDate
    """When the check-in was held."""
    note: Text = ""
    """What the room said overall."""
    updates: list[ActionUpdate] = Field(default_factory=list)
    """One entry per action discussed."""


class Reflection(_Model):
    """Step 5: looking back before the next cycle."""

    worked: Text = ""
    """What worked."""
    change: Text = ""
    """What to change."""
    next_focus: Text = ""
    """What the next cycle should focus on."""


MAX_CYCLE = 9999
"""The highest cycle number a session counts to."""


class EarlierCycle(_Model):
    """An earlier cycle of the same work, as the next cycle carries it: which it was, and
    what its reflection said (the starting prompt of the cycle after it)."""

    cycle: Annotated[Whole, Field(ge=1, le=MAX_CYCLE)]
    """Its number."""
    file: Text = ""
    """Its session file, relative to this one (it stays as that cycle's whole history)."""
    ended: CalendarDate | None = None
    """When the next cycle was started from it."""
    reflection: Reflection = Field(default_factory=Reflection)
    """What worked, what to change and the next focus, as the room wrote them then."""


class ParkingItem(_Model):
    """An off-topic item set aside to come back to."""

    id: Annotated[Text, AfterValidator(_id_check("P"))]
    """Stable short ID: P1, P2, …"""
    text: Annotated[Text, AfterValidator(_required("text"))]
    """The item."""
    added: CalendarDate
    """When it was parked."""
    step: Annotated[Whole, Field(ge=0, le=5)] | None = None
    """The step the room was on (0 Prepare)."""
    done: Flag = False
    """Dealt with."""


class Decision(_Model):
    """A decision the room made."""

    id: Annotated[Text, AfterValidator(_id_check("D"))]
    """Stable short ID: D1, D2, …"""
    date: CalendarDate
    """When it was made."""
    text: Annotated[Text, AfterValidator(_required("text"))]
    """What was decided."""
    step: Annotated[Whole, Field(ge=0, le=5)] | None = None
    """The step the room was on (0 Prepare)."""
    checks: list[ConsensusCheck] = Field(default_factory=list)
    """Consensus checks on the decision, oldest first."""


class Session(_Model):
    """One planning session: one cycle of the alignment-and-coherence work."""

    schema_version: Whole = SCHEMA_VERSION
    """The file format version this session was written with."""
    title: Annotated[Text, AfterValidator(_required("title"))]
    """The session's title, e.g. 'Family outcomes alignment'."""
    organisation: Text = ""
    """The district, agency or county the team comes from."""
    alignment_type: AlignmentType = AlignmentType.HORIZONTAL
    """Internal, vertical or horizontal alignment."""
    cycle: Annotated[Whole, Field(ge=1, le=MAX_CYCLE)] = 1
    """Which cycle of the work this is, from 1."""
    previous_cycle: Text | None = None
    """The previous cycle's session file, relative to this one."""
    earlier_cycles: list[EarlierCycle] = Field(default_factory=list)
    """The cycles before this one, oldest first, with what each one's reflection said."""
    facilitator: Text = ""
    """Who facilitates."""
    created: CalendarDate = Field(default_factory=dt.date.today)
    """When the session was created."""
    meeting_date: CalendarDate | None = None
    """When the room last met on it."""
    participants: list[Participant] = Field(default_factory=list)
    """The people on the team."""
    scope: Scope = Field(default_factory=Scope)
    """Prepare, Activity 1: the scope of the effort."""
    readiness: dict[Condition, ConditionReadiness] = Field(default_factory=dict)
    """Prepare, Activity 2: readiness on the seven conditions, keyed by condition; a
    condition nobody has looked at yet is absent."""
    meetings: list[Meeting] = Field(default_factory=list)
    """Prepare: the meeting plan (dates, purposes, agendas, norms)."""
    vision: Vision = Field(default_factory=Vision)
    """Step 1: the shared vision."""
    goals: list[Goal] = Field(default_factory=list)
    """Step 1: the goals under the vision, in the room's order."""
    populations: list[Population] = Field(default_factory=list)
    """The people the initiatives serve."""
    streams: list[FundingStream] = Field(default_factory=list)
    """The funding streams that fund the initiatives."""
    initiatives: list[Initiative] = Field(default_factory=list)
    """Step 2: the inventory."""
    archived_initiatives: list[Initiative] = Field(default_factory=list)
    """Initiatives an earlier cycle sunset or combined into another: kept as history, out
    of the inventory and the analysis."""
    relationships: list[Relationship] = Field(default_factory=list)
    """Step 3: how initiatives relate to each other."""
    findings: list[Finding] = Field(default_factory=list)
    """Step 3: what the analysis shows."""
    actions: list[Action] = Field(default_factory=list)
    """Step 4: the action plan."""
    indicators: list[Indicator] = Field(default_factory=list)
    """Step 5: measures of progress."""
    checkins: list[CheckIn] = Field(default_factory=list)
    """Step 5: check-ins, oldest first."""
    reflection: Reflection = Field(default_factory=Reflection)
    """Step 5: reflection before the next cycle."""
    parking_lot: list[ParkingItem] = Field(default_factory=list)
    """Items set aside during the meeting."""
    decisions: list[Decision] = Field(default_factory=list)
    """The decision log."""
    dot_rounds: list[DotRound] = Field(default_factory=list)
    """Dot-vote rounds on findings or actions, oldest first."""

    # ----- lookups -------------------------------------------------------------------------

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def initiative(self, initiative_id: str) -> Initiative | None:
        return next((i for i in self.initiatives if i.id == initiative_id), None)

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((m for m in self.indicators if m.id == indicator_id), None)

    def stream(self, stream_id: str) -> FundingStream | None:
        return next((s for s in self.streams if s.id == stream_id), None)

    def population(self, population_id: str) -> Population | None:
        return next((n for n in self.populations if n.id == population_id), None)


IdPrefix = Literal["G", "I", "F", "A", "M", "P", "D", "V", "S", "N"]


def next_id(prefix: IdPrefix, existing: list[str] | set[str]) -> str:
    """The next free short ID with this prefix: one more than the highest in use."""
    highest = 0
    for item_id in existing:
        if item_id.startswith(prefix) and item_id[1:].isdigit():
            highest = max(highest, int(item_id[1:]))
    return f"{prefix}{highest + 1}"


def alignment_columns(session: Session) -> list[str]:
    """The alignment keys of the rating grid, in order: the vision, then each goal."""
    return [VISION_KEY, *(g.id for g in session.goals)]
