"""Find across a session: initiatives, goals, findings, actions, indicators, parked items and
decisions, by the words they hold.

Headless: never imports Textual.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .models import Session

STEP_OF = {
    "goal": 1, "initiative": 2, "finding": 3, "action": 4, "indicator": 5,
    "parking": 0, "decision": 0,
}  # fmt: skip
"""Where each kind of item is shown (0: the parking lot and decision log, ``L``)."""

NOUNS = {
    "goal": "goal", "initiative": "initiative", "finding": "finding", "action": "action",
    "indicator": "indicator", "parking": "parked", "decision": "decision",
}  # fmt: skip


@dataclass(frozen=True)
class Hit:
    """One item that holds every word searched for."""

    kind: str
    """``goal``, ``initiative``, ``finding``, ``action``, ``indicator``, ``parking`` or
    ``decision``."""
    item_id: str
    title: str
    """The item's own words (title, name, summary…)."""
    step: int
    """The step that shows it (0: the room log)."""


def fold(text: str) -> str:
    """Text compared without case or accents: 'Éducation' finds 'education'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _entries(session: Session) -> list[tuple[str, str, str, str]]:
    """(kind, id, title, all its searchable text) of every item, in step order."""
    out: list[tuple[str, str, str, str]] = []
    for g in session.goals:
        out.append(("goal", g.id, g.title, " ".join([g.id, g.title, g.description])))
    for i in session.initiatives:
        words = [i.id, i.name, i.description, i.lead, i.organisation, i.sector.label,
                 i.level.label, i.population, i.funding, i.outcomes, i.data_collected]  # fmt: skip
        out.append(("initiative", i.id, i.name, " ".join(words)))
    for f in session.findings:
        out.append(("finding", f.id, f.summary, " ".join([f.id, f.summary, f.note, f.kind.label])))
    for a in session.actions:
        words = [a.id, a.title, a.owner, *a.partners, a.indicator, a.latest_update, a.notes,
                 a.status.label]  # fmt: skip
        out.append(("action", a.id, a.title, " ".join(words)))
    for m in session.indicators:
        out.append(("indicator", m.id, m.name, " ".join([m.id, m.name, m.unit, m.source])))
    for p in session.parking_lot:
        out.append(("parking", p.id, p.text, " ".join([p.id, p.text])))
    for d in session.decisions:
        out.append(("decision", d.id, d.text, " ".join([d.id, d.text])))
    return out


def find_items(session: Session, query: str, limit: int = 200) -> list[Hit]:
    """Every item holding all the words of ``query`` (any order, any case, accents aside),
    in step order; an empty query finds nothing. An item whose ID is the query comes first."""
    words = fold(query).split()
    if not words:
        return []
    exact = fold(query.strip())
    hits: list[Hit] = []
    for kind, item_id, title, text in _entries(session):
        haystack = fold(text)
        if all(word in haystack for word in words):
            hit = Hit(kind, item_id, title, STEP_OF[kind])
            if fold(item_id) == exact:
                hits.insert(0, hit)
            else:
                hits.append(hit)
            if len(hits) >= limit:
                break
    return hits
