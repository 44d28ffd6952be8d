"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import argparse

import pytest

from cohere_tui import cli
from cohere_tui.document import SessionDocument


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[SessionDocument | None]:
    """Replace the app with a recorder of what it would have opened."""
    seen: list[SessionDocument | None] = []

    def fake_run(args: argparse.Namespace, document: SessionDocument | None) -> int:
        seen.append(document)
        return 0

    monkeypatch.setattr(cli, "_run_app", fake_run)
    return seen
