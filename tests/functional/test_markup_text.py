"""Pilot test: text that looks like Textual/Rich markup ('[/]', '[bold]', ':smile:') in every
free-text field of a session is shown as written on every step and in every dialog, and
never stops the app."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.widgets import DataTable

from cohere_tui.document import SessionDocument
from cohere_tui.ui.app import CohereApp

MARKUP = "[/] [bold]x [link=y]z[/link] [red :smile:"
FREE_TEXT = {
    "title", "name", "description", "statement", "theory_of_change", "summary", "note",
    "notes", "latest_update", "owner", "lead", "organisation", "population", "funding",
    "outcomes", "data_collected", "indicator", "update", "role", "facilitator", "text",
    "worked", "change", "next_focus", "unit", "source", "rationale", "restrictions",
}  # fmt: skip
SOURCES = {"federal", "state", "local", "private", "other"}
"""A funding stream's ``source`` is one of these (an indicator's is free text)."""


def _with_markup(node: Any, key: Any = None) -> Any:
    if isinstance(node, dict):
        return {k: _with_markup(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_markup(v, key) for v in node]
    if key == "source" and node in SOURCES:
        return node
    if isinstance(node, str) and key in (
        FREE_TEXT | {"assumptions", "partners", "uses", "history"}
    ):
        return f"{node} {MARKUP}"
    return node


@pytest.fixture
def markup_session(sessions_dir: Path) -> Path:
    demo = tomllib.loads((resources.files("cohere_tui") / "data" / "demo.toml").read_text("utf-8"))
    path = sessions_dir / "markup.toml"
    path.write_text(tomli_w.dumps(_with_markup(copy.deepcopy(demo)), multiline_strings=True))
    return path


KEYS = [
    ["1"],
    ["1", "enter"],  # edit a goal: a form
    ["1", "tab", "enter"],
    ["2"],
    ["2", "enter"],  # the initiative form lists goals to tick
    ["2", "s", "s", "/", "x"],
    ["3"],
    ["3", "e", "right"],  # the system alignment exercise
    ["3", "r"],
    ["4"],
    ["4", "enter"],  # the action form lists findings and initiatives
    ["4", "g", "g", "o"],
    ["5"],
    ["5", "c", "enter"],  # a check-in
    ["5", "tab", "enter"],  # an indicator's trend
    ["L"],
    ["f1"],
    ["f5"],
    ["3", "f5", "right_square_bracket"],  # presenter view: title and a question on the wall
    ["4", "f5"],  # presenter view: wrapped action titles
    ["ctrl+p"],
    ["2", "F"],  # the funding view: streams and their uses
    ["2", "C"],  # the coverage view: populations
    ["2", "k"],  # the decision form: rationale and findings
]


@pytest.mark.parametrize("keys", KEYS, ids=["-".join(k) for k in KEYS])
async def test_markup_like_text_is_shown_as_written(
    markup_session: Path, sessions_dir: Path, keys: list[str]
) -> None:
    before = markup_session.read_bytes()
    document = SessionDocument.open(markup_session)
    app = CohereApp(
        sessions_dir=sessions_dir, exports_dir=sessions_dir.parent / "exports", document=document
    )
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            app.export_screenshot()  # draws everything on screen now
        assert app.is_running
        if keys == ["1"]:
            shown = app.export_screenshot()
            assert "[/]&#160;[bold]x" in shown or "[/] [bold]x" in shown
            assert ":smile:" in shown
    assert not list(sessions_dir.glob("*-recovered*.toml"))
    if document.revision == 0:  # nothing changed (an autosave may follow a change)
        assert markup_session.read_bytes() == before


async def test_picker_lists_markup_like_titles(markup_session: Path, sessions_dir: Path) -> None:
    app = CohereApp(sessions_dir=sessions_dir, exports_dir=sessions_dir.parent / "exports")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.export_screenshot()
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert str(row[0]).endswith(MARKUP) and str(row[1]).endswith(MARKUP)
        await pilot.press("enter")
        await pilot.pause()
        app.export_screenshot()
        assert app.is_running
