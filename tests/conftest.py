"""Every test runs with its own settings folder, so nothing reads or writes the user's; and
every session file the program saves during a test is reopened afterwards with the real
loader."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import cohere_tui
from saved_sessions import reopen_problems

# the test processes are no app: the collector runs as usual in them from the start
cohere_tui.started()

HOOKS = Path(__file__).with_name("_hooks")
"""Holds the sitecustomize that logs the saves of the processes a test starts."""


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


@pytest.fixture(autouse=True)
def _saved_sessions_reopen(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every session file the program saves in a test — in the test's own process, or in a
    command the test runs — that still holds what was saved when the test ends is reopened
    with :func:`cohere_tui.store.load_session`, and must load: a save that writes a file the
    app then refuses to open fails the test that made it. (A file the test changed on
    purpose after the save is left alone.)"""
    from cohere_tui import store

    written: dict[str, str] = {}
    real = store.atomic_write

    def logged(path: Path, payload: bytes, **kwargs: Any) -> None:
        real(path, payload, **kwargs)
        if payload.startswith(b"schema_version"):
            written[os.path.abspath(path)] = hashlib.sha256(payload).hexdigest()

    monkeypatch.setattr(store, "atomic_write", logged)
    log = tmp_path_factory.getbasetemp() / "saved-sessions.log"
    log.unlink(missing_ok=True)
    monkeypatch.setenv("COHERE_TUI_SAVE_LOG", str(log))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(HOOKS), os.environ.get("PYTHONPATH")]))
    )
    yield
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            path, digest = json.loads(line)
            written[path] = digest
    problems = reopen_problems(written)
    if problems:
        pytest.fail("a saved session does not reopen:\n" + "\n".join(problems), pytrace=False)


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
