"""Every key binding of the app has a description (footer), an id and a tooltip (palette)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import cohere_tui


def all_bindings() -> list[tuple[str, Binding]]:
    found: list[tuple[str, Binding]] = []
    for info in pkgutil.walk_packages(cohere_tui.__path__, "cohere_tui."):
        if info.name.endswith("__main__"):  # importing it would run the app
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, DOMNode) and obj.__module__ == info.name:
                for binding in obj.__dict__.get("BINDINGS", []):
                    assert isinstance(binding, Binding), f"{name}: {binding!r} is not a Binding"
                    found.append((f"{info.name}.{name}", binding))
    return found


def test_every_binding_is_described_with_an_id_and_a_tooltip() -> None:
    bindings = all_bindings()
    assert len(bindings) > 60
    problems = [
        f"{owner}: {b.key}" for owner, b in bindings if not (b.description and b.id and b.tooltip)
    ]
    assert problems == []


def test_binding_ids_are_unique_within_a_class() -> None:
    seen: dict[tuple[str, str], str] = {}
    for owner, binding in all_bindings():
        assert binding.id is not None
        key = (owner, binding.id)
        assert key not in seen, f"{owner}: id {binding.id} used twice"
        seen[key] = binding.key
