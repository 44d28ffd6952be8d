"""The keys that apply, read from the bindings themselves: the help lists them, so it cannot
drift from what the keys do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode


@dataclass(frozen=True)
class KeyRow:
    """One key of the help: how it is written, what it does, and more words on it."""

    keys: str
    description: str
    tooltip: str


def _display(node: DOMNode, binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return node.app.get_key_display(binding)


def key_rows(nodes: Iterable[DOMNode]) -> list[KeyRow]:
    """The described bindings (those with an ID: ours, not Textual's cursor keys) of
    ``nodes``, one row per action (the keys of a group, such as the four ratings, in one
    row), in the order met."""
    rows: dict[str, list[str]] = {}
    words: dict[str, tuple[str, list[str]]] = {}
    for node in nodes:
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.id or not binding.description:
                    continue
                group = binding.group
                key = f"group:{group.description}" if group is not None else binding.id
                description = group.description if group is not None else binding.description
                shown = _display(node, binding)
                keys = rows.setdefault(key, [])
                _, tips = words.setdefault(key, (description, []))
                if shown not in keys:
                    keys.append(shown)
                tip = binding.tooltip or binding.description
                if tip not in tips:
                    tips.append(tip)
    return [KeyRow(" ".join(rows[key]), words[key][0], "; ".join(words[key][1])) for key in rows]


def step_key_rows(view: DOMNode) -> list[KeyRow]:
    """The keys of a step: its own and those of every panel in it."""
    return key_rows([view, *view.walk_children()])
