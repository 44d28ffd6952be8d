"""Hypothesis strategies derived from the session models, so that a new field is covered
without anyone editing them.

:func:`model_strategy` builds a model with a value drawn for *every* field, from the field's
type: text from :data:`TEXT` (odd Unicode included), enums from their members, numbers within
the field's bounds, dates across the calendar, lists, dicts and nested models likewise.
A value a field's own validator refuses (an empty required title) is made valid.
:func:`sessions` then ties the references together (IDs numbered, links naming items that
exist, dates in order), as a session the room made would be: the cross-reference check is
the one part of a session the types alone do not say.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from functools import cache
from typing import Any

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from cohere_tui.models import (
    ID_PATTERNS,
    MAX_MEASURE,
    SCHEMA_VERSION,
    VISION_KEY,
    DecisionChoice,
    Domain,
    DotTarget,
    RelationKind,
    Session,
    Vote,
)
from cohere_tui.votes import CONSENSUS_SCALES, RATING_SCALE, READINESS_SCALE, Scale

FRAGMENTS = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "\n",
        "\n\n",
        '"',
        "'",
        "'''",
        '"""',
        "\\",
        "\\n",
        "#",
        "[",
        "]",
        "=",
        "x = 1",
        "[[goals]]",
        "\u202e",
        "\\u001b[31m",
        "\u2028",
        "\ufeff",
        "\u200b",
        "é",
        "Straße",
        "日本語",
        "🙂",
        "👩‍👩‍👧",
        "\U0010ffff",
    ]
)
PLAIN = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
"""Any text but control characters (a session refuses them; tab and line feed are fragments)."""
TEXT = st.lists(st.one_of(PLAIN, FRAGMENTS), max_size=5).map("".join)
DATES = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
MEASURES = st.one_of(
    st.floats(-MAX_MEASURE, MAX_MEASURE, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1234567.0, 0.1, 1e-300, MAX_MEASURE, -MAX_MEASURE]),
)
MAX_ITEMS = 3


def _split(annotation: Any) -> tuple[Any, list[Any]]:
    """(the bare type, the metadata of every Annotated layer around it)."""
    metadata: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        metadata.extend(annotation.__metadata__)
        annotation = annotation.__origin__
    return annotation, metadata


def _bounds(metadata: list[Any]) -> tuple[int | None, int | None]:
    low: int | None = None
    high: int | None = None
    for item in metadata:
        parts = item.metadata if isinstance(item, FieldInfo) else [item]
        for part in parts:
            if isinstance(part, annotated_types.Ge):
                low = part.ge if low is None else max(low, part.ge)  # type: ignore[assignment]
            elif isinstance(part, annotated_types.Le):
                high = part.le if high is None else min(high, part.le)  # type: ignore[assignment]
    return low, high


def _valid_for(annotation: Any, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Values of ``strategy`` that the full annotation (validators included) accepts: text a
    validator refuses (blank where required) gets a letter in front."""
    adapter = TypeAdapter(annotation)

    def fix(value: Any) -> Any:
        candidates = [value]
        if isinstance(value, str):  # a blank required text; an ID (renumbered later)
            candidates += [f"x{value}", *(f"{prefix}1" for prefix in ID_PATTERNS)]
        for candidate in candidates:
            try:
                return adapter.validate_python(candidate)
            except ValidationError:
                continue
        return None

    return strategy.map(fix).filter(lambda value: value is not None)


def for_annotation(annotation: Any) -> st.SearchStrategy[Any]:
    """A strategy for any value of this (model field) type."""
    bare, metadata = _split(annotation)
    origin = typing.get_origin(bare)
    args = typing.get_args(bare)
    if origin in (typing.Union, types.UnionType):
        options = [for_annotation(arg) for arg in args if arg is not type(None)]
        strategy = st.one_of(*options)
        return st.none() | strategy if type(None) in args else strategy
    if origin is list:
        return st.lists(for_annotation(args[0]), max_size=MAX_ITEMS)
    if origin is dict:
        return st.dictionaries(for_annotation(args[0]), for_annotation(args[1]), max_size=MAX_ITEMS)
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return model_strategy(bare)
    if isinstance(bare, type) and issubclass(bare, Enum):
        return st.sampled_from(list(bare))
    if bare is bool:
        return st.booleans()
    if bare is int:
        low, high = _bounds(metadata)
        return st.integers(low, high)
    if bare is float:
        return _valid_for(annotation, MEASURES)
    if bare is dt.date:
        return DATES
    if bare is str:
        return _valid_for(annotation, TEXT) if metadata else TEXT
    if typing.get_origin(bare) is typing.Literal:
        return st.sampled_from(args)
    raise TypeError(f"no strategy for {annotation!r}: teach model_strategies.py this type")


def field_annotation(field: FieldInfo) -> Any:
    """A field's type with its constraints, as one annotation."""
    if field.metadata:
        return typing.Annotated[(field.annotation, *field.metadata)]
    return field.annotation


@cache
def field_strategies(model: type[BaseModel]) -> dict[str, st.SearchStrategy[Any]]:
    """One strategy for every field of ``model``."""
    return {
        name: for_annotation(field_annotation(field)) for name, field in model.model_fields.items()
    }


def _built(model: type[BaseModel], values: dict[str, Any]) -> Any:
    try:
        return model(**values)
    except ValidationError:  # a rule across fields (a decision to combine names a partner)
        return None


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    """The model with every field drawn (none left to its default); drawings a rule across
    the fields refuses are drawn again."""
    return st.deferred(
        lambda: (
            st.fixed_dictionaries(field_strategies(model))
            .map(lambda values: _built(model, values))
            .filter(lambda built: built is not None)
        )
    )


def models_in(model: type[BaseModel]) -> list[type[BaseModel]]:
    """``model`` and every model its fields hold, at any depth."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        bare, _ = _split(annotation)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            if bare not in found:
                found.append(bare)
                for field in bare.model_fields.values():
                    visit(field.annotation)
            return
        for arg in typing.get_args(bare):
            visit(arg)

    visit(model)
    return found


# --------------------------------------------------------------------------------------------
# references


def _subset(draw: st.DrawFn, values: list[str]) -> list[str]:
    return (
        draw(st.lists(st.sampled_from(values), unique=True, max_size=MAX_ITEMS)) if values else []
    )


def _votes_on(draw: st.DrawFn, votes: list[Vote], scale: Scale) -> list[Vote]:
    """The votes, one per voice (V1, V2, …), each on the scale."""
    for n, vote in enumerate(votes, start=1):
        vote.voice = f"V{n}"
        vote.value = draw(st.integers(scale.low, scale.high))
    return votes


def _ordered_dates(a: dt.date | None, b: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    if a is not None and b is not None and b < a:
        return b, a
    return a, b


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    """A session with every field of every model drawn, its references made consistent."""
    session: Session = draw(model_strategy(Session))
    session.schema_version = SCHEMA_VERSION
    for said in session.readiness.values():
        said.votes = _votes_on(draw, said.votes, READINESS_SCALE)
    session.readiness = {  # (a condition the room has said nothing on is not written)
        condition: said for condition, said in session.readiness.items() if said != type(said)()
    }
    for collection, prefix in (
        (session.goals, "G"),
        (session.initiatives, "I"),
        (session.findings, "F"),
        (session.actions, "A"),
        (session.indicators, "M"),
        (session.parking_lot, "P"),
        (session.decisions, "D"),
        (session.populations, "N"),
        (session.streams, "S"),
    ):
        for n, item in enumerate(collection, start=1):
            item.id = f"{prefix}{n}"
            assert ID_PATTERNS[prefix].match(item.id)
    for n, item in enumerate(session.archived_initiatives, start=len(session.initiatives) + 1):
        item.id = f"I{n}"  # archived initiatives keep IDs no active one has
    goals = [g.id for g in session.goals]
    initiatives = [i.id for i in session.initiatives]
    findings = [f.id for f in session.findings]
    actions = [a.id for a in session.actions]
    indicators = [m.id for m in session.indicators]
    populations = [n.id for n in session.populations]
    streams = [s.id for s in session.streams]
    archived = [i.id for i in session.archived_initiatives]
    rated = [VISION_KEY, *goals]
    for goal in session.goals:
        goal.populations = _subset(draw, populations)
    for stream in session.streams:
        stream.populations = _subset(draw, populations)
        stream.start, stream.end = _ordered_dates(stream.start, stream.end)
    for ind in session.indicators:
        ind.by_population = {  # (a population with no readings is not written)
            pid: sorted(readings, key=lambda r: r.date)
            for pid, readings in zip(
                _subset(draw, populations), ind.by_population.values(), strict=False
            )
            if readings
        }
    for ini in [*session.initiatives, *session.archived_initiatives]:
        ini.goals = _subset(draw, goals)
        ini.alignment = dict(zip(_subset(draw, rated), ini.alignment.values(), strict=False))
        noted = [*rated, *(d.value for d in Domain)]
        ini.rating_notes = dict(zip(_subset(draw, noted), ini.rating_notes.values(), strict=False))
        ini.votes = {  # (a key with no votes is not written: the file cannot hold it)
            key: _votes_on(draw, votes, RATING_SCALE)
            for key, votes in zip(_subset(draw, noted), ini.votes.values(), strict=False)
            if votes
        }
        ini.start, ini.end = _ordered_dates(ini.start, ini.end)
    for ini in [*session.initiatives, *session.archived_initiatives]:
        active = ini in session.initiatives
        ini.populations = _subset(draw, populations)
        links = {link.stream: link for link in ini.streams}
        ini.streams = []
        for stream_id, link in zip(_subset(draw, streams), links.values(), strict=False):
            link.stream = stream_id
            link.share = None  # shares that add up are drawn below
            ini.streams.append(link)
        if ini.decision is not None:
            partners = [i for i in (initiatives if active else [*initiatives, *archived])
                        if i != ini.id]  # fmt: skip
            if ini.decision.choice is DecisionChoice.COMBINE:
                if partners:
                    ini.decision = ini.decision.model_copy(
                        update={"combine_with": draw(st.sampled_from(partners))}
                    )
                else:
                    ini.decision = None
            elif ini.decision.combine_with is not None:
                ini.decision = ini.decision.model_copy(update={"combine_with": None})
            if ini.decision is not None:
                ini.decision.findings = (
                    _subset(draw, [f.id for f in session.findings]) if active else []
                )
    for stream_id in streams:  # each stream's shares add up to 100% at most
        left = 100.0
        for ini in session.initiatives:
            for link in ini.streams:
                if link.stream == stream_id and left > 1 and draw(st.booleans()):
                    link.share = draw(st.floats(0.5, left / 2).map(lambda v: round(v, 1)))
                    left -= link.share
    pairs: set[tuple[str, str, str]] = set()
    relationships = []
    for rel in session.relationships if len(initiatives) >= 2 else []:
        a, b = draw(st.lists(st.sampled_from(initiatives), min_size=2, max_size=2, unique=True))
        key = (a, b, rel.kind.value)
        if rel.kind is not RelationKind.DEPENDS_ON:
            key = (min(a, b), max(a, b), rel.kind.value)
        if key in pairs:
            continue
        pairs.add(key)
        rel.a, rel.b = a, b
        relationships.append(rel)
    session.relationships = relationships
    for fnd in session.findings:
        fnd.initiatives = _subset(draw, initiatives)
        fnd.goals = _subset(draw, goals)
    for act in session.actions:
        act.findings = _subset(draw, findings)
        act.initiatives = _subset(draw, initiatives)
        act.indicators = _subset(draw, indicators)
        act.start, act.due = _ordered_dates(act.start, act.due)
    for ind in session.indicators:
        ind.goal = draw(st.none() | st.sampled_from(goals)) if goals else None
        ind.baseline_date, ind.target_date = _ordered_dates(ind.baseline_date, ind.target_date)
    for holder in [*session.actions, *session.decisions]:
        for check in holder.checks:
            check.votes = _votes_on(draw, check.votes, CONSENSUS_SCALES[check.method])
    for round_ in session.dot_rounds:
        ids = findings if round_.target is DotTarget.FINDINGS else actions
        round_.options = _subset(draw, ids)
        votes = {}
        for option, option_votes in zip(round_.options, round_.votes.values(), strict=False):
            for n, vote in enumerate(option_votes, start=1):  # one dot from each voice
                vote.voice, vote.value = f"V{n}", 1
            if option_votes:
                votes[option] = option_votes
        round_.votes = votes
        round_.dots = max(round_.dots, len(votes))  # a voice gives at most one dot each
        round_.ranking = draw(st.permutations(round_.options))
    for chk in session.checkins:
        for update, action in zip(chk.updates, actions, strict=False):
            update.action = action
        chk.updates = chk.updates[: len(actions)]
    return session
