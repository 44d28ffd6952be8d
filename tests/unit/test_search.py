"""Find across a session."""

from __future__ import annotations

import tomllib

from cohere_tui.demo import demo_source
from cohere_tui.models import Session
from cohere_tui.search import find_items, fold


def demo() -> Session:
    return Session.model_validate(tomllib.loads(demo_source().decode()))


def test_every_kind_is_found_by_its_words_in_step_order() -> None:
    s = demo()
    hits = find_items(s, "school")
    kinds = [h.kind for h in hits]
    assert "goal" in kinds and "initiative" in kinds
    steps = [h.step for h in hits if h.step]
    assert steps == sorted(steps)
    for kind, obj in (("action", s.actions[0]), ("indicator", s.indicators[0])):
        title = obj.title if kind == "action" else obj.name  # type: ignore[union-attr]
        assert any(h.kind == kind and h.item_id == obj.id for h in find_items(s, title))


def test_all_words_must_match_in_any_order_and_case_and_accents_aside() -> None:
    s = demo()
    goal = s.goals[0]
    words = goal.title.split()
    assert any(h.item_id == goal.id for h in find_items(s, f"{words[-1].upper()} {words[0]}"))
    assert find_items(s, f"{words[0]} zzzznotthere") == []
    assert fold("Éducation ÅNGSTRÖM") == "education angstrom"


def test_an_id_typed_whole_comes_first_and_nothing_is_found_for_nothing() -> None:
    s = demo()
    assert find_items(s, "A3")[0].item_id == "A3"
    assert find_items(s, "   ") == []
