"""Every test runs with its own settings folder, so nothing reads or writes the user's."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("COHERE_TUI_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the bundled demo session, as `sessions/harmon.toml` under the test's folder."""
    folder = tmp_path / "sessions"
    folder.mkdir(exist_ok=True)
    path = folder / "harmon.toml"
    path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    return path


@pytest.fixture(scope="session")
def pdftotext() -> Callable[[Path], str]:
    """Read a PDF's text back as poppler's pdftotext sees it (invisible break marks removed).

    Without pdftotext the test is skipped, unless CI=true: then it fails (.ci/run installs
    poppler-utils), so CI never skips it silently.
    """
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftotext is not on PATH and CI=true (.ci/run installs poppler-utils)")
        pytest.skip("pdftotext is not on PATH; install poppler-utils to run this test")

    def read(pdf: Path) -> str:
        out = subprocess.run(
            [tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
        )
        return out.stdout.replace("\u200b", "")

    return read
