"""The interrelationship analysis (step 3): findings derived from the ratings and relations,
and the coherence summary of the rating grid.

Headless and pure: nothing here imports Textual or openpyxl, and every function only reads
the session, except :func:`sync_findings`, which reconciles ``session.findings`` (the
document runs it at the end of every edit, so saves and exports never hold stale findings).

Derived findings carry a key naming what they come from, so that a finding keeps its ID,
its technical/adaptive tag, its dismissal and its note while the ratings change. The keys
are a contract (session files store them):

============================  ====================================================  =========
key                           holds when                                            dimension
============================  ====================================================  =========
``unserved_goal:G3``          there is at least one initiative and none rates       technical
                              goal G3 2 or more
``no_goal:I4``                the session has goals, I4 is linked to none of        adaptive
                              them and rates none 2 or more (a stop candidate)
``weak_vision:I4``            I4 is rated 0 or 1 against the vision                 adaptive
``redundancy:I2+I5``          an ``overlaps`` relationship joins I2 and I5          technical
``candidate_overlap:…``       two initiatives with no relationship recorded         technical
                              share a goal, a sector and a similar population
``conflict:I3+I7``            a ``conflicts`` relationship joins I3 and I7          adaptive
``weak_domain:data_use``      the domain has the lowest mean, or a mean below       by domain
                              1.5
``unrated``                   some cell of the rating grid is unrated               technical
``disagreement:I4:G2``        the votes on one rating (I4 × G2, ``vision`` or a     adaptive
                              domain) span 2 points or more: the room disagrees
``sustainability_risk:I2``    I2 is not ending and more than half of its            technical
                              funding ends within 12 months of the meeting date
``unfunded:I4``               the session has funding streams and I4 is active      technical
                              with none
``no_outcome_measure:I4``     some initiative records outcomes or data, and I4      technical
                              records neither (review it, or stop it)
``unserved_population:N3``    a goal names population N3 and no initiative          adaptive
                              lists it
``braiding_candidate:N1``     two initiatives serve N1 from two different           technical
                              streams that may serve N1 and share an allowable use
``combine_candidate:I2+I5``   I2 and I5 list a common population and seek the       technical
                              same outcomes
``few_sectors``               horizontal alignment, the team described, and fewer   adaptive
                              than two sectors at the table
``missing_voice:families``    the team described and no one brings the voice of     adaptive
                              families (``missing_voice:young_people``: young
                              people)
``readiness_disagreement:…``  the votes on one readiness condition (e.g.            adaptive
                              ``readiness_disagreement:relational_trust``) span 2
                              points or more: the room disagrees on it
============================  ====================================================  =========

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
- *Prepare* findings (``few_sectors``, ``missing_voice:…``) follow the team's coverage
  (:func:`cohere_tui.prepare.coverage`, whose notes give the rules); they wait until the
  room has begun to describe its team (a team role or a voice given), and are tagged
  adaptive (who is at the table is a matter of relationships and power) in the domain of
  interest holder engagement.
- *The room disagrees on readiness* is the same prompt on a readiness condition of Prepare:
  its votes (1–4) span two points or more. It needs no described team (the votes are
  there), is adaptive, and sits in the domain an action on the condition works in
  (:data:`cohere_tui.prepare.CONDITION_DOMAINS`). One finding per condition, in condition
  order.

- *Sustainability risk* ("most of an initiative's funding ends within 12 months"): the
  window ends one year after the session's meeting date, or after the day the session was
  created while it has no meeting date (never today's date: findings are a function of the
  session alone), and a stream counts as ending when
  its end date is on or before that day (one that has already ended counts too). The share
  is weighed by money a year when every one of the initiative's streams has a known amount
  (see :mod:`cohere_tui.portfolio` for how a stream's amount is split between the
  initiatives it funds), otherwise by the number of streams; "most" is more than half.
  Initiatives marked *ending* are left out: their end is already known.
- *Unfunded* needs the session to have at least one funding stream (before the room
  records any, every initiative would trivially be unfunded) and looks at *active*
  initiatives only (a planned one may not be funded yet).
- *No outcome measure* (the "work smarter" rule "no outcome measure → review or stop"):
  the initiative records neither outcomes sought nor data collected (both blank). It needs
  some initiative of the session to record one or the other (before the room fills those
  fields, every initiative would trivially have none).
- *Unserved population*: a population that at least one goal names, and that no
  initiative of the inventory lists among the populations it serves (any status).
  Adaptive: who gets served is a question of priorities and power before it is one of
  structures.
- *Braiding candidate* (one per population): two different initiatives that both serve
  the population, each funded by a different stream, the two streams free to serve it (a
  stream that lists populations must list this one) and sharing at least one allowable
  use. Uses are compared as words with case, accents, spacing and plurals folded
  ("Home visits" = "home visit").
- *Combine candidate* (the rule "same outcomes and same population → combine"): two
  initiatives that list a common population and whose ``outcomes`` texts are the same:
  identical, or a Jaccard similarity of their significant words (folded as populations
  are) of at least 0.5. At most 50 are raised at once, the most similar first.
- *Stop candidate* (the rule "not tied to any goal → stop"): that is ``no_goal`` above; no
  second finding is raised for it, but :func:`suggest_decision` suggests sunset for it.

Relationships that name an initiative no longer in the session, or relate an initiative to
itself, are skipped; so are links and ratings naming goals that no longer exist, and links
naming streams or populations that no longer exist.

The decision on each initiative (keep, scale up, combine, redesign, sunset) is the room's;
:func:`suggest_decision` says what the open findings suggest, and the findings a decision
answers are kept (marked resolved) when their condition goes, like those an action answers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel

from .models import (
    RATING_LABELS,
    VISION_KEY,
    Condition,
    DecisionChoice,
    Dimension,
    Domain,
    Finding,
    FindingKind,
    FindingOrigin,
    FundingStream,
    Goal,
    Initiative,
    InitiativeStatus,
    Population,
    RelationKind,
    Sector,
    Session,
    next_id,
)
from .portfolio import ending_share, funding, funding_horizon, money
from .prepare import (
    CONDITION_DOMAINS,
    coverage,
    few_sectors_sentence,
    missing_voice_sentence,
    readiness_disagreement_sentence,
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


@lru_cache(maxsize=8192)
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
    found.extend(portfolio_findings(session, initiatives, goal_by_id))

    if summary.unrated:
        found.append(
            DerivedFinding(
                "unrated",
                FindingKind.UNRATED,
                _unrated_sentence(summary.unrated, summary.total),
                Dimension.TECHNICAL,
            )
        )
    found.extend(prepare_findings(session))
    return found


def prepare_findings(session: Session) -> list[DerivedFinding]:
    """The findings of Prepare: too few sectors at the table for horizontal alignment, each
    essential voice (young people, families) nobody on the team brings, and each readiness
    condition the room disagrees on."""
    return [*_coverage_findings(session), *_readiness_disagreements(session)]


def _readiness_disagreements(session: Session) -> list[DerivedFinding]:
    """One finding per readiness condition whose votes span two points or more."""
    found: list[DerivedFinding] = []
    for condition in Condition:
        entry = session.readiness.get(condition)
        values = values_of(entry.votes) if entry is not None else []
        if disagrees(values):
            found.append(
                DerivedFinding(
                    f"readiness_disagreement:{condition.value}",
                    FindingKind.READINESS_DISAGREEMENT,
                    readiness_disagreement_sentence(condition, values),
                    Dimension.ADAPTIVE,
                    CONDITION_DOMAINS[condition],
                )
            )
    return found


def _coverage_findings(session: Session) -> list[DerivedFinding]:
    cov = coverage(session)
    if not cov.described:
        return []
    found: list[DerivedFinding] = []
    if cov.too_few_sectors:
        found.append(
            DerivedFinding(
                "few_sectors",
                FindingKind.FEW_SECTORS,
                few_sectors_sentence(cov),
                Dimension.ADAPTIVE,
                Domain.ENGAGEMENT,
            )
        )
    for voice in cov.essential_missing:
        found.append(
            DerivedFinding(
                f"missing_voice:{voice.value}",
                FindingKind.MISSING_VOICE,
                missing_voice_sentence(voice),
                Dimension.ADAPTIVE,
                Domain.ENGAGEMENT,
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


# ----- funding, populations and the "work smarter" rules ----------------------------------

MOST = 0.5
"""An initiative whose share of funding ending within a year is above this is at risk."""
OUTCOME_SIMILARITY = 0.5
"""Jaccard similarity of significant outcome words from which two outcomes are the same."""
MAX_COMBINE_CANDIDATES = 50
"""At most this many candidates to combine are raised at once (the most similar first)."""


def _stream_name(stream: FundingStream) -> str:
    return f"{stream.id} “{_short(stream.name, 32)}”"


def _population_name(population: Population) -> str:
    return f"{population.id} “{_short(population.name, 40)}”"


def _names(names: Sequence[str], limit: int = 2) -> str:
    shown = list(names[:limit])
    if len(names) > limit:
        shown.append(f"{len(names) - limit} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


@lru_cache(maxsize=8192)
def use_key(text: str) -> str:
    """An allowable use as uses are compared: case, accents, spacing and plurals folded."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_stem(w) for w in re.findall(r"[^\W_]+", folded))


def _percent(share: float) -> str:
    shown = math.floor(share * 100)
    return "over 50%" if shown <= 50 else f"{shown}%"


def _sustainability(session: Session, initiatives: Sequence[Initiative]) -> list[DerivedFinding]:
    horizon = funding_horizon(session)
    if not session.streams:
        return []
    parts_of = funding(session)
    found = []
    for ini in initiatives:
        if ini.status is InitiativeStatus.ENDING:
            continue
        ending = ending_share(parts_of.of(ini.id), horizon)
        if ending is None or ending.share <= MOST:
            continue
        parts = sorted(ending.ending, key=lambda p: (p.stream.end, _num(p.stream.id)))
        streams = _names([f"{_stream_name(p.stream)} ends {p.stream.end}" for p in parts])
        if ending.by_amount:
            how = f"{_percent(ending.share)} of {money(ending.total)} a year"
        else:
            n = len(parts_of.of(ini.id))
            how = f"{len(parts)} of its {n} streams"
        found.append(
            DerivedFinding(
                f"sustainability_risk:{ini.id}",
                FindingKind.SUSTAINABILITY_RISK,
                f"Most of the funding of {_ini_name(ini)} ends within a year of the meeting "
                f"({how}): {streams}.",
                Dimension.TECHNICAL,
                Domain.FUNDING_POLICIES,
                initiatives=(ini.id,),
            )
        )
    return found


def _unfunded(session: Session, initiatives: Sequence[Initiative]) -> list[DerivedFinding]:
    if not session.streams:
        return []
    known = {st.id for st in session.streams}
    return [
        DerivedFinding(
            f"unfunded:{ini.id}",
            FindingKind.UNFUNDED,
            f"{_ini_name(ini)} is active, but no funding stream is recorded for it.",
            Dimension.TECHNICAL,
            Domain.FUNDING_POLICIES,
            initiatives=(ini.id,),
        )
        for ini in initiatives
        if ini.status is InitiativeStatus.ACTIVE and not any(k.stream in known for k in ini.streams)
    ]


def _no_outcome_measure(initiatives: Sequence[Initiative]) -> list[DerivedFinding]:
    def measured(ini: Initiative) -> bool:
        return bool(ini.outcomes.strip() or ini.data_collected.strip())

    if not any(measured(ini) for ini in initiatives):
        return []
    return [
        DerivedFinding(
            f"no_outcome_measure:{ini.id}",
            FindingKind.NO_OUTCOME_MEASURE,
            f"{_ini_name(ini)} has no outcome measure: no outcomes sought and no data "
            "collected are recorded. Review it, or stop it.",
            Dimension.TECHNICAL,
            Domain.DATA_USE,
            initiatives=(ini.id,),
        )
        for ini in initiatives
        if not measured(ini)
    ]


def _unserved_populations(
    session: Session, initiatives: Sequence[Initiative], goal_by_id: dict[str, Goal]
) -> list[DerivedFinding]:
    served = {pid for ini in initiatives for pid in ini.populations}
    found = []
    for pop in session.populations:
        if pop.id in served:
            continue
        goals = [g for g in goal_by_id.values() if pop.id in g.populations]
        if not goals:
            continue
        verb = "is" if len(goals) == 1 else "are"
        found.append(
            DerivedFinding(
                f"unserved_population:{pop.id}",
                FindingKind.UNSERVED_POPULATION,
                f"No initiative serves {_population_name(pop)}, though {_goal_list(goals)} "
                f"{verb} about them.",
                Dimension.ADAPTIVE,
                Domain.GOALS,
                goals=tuple(g.id for g in goals),
            )
        )
    return found


def _braiding(session: Session, initiatives: Sequence[Initiative]) -> list[DerivedFinding]:
    if len(session.streams) < 2:
        return []
    streams = {st.id: st for st in session.streams}
    uses = {st.id: frozenset(k for k in map(use_key, st.uses) if k) for st in session.streams}
    written = {st.id: {use_key(u): u.strip() for u in reversed(st.uses)} for st in session.streams}
    serving: dict[str, list[Initiative]] = {}
    for ini in initiatives:
        for pid in dict.fromkeys(ini.populations):
            serving.setdefault(pid, []).append(ini)
    found = []
    for pop in session.populations:
        members = serving.get(pop.id, [])
        if len(members) < 2:
            continue
        # use → (initiative, stream) entries, the stream free to serve this population
        by_use: dict[str, list[tuple[Initiative, str]]] = {}
        for ini in members:
            for sid in dict.fromkeys(k.stream for k in ini.streams):
                stream = streams.get(sid)
                if stream is None or (stream.populations and pop.id not in stream.populations):
                    continue
                for use in uses[sid]:
                    by_use.setdefault(use, []).append((ini, sid))
        involved: dict[str, Initiative] = {}
        used: set[str] = set()
        shared: list[str] = []
        for use in sorted(by_use):
            entries = by_use[use]
            pairs = [
                (a, sa, b, sb)
                for n, (a, sa) in enumerate(entries)
                for b, sb in entries[n + 1 :]
                if a.id != b.id and sa != sb
            ]
            if not pairs:
                continue
            shared.append(use)
            for a, sa, b, sb in pairs:
                involved[a.id], involved[b.id] = a, b
                used.update((sa, sb))
        if not involved:
            continue
        ids = sorted(involved, key=lambda i: (_num(i), i))
        stream_ids = sorted(used, key=lambda i: (_num(i), i))
        use_words = written[stream_ids[0]].get(shared[0]) or shared[0]
        found.append(
            DerivedFinding(
                f"braiding_candidate:{pop.id}",
                FindingKind.BRAIDING_CANDIDATE,
                f"{_names([_ini_name(involved[i]) for i in ids], 3)} serve "
                f"{_population_name(pop)} from separate streams whose allowable uses overlap "
                f"({_names([_stream_name(streams[s]) for s in stream_ids], 3)}: "
                f"{_short(use_words, 40)}): a candidate to braid funding.",
                Dimension.TECHNICAL,
                Domain.FUNDING_POLICIES,
                initiatives=tuple(ids),
            )
        )
    return found


def _combine_candidates(
    session: Session, initiatives: Sequence[Initiative]
) -> list[DerivedFinding]:
    known = {n.id: n for n in session.populations}
    words: dict[str, frozenset[str]] = {}
    texts: dict[str, str] = {}
    serving: dict[str, list[Initiative]] = {}
    for ini in initiatives:
        if not ini.outcomes.strip():
            continue
        pops = [p for p in dict.fromkeys(ini.populations) if p in known]
        if not pops:
            continue
        words[ini.id] = population_words(ini.outcomes)
        texts[ini.id] = " ".join(ini.outcomes.casefold().split())
        for pid in pops:
            serving.setdefault(pid, []).append(ini)
    # members are in inventory order; pairs are compared once, each text pair once
    rank = {ini.id: (_num(ini.id), ini.id) for ini in initiatives}
    similar: dict[tuple[str, str], float] = {}
    pairs: dict[tuple[str, str], float] = {}
    for pid in known:
        members = serving.get(pid, [])
        for n, a in enumerate(members):
            ta = texts[a.id]
            for b in members[n + 1 :]:
                pair = (a.id, b.id) if rank[a.id] <= rank[b.id] else (b.id, a.id)
                if pair in pairs:
                    continue
                tb = texts[b.id]
                similarity = similar.get((ta, tb))
                if similarity is None:
                    similarity = 1.0 if ta == tb else _jaccard(words[a.id], words[b.id])
                    similar[(ta, tb)] = similar[(tb, ta)] = similarity
                if similarity >= OUTCOME_SIMILARITY:
                    pairs[pair] = similarity
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], rank[kv[0][0]], rank[kv[0][1]]))
    kept = sorted(ranked[:MAX_COMBINE_CANDIDATES], key=lambda kv: (rank[kv[0][0]], rank[kv[0][1]]))
    by_id = {ini.id: ini for ini in initiatives}
    found = []
    for (first, second), _similarity in kept:
        a, b = by_id[first], by_id[second]
        common = [p for p in dict.fromkeys(a.populations) if p in b.populations and p in known]
        found.append(
            DerivedFinding(
                f"combine_candidate:{first}+{second}",
                FindingKind.COMBINE_CANDIDATE,
                f"{_ini_name(a)} and {_ini_name(b)} seek the same outcomes for the same "
                f"people ({_names([_population_name(known[p]) for p in common])}): a "
                "candidate to combine.",
                Dimension.TECHNICAL,
                Domain.FUNDING_POLICIES,
                initiatives=(first, second),
            )
        )
    return found


def portfolio_findings(
    session: Session, initiatives: Sequence[Initiative], goal_by_id: dict[str, Goal]
) -> list[DerivedFinding]:
    """The findings of funding, populations and the "work smarter" rules, in order:
    sustainability risks, unfunded initiatives and missing outcome measures (inventory
    order, rule by rule), unserved populations and braiding candidates (population order),
    candidates to combine (by IDs). See the module notes for when each holds."""
    return [
        *_sustainability(session, initiatives),
        *_unfunded(session, initiatives),
        *_no_outcome_measure(initiatives),
        *_unserved_populations(session, initiatives, goal_by_id),
        *_braiding(session, initiatives),
        *_combine_candidates(session, initiatives),
    ]


# ----- a decision suggested for each initiative -------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """What the rules suggest the room decides about one initiative (always the room's
    choice)."""

    choice: DecisionChoice
    combine_with: str | None
    """For 'combine': the other initiative."""
    findings: tuple[str, ...]
    """The open findings the suggestion answers (finding IDs)."""
    reason: str
    """Why, in one line for the room."""


_SUGGESTS: tuple[tuple[FindingKind, DecisionChoice, str], ...] = (
    (FindingKind.NO_GOAL, DecisionChoice.SUNSET, "it is tied to no goal: a candidate to stop"),
    (FindingKind.REDUNDANCY, DecisionChoice.COMBINE, "the room sees it duplicating another"),
    (FindingKind.COMBINE_CANDIDATE, DecisionChoice.COMBINE,
     "same outcomes for the same people as another"),
    (FindingKind.NO_OUTCOME_MEASURE, DecisionChoice.REDESIGN,
     "it has no outcome measure: review it, or stop it"),
    (FindingKind.WEAK_VISION, DecisionChoice.REDESIGN, "it fits the vision weakly"),
    (FindingKind.CONFLICT, DecisionChoice.REDESIGN, "it conflicts with another initiative"),
    (FindingKind.SUSTAINABILITY_RISK, DecisionChoice.REDESIGN,
     "most of its funding ends within a year: plan to sustain it"),
    (FindingKind.UNFUNDED, DecisionChoice.REDESIGN, "no funding stream is recorded for it"),
)  # fmt: skip
"""Finding kinds that suggest a decision, strongest first."""

SCALE_UP_MEAN = 2.5
"""An initiative with no finding against it whose vision and goal ratings average at least
this (with the vision rated 3) is suggested for scaling up."""


def suggest_decision(session: Session, ini: Initiative) -> Suggestion:
    """The decision the open (not dismissed, not resolved) findings about ``ini`` suggest.

    The first of these that applies: tied to no goal → sunset; a redundancy or a candidate
    to combine → combine with the other initiative; no outcome measure, a weak fit with the
    vision, a conflict, funding that ends within a year or no funding → redesign. With none
    of those: scale up when it rates 3 on the vision and at least 2.5 on average over the
    vision and its goals, otherwise keep.
    """
    mine = [
        f
        for f in session.findings
        if ini.id in f.initiatives and not f.dismissed and not f.resolved
    ]
    for kind, choice, reason in _SUGGESTS:
        hits = [f for f in mine if f.kind is kind]
        if not hits:
            continue
        partner = None
        if choice is DecisionChoice.COMBINE:
            partner = next(
                (i for f in hits for i in f.initiatives if i != ini.id and session.initiative(i)),
                None,
            )
            if partner is None:
                continue
            reason = f"{reason} ({partner})"
        same = [f.id for f in mine if any(k is f.kind for k, c, _ in _SUGGESTS if c is choice)]
        return Suggestion(choice, partner, tuple(same), reason)
    keys = [VISION_KEY, *(g.id for g in session.goals if g.id in ini.goals)]
    rated = [ini.alignment[k] for k in keys if k in ini.alignment]
    if ini.alignment.get(VISION_KEY) == 3 and rated and sum(rated) / len(rated) >= SCALE_UP_MEAN:
        return Suggestion(DecisionChoice.SCALE_UP, None, (), "strong on the vision and its goals")
    return Suggestion(DecisionChoice.KEEP, None, (), "no finding stands against it")


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


def decided_findings(session: Session) -> set[str]:
    """The findings the initiatives' decisions answer (finding IDs)."""
    return {fid for ini in session.initiatives if ini.decision for fid in ini.decision.findings}


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
    referenced.update(decided_findings(session))
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
