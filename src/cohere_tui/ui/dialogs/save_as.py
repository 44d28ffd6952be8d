"""Save as… and Save a copy as…: a path, prefilled with a place that can be written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from ...document import SessionDocument
from ...recovery import suggest_path
from ...store import SessionFileError, save_session
from .form import FormDialog, FormField


def parse_target(text: str, current: Path) -> Path:
    """The file a typed path names: a folder gets the session's name, .toml is added."""
    target = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or target.is_dir():
        target = target / current.name
    if target.suffix.lower() != ".toml":
        target = target.with_name(target.name + ".toml")
    if target.exists():
        raise ValueError(f"{target} already exists; choose another name")
    return target


def ask_save_as(
    app: App[Any],
    document: SessionDocument,
    *,
    continue_there: bool,
    sessions_dir: Path | None = None,
    reason: str = "",
    done: Callable[[Path], None] | None = None,
) -> None:
    """Ask for a path and save there. With ``continue_there`` the session goes on in the new
    file (and its lock moves with it); otherwise a copy is written and work goes on here.
    A path that cannot be written keeps the dialog open with the reason."""
    written: list[Path] = []

    def check(values: dict[str, Any]) -> dict[str, str]:
        target: Path = values["path"]
        try:
            if continue_there:
                document.save_as(target)
            else:
                save_session(document.session, target)
        except SessionFileError as exc:
            return {"path": exc.lines[0].split(": ", 1)[-1] + " — choose another place"}
        written.append(target)
        return {}

    def finished(values: dict[str, Any] | None) -> None:
        if values is not None and written and done is not None:
            done(written[-1])

    title = "Save as…" if continue_there else "Save a copy as…"
    help_text = (
        "The session goes on in this file; the original file is left as it was."
        if continue_there
        else "A copy is written there; the session goes on in its own file."
    )
    if reason:
        help_text = f"{reason}\n{help_text}"
    app.push_screen(
        FormDialog(
            title,
            [
                FormField(
                    "path",
                    "File",
                    required=True,
                    parse=lambda text: parse_target(text, document.path),
                    help=help_text,
                )
            ],
            {"path": str(suggest_path(document, sessions_dir))},
            check=check,
        ),
        finished,
    )
