"""The UI never changes a session itself: every change is an edit applied through the document.

Read from the source of ``cohere_tui.ui``: no assignment to a field of a session model on
anything but the widget itself, no list method that changes a list reached through a
session, no ``setattr`` — the edits in ``cohere_tui.edits`` are the only place that does.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pydantic

import cohere_tui.models as models
from cohere_tui import ui

UI = Path(ui.__file__).parent


def _widget_attributes() -> set[str]:
    """Names Textual's own widgets use too (an Input's ``value``): assigning those is
    drawing, not changing a session."""
    from textual import widgets

    names: set[str] = set()
    for name in widgets.__all__:
        names.update(dir(getattr(widgets, name)))
    return names


MODEL_FIELDS = {
    name
    for obj in vars(models).values()
    if isinstance(obj, type) and issubclass(obj, pydantic.BaseModel)
    for name in obj.model_fields
} - _widget_attributes()
CHANGING_METHODS = {"append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse",
                    "update", "setdefault", "popitem"}  # fmt: skip


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node


def _mentions_session(node: ast.expr) -> bool:
    return any(
        (isinstance(n, ast.Attribute) and n.attr == "session")
        or (isinstance(n, ast.Name) and n.id == "session")
        for n in ast.walk(node)
    )


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def violations(source: str, filename: str) -> list[str]:
    found: list[str] = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in MODEL_FIELDS:
                if not _is_self(target.value):
                    found.append(f"{filename}:{node.lineno}: assigns .{target.attr}")
            elif (
                isinstance(target, ast.Attribute | ast.Subscript)
                and _mentions_session(target)
                and not (_is_self(target.value) and getattr(target, "attr", "") == "session")
            ):  # `self.session = session` keeps a reference; it changes nothing
                found.append(f"{filename}:{node.lineno}: changes the session")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "setattr":
                found.append(f"{filename}:{node.lineno}: setattr")
            if (
                isinstance(func, ast.Attribute)
                and func.attr in CHANGING_METHODS
                and _mentions_session(func.value)
            ):
                found.append(f"{filename}:{node.lineno}: .{func.attr}() on the session")
    return found


def test_no_module_of_the_ui_changes_a_session_itself() -> None:
    problems = []
    for path in sorted(UI.rglob("*.py")):
        problems += violations(path.read_text(encoding="utf-8"), str(path.relative_to(UI)))
    assert problems == []


def test_the_check_sees_the_ways_a_widget_could_change_a_session() -> None:
    source = """
def f(self, goal, table):
    goal.description = "x"
    self.session.goals.append(goal)
    self.document.session.title = "y"
    del self.session.actions[0]
    setattr(goal, "description", "z")
    table.border_title = "fine"
    self.owner = "fine"
"""
    assert len(violations(source, "x.py")) == 5
