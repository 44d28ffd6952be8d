"""The interrelationship analysis: findings derived from ratings and relations, and the
coherence summary. Headless and pure (apart from `sync_findings`, which updates the session's
findings in place).

Derived findings carry a key naming what they come from (``unserved_goal:G3``,
``no_goal:I4``, ``weak_vision:I4``, ``redundancy:I2+I5``, ``candidate_overlap:I2+I5``,
``conflict:I3+I7``, ``weak_domain:data_use``, ``unrated``) so that a finding keeps its ID,
its dimension and its dismissal as ratings change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from .models import (
    VISION_KEY,
    Dimension,
    Domain,
    Finding,
    FindingKind,
    FindingOrigin,
    Goal,
    Initiative,
    RelationKind,
    Session,
    next_id,
)

SERVES = 2
"""A rating at or above this means an initiative serves a goal."""
WEAK = 1
"""A vision rating at or below this is a weak fit."""
WEAK_DOMAIN_MEAN = 1.5
"""A domain whose mean is below this is reported as weak (the lowest one always is)."""
POPULATION_SIMILARITY = 0.5
"""Jaccard similarity of significant population words for a possible overlap."""

ADAPTIVE_DOMAINS = {Domain.GOALS, Domain.COMMUNICATION, Domain.ENGAGEMENT}
"""Weak goals, communication and engagement are mostly about mindsets, trust and
relationships (adaptive); weak funding and policies, capacity and data use are mostly about
structures and systems (technical)."""

_STOP = {
    "and", "or", "the", "of", "in", "for", "to", "with", "a", "an", "who", "are", "at", "on",
    "their", "all", "by", "from", "as", "is",
}  # fmt: skip


@dataclass(frozen=True)
class DerivedFinding:
    """A finding as the analysis derives it."""

    key: str
    kind: FindingKind
    summary: str
    dimension: Dimension
    domain: Domain | None = None
    initiatives: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()


def _num(item_id: str) -> int:
    return int(item_id[1:]) if item_id[1:].isdigit() else 0


def _pair(a: str, b: str) -> tuple[str, str]:
    first, second = sorted((a, b), key=_num)
    return first, second


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _goal_name(goal: Goal) -> str:
    return f"{goal.id} “{_short(goal.title)}”"


def _ini_name(ini: Initiative) -> str:
    return f"{ini.id} “{_short(ini.name, 40)}”"


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _STOP)


def _similar_population(a: Initiative, b: Initiative) -> bool:
    if not a.population.strip() or not b.population.strip():
        return False
    if a.population.strip().casefold() == b.population.strip().casefold():
        return True
    wa, wb = _words(a.population), _words(b.population)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= POPULATION_SIMILARITY


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def derive_findings(session: Session) -> list[DerivedFinding]:
    """Every finding the ratings and relations show, in a stable order."""
    found: list[DerivedFinding] = []
    initiatives = session.initiatives
    by_id = {i.id: i for i in initiatives}

    if initiatives:
        for goal in session.goals:
            if not any(i.alignment.get(goal.id, -1) >= SERVES for i in initiatives):
                found.append(
                    DerivedFinding(
                        f"unserved_goal:{goal.id}",
                        FindingKind.UNSERVED_GOAL,
                        f"No initiative works strongly toward goal {_goal_name(goal)}.",
                        Dimension.TECHNICAL,
                        Domain.GOALS,
                        goals=(goal.id,),
                    )
                )

    for ini in initiatives:
        serves = any(ini.alignment.get(g.id, -1) >= SERVES for g in session.goals)
        if not ini.goals and not serves:
            found.append(
                DerivedFinding(
                    f"no_goal:{ini.id}",
                    FindingKind.NO_GOAL,
                    f"{_ini_name(ini)} is not linked to any goal and serves none strongly.",
                    Dimension.ADAPTIVE,
                    Domain.GOALS,
                    initiatives=(ini.id,),
                )
            )
        vision = ini.alignment.get(VISION_KEY)
        if vision is not None and vision <= WEAK:
            word = "works against" if vision == 0 else "fits only weakly with"
            found.append(
                DerivedFinding(
                    f"weak_vision:{ini.id}",
                    FindingKind.WEAK_VISION,
                    f"{_ini_name(ini)} {word} the shared vision (rated {vision}).",
                    Dimension.ADAPTIVE,
                    Domain.GOALS,
                    initiatives=(ini.id,),
                )
            )

    related: set[tuple[str, str]] = set()
    seen: set[str] = set()
    for rel in session.relationships:
        if rel.a not in by_id or rel.b not in by_id or rel.a == rel.b:
            continue
        pair = _pair(rel.a, rel.b)
        related.add(pair)
        a, b = by_id[pair[0]], by_id[pair[1]]
        if rel.kind is RelationKind.OVERLAPS:
            key = f"redundancy:{pair[0]}+{pair[1]}"
            if key not in seen:
                seen.add(key)
                found.append(
                    DerivedFinding(
                        key,
                        FindingKind.REDUNDANCY,
                        f"{_ini_name(a)} and {_ini_name(b)} overlap: the room sees duplication "
                        "to resolve.",
                        Dimension.TECHNICAL,
                        Domain.FUNDING_POLICIES,
                        initiatives=pair,
                    )
                )
        elif rel.kind is RelationKind.CONFLICTS:
            key = f"conflict:{pair[0]}+{pair[1]}"
            if key not in seen:
                seen.add(key)
                found.append(
                    DerivedFinding(
                        key,
                        FindingKind.CONFLICT,
                        f"{_ini_name(a)} and {_ini_name(b)} conflict or compete.",
                        Dimension.ADAPTIVE,
                        Domain.FUNDING_POLICIES,
                        initiatives=pair,
                    )
                )

    by_sector: dict[str, list[Initiative]] = {}
    for ini in initiatives:
        if ini.goals and ini.population.strip():
            by_sector.setdefault(ini.sector.value, []).append(ini)
    for members in by_sector.values():
        for a, b in combinations(members, 2):
            pair = _pair(a.id, b.id)
            if pair in related:
                continue
            shared = [g for g in a.goals if g in b.goals]
            if shared and _similar_population(a, b):
                first, second = by_id[pair[0]], by_id[pair[1]]
                found.append(
                    DerivedFinding(
                        f"candidate_overlap:{pair[0]}+{pair[1]}",
                        FindingKind.CANDIDATE_OVERLAP,
                        f"{_ini_name(first)} and {_ini_name(second)} may overlap: same sector, "
                        f"similar population, shared goal {', '.join(shared)}.",
                        Dimension.TECHNICAL,
                        Domain.FUNDING_POLICIES,
                        initiatives=pair,
                        goals=tuple(shared),
                    )
                )

    summary = coherence_summary(session)
    rated_domains = [d for d in summary.domains if d.mean is not None]
    if rated_domains:
        lowest = min(d.mean for d in rated_domains if d.mean is not None)
        for score in rated_domains:
            assert score.mean is not None
            if score.mean == lowest or score.mean < WEAK_DOMAIN_MEAN:
                domain = score.domain
                found.append(
                    DerivedFinding(
                        f"weak_domain:{domain.value}",
                        FindingKind.WEAK_DOMAIN,
                        f"{domain.label} is a weak domain: mean {score.mean:.1f} over "
                        f"{score.rated} rated initiatives.",
                        Dimension.ADAPTIVE if domain in ADAPTIVE_DOMAINS else Dimension.TECHNICAL,
                        domain,
                    )
                )

    if summary.total and summary.unrated:
        share = round(100 * summary.unrated / summary.total)
        found.append(
            DerivedFinding(
                "unrated",
                FindingKind.UNRATED,
                f"{summary.unrated} of {summary.total} ratings ({share}%) are still unrated.",
                Dimension.TECHNICAL,
            )
        )
    return found


@dataclass
class SyncResult:
    """What :func:`sync_findings` did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.resolved)


def sync_findings(session: Session) -> SyncResult:
    """Bring the session's derived findings in line with the ratings and relations.

    A stored derived finding keeps its ID, dimension, dismissal and note; what the analysis
    says (summary, initiatives, goals, domain) is refreshed. New conditions get new IDs. A
    derived finding whose condition no longer holds is removed, unless an action answers it:
    then it stays, marked resolved. Hand-written findings are never touched.
    """
    result = SyncResult()
    derived = {d.key: d for d in derive_findings(session)}
    referenced = {fid for act in session.actions for fid in act.findings}
    kept: list[Finding] = []
    present: set[str] = set()
    for finding in session.findings:
        if finding.origin is not FindingOrigin.DERIVED:
            kept.append(finding)
            continue
        fresh = derived.get(finding.key)
        if fresh is None or finding.key in present:
            if finding.id in referenced:
                if not finding.resolved:
                    finding.resolved = True
                    result.resolved.append(finding.id)
                kept.append(finding)
            else:
                result.removed.append(finding.id)
            continue
        present.add(finding.key)
        changes = {
            "summary": fresh.summary,
            "kind": fresh.kind,
            "domain": fresh.domain,
            "initiatives": list(fresh.initiatives),
            "goals": list(fresh.goals),
            "resolved": False,
        }
        if any(getattr(finding, name) != value for name, value in changes.items()):
            for name, value in changes.items():
                if getattr(finding, name) != value:
                    setattr(finding, name, value)
            result.updated.append(finding.id)
        kept.append(finding)
    ids = [f.id for f in kept] + result.removed
    for key, fresh in derived.items():
        if key in present:
            continue
        new_id = next_id("F", ids)
        ids.append(new_id)
        kept.append(
            Finding(
                id=new_id,
                kind=fresh.kind,
                summary=fresh.summary,
                origin=FindingOrigin.DERIVED,
                key=key,
                dimension=fresh.dimension,
                domain=fresh.domain,
                initiatives=list(fresh.initiatives),
                goals=list(fresh.goals),
            )
        )
        result.added.append(new_id)
    if result.changed:
        session.findings = kept
    return result


# ----- coherence summary ------------------------------------------------------------------


@dataclass(frozen=True)
class DomainScore:
    domain: Domain
    mean: float | None
    rated: int
    total: int
    counts: dict[int, int]


@dataclass(frozen=True)
class GoalScore:
    goal_id: str
    mean: float | None
    rated: int
    total: int
    serving: int
    """Initiatives rating the goal 2 or 3."""


@dataclass(frozen=True)
class CoherenceSummary:
    domains: list[DomainScore]
    vision: DomainScore | None
    goals: list[GoalScore]
    overall: float | None
    """Mean of every rated domain cell."""
    unrated: int
    """Unrated cells of the whole grid (vision, goals and domains)."""
    total: int
    """Cells of the whole grid."""


def _counts(values: Iterable[int]) -> dict[int, int]:
    counts = dict.fromkeys(range(4), 0)
    for value in values:
        counts[value] += 1
    return counts


def coherence_summary(session: Session) -> CoherenceSummary:
    """Per domain and overall, how aligned the initiatives are."""
    inits = session.initiatives
    n = len(inits)
    domains: list[DomainScore] = []
    all_domain_values: list[int] = []
    for domain in Domain:
        values = [i.domains[domain] for i in inits if domain in i.domains]
        all_domain_values.extend(values)
        domains.append(DomainScore(domain, _mean(values), len(values), n, _counts(values)))
    vision_values = [i.alignment[VISION_KEY] for i in inits if VISION_KEY in i.alignment]
    vision = DomainScore(Domain.GOALS, _mean(vision_values), len(vision_values), n,
                         _counts(vision_values))  # fmt: skip
    goals: list[GoalScore] = []
    goal_rated = 0
    for goal in session.goals:
        values = [i.alignment[goal.id] for i in inits if goal.id in i.alignment]
        goal_rated += len(values)
        goals.append(
            GoalScore(goal.id, _mean(values), len(values), n, sum(v >= SERVES for v in values))
        )
    total = n * (1 + len(session.goals) + len(Domain))
    rated = len(vision_values) + goal_rated + len(all_domain_values)
    return CoherenceSummary(
        domains=domains,
        vision=vision,
        goals=goals,
        overall=_mean(all_domain_values),
        unrated=total - rated,
        total=total,
    )


def row_summary(initiative: Initiative, columns: list[str]) -> tuple[float | None, int]:
    """Mean and number unrated of one grid row, over the given column keys."""
    from .edits import get_rating

    values = [get_rating(initiative, key) for key in columns]
    rated = [v for v in values if v is not None]
    return _mean(rated), len(values) - len(rated)


def column_summary(session: Session, key: str) -> tuple[float | None, int]:
    """Mean and number unrated of one grid column."""
    from .edits import get_rating

    values = [get_rating(i, key) for i in session.initiatives]
    rated = [v for v in values if v is not None]
    return _mean(rated), len(values) - len(rated)
