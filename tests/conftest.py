"""Every test runs with its own settings folder, so nothing reads or writes the user's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("COHERE_TUI_CONFIG_DIR", str(folder))
    return folder
