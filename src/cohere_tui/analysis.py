"""The interrelationship analysis (step 3): findings derived from the ratings and relations,
and the coherence summary of the rating grid.

Headless and pure: nothing here imports Textual or openpyxl, and every function only reads
the session, except :func:`sync_findings`, which reconciles ``session.findings`` (the
document runs it at the end of every edit, so saves and exports never hold stale findings).

Derived findings carry a key naming what they come from, so that a finding keeps its ID,
its technical/adaptive tag, its dismissal and its note while the ratings change. The keys
are a contract (session files store them):

========================  =======================================================  =========
key                       holds when                                               dimension
========================  =======================================================  =========
``unserved_goal:G3``      there is at least one initiative and none rates goal G3  technical
                          2 or more
``no_goal:I4``            the session has goals, I4 is linked to none of them and  adaptive
                          rates none 2 or more
``weak_vision:I4``        I4 is rated 0 or 1 against the vision                    adaptive
``redundancy:I2+I5``      an ``overlaps`` relationship joins I2 and I5             technical
``candidate_overlap:…``   two initiatives with no relationship recorded share a    technical
                          goal, a sector and a similar population
``conflict:I3+I7``        a ``conflicts`` relationship joins I3 and I7             adaptive
``weak_domain:data_use``  the domain has the lowest mean, or a mean below 1.5      by domain
``unrated``               some cell of the rating grid is unrated                  technical
``disagreement:I4:G2``    the votes on one rating (I4 × G2, ``vision`` or a        adaptive
                          domain) span 2 points or more: the room disagrees
========================  =======================================================  =========

Pair keys name the two initiatives in order of their number (``I2+I10``). Where the brief
left the choice open, the rules are:

- *Serving a goal*: rating it 2 (partial) or 3 (strong); a 1 does not serve.
- *No goal* is adaptive: an initiative that serves none of the room's goals is usually kept
  alive by someone's priorities, habits or turf, and the way forward is a conversation about
  purpose and ownership before it is a change of structure. It needs the session to have
  goals (before step 1 is done, every initiative would trivially serve none).
- *Candidate overlap*: the two initiatives are linked to a common goal in the inventory
  (their ``goals`` lists; ratings are not used, since on a fully rated grid nearly every
  pair would share some goal rated 2), are in the same sector, and serve a similar
  population: the Jaccard similarity of the significant words of their ``population`` texts
  (case- and accent-folded, common words such as "and", "the", "with", "all" dropped,
  plurals reduced: "families" = "family") is at least 0.5; identical texts always match.
  Any relationship recorded between them (even "reinforces") means the room has looked at
  the pair, so no candidate is raised. At most 50 are raised at once, the most similar
  first; as the room records how those pairs relate, the next ones appear.
- *Weak domain*: each domain with at least one rated cell has a mean; the domain(s) with
  the lowest mean are reported, and so is any domain with a mean below 1.5. When every rated
  domain has the same mean (including when only one domain is rated) there is no weakest
  one, so only means below 1.5 are reported. Goals, communication and engagement are tagged
  adaptive (shared purpose, trust, relationships); funding and policies, capacity building
  and data use technical (structures, resources, systems).
- *Unrated* counts the whole grid: vision, each goal and the six domains, per initiative.
- *The room disagrees* is a prompt for discussion, not a verdict: the votes on one rating
  (see :mod:`cohere_tui.votes`) span :data:`~cohere_tui.votes.DISAGREEMENT_SPREAD` points or
  more, whatever value the room then agreed. It is adaptive (a difference in how people see
  the work, to be talked through) and sits in the cell's domain (goals for the vision and
  goal columns). One finding per cell, in initiative order, then grid column order.

Relationships that name an initiative no longer in the session, or relate an initiative to
itself, are skipped; so are links and ratings naming goals that no longer exist.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from .models import (
    RATING_LABELS,
    VISION_KEY,
    Dimension,
    Domain,
    Finding,
    FindingKind,
    FindingOrigin,
    Goal,
    Initiative,
    RelationKind,
    Sector,
    Session,
    next_id,
)
from .votes import RATING_SCALE, disagrees, distribution_text, dot_referenced, spread, values_of

SERVES = 2
"""A goal rating at or above this means the initiative serves the goal."""
WEAK_VISION = 1
"""A vision rating at or below this is a weak fit with the vision."""
WEAK_DOMAIN_MEAN = 1.5
"""A domain whose mean is below this is reported as weak (the lowest one always is)."""
POPULATION_SIMILARITY = 0.5
"""Jaccard similarity of significant population words from which two populations are similar."""
MAX_CANDIDATE_OVERLAPS = 50
"""At most this many possible overlaps are raised at once (the most similar first); as the
room records how those pairs relate, the next ones appear."""

ADAPTIVE_DOMAINS = frozenset({Domain.GOALS, Domain.COMMUNICATION, Domain.ENGAGEMENT})
"""Weak goals, communication and engagement are mostly about shared purpose, trust and
relationships (adaptive); weak funding and policies, capacity and data use mostly about
structures, resources and systems (technical)."""

_DOMAIN_KEYS = {d.value: d for d in Domain}

_STOP = frozenset({
    "a", "all", "an", "and", "any", "are", "as", "at", "be", "been", "by", "each", "for", "from",
    "has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "our", "per", "that", "the",
    "their", "them", "these", "they", "this", "those", "to", "who", "whom", "whose", "with",
    "within",
})  # fmt: skip


# ----- derived findings -------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedFinding:
    """A finding as the analysis derives it from the ratings and relations."""

    key: str
    """What it was derived from, e.g. ``unserved_goal:G3``; stable while the condition holds."""
    kind: FindingKind
    summary: str
    """One sentence, written for the room."""
    dimension: Dimension
    """The default tag; the room may change it on the stored finding."""
    domain: Domain | None = None
    initiatives: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()


def _num(item_id: str) -> int:
    return int(item_id[1:]) if item_id[1:].isdigit() else 0


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if (_num(a), a) <= (_num(b), b) else (b, a)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _goal_name(goal: Goal) -> str:
    return f"{goal.id} “{_short(goal.title, 48)}”"


def _ini_name(ini: Initiative) -> str:
    return f"{ini.id} “{_short(ini.name, 40)}”"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _fmt_mean(mean: float) -> str:
    """One decimal, or two where one would round a weak mean up to the threshold."""
    shown = f"{mean:.1f}"
    if mean < WEAK_DOMAIN_MEAN <= float(shown):
        shown = f"{math.floor(mean * 100) / 100:.2f}"
    return shown


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def population_words(text: str) -> frozenset[str]:
    """The significant words of a population text, folded and reduced for comparison.

    When every word is a common one (e.g. "All"), the words themselves are used.
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", folded)
    significant = frozenset(_stem(w) for w in words if w not in _STOP)
    return significant or frozenset(words)


def similar_populations(a: str, b: str) -> bool:
    """Whether two population texts describe a similar population (see the module notes)."""
    if not a.strip() or not b.strip():
        return False
    if " ".join(a.casefold().split()) == " ".join(b.casefold().split()):
        return True
    wa, wb = population_words(a), population_words(b)
    return _jaccard(wa, wb) >= POPULATION_SIMILARITY


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def _served_goals(ini: Initiative, goal_ids: Sequence[str]) -> set[str]:
    """Goals the initiative is linked to or rates 2 or more (existing goals only)."""
    alignment = ini.alignment
    linked = set(ini.goals)
    return {g for g in goal_ids if g in linked or alignment.get(g, -1) >= SERVES}


def _candidate_pairs(
    initiatives: Sequence[Initiative],
    goal_ids: Sequence[str],
    related: set[tuple[str, str]],
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Pairs (first, second, shared goals) of possible overlaps, in order of their IDs.

    Initiatives are bucketed by sector; within a sector, only pairs that share one of the
    rarest words of their populations are compared (prefix filtering: two word sets with a
    Jaccard similarity of at least t share a word among the first ``n - ceil(t·n) + 1`` of
    each, taken in one global order, rarest first), and identical population texts are
    grouped directly. Text work is done once per initiative, never per pair. At most
    :data:`MAX_CANDIDATE_OVERLAPS` pairs are returned: the most similar populations first,
    then the most shared goals, then the lowest IDs.
    """
    known = set(goal_ids)
    linked: dict[str, frozenset[str]] = {}
    words: dict[str, frozenset[str]] = {}
    texts: dict[str, str] = {}
    by_sector: dict[Sector, list[Initiative]] = {}
    for ini in initiatives:
        goals = frozenset(g for g in ini.goals if g in known)
        if not goals or not ini.population.strip():
            continue
        linked[ini.id] = goals
        words[ini.id] = population_words(ini.population)
        texts[ini.id] = " ".join(ini.population.casefold().split())
        by_sector.setdefault(ini.sector, []).append(ini)

    frequency: Counter[str] = Counter()
    for ws in words.values():
        frequency.update(ws)

    # (-similarity, -shared goals, first, second) for each pair that qualifies
    found: list[tuple[float, int, int, int, str, str]] = []
    for members in by_sector.values():
        if len(members) < 2:
            continue
        ids = sorted((ini.id for ini in members), key=lambda i: (_num(i), i))
        by_text: dict[str, list[int]] = {}
        index: dict[str, list[int]] = {}
        for j, second in enumerate(ids):
            candidates: set[int] = set()
            same = by_text.setdefault(texts[second], [])
            candidates.update(same)
            same.append(j)
            ordered = sorted(words[second], key=lambda w: (frequency[w], w))
            prefix = len(ordered) - math.ceil(POPULATION_SIMILARITY * len(ordered)) + 1
            for word in ordered[:prefix]:
                bucket = index.setdefault(word, [])
                candidates.update(bucket)
                bucket.append(j)
            for i in candidates:
                first = ids[i]
                if (first, second) in related or not linked[first] & linked[second]:
                    continue
                similarity = (
                    1.0 if texts[first] == texts[second] else _jaccard(words[first], words[second])
                )
                if similarity >= POPULATION_SIMILARITY:
                    shared = len(linked[first] & linked[second])
                    found.append((-similarity, -shared, _num(first), _num(second), first, second))
    found.sort()
    kept = sorted(found[:MAX_CANDIDATE_OVERLAPS], key=lambda f: (f[2], f[4], f[3], f[5]))
    order = {g: n for n, g in enumerate(goal_ids)}
    return [
        (first, second, tuple(sorted(linked[first] & linked[second], key=order.__getitem__)))
        for *_, first, second in kept
    ]


def _goal_list(goals: Sequence[Goal]) -> str:
    names = [_goal_name(g) for g in goals[:2]]
    if len(goals) > 2:
        names.append(f"{len(goals) - 2} more")
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sector_phrase(ini: Initiative) -> str:
    if ini.sector is Sector.OTHER:
        return "are in the same sector"
    return f"work in {ini.sector.label.lower()}"


def derive_findings(session: Session) -> list[DerivedFinding]:
    """Every finding the ratings and relations show, in a stable order.

    Order: unserved goals (goal order); per initiative, no goal then weak vision; redundancies
    and conflicts (relationship order); candidate overlaps (by IDs); weak domains (domain
    order); disagreements (initiative, then column order); unrated.
    """
    found: list[DerivedFinding] = []
    initiatives: list[Initiative] = []
    by_id: dict[str, Initiative] = {}
    for ini in session.initiatives:
        if ini.id not in by_id:  # a duplicated ID (an invalid file) counts once
            by_id[ini.id] = ini
            initiatives.append(ini)
    goal_by_id: dict[str, Goal] = {}
    for goal in session.goals:
        goal_by_id.setdefault(goal.id, goal)
    goals = list(goal_by_id.values())
    goal_ids = list(goal_by_id)
    served = {ini.id: _served_goals(ini, goal_ids) for ini in initiatives}

    if initiatives:
        for goal in goals:
            if not any(ini.alignment.get(goal.id, -1) >= SERVES for ini in initiatives):
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
        if goals and not served[ini.id]:
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
        if vision is not None and vision <= WEAK_VISION:
            verb = "works against" if vision == 0 else "fits only weakly with"
            found.append(
                DerivedFinding(
                    f"weak_vision:{ini.id}",
                    FindingKind.WEAK_VISION,
                    f"{_ini_name(ini)} {verb} the shared vision (rated {vision}).",
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

    for first_id, second_id, shared in _candidate_pairs(initiatives, goal_ids, related):
        first, second = by_id[first_id], by_id[second_id]
        found.append(
            DerivedFinding(
                f"candidate_overlap:{first_id}+{second_id}",
                FindingKind.CANDIDATE_OVERLAP,
                f"{_ini_name(first)} and {_ini_name(second)} may duplicate each other: both "
                f"{_sector_phrase(first)}, serve a similar population and work toward "
                f"{_goal_list([goal_by_id[g] for g in shared])}.",
                Dimension.TECHNICAL,
                Domain.FUNDING_POLICIES,
                initiatives=(first_id, second_id),
                goals=shared,
            )
        )

    summary = coherence_summary(session)
    means = [s.mean for s in summary.domains if s.mean is not None]
    lowest = min(means) if means and min(means) < max(means) else None
    for score in summary.domains:
        mean = score.mean
        if mean is None or not (mean == lowest or mean < WEAK_DOMAIN_MEAN):
            continue
        domain = score.domain
        what = "a weak domain" if mean < WEAK_DOMAIN_MEAN else "the weakest domain"
        found.append(
            DerivedFinding(
                f"weak_domain:{domain.value}",
                FindingKind.WEAK_DOMAIN,
                f"{domain.label} is {what}: mean {_fmt_mean(mean)} over "
                f"{_plural(score.rated, 'rated initiative')}.",
                Dimension.ADAPTIVE if domain in ADAPTIVE_DOMAINS else Dimension.TECHNICAL,
                domain,
            )
        )

    found.extend(_disagreements(initiatives, goal_by_id))

    if summary.unrated:
        found.append(
            DerivedFinding(
                "unrated",
                FindingKind.UNRATED,
                _unrated_sentence(summary.unrated, summary.total),
                Dimension.TECHNICAL,
            )
        )
    return found


def _disagreements(
    initiatives: Sequence[Initiative], goal_by_id: dict[str, Goal]
) -> list[DerivedFinding]:
    """One finding per rating whose votes span two points or more."""
    columns = [VISION_KEY, *goal_by_id, *_DOMAIN_KEYS]
    found: list[DerivedFinding] = []
    for ini in initiatives:
        if not ini.votes:
            continue
        for key in columns:
            values = values_of(ini.votes.get(key, ()))
            if not disagrees(values):
                continue
            domain = _DOMAIN_KEYS.get(key)
            goal = goal_by_id.get(key)
            if domain is not None:
                what = f"fares in {domain.label.lower()}"
            elif goal is not None:
                what = f"aligns with goal {_goal_name(goal)}"
            else:
                what = "aligns with the vision"
            found.append(
                DerivedFinding(
                    f"disagreement:{ini.id}:{key}",
                    FindingKind.DISAGREEMENT,
                    f"The room disagrees on how {_ini_name(ini)} {what}: votes "
                    f"{distribution_text(values, RATING_SCALE)} (spread {spread(values)}).",
                    Dimension.ADAPTIVE,
                    domain or Domain.GOALS,
                    initiatives=(ini.id,),
                    goals=(goal.id,) if goal is not None else (),
                )
            )
    return found


def _unrated_sentence(unrated: int, total: int) -> str:
    if unrated == total:
        return (
            "The one rating of the grid is still unrated."
            if total == 1
            else f"All {total} ratings of the grid are still unrated."
        )
    share = 100 * unrated / total
    if share < 1:
        pct = "under 1%"
    elif share > 99:
        pct = "over 99%"
    else:
        pct = f"{round(share)}%"
    verb = "is" if unrated == 1 else "are"
    return f"{unrated} of {total} ratings ({pct}) {verb} still unrated."


# ----- reconciling stored findings --------------------------------------------------------


@dataclass
class SyncResult:
    """What :func:`sync_findings` did, by finding ID, each list in the findings' order."""

    added: list[str] = field(default_factory=list)
    """New derived findings (appended at the end)."""
    updated: list[str] = field(default_factory=list)
    """Findings whose condition holds and whose text, links or resolved flag changed."""
    removed: list[str] = field(default_factory=list)
    """Findings whose condition no longer holds and that nothing kept."""
    resolved: list[str] = field(default_factory=list)
    """Findings whose condition no longer holds, kept (marked resolved) because an action
    refers to them, a dot-vote round has them on its ballot, or the room dismissed them or
    wrote a note on them."""

    @property
    def changed(self) -> bool:
        """Whether the session's findings changed at all (the session is then dirty)."""
        return bool(self.added or self.updated or self.removed or self.resolved)


def _keeps_when_vanished(finding: Finding, referenced: set[str]) -> bool:
    return finding.id in referenced or finding.dismissed or bool(finding.note.strip())


def sync_findings(session: Session, touch: Callable[[BaseModel], None] | None = None) -> SyncResult:
    """Bring the session's derived findings in line with the ratings and relations.

    - A stored derived finding whose key still holds keeps its ID, dismissal, dimension and
      note; what the analysis says (kind, summary, domain, initiatives, goals) is refreshed
      and ``resolved`` is cleared.
    - A key that holds and is not stored becomes a new finding with the next free ``F`` ID,
      appended at the end, in :func:`derive_findings` order.
    - A stored derived finding whose key no longer holds is kept, marked resolved, when an
      action refers to it, a dot-vote round has it on its ballot, or the room has dismissed
      it or written a note on it (so nothing
      the room produced is lost, and it keeps its ID and dismissal if the condition comes
      back); otherwise it is removed. A second stored finding with the same key is treated
      like one whose key no longer holds.
    - Manual findings are never touched.

    ``touch`` (an edit's :meth:`~cohere_tui.edits.Transaction.touch`) is told of every
    object before it changes, the session before its list of findings is replaced. Calling
    this twice in a row reports no change the second time.
    """
    touch = touch or _no_touch
    result = SyncResult()
    derived = {d.key: d for d in derive_findings(session)}
    referenced = {fid for act in session.actions for fid in act.findings}
    referenced |= dot_referenced(session)
    kept: list[Finding] = []
    present: set[str] = set()
    for finding in session.findings:
        if finding.origin is not FindingOrigin.DERIVED:
            kept.append(finding)
            continue
        fresh = derived.get(finding.key)
        if fresh is None or finding.key in present:
            if _keeps_when_vanished(finding, referenced):
                if not finding.resolved:
                    touch(finding)
                    finding.resolved = True
                    result.resolved.append(finding.id)
                kept.append(finding)
            else:
                result.removed.append(finding.id)
            continue
        present.add(finding.key)
        changes = {
            "kind": fresh.kind,
            "summary": fresh.summary,
            "domain": fresh.domain,
            "initiatives": list(fresh.initiatives),
            "goals": list(fresh.goals),
            "resolved": False,
        }
        changed = False
        for name, value in changes.items():
            if getattr(finding, name) != value:
                touch(finding)
                setattr(finding, name, value)
                changed = True
        if changed:
            result.updated.append(finding.id)
        kept.append(finding)

    # next_id once (the highest ID ever in the list, removed ones included), then count on
    number = _num(next_id("F", [f.id for f in session.findings]))
    for key, fresh in derived.items():
        if key in present:
            continue
        new_id = f"F{number}"
        number += 1
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
    if result.added or result.removed:
        touch(session)
        session.findings = kept
    return result


def _no_touch(obj: BaseModel) -> None:
    """Outside an edit nothing needs to be told."""


# ----- coherence summary ------------------------------------------------------------------


@dataclass(frozen=True)
class DomainScore:
    """How the initiatives fare in one domain."""

    domain: Domain
    mean: float | None
    """Mean of the rated cells, None when none is rated."""
    rated: int
    """Initiatives rated in this domain."""
    total: int
    """Initiatives."""
    counts: dict[int, int]
    """How many cells are rated 0, 1, 2 and 3 (every key present)."""

    @property
    def unrated(self) -> int:
        return self.total - self.rated


@dataclass(frozen=True)
class GoalScore:
    """How the initiatives align with one goal (or, for ``summary.vision``, the vision)."""

    goal_id: str
    """The goal's ID, or ``"vision"``."""
    mean: float | None
    rated: int
    total: int
    serving: int
    """Initiatives rating it 2 or 3."""
    counts: dict[int, int]
    """How many cells are rated 0, 1, 2 and 3 (every key present)."""

    @property
    def unrated(self) -> int:
        return self.total - self.rated


@dataclass(frozen=True)
class CoherenceSummary:
    """The rating grid in numbers."""

    domains: list[DomainScore]
    """One per domain, in :class:`Domain` order."""
    vision: GoalScore
    """The ratings against the vision (``goal_id == "vision"``)."""
    goals: list[GoalScore]
    """One per goal, in the session's order."""
    overall: float | None
    """Mean of every rated domain cell, None when none is rated."""
    unrated: int
    """Unrated cells of the whole grid (vision, goals and domains)."""
    total: int
    """Cells of the whole grid: initiatives × (1 + goals + 6)."""

    @property
    def rated(self) -> int:
        return self.total - self.unrated


def _counts(values: Iterable[int]) -> dict[int, int]:
    counts = dict.fromkeys(range(4), 0)
    for value in values:
        counts[value] += 1
    return counts


def _alignment_score(key: str, initiatives: Sequence[Initiative]) -> GoalScore:
    values = [ini.alignment[key] for ini in initiatives if key in ini.alignment]
    return GoalScore(
        key,
        _mean(values),
        len(values),
        len(initiatives),
        sum(v >= SERVES for v in values),
        _counts(values),
    )


def coherence_summary(session: Session) -> CoherenceSummary:
    """Per domain, for the vision and each goal, and overall: how aligned the initiatives are."""
    inits = session.initiatives
    n = len(inits)
    domains: list[DomainScore] = []
    all_domain_values: list[int] = []
    for domain in Domain:
        values = [ini.domains[domain] for ini in inits if domain in ini.domains]
        all_domain_values.extend(values)
        domains.append(DomainScore(domain, _mean(values), len(values), n, _counts(values)))
    vision = _alignment_score(VISION_KEY, inits)
    goals = [_alignment_score(goal.id, inits) for goal in session.goals]
    total = n * (1 + len(session.goals) + len(Domain))
    rated = vision.rated + sum(g.rated for g in goals) + len(all_domain_values)
    return CoherenceSummary(
        domains=domains,
        vision=vision,
        goals=goals,
        overall=_mean(all_domain_values),
        unrated=total - rated,
        total=total,
    )


# ----- rows and columns of the rating grid ------------------------------------------------


def _rating(initiative: Initiative, key: str) -> int | None:
    domain = _DOMAIN_KEYS.get(key)
    if domain is not None:
        return initiative.domains.get(domain)
    return initiative.alignment.get(key)


def row_summary(initiative: Initiative, columns: Iterable[str]) -> tuple[float | None, int]:
    """Mean of the rated cells and number of unrated cells of one grid row.

    ``columns`` are grid column keys: ``"vision"``, goal IDs or domain values (``"data_use"``).
    """
    rated: list[int] = []
    unrated = 0
    for key in columns:
        value = _rating(initiative, key)
        if value is None:
            unrated += 1
        else:
            rated.append(value)
    return _mean(rated), unrated


def column_summary(session: Session, column_key: str) -> tuple[float | None, int]:
    """Mean of the rated cells and number of unrated cells of one grid column.

    ``column_key`` is ``"vision"``, a goal ID or a domain value (``"data_use"``).
    """
    values = [_rating(ini, column_key) for ini in session.initiatives]
    rated = [v for v in values if v is not None]
    return _mean(rated), len(values) - len(rated)


def rating_word(mean: float | None) -> str:
    """The scale's word for a mean rating (or 'unrated'): the app and the workbook both use it."""
    if mean is None:
        return "unrated"
    if mean < 0.75:
        return RATING_LABELS[0]
    if mean < 1.5:
        return RATING_LABELS[1]
    if mean < 2.25:
        return RATING_LABELS[2]
    return RATING_LABELS[3]
