"""The report's sections: one function per section, each turning the session into plain data.

Each function takes the :class:`Context` and returns a dictionary for the template (its
``kind`` names the template function that draws it), or None to leave the section out.
Only strings, numbers, booleans, None, lists and dictionaries go in: the template puts
every string on the page as text, never as markup.

:data:`SECTIONS` is the order of the report. Where the features still to come add theirs:

- **Prepare** (the team with roles and voices, the scope, readiness on the seven conditions
  for collaboration): a ``prepare`` section between :func:`cover` and :func:`vision`, and a
  readiness chart in :func:`history` (from a readiness figure in
  :class:`~cohere_tui.history.CycleFigures`);
- **funding streams, populations, a decision per initiative**: ``funding`` and
  ``populations`` sections after :func:`initiatives`, and a Decision column in it;
- **many voices** (several votes per rating, with spread): a spread mark per cell in
  :func:`heatmap` (each cell is already a dictionary, so a ``spread`` key can join its
  ``value``), and the same beside readiness and decisions.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..analysis import coherence_summary, rating_word
from ..history import Chain
from ..models import (
    RATING_LABELS,
    VISION_KEY,
    ActionStatus,
    Dimension,
    Domain,
    Finding,
    FindingOrigin,
    Initiative,
    RelationKind,
    Relationship,
    Session,
)
from ..progress import (
    action_flags,
    indicator_status,
    progress_summary,
    readings_in_order,
)
from . import figures
from .privacy import Names
from .text import breakable, one_line, paragraphs, shorten

Data = dict[str, Any]

MAX_TABLE_COLUMNS = 14
"""Rating columns that fit one heat map across the page; more go to further tables (each
with the initiatives' names again), never smaller type."""

DOMAIN_KEYS = frozenset(d.value for d in Domain)

KEEP_TOGETHER = 6
"""An owner with at most this many actions has them on one page, never split."""

MAX_LISTED_RELATIONS = 120
"""Above this many relations only conflicts and overlaps are listed one by one."""


@dataclass
class Context:
    """What every section reads."""

    session: Session
    today: dt.date
    public: bool
    names: Names
    chain: Chain | None = None
    """The session's cycles (None when history was not looked up)."""
    warnings: list[str] = field(default_factory=list)


# ----- words and dates ------------------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date | None) -> str:
    """``November 5, 2026``."""
    return "" if day is None else f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def short_date(day: dt.date | None) -> str:
    """``Nov 5, 2026``."""
    return "" if day is None else f"{MONTHS[day.month - 1][:3]} {day.day}, {day.year}"


def month_year(day: dt.date) -> str:
    """``Nov 2026`` (a chart's axis)."""
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"


def finite(value: float | None) -> float | None:
    """A number the page can show, or None (a file may hold ``nan`` or ``inf``)."""
    return value if value is not None and math.isfinite(value) else None


def mean_text(mean: float | None) -> str:
    return "unrated" if mean is None else f"{mean:.1f}"


STATUS_SYMBOLS: dict[ActionStatus, str] = {
    ActionStatus.NOT_STARTED: "○",
    ActionStatus.IN_PROGRESS: "◐",
    ActionStatus.BLOCKED: "■",
    ActionStatus.DONE: "✓",
    ActionStatus.DROPPED: "✗",
}

DIMENSION_TEXT: dict[Dimension, tuple[str, str]] = {
    Dimension.TECHNICAL: (
        "Technical findings",
        "About structures, processes, rules and data systems: fixed by changing how the "
        "work is organised.",
    ),
    Dimension.ADAPTIVE: (
        "Adaptive findings",
        "About mindsets, relationships, trust and power: worked through by the people "
        "involved, over time.",
    ),
}

RELATION_LEGEND: dict[RelationKind, str] = {
    RelationKind.REINFORCES: "reinforces (solid line)",
    RelationKind.OVERLAPS: "overlaps or duplicates (dashed line)",
    RelationKind.CONFLICTS: "conflicts or competes (dotted line)",
    RelationKind.DEPENDS_ON: "depends on (thin line, arrow to the one depended on)",
}


RELATION_COUNT_WORDS: dict[RelationKind, str] = {
    RelationKind.REINFORCES: "reinforcing",
    RelationKind.OVERLAPS: "overlapping",
    RelationKind.CONFLICTS: "in conflict",
    RelationKind.DEPENDS_ON: "dependent",
}


def _ini_label(session: Session, ini_id: str) -> str:
    ini = session.initiative(ini_id)
    return f"{ini_id} {one_line(ini.name)}" if ini else ini_id


# ----- sections ---------------------------------------------------------------------------


def cover(ctx: Context) -> Data:
    """Title, organisation, alignment type, cycle, dates, facilitator, who took part, and the
    whole picture in a few figures."""
    s, names = ctx.session, ctx.names
    cycle = f"Cycle {s.cycle}"
    if ctx.chain is not None and ctx.chain.has_history:
        first = ctx.chain.cycles[0]
        cycle += f" (the work began with cycle {first.cycle}, {long_date(first.date)})"
    dates = [["Started", long_date(s.created)]]
    if s.meeting_date:
        dates.append(["Last meeting", long_date(s.meeting_date)])
    checkins = sorted(c.date for c in s.checkins)
    if checkins:
        dates.append(["Check-ins", ", ".join(short_date(d) for d in checkins[-6:])])
    details = [
        ["Organisation", one_line(names.text(s.organisation))],
        ["Alignment", s.alignment_type.label],
        ["Cycle", cycle],
        *dates,
    ]
    facilitator = names.facilitator(s.facilitator.strip())
    if facilitator:
        details.append(["Facilitator", one_line(facilitator)])
    details = [row for row in details if row[1]]

    orgs: dict[str, dict[str, Any]] = {}
    for person in s.participants:
        org = " ".join(person.organisation.split()) or "Organisation not given"
        entry = orgs.setdefault(org, {"sectors": [], "people": 0})
        entry["people"] += 1
        if person.sector is not None and person.sector.label not in entry["sectors"]:
            entry["sectors"].append(person.sector.label)
    took_part = [
        {
            "organisation": one_line(names.text(org)),
            "sectors": ", ".join(v["sectors"]) or "—",
            "people": plural(v["people"], "person", "people"),
        }
        for org, v in orgs.items()
    ]

    summary = coherence_summary(s)
    progress = progress_summary(s, ctx.today)
    overall = summary.overall
    glance = [
        ["Goals", str(len(s.goals))],
        ["Initiatives", str(len(s.initiatives))],
        [
            "Overall coherence",
            "not yet rated" if overall is None else f"{overall:.1f} of 3 ({rating_word(overall)})",
        ],
        [
            "Actions",
            f"{progress.total}: ✓ {progress.done} done, ◐ {progress.in_progress} in progress, "
            f"○ {progress.not_started} not started, ■ {progress.blocked} blocked, "
            f"⚠ {progress.overdue} overdue",
        ],
    ]
    measured = progress.indicators_on_track + progress.indicators_off_track
    if s.indicators:
        glance.append(
            [
                "Indicators",
                f"{progress.indicators_on_track} of {measured} on track"
                + (f" ({progress.indicators_met} met)" if progress.indicators_met else "")
                if measured
                else f"{len(s.indicators)}, no readings yet",
            ]
        )
    edition = (
        "Public edition: people are named by their role; notes and the parking lot are left out."
        if ctx.public
        else "Full edition, for the team: it names people and keeps the room's notes."
    )
    return {
        "kind": "cover",
        "title": one_line(names.text(s.title)),
        "details": details,
        "took_part": took_part,
        "glance": glance,
        "edition": edition,
        "produced": long_date(ctx.today),
        "scale": [[str(k), RATING_LABELS[k]] for k in range(4)],
    }


def vision(ctx: Context) -> Data | None:
    """The vision, the goals under it, the theory of change and its assumptions."""
    s, names = ctx.session, ctx.names
    summary = coherence_summary(s)
    serving = {g.goal_id: g.serving for g in summary.goals}
    goals = [
        {
            "id": g.id,
            "title": one_line(names.text(g.title)),
            "description": paragraphs(names.text(g.description)),
            "serving": (
                f"{plural(serving.get(g.id, 0), 'initiative')} work strongly or partly toward it"
                if s.initiatives
                else ""
            ),
        }
        for g in s.goals
    ]
    return {
        "kind": "vision",
        "statement": paragraphs(names.text(s.vision.statement)),
        "goals": goals,
        "theory": paragraphs(names.text(s.vision.theory_of_change)),
        "assumptions": [one_line(names.text(a)) for a in s.vision.assumptions if a.strip()],
    }


def initiatives(ctx: Context) -> Data | None:
    """The inventory in brief: what each initiative is, who runs it, whom it serves."""
    s, names = ctx.session, ctx.names
    if not s.initiatives:
        return None
    rows = []
    for ini in s.initiatives:
        who = [one_line(names.text(ini.organisation))]
        if not ctx.public and ini.lead.strip():
            who.insert(0, one_line(ini.lead))
        rows.append(
            {
                "id": ini.id,
                "name": one_line(names.text(ini.name)),
                "description": shorten(names.text(ini.description), 240),
                "who": ", ".join(w for w in who if w),
                "where": f"{ini.sector.label} · {ini.level.label} · {ini.status.label}",
                "population": one_line(names.text(ini.population)),
                "goals": ", ".join(ini.goals) or "—",
            }
        )
    return {"kind": "initiatives", "rows": rows}


def _cell(ini: Initiative, key: str) -> Data:
    domain = next((d for d in Domain if d.value == key), None)
    value = ini.domains.get(domain) if domain is not None else ini.alignment.get(key)
    return {"value": value}


def heatmap(ctx: Context) -> Data | None:
    """Initiatives × vision, goals and domains: colour and digit, unrated shown as unrated.
    Wide grids go to several tables and long ones across pages, each with its headers."""
    s, names = ctx.session, ctx.names
    if not s.initiatives:
        return None
    alignment = [(VISION_KEY, "The vision", "")] + [
        (g.id, g.id, shorten(names.text(g.title), 34)) for g in s.goals
    ]
    domains = [(d.value, d.label, "") for d in Domain]
    if len(alignment) + len(domains) <= MAX_TABLE_COLUMNS:
        groups = [
            ("Alignment with the vision and goals, and fit in each domain", alignment + domains)
        ]
    else:
        groups = []
        chunks = [
            alignment[n : n + MAX_TABLE_COLUMNS]
            for n in range(0, len(alignment), MAX_TABLE_COLUMNS)
        ]
        for n, chunk in enumerate(chunks):
            part = f" (part {n + 1} of {len(chunks)})" if len(chunks) > 1 else ""
            groups.append((f"Alignment with the vision and goals{part}", chunk))
        groups.append(("Fit in each of the six domains", domains))

    tables = []
    for title, columns in groups:
        keys = [key for key, _, _ in columns]
        rows = [
            {
                "id": ini.id,
                "name": shorten(names.text(ini.name), 44),
                "cells": [_cell(ini, key) for key in keys],
            }
            for ini in s.initiatives
        ]
        means = []
        for key in keys:
            values = [c["value"] for c in (_cell(i, key) for i in s.initiatives)]
            rated = [v for v in values if v is not None]
            means.append(f"{sum(rated) / len(rated):.1f}" if rated else "–")
        spans: list[tuple[str, int]] = []
        for key, *_ in columns:
            group = "Domains" if key in DOMAIN_KEYS else "Vision and goals"
            if spans and spans[-1][0] == group:
                spans[-1] = (group, spans[-1][1] + 1)
            else:
                spans.append((group, 1))
        tables.append(
            {
                "title": title,
                "groups": [list(span) for span in spans],
                "columns": [
                    {"key": key, "short": short, "long": long} for key, short, long in columns
                ],
                "rows": rows,
                "means": means,
            }
        )
    summary = coherence_summary(s)
    notes = []
    if not ctx.public:
        labels = {VISION_KEY: "vision", **{d.value: d.label for d in Domain}}
        for ini in s.initiatives:
            for key, note in ini.rating_notes.items():
                if note.strip():
                    notes.append(
                        {
                            "where": f"{ini.id} · {labels.get(key, key)}",
                            "note": one_line(note),
                        }
                    )
    return {
        "kind": "heatmap",
        "tables": tables,
        "rated": f"{summary.rated} of {summary.total} cells rated"
        + (f"; {summary.unrated} still unrated (shown –)" if summary.unrated else ""),
        "scale": [[k, RATING_LABELS[k]] for k in range(4)],
        "notes": notes,
    }


def coherence(ctx: Context) -> Data | None:
    """Coherence by domain, and alignment with the vision and each goal, as bars with numbers."""
    s, names = ctx.session, ctx.names
    if not s.initiatives:
        return None
    summary = coherence_summary(s)

    def bar(label: str, mean: float | None, rated: int, total: int) -> Data:
        return {
            "label": label,
            "share": 0.0 if mean is None else max(0.0, min(mean, 3.0)) / 3,
            "mean": mean_text(mean),
            "word": rating_word(mean),
            "rated": f"{rated} of {total} rated",
            "unrated": mean is None,
        }

    domains = [bar(d.domain.label, d.mean, d.rated, d.total) for d in summary.domains]
    domains.append(bar("Overall", summary.overall, sum(d.rated for d in summary.domains),
                       sum(d.total for d in summary.domains)))  # fmt: skip
    goal_titles = {g.id: g.title for g in s.goals}
    goals = [bar("The vision", summary.vision.mean, summary.vision.rated, summary.vision.total)]
    for g in summary.goals:
        entry = bar(f"{g.goal_id} {shorten(names.text(goal_titles[g.goal_id]), 54)}", g.mean,
                    g.rated, g.total)  # fmt: skip
        entry["rated"] = f"{g.serving} of {g.total} serve it"
        goals.append(entry)
    weakest = [d for d in summary.domains if d.mean is not None]
    lead = ""
    if weakest:
        low = min(weakest, key=lambda d: d.mean or 0.0)
        high = max(weakest, key=lambda d: d.mean or 0.0)
        if low.mean != high.mean:
            lead = (
                f"Strongest: {high.domain.label} ({mean_text(high.mean)}). "
                f"Weakest: {low.domain.label} ({mean_text(low.mean)})."
            )
    return {"kind": "coherence", "domains": domains, "goals": goals, "lead": lead}


def map_order(ids: list[str], rels: list[Relationship]) -> list[str]:
    """The related initiatives in the order they go round the map: each group of connected
    initiatives together, walked breadth first from its first initiative, so that most
    lines join neighbours instead of crossing the map."""
    neighbours: dict[str, list[str]] = {}
    for r in rels:
        neighbours.setdefault(r.a, []).append(r.b)
        neighbours.setdefault(r.b, []).append(r.a)
    position = {ini_id: n for n, ini_id in enumerate(ids)}
    order: list[str] = []
    seen: set[str] = set()
    for start in ids:
        if start in seen or start not in neighbours:
            continue
        queue = [start]
        seen.add(start)
        while queue:
            current = queue.pop(0)
            order.append(current)
            for other in sorted(set(neighbours[current]), key=position.__getitem__):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return order


def relations(ctx: Context) -> Data | None:
    """The relations map: initiatives as nodes, the four kinds of relation as line styles."""
    s, names = ctx.session, ctx.names
    by_id = {ini.id: ini for ini in s.initiatives}
    rels = [r for r in s.relationships if r.a in by_id and r.b in by_id and r.a != r.b]
    if not rels:
        return None
    related = {r.a for r in rels} | {r.b for r in rels}
    order = [by_id[i] for i in map_order([ini.id for ini in s.initiatives], rels)]
    drawn = len(order) <= figures.MAX_MAP_NODES
    picture = None
    if drawn:
        picture = figures.relations_map(
            [figures.MapNode(i.id, f"{i.id} {shorten(names.text(i.name), 48)}") for i in order],
            [
                figures.MapEdge(r.a, r.b, r.kind.value, r.kind is RelationKind.DEPENDS_ON)
                for r in rels
            ],
        )
    counts = {kind: sum(r.kind is kind for r in rels) for kind in RelationKind}
    listed = rels
    left_out = ""
    if len(rels) > MAX_LISTED_RELATIONS:
        listed = [r for r in rels if r.kind in (RelationKind.CONFLICTS, RelationKind.OVERLAPS)]
        left_out = (
            f"{plural(counts[RelationKind.REINFORCES], 'relation')} of reinforcement and "
            f"{plural(counts[RelationKind.DEPENDS_ON], 'dependency', 'dependencies')} are "
            "counted above and not listed one by one."
        )
    kind_order = list(RelationKind)
    listed = sorted(listed, key=lambda r: kind_order.index(r.kind))
    rows = [
        {
            "a": _ini_label(s, r.a),
            "kind": r.kind.label,
            "b": _ini_label(s, r.b),
            "note": "" if ctx.public else one_line(r.note),
        }
        for r in listed
    ]
    isolated = [ini.id for ini in s.initiatives if ini.id not in related]
    return {
        "kind": "relations",
        "map": picture,
        "too_many": ""
        if drawn
        else (
            f"{len(order)} initiatives are related to others: too many to draw legibly on one "
            "page, so the relations are listed below."
        ),
        "legend": [{"kind": k.value, "label": RELATION_LEGEND[k]} for k in RelationKind],
        "counts": "Relations recorded: "
        + ", ".join(f"{counts[k]} {RELATION_COUNT_WORDS[k]}" for k in RelationKind if counts[k])
        + ".",
        "rows": rows,
        "left_out": left_out,
        "isolated": (
            f"Not related to any other initiative: {', '.join(isolated)}." if isolated else ""
        ),
        "notes": not ctx.public and any(row["note"] for row in rows),
    }


def _finding_row(ctx: Context, f: Finding) -> Data:
    s = ctx.session
    status = ""
    if f.dismissed:
        status = "set aside by the room"
    elif f.resolved:
        status = "no longer holds"
    concerns = [_ini_label(s, i) for i in f.initiatives]
    concerns += [f"{g} {one_line(goal.title)}" if (goal := s.goal(g)) else g for g in f.goals]
    return {
        "id": f.id,
        "kind": f.kind.label,
        "summary": one_line(ctx.names.text(f.summary)),
        "domain": f.domain.label if f.domain else "",
        "concerns": shorten(ctx.names.text("; ".join(concerns)), 300),
        "status": status,
        "origin": "written by the room" if f.origin is FindingOrigin.MANUAL else "from the ratings",
        "note": "" if ctx.public else one_line(f.note),
    }


def findings(ctx: Context) -> Data | None:
    """What the analysis shows, grouped technical and adaptive."""
    s = ctx.session
    shown = [f for f in s.findings if not (ctx.public and f.dismissed)]
    if not shown:
        return None
    groups = []
    for dimension in Dimension:
        items = [f for f in shown if f.dimension is dimension]
        items.sort(key=lambda f: (f.dismissed, f.resolved))
        if items:
            title, blurb = DIMENSION_TEXT[dimension]
            groups.append(
                {"title": title, "blurb": blurb, "items": [_finding_row(ctx, f) for f in items]}
            )
    return {"kind": "findings", "groups": groups}


def decisions(ctx: Context) -> Data | None:
    """The decision log."""
    s = ctx.session
    if not s.decisions:
        return None
    return {
        "kind": "decisions",
        "items": [
            {
                "date": short_date(d.date),
                "text": one_line(ctx.names.text(d.text)),
                "step": "Prepare" if d.step == 0 else f"step {d.step}" if d.step else "",
            }
            for d in sorted(s.decisions, key=lambda d: d.date)
        ],
    }


def actions(ctx: Context) -> Data | None:
    """The action plan by owner, with due dates and status; overdue and blocked marked in
    words and symbols."""
    s, names, today = ctx.session, ctx.names, ctx.today
    if not s.actions:
        return None
    groups: dict[str, list[Data]] = {}
    order: list[str] = []
    rank = {status: n for n, status in enumerate(
        (ActionStatus.BLOCKED, ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED,
         ActionStatus.DONE, ActionStatus.DROPPED))}  # fmt: skip
    for act in sorted(
        s.actions,
        key=lambda a: (rank[a.status], a.due or dt.date.max, int(a.id[1:])),
    ):
        owner = names.person(act.owner.strip()) if act.owner.strip() else "No owner named"
        key = " ".join(owner.split()).casefold()
        if key not in groups:
            groups[key] = []
            order.append(owner)
        flags = action_flags(act, today)
        marks = [str(f) for f in flags if f.word in ("OVERDUE", "DUE SOON")]
        partners = [names.person(p.strip()) for p in act.partners if p.strip()]
        groups[key].append(
            {
                "id": act.id,
                "title": one_line(names.text(act.title)),
                "due": short_date(act.due) or "no date",
                "status": f"{STATUS_SYMBOLS[act.status]} "
                + (
                    act.status.label.upper()
                    if act.status is ActionStatus.BLOCKED
                    else act.status.label
                ),
                "marks": marks,
                "overdue": any(f.word == "OVERDUE" for f in flags),
                "blocked": act.status is ActionStatus.BLOCKED,
                "open": act.status.is_open,
                "priority": act.priority.label,
                "domain": act.domain.label if act.domain else "",
                "partners": one_line("; ".join(partners)),
                "update": one_line(names.text(act.latest_update)),
                "notes": "" if ctx.public else one_line(act.notes),
                "indicator": one_line(names.text(act.indicator)),
            }
        )
    ordered = sorted(order, key=lambda o: (o == "No owner named", o.casefold()))
    progress = progress_summary(s, today)
    summary = (
        f"{plural(progress.total, 'action')}: {progress.open} open, {progress.done} done"
        + (f", {progress.dropped} dropped" if progress.dropped else "")
        + f". ■ {progress.blocked} blocked, ⚠ {progress.overdue} overdue (due before "
        f"{long_date(today)} and not done)."
    )
    return {
        "kind": "actions",
        "summary": summary,
        "groups": [
            {
                "owner": one_line(owner),
                "role": one_line(names.role_of(owner)),
                "items": groups[" ".join(owner.split()).casefold()],
                "keep": len(groups[" ".join(owner.split()).casefold()]) <= KEEP_TOGETHER,
            }
            for owner in ordered
        ],
    }


def monitoring(ctx: Context) -> Data | None:
    """Each indicator's readings against baseline and target as a small chart; the last
    check-ins and the reflection (full edition)."""
    s, names, today = ctx.session, ctx.names, ctx.today
    if not s.indicators and not s.checkins:
        return None
    items = []
    for ind in s.indicators:
        readings = readings_in_order(ind)
        baseline, target = finite(ind.baseline), finite(ind.target)
        chart = figures.indicator_chart(
            [(r.date, r.value) for r in readings],
            unit=ind.unit,
            baseline=baseline,
            baseline_date=ind.baseline_date,
            target=target,
            target_date=ind.target_date,
            date_label=month_year,
        )
        facts = []
        if readings:
            latest = readings[-1]
            facts.append(f"latest {figures.number(latest.value, ind.unit)} "
                         f"({short_date(latest.date)})")  # fmt: skip
        if baseline is not None:
            when = f" ({short_date(ind.baseline_date)})" if ind.baseline_date else ""
            facts.append(f"baseline {figures.number(baseline, ind.unit)}{when}")
        if target is not None:
            when = f" by {short_date(ind.target_date)}" if ind.target_date else ""
            facts.append(f"target {figures.number(target, ind.unit)}{when}")
        shown = readings[-6:]
        goal = s.goal(ind.goal) if ind.goal else None
        items.append(
            {
                "id": ind.id,
                "name": one_line(names.text(ind.name)),
                "status": indicator_status(ind, today).label,
                "better": "higher is better"
                if ind.direction.value == "increase"
                else "lower is better",
                "facts": " · ".join(facts),
                "goal": f"{goal.id} {shorten(names.text(goal.title), 50)}" if goal else "",
                "readings": ", ".join(
                    f"{short_date(r.date)}: {figures.number(r.value, ind.unit)}" for r in shown
                ),
                "earlier": len(readings) - len(shown),
                "source": one_line(names.text(ind.source)),
                "chart": chart,
            }
        )
    checkins = []
    if not ctx.public:
        for chk in sorted(s.checkins, key=lambda c: c.date)[-3:]:
            checkins.append(
                {
                    "date": long_date(chk.date),
                    "note": one_line(chk.note),
                    "count": plural(len(chk.updates), "action"),
                }
            )
    reflection = []
    if not ctx.public:
        for label, text in (
            ("What worked", s.reflection.worked),
            ("What to change", s.reflection.change),
            ("The next cycle's focus", s.reflection.next_focus),
        ):
            if text.strip():
                reflection.append({"label": label, "text": paragraphs(text)})
    return {
        "kind": "monitoring",
        "indicators": items,
        "checkins": checkins,
        "reflection": reflection,
    }


def history(ctx: Context) -> Data | None:
    """Across the cycles of the chain: coherence per domain, and actions done, as charts."""
    chain = ctx.chain
    if chain is None or not chain.has_history:
        return None
    cycles = chain.cycles
    labels = [f"C{c.cycle}" for c in cycles]
    domain_groups = []
    for domain in Domain:
        domain_groups.append(
            (
                domain.short,
                [
                    (label, c.domains.get(domain), mean_text(c.domains.get(domain)))
                    for label, c in zip(labels, cycles, strict=True)
                ],
            )
        )
    domain_groups.append(
        (
            "Overall",
            [
                (label, c.overall, mean_text(c.overall))
                for label, c in zip(labels, cycles, strict=True)
            ],
        )
    )
    top = max([c.actions for c in cycles] + [1])
    action_groups = [
        (
            f"Cycle {c.cycle}",
            [
                ("done", float(c.done), str(c.done)),
                ("open", float(c.open), str(c.open)),
            ],
        )
        for c in cycles
    ]
    rows = [
        {
            "cycle": f"Cycle {c.cycle}",
            "date": short_date(c.date),
            "overall": mean_text(c.overall),
            "actions": f"{c.done} done of {c.actions}"
            + (f", {c.dropped} dropped" if c.dropped else ""),
            "carried": str(c.open),
            "indicators": f"{c.indicators_on_track} of {c.indicators_measured}"
            if c.indicators_measured
            else "no readings",
        }
        for c in cycles
    ]
    return {
        "kind": "history",
        "cycles": [
            {"label": label, "name": f"Cycle {c.cycle}", "date": short_date(c.date)}
            for label, c in zip(labels, cycles, strict=True)
        ],
        "coherence": figures.bar_groups(domain_groups, top=3.0),
        "actions": figures.bar_groups(action_groups, top=float(top)),
        "rows": rows,
        "problems": [breakable(p) for p in chain.problems],
    }


def parking(ctx: Context) -> Data | None:
    """The parking lot (full edition only)."""
    s = ctx.session
    if ctx.public or not s.parking_lot:
        return None
    return {
        "kind": "parking",
        "items": [
            {
                "id": p.id,
                "text": one_line(p.text),
                "added": short_date(p.added),
                "done": "✓ dealt with" if p.done else "open",
            }
            for p in s.parking_lot
        ],
    }


def team(ctx: Context) -> Data | None:
    """Who took part, by name (full edition only)."""
    s = ctx.session
    if ctx.public or not s.participants:
        return None
    return {
        "kind": "team",
        "people": [
            {
                "name": one_line(p.name),
                "role": one_line(p.role),
                "organisation": one_line(p.organisation),
                "sector": p.sector.label if p.sector else "",
            }
            for p in s.participants
        ],
    }


Section = Callable[[Context], Data | None]

SECTIONS: tuple[Section, ...] = (
    cover,
    # prepare: team, voices, scope, readiness on the seven conditions (the Prepare stage)
    vision,
    initiatives,
    # funding, populations (funding streams and populations × initiatives)
    heatmap,
    coherence,
    relations,
    findings,
    decisions,
    actions,
    monitoring,
    history,
    parking,
    team,
)
"""The report's sections, in order."""


def build(ctx: Context) -> list[Data]:
    """Every section that has something to show, in order."""
    return [data for section in SECTIONS if (data := section(ctx)) is not None]
