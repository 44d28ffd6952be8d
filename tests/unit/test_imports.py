"""The core stays light: importing it never pulls in Textual or openpyxl (checked in a fresh
interpreter, since this test process has long since imported both)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("textual", "openpyxl")


def modules_after_import(*modules: str) -> set[str]:
    """The top-level packages in sys.modules after importing ``modules`` in a new Python."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(modules)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


CORE = (
    "cohere_tui",
    "cohere_tui.models",
    "cohere_tui.store",
    "cohere_tui.validation",
    "cohere_tui.document",
)


def test_the_core_imports_neither_textual_nor_openpyxl() -> None:
    loaded = modules_after_import(*CORE)
    assert "cohere_tui" in loaded and "pydantic" in loaded and "tomli_w" in loaded
    assert not loaded & set(HEAVY)


@pytest.mark.parametrize("module", CORE)
def test_each_core_module_alone(module: str) -> None:
    loaded = modules_after_import(module)
    assert not loaded & set(HEAVY), module


def test_the_check_itself_sees_heavy_imports() -> None:
    """The probe is not blind: importing openpyxl is seen."""
    assert "openpyxl" in modules_after_import("cohere_tui.models", "openpyxl")


HEADLESS = (
    "cohere_tui.analysis",
    "cohere_tui.progress",
    "cohere_tui.dates",
    "cohere_tui.cycle",
    "cohere_tui.edits",
    "cohere_tui.guide",
    "cohere_tui.workbook",
    "cohere_tui.updates",
    "cohere_tui.cli",
)


def test_the_other_headless_modules_stay_light_too() -> None:
    """The command line and the workbook module import openpyxl only when they write."""
    loaded = modules_after_import(*CORE, *HEADLESS)
    assert not loaded & set(HEAVY)


@pytest.mark.parametrize("module", HEADLESS)
def test_each_headless_module_alone_never_imports_textual(module: str) -> None:
    assert "textual" not in modules_after_import(module), module


def test_starting_the_app_does_not_import_openpyxl() -> None:
    loaded = modules_after_import("cohere_tui.app")
    assert "textual" in loaded
    assert "openpyxl" not in loaded


OPEN_THE_APP = """
import datetime as dt, json, shutil, sys, tempfile
from importlib import resources
from pathlib import Path
from cohere_tui.app import CohereApp
from cohere_tui.document import SessionDocument
from cohere_tui.screens.workspace import WorkspaceScreen

folder = Path(tempfile.mkdtemp())
path = folder / "demo.toml"
path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
seen = {}


class Probe(CohereApp):
    def on_mount(self):
        super().on_mount()
        self.set_timer(0.3, self.visit)

    async def visit(self):
        screen = self.screen
        seen["workspace"] = isinstance(screen, WorkspaceScreen)
        for number in (2, 3, 4, 5, 1):  # every step, as the room would
            await screen.run_action(f"goto({number})")
        self.call_after_refresh(self.exit)


Probe(document=SessionDocument.open(path), today=lambda: dt.date(2026, 11, 23)).run(
    headless=True, size=(100, 30)
)
shutil.rmtree(folder)
seen["modules"] = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps(seen))
"""


def test_opening_the_app_on_a_session_does_not_import_openpyxl() -> None:
    """The app runs headless on the demo session, through every step, and exits."""
    result = subprocess.run(
        [sys.executable, "-c", OPEN_THE_APP], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["workspace"] is True
    assert "textual" in seen["modules"]
    assert "openpyxl" not in seen["modules"]
