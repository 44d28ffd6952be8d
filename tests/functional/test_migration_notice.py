"""Pilot test: a file of an older schema opens, the room is told, and saving keeps the original."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cohere_tui import store
from cohere_tui.ui.screens.workspace import WorkspaceScreen

from .conftest import make_app, wait_until

FIXTURE = Path(__file__).parent.parent / "fixtures" / "older-schema.toml"


def upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """The test-only upgrade of tests/fixtures/older-schema.toml (see its header)."""
    data["organisation"] = data.pop("organization")
    for action in data.get("actions", []):
        if "last_update" in action:
            action["latest_update"] = action.pop("last_update")
    return data


async def test_older_file_is_announced_and_its_original_kept(
    sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, upgrade_1_to_2)
    path = sessions_dir / "riverside.toml"
    shutil.copyfile(FIXTURE, path)
    original = path.read_bytes()
    app = make_app(path, sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceScreen) and getattr(app.screen, "ready", True),
        )
        messages = [n.message for n in app._notifications]
        assert any("schema 1" in m and "riverside.toml.schema-1.bak" in m for m in messages), (
            messages
        )
        assert path.read_bytes() == original  # nothing written until a save
        await pilot.press("ctrl+s")
        await pilot.pause()
    backup = sessions_dir / "riverside.toml.schema-1.bak"
    assert backup.read_bytes() == original
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == 2
    assert saved["organisation"] == "Riverside Unified and Riverside County Health"
