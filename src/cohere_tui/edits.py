"""Edits that keep a session consistent: deleting an item removes every reference to it.

Headless: the app and the tests call these; nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from .models import Domain, Initiative, Session

T = TypeVar("T")


@dataclass(frozen=True)
class Usage:
    """Where an item is referred to, for the delete confirmation."""

    places: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.places)

    def describe(self) -> str:
        return "; ".join(self.places)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def goal_usage(session: Session, goal_id: str) -> Usage:
    linked = sum(goal_id in i.goals for i in session.initiatives)
    rated = sum(goal_id in i.alignment for i in session.initiatives)
    findings = sum(goal_id in f.goals for f in session.findings)
    indicators = sum(m.goal == goal_id for m in session.indicators)
    places = []
    if linked:
        places.append(f"linked from {_count(linked, 'initiative')}")
    if rated:
        places.append(f"{_count(rated, 'rating')}")
    if findings:
        places.append(f"named in {_count(findings, 'finding')}")
    if indicators:
        places.append(f"measured by {_count(indicators, 'indicator')}")
    return Usage(tuple(places))


def remove_goal(session: Session, goal_id: str) -> None:
    """Delete a goal and every link and rating that names it."""
    session.goals = [g for g in session.goals if g.id != goal_id]
    for ini in session.initiatives:
        if goal_id in ini.goals:
            ini.goals = [g for g in ini.goals if g != goal_id]
        if goal_id in ini.alignment:
            ini.alignment = {k: v for k, v in ini.alignment.items() if k != goal_id}
        if goal_id in ini.rating_notes:
            ini.rating_notes = {k: v for k, v in ini.rating_notes.items() if k != goal_id}
    for fnd in session.findings:
        if goal_id in fnd.goals:
            fnd.goals = [g for g in fnd.goals if g != goal_id]
    for ind in session.indicators:
        if ind.goal == goal_id:
            ind.goal = None


def initiative_usage(session: Session, initiative_id: str) -> Usage:
    relations = sum(initiative_id in (r.a, r.b) for r in session.relationships)
    findings = sum(initiative_id in f.initiatives for f in session.findings)
    actions = sum(initiative_id in a.initiatives for a in session.actions)
    ini = session.initiative(initiative_id)
    ratings = len(ini.alignment) + len(ini.domains) if ini else 0
    places = []
    if ratings:
        places.append(_count(ratings, "rating"))
    if relations:
        places.append(_count(relations, "relationship"))
    if findings:
        places.append(f"named in {_count(findings, 'finding')}")
    if actions:
        places.append(f"named in {_count(actions, 'action')}")
    return Usage(tuple(places))


def remove_initiative(session: Session, initiative_id: str) -> None:
    """Delete an initiative, its ratings and relationships, and every link that names it."""
    session.initiatives = [i for i in session.initiatives if i.id != initiative_id]
    session.relationships = [r for r in session.relationships if initiative_id not in (r.a, r.b)]
    for fnd in session.findings:
        if initiative_id in fnd.initiatives:
            fnd.initiatives = [i for i in fnd.initiatives if i != initiative_id]
    for act in session.actions:
        if initiative_id in act.initiatives:
            act.initiatives = [i for i in act.initiatives if i != initiative_id]


def move_item(items: list[object], index: int, offset: int) -> int:
    """Move ``items[index]`` by ``offset`` places (clamped); returns its new index."""
    target = max(0, min(len(items) - 1, index + offset))
    if target != index:
        items.insert(target, items.pop(index))
    return target


def put_item(items: list[T], index: int | None, item: T) -> int:
    """Replace ``items[index]`` with ``item``, or append it when ``index`` is None; returns
    where it now stands."""
    if index is None:
        items.append(item)
        return len(items) - 1
    items[index] = item
    return index


def rating_key_is_domain(key: str) -> bool:
    """Whether a grid column key names a domain (rather than the vision or a goal)."""
    return key in {d.value for d in Domain}


def get_rating(initiative: Initiative, key: str) -> int | None:
    """The rating in a grid column: 'vision', a goal ID or a domain value; None = unrated."""
    if rating_key_is_domain(key):
        return initiative.domains.get(Domain(key))
    return initiative.alignment.get(key)


def set_rating(initiative: Initiative, key: str, value: int | None) -> bool:
    """Set (or, with None, clear) a rating; returns whether anything changed."""
    if get_rating(initiative, key) == value:
        return False
    if rating_key_is_domain(key):
        domains = dict(initiative.domains)
        if value is None:
            domains.pop(Domain(key), None)
        else:
            domains[Domain(key)] = value
        initiative.domains = domains
    else:
        alignment = dict(initiative.alignment)
        if value is None:
            alignment.pop(key, None)
        else:
            alignment[key] = value
        initiative.alignment = alignment
    return True


def set_rating_note(initiative: Initiative, key: str, note: str) -> bool:
    """Set (or, when empty, remove) the note on a rating; returns whether anything changed."""
    note = note.strip()
    if initiative.rating_notes.get(key, "") == note:
        return False
    notes = dict(initiative.rating_notes)
    if note:
        notes[key] = note
    else:
        notes.pop(key, None)
    initiative.rating_notes = notes
    return True
