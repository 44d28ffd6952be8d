"""Everything works with no network at all: no socket is ever opened."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from cohere_tui.cycle import write_next_cycle
from cohere_tui.document import SessionDocument
from cohere_tui.edits import SetDetails
from cohere_tui.store import load_session
from cohere_tui.updates import plan_updates
from cohere_tui.workbook import export_workbook


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    tried: list[tuple[Any, ...]] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        tried.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return tried


def test_open_lock_save_export_import_and_next_cycle_offline(
    tmp_path: Path, no_network: list[tuple[Any, ...]]
) -> None:
    demo = tmp_path / "demo.toml"
    with resources.as_file(resources.files("cohere_tui") / "data" / "demo.toml") as source:
        shutil.copy(source, demo)
    doc = SessionDocument.open(demo)
    doc.take_lock()
    doc.apply(SetDetails({"title": "Offline"}))
    doc.save()
    workbook = export_workbook(doc.session, tmp_path / "plan.xlsx", today=dt.date(2026, 11, 23))
    plan = plan_updates(doc.session, workbook.path)
    assert not plan.has_changes
    nxt = write_next_cycle(demo, dt.date(2026, 11, 23))
    assert load_session(nxt).session.cycle == doc.session.cycle + 1
    doc.release_lock()
    assert no_network == []
