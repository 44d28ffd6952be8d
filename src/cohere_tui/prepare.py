"""Prepare, before the cycle: who is on the team and which voices and sectors they bring
(coverage), how ready the team is on the seven conditions for collaboration (readiness),
what to do first about the weakest ones, and the first meeting's agenda.

Headless and pure: nothing here imports Textual or openpyxl, and every function only reads
the session. The findings that follow from the coverage (too few sectors for horizontal
alignment; no youth or family voice) are derived in :mod:`cohere_tui.analysis` from
:func:`coverage`, so that they join the findings list like every other finding.

Where the guide leaves the choice open, the rules are:

- *Described*: the coverage findings wait until the room has begun to describe its team —
  until some participant has a team role or a voice. Before that the app knows only names
  and sectors, and "no one brings the voice of young people" would be a guess, not a
  finding.
- *Sectors* are the participants' sectors (one person, one sector); "other" counts as one
  sector. Horizontal alignment needs :data:`MIN_SECTORS` of them at the table. A sector
  in which the inventory has initiatives but nobody on the team works is named as missing.
- *Voices* count every participant who brings them (one person may bring several).
- *Readiness* uses one scale, 1 emerging, 2 developing, 3 established, 4 sustaining. The
  summary's mean is over the rated conditions. The *weakest* conditions are those at the
  lowest rating, when that rating is 2 (developing) or below; each becomes a suggested
  "improve readiness" action. When every rated condition is established or sustaining
  there is nothing to suggest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import (
    READINESS_LABELS,
    TEAM_ROLES,
    AgendaItem,
    AlignmentType,
    Condition,
    ConditionReadiness,
    Domain,
    Finding,
    FindingKind,
    Participant,
    Priority,
    Sector,
    Session,
    Voice,
)
from .votes import READINESS_SCALE, distribution_text, spread

MIN_SECTORS = 2
"""Horizontal alignment works across sectors: at least this many at the table."""
ESSENTIAL_VOICES: tuple[Voice, ...] = (Voice.YOUNG_PEOPLE, Voice.FAMILIES)
"""Voices every team needs, whatever the alignment type: their absence is a finding."""
WEAK_READINESS = 2
"""A condition rated at or below this (developing) can be among the weakest."""

# ----- the team and its coverage ----------------------------------------------------------


def team_described(session: Session) -> bool:
    """Whether the room has begun to describe its team (a team role or a voice given)."""
    return any(p.team_role.strip() or p.voices for p in session.participants)


COVERAGE_FINDING_KINDS = (FindingKind.FEW_SECTORS, FindingKind.MISSING_VOICE)
"""The kinds of finding the team's coverage raises."""
PREPARE_FINDING_KINDS = (*COVERAGE_FINDING_KINDS, FindingKind.READINESS_DISAGREEMENT)
"""The kinds of finding Prepare raises: the coverage's, and the room's disagreement on a
readiness condition."""


def open_prepare_findings(
    session: Session, kinds: Sequence[FindingKind] = COVERAGE_FINDING_KINDS
) -> list[Finding]:
    """The session's prepare findings of ``kinds`` (by default the coverage's) the room
    still has before it (not dismissed, not resolved), in the findings' order."""
    return [f for f in session.findings if f.kind in kinds and not f.dismissed and not f.resolved]


def readiness_disagreements(session: Session) -> list[Finding]:
    """The open findings "the room disagrees on <condition>", in the findings' order."""
    return open_prepare_findings(session, (FindingKind.READINESS_DISAGREEMENT,))


def team_roles(session: Session) -> list[str]:
    """The roles to offer for a team member: the usual ones, then any others in use."""
    roles = list(TEAM_ROLES)
    known = {r.casefold() for r in roles}
    for person in session.participants:
        role = person.team_role.strip()
        if role and role.casefold() not in known:
            roles.append(role)
            known.add(role.casefold())
    return roles


@dataclass(frozen=True)
class VoiceCoverage:
    """Who brings one voice."""

    voice: Voice
    people: tuple[str, ...]

    @property
    def present(self) -> bool:
        return bool(self.people)


@dataclass(frozen=True)
class SectorCoverage:
    """Who on the team works in one sector, and how many initiatives the inventory has there."""

    sector: Sector
    people: tuple[str, ...]
    initiatives: int

    @property
    def present(self) -> bool:
        return bool(self.people)


@dataclass(frozen=True)
class Coverage:
    """Which voices and sectors are at the table, and which are missing."""

    voices: list[VoiceCoverage]
    """Every voice but "other", in :class:`Voice` order, then "other" when someone brings
    it."""
    sectors: list[SectorCoverage]
    """Every sector someone works in or the inventory has initiatives in, in
    :class:`Sector` order."""
    described: bool
    """Whether the team has been described yet (see :func:`team_described`)."""
    horizontal: bool
    people: int
    """Participants on the team."""

    @property
    def voices_present(self) -> list[Voice]:
        return [v.voice for v in self.voices if v.present]

    @property
    def voices_missing(self) -> list[Voice]:
        return [v.voice for v in self.voices if not v.present]

    @property
    def sectors_present(self) -> list[Sector]:
        return [s.sector for s in self.sectors if s.present]

    @property
    def sectors_missing(self) -> list[Sector]:
        """Sectors the inventory has initiatives in, with nobody from them on the team."""
        return [s.sector for s in self.sectors if not s.present]

    @property
    def too_few_sectors(self) -> bool:
        """Horizontal alignment with fewer than :data:`MIN_SECTORS` sectors at the table."""
        return self.horizontal and len(self.sectors_present) < MIN_SECTORS

    @property
    def essential_missing(self) -> list[Voice]:
        """Of the voices every team needs (young people, families), those nobody brings."""
        return [v for v in ESSENTIAL_VOICES if v in self.voices_missing]


def coverage(session: Session) -> Coverage:
    """The team's coverage of voices and sectors (see the module notes)."""
    people: list[Participant] = session.participants
    voices: list[VoiceCoverage] = []
    for voice in Voice:
        who = tuple(p.name for p in people if voice in p.voices)
        if voice is not Voice.OTHER or who:
            voices.append(VoiceCoverage(voice, who))
    in_inventory: dict[Sector, int] = {}
    for ini in session.initiatives:
        in_inventory[ini.sector] = in_inventory.get(ini.sector, 0) + 1
    sectors: list[SectorCoverage] = []
    for sector in Sector:
        who = tuple(p.name for p in people if p.sector is sector)
        count = in_inventory.get(sector, 0)
        if who or count:
            sectors.append(SectorCoverage(sector, who, count))
    return Coverage(
        voices=voices,
        sectors=sectors,
        described=team_described(session),
        horizontal=session.alignment_type is AlignmentType.HORIZONTAL,
        people=len(people),
    )


def _listing(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def few_sectors_sentence(cov: Coverage) -> str:
    """The finding's sentence when horizontal alignment has too few sectors at the table."""
    present = [s.label.lower() for s in cov.sectors_present]
    missing = [s.label.lower() for s in cov.sectors_missing]
    if present:
        said = f"Horizontal alignment works across sectors, but the team brings only {present[0]}"
    else:
        said = "Horizontal alignment works across sectors, but no one on the team has a sector yet"
    if missing:
        said += f"; the inventory also has initiatives in {_listing(missing)}"
    return said + "."


def missing_voice_sentence(voice: Voice) -> str:
    """The finding's sentence when nobody on the team brings an essential voice."""
    who = {
        Voice.YOUNG_PEOPLE: "young people (a youth council, students, young adults)",
        Voice.FAMILIES: "families (parents, caregivers, a family council)",
    }.get(voice, voice.label.lower())
    return f"No one on the team brings the voice of {who}: invite them to the table."


# ----- readiness ----------------------------------------------------------------------------


def readiness_disagreement_sentence(condition: Condition, values: Sequence[int]) -> str:
    """The finding's sentence when the room's votes on a condition span two points or more."""
    return (
        f"The room disagrees on {condition.label.lower()}: readiness votes "
        f"{distribution_text(values, READINESS_SCALE)} (spread {spread(values)}); talk it "
        "through before acting on the rating."
    )


def readiness_word(value: float | None) -> str:
    """The scale's word for a rating or a mean (or 'unrated')."""
    if value is None:
        return "unrated"
    nearest = min(4, max(1, int(value + 0.5)))
    return READINESS_LABELS[nearest]


BAR_BLOCKS = " ▏▎▍▌▋▊▉█"
"""Eighths of a cell, for a bar that shows a rating finer than whole cells."""


def readiness_bar(value: float | None, width: int = 8) -> str:
    """A text bar of ``width`` cells for a rating or mean on the 1–4 scale (4 fills it);
    ``·`` cells when unrated. The app and the workbook draw the same bar."""
    if value is None:
        return "·" * width
    eighths = round(max(0.0, min(4.0, value)) / 4 * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BAR_BLOCKS[part] if part else "")).ljust(width, "░")


def readiness_text(value: int | None) -> str:
    """A rating in digits and words: ``2 developing``, or ``· unrated``."""
    if value is None:
        return "· unrated"
    return f"{value} {READINESS_LABELS[value]}"


@dataclass(frozen=True)
class ConditionScore:
    """One condition as the summary shows it."""

    condition: Condition
    rating: int | None
    previous: int | None
    evidence: str = ""
    rated_by: str = ""
    votes: tuple[int, ...] = ()
    """The room's votes on the condition (their values), when it voted."""

    @property
    def change(self) -> int | None:
        """Now minus then, when both are rated."""
        if self.rating is None or self.previous is None:
            return None
        return self.rating - self.previous


@dataclass(frozen=True)
class ReadinessSummary:
    """Readiness on the seven conditions, in numbers."""

    conditions: list[ConditionScore]
    """One per condition, in :class:`Condition` order."""
    mean: float | None
    """Mean of the rated conditions, None when none is rated."""
    previous_mean: float | None
    """Mean of the previous cycle's ratings, None when there are none."""
    weakest: list[Condition] = field(default_factory=list)
    """The conditions to improve first (see the module notes)."""

    @property
    def rated(self) -> int:
        return sum(c.rating is not None for c in self.conditions)

    @property
    def total(self) -> int:
        return len(self.conditions)

    @property
    def has_previous(self) -> bool:
        return any(c.previous is not None for c in self.conditions)


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def readiness_summary(session: Session) -> ReadinessSummary:
    """The readiness of the team: every condition, the means now and then, the weakest."""
    scores: list[ConditionScore] = []
    for condition in Condition:
        entry = session.readiness.get(condition, ConditionReadiness())
        scores.append(
            ConditionScore(
                condition,
                entry.rating,
                entry.previous,
                entry.evidence,
                entry.rated_by,
                tuple(vote.value for vote in entry.votes),
            )
        )
    rated = [s.rating for s in scores if s.rating is not None]
    previous = [s.previous for s in scores if s.previous is not None]
    weakest: list[Condition] = []
    if rated and min(rated) <= WEAK_READINESS:
        lowest = min(rated)
        weakest = [s.condition for s in scores if s.rating == lowest]
    return ReadinessSummary(scores, _mean(rated), _mean(previous), weakest)


IMPROVE_IDEAS: dict[Condition, str] = {
    Condition.COLLABORATIVE_LEADERSHIP: "share the facilitation: name a co-facilitator from "
    "another partner and rotate who chairs",
    Condition.INCLUSIVE_REPRESENTATION: "invite the missing voices and make taking part easy "
    "(time, place, language, paid time)",
    Condition.RELATIONAL_TRUST: "open each meeting with relationship building and agree how "
    "the team handles disagreement",
    Condition.COLLECTIVE_VISION: "draft the shared vision with the whole team, young people "
    "and families included, before the inventory",
    Condition.TEAMWORK_STRUCTURES: "write a team charter: roles, how decisions are made, the "
    "meeting rhythm and the norms",
    Condition.CONTINUOUS_IMPROVEMENT: "set a check-in rhythm and name who brings which data "
    "to each meeting",
    Condition.ADEQUATE_RESOURCES: "list the time, staff and funds each partner can commit, "
    "and where they could be pooled",
}
"""A first move for each condition, for the suggested "improve readiness" action."""

CONDITION_DOMAINS: dict[Condition, Domain] = {
    Condition.COLLABORATIVE_LEADERSHIP: Domain.CAPACITY,
    Condition.INCLUSIVE_REPRESENTATION: Domain.ENGAGEMENT,
    Condition.RELATIONAL_TRUST: Domain.ENGAGEMENT,
    Condition.COLLECTIVE_VISION: Domain.GOALS,
    Condition.TEAMWORK_STRUCTURES: Domain.CAPACITY,
    Condition.CONTINUOUS_IMPROVEMENT: Domain.DATA_USE,
    Condition.ADEQUATE_RESOURCES: Domain.FUNDING_POLICIES,
}
"""The domain an action on each condition works in."""


@dataclass(frozen=True)
class SuggestedAction:
    """An "improve readiness" action the summary suggests for a weak condition."""

    condition: Condition
    rating: int
    title: str
    actions: tuple[str, ...]
    """Actions already working on the condition (their IDs): the suggestion is taken up."""

    @property
    def taken(self) -> bool:
        return bool(self.actions)


def improve_title(condition: Condition) -> str:
    return f"Improve readiness: {condition.label.lower()} — {IMPROVE_IDEAS[condition]}"


def actions_on(session: Session, condition: Condition) -> tuple[str, ...]:
    """The actions that work to improve a condition."""
    return tuple(a.id for a in session.actions if condition in a.conditions)


def suggested_actions(session: Session) -> list[SuggestedAction]:
    """One suggested action per weakest condition, in condition order."""
    summary = readiness_summary(session)
    ratings = {s.condition: s.rating for s in summary.conditions}
    return [
        SuggestedAction(c, ratings[c] or 0, improve_title(c), actions_on(session, c))
        for c in summary.weakest
    ]


def improve_action_values(session: Session, condition: Condition) -> dict[str, object]:
    """A new action's values, prefilled to improve readiness on ``condition`` (for the form)."""
    entry = session.readiness.get(condition, ConditionReadiness())
    rated = readiness_text(entry.rating)
    notes = f"Suggested by the readiness assessment: {condition.label} is rated {rated}."
    if entry.evidence.strip():
        notes += f" Evidence: {entry.evidence.strip()}"
    return {
        "title": improve_title(condition),
        "status": "not_started",
        "priority": (Priority.HIGH if entry.rating == 1 else Priority.MEDIUM).value,
        "domain": CONDITION_DOMAINS[condition].value,
        "conditions": [condition.value],
        "notes": notes,
    }


# ----- meetings -----------------------------------------------------------------------------

FIRST_AGENDA: tuple[tuple[int, str, int], ...] = (
    (0, "Welcome, introductions and norms", 15),
    (0, "Prepare: the team, its roles and voices; the scope; readiness", 30),
    (1, "Step 1: shared vision, goals and theory of change", 30),
    (2, "Step 2: inventory of initiatives — what to gather before next time", 15),
    (3, "Step 3: how the interrelationship analysis will work", 10),
    (4, "Step 4: how actions will be planned and owned", 10),
    (5, "Step 5: how progress will be monitored; next meeting", 10),
)
"""The first meeting's agenda, from the guide's stages: (stage, item, minutes)."""


def first_meeting_agenda() -> list[AgendaItem]:
    """The agenda the first meeting starts with: Prepare, then the five steps."""
    return [
        AgendaItem(title=title, minutes=minutes, step=stage)
        for stage, title, minutes in FIRST_AGENDA
    ]


def agenda_minutes(items: Sequence[AgendaItem]) -> int:
    """The time an agenda plans, in minutes."""
    return sum(item.minutes for item in items)


def clock_minutes(minutes: int) -> str:
    """``1 h 45 min``, ``30 min``."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"
