"""Small list edits shared by the steps: put an item in place, move it."""

from __future__ import annotations

from cohere_tui.edits import move_item, put_item


def test_put_item_appends_or_replaces_and_says_where() -> None:
    items = ["a", "b"]
    assert put_item(items, None, "c") == 2
    assert items == ["a", "b", "c"]
    assert put_item(items, 0, "z") == 0
    assert items == ["z", "b", "c"]


def test_move_item_is_clamped_at_both_ends() -> None:
    items: list[object] = ["a", "b", "c"]
    assert move_item(items, 0, -1) == 0 and items == ["a", "b", "c"]
    assert move_item(items, 0, 5) == 2 and items == ["b", "c", "a"]
    assert move_item(items, 2, -1) == 1 and items == ["b", "a", "c"]
