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


def test_starting_the_app_does_not_import_openpyxl() -> None:
    loaded = modules_after_import("cohere_tui.app")
    assert "textual" in loaded
    assert "openpyxl" not in loaded
