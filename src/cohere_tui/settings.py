"""Per-user settings: the theme and the timer's default, kept between meetings.

Stored as TOML in the user's configuration folder (``$COHERE_TUI_CONFIG_DIR``, else
``$XDG_CONFIG_HOME/cohere-tui``, else ``~/.config/cohere-tui``). Headless: no Textual here.
A missing, unreadable or broken settings file never stops the app: the defaults are used and
the problem is reported in words.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError

from . import files
from .validation import printable, shown

ThemeName = Literal["cohere-dark", "cohere-light", "cohere-high-contrast"]
DEFAULT_THEME: ThemeName = "cohere-dark"
SETTINGS_FILE = "settings.toml"
MAX_SETTINGS_BYTES = 64 * 1024
"""A settings file is a few lines; a larger one is not read."""


class Settings(BaseModel):
    """What the app remembers for this user, whatever session is open."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    theme: ThemeName = DEFAULT_THEME
    """Colour theme: dark, light, or high contrast for a weak projector or a bright room."""
    timer_minutes: Annotated[int, Strict(), Field(ge=1, le=24 * 60)] = 10
    """Minutes the activity timer offers when it is started."""


def config_dir() -> Path:
    """The folder that holds this user's settings."""
    explicit = os.environ.get("COHERE_TUI_CONFIG_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".config"
    return base / "cohere-tui"


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


@dataclass
class LoadedSettings:
    settings: Settings
    problem: str = ""
    """Why the file could not be used, in words; empty when all went well."""


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings; fall back to the defaults, saying why, if the file is unusable."""
    path = path or settings_path()
    where = printable(str(path), one_line=True)
    try:
        raw = files.read_capped(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except files.NotRegularFileError as exc:
        return LoadedSettings(
            Settings(), f"{where}: is {exc.kind}, not a settings file; using defaults"
        )
    except files.FileTooLargeError:
        return LoadedSettings(
            Settings(),
            f"{where}: too large to be a settings file; using defaults — delete it to reset",
        )
    except OSError as exc:
        return LoadedSettings(
            Settings(), f"{where}: could not read the settings ({exc.strerror}); using defaults"
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # ValueError: TOML's too
        reason = shown(str(exc) or type(exc).__name__, 120)
        return LoadedSettings(
            Settings(),
            f"{where}: not valid TOML ({reason}); using defaults — delete the file to reset",
        )
    kept: dict[str, object] = {}
    problems: list[str] = []
    for name in Settings.model_fields:
        if name not in data:
            continue
        try:
            Settings.model_validate({name: data[name]})
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"]
            found = shown(repr(data[name]), 40)
            problems.append(f"{where}: {name}: {reason} (found {found}); using the default")
        else:
            kept[name] = data[name]
    return LoadedSettings(Settings.model_validate(kept), "\n".join(problems))


def save_settings(settings: Settings, path: Path | None = None) -> str:
    """Write the settings atomically; returns a problem in words, or an empty string."""
    from .store import atomic_write

    path = path or settings_path()
    payload = tomli_w.dumps(settings.model_dump(mode="json")).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # a settings file kept as a link (dotfiles in a repository) is written where it points
        atomic_write(Path(os.path.realpath(path)), payload, backup=False)
    except OSError as exc:
        return f"{path}: could not save the settings ({exc.strerror or exc})"
    return ""
