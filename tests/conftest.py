"""Every test runs with its own settings folder, so nothing reads or writes the user's."""

from __future__ import annotations

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
