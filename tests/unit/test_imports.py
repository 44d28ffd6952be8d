"""The core stays light: importing it never pulls in Textual or openpyxl (checked in a fresh
interpreter, since this test process has long since imported both)."""

from __future__ import annotations

import json
import subprocess
import sys

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


def headless_modules() -> list[str]:
    """Every module of the package outside ``cohere_tui.ui``, found by walking it (a new
    module is checked without anyone adding it here)."""
    import pkgutil

    import cohere_tui

    names = ["cohere_tui"]
    for info in pkgutil.walk_packages(cohere_tui.__path__, "cohere_tui."):
        if info.name == "cohere_tui.ui" or info.name.startswith("cohere_tui.ui."):
            continue
        if info.name == "cohere_tui.__main__":  # runs the command line when imported
            continue
        names.append(info.name)
    return names


HEADLESS = headless_modules()
LIGHT = ("cohere_tui.models", "cohere_tui.store", "cohere_tui.validation",
         "cohere_tui.document", "cohere_tui.edits", "cohere_tui.cli")  # fmt: skip


def test_the_walk_finds_the_core_and_not_the_ui() -> None:
    assert {"cohere_tui.models", "cohere_tui.store", "cohere_tui.document"} <= set(HEADLESS)
    assert "cohere_tui.cli" in HEADLESS
    assert not [name for name in HEADLESS if name.startswith("cohere_tui.ui")]


def test_the_core_imports_neither_textual_nor_openpyxl() -> None:
    loaded = modules_after_import(*LIGHT)
    assert "cohere_tui" in loaded and "pydantic" in loaded and "tomli_w" in loaded
    assert not loaded & set(HEAVY)


def test_the_check_itself_sees_heavy_imports() -> None:
    """The probe is not blind: importing openpyxl is seen."""
    assert "openpyxl" in modules_after_import("cohere_tui.models", "openpyxl")


def test_no_module_outside_the_ui_imports_textual() -> None:
    """Each module alone, in a fresh interpreter of its own (run side by side)."""
    code = (
        "import importlib, json, sys\n"
        "importlib.import_module(sys.argv[1])\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", code, name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in HEADLESS
    }
    pulled_in = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"{name}: {err}"
        loaded = set(json.loads(out))
        if "textual" in loaded:
            pulled_in[name] = "textual"
        elif "typst" in loaded:  # the typesetting engine: only when a report is written
            pulled_in[name] = "typst"
        elif name in LIGHT and "openpyxl" in loaded:
            pulled_in[name] = "openpyxl"
    assert not pulled_in


def test_starting_the_app_does_not_import_openpyxl() -> None:
    loaded = modules_after_import("cohere_tui.ui.app")
    assert "textual" in loaded
    assert "openpyxl" not in loaded


OPEN_THE_APP = """
import datetime as dt, json, shutil, sys, tempfile
from importlib import resources
from pathlib import Path
from cohere_tui.ui.app import CohereApp
from cohere_tui.document import SessionDocument
from cohere_tui.ui.screens.workspace import WorkspaceScreen

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
    assert "typst" not in seen["modules"]
