"""Per-user settings: defaults, round trip, and a broken file that never stops the app."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cohere_tui.settings import (
    DEFAULT_THEME,
    Settings,
    config_dir,
    load_settings,
    save_settings,
    settings_path,
)


def test_the_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COHERE_TUI_CONFIG_DIR", str(tmp_path / "mine"))
    assert config_dir() == tmp_path / "mine"
    monkeypatch.delenv("COHERE_TUI_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert settings_path() == tmp_path / "xdg" / "cohere-tui" / "settings.toml"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config_dir() == tmp_path / "home" / ".config" / "cohere-tui"


def test_missing_file_gives_the_defaults() -> None:
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.settings.theme == DEFAULT_THEME
    assert loaded.problem == ""
    assert not settings_path().exists()  # reading never writes


def test_round_trip() -> None:
    settings = Settings(theme="cohere-light", timer_minutes=25)
    assert save_settings(settings) == ""
    text = settings_path().read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"theme": "cohere-light", "timer_minutes": 25}
    assert load_settings().settings == settings


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ('theme = "neon"\n', "theme"),
        ("timer_minutes = 0\n", "timer_minutes"),
        ('timer_minutes = "ten"\n', "timer_minutes"),
    ],
)
def test_a_bad_value_is_named_and_the_rest_kept(content: str, field: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    other = 'theme = "cohere-light"\n' if field != "theme" else "timer_minutes = 15\n"
    path.write_text(content + other, encoding="utf-8")
    loaded = load_settings()
    assert f"{path}: {field}:" in loaded.problem
    assert "using the default" in loaded.problem
    assert getattr(loaded.settings, field) == getattr(Settings(), field)
    if field == "theme":
        assert loaded.settings.timer_minutes == 15
    else:
        assert loaded.settings.theme == "cohere-light"


@pytest.mark.parametrize("raw", [b"theme = \n", b"\xff\xfe not utf-8", b"[[[["])
def test_unreadable_toml_gives_the_defaults_and_says_what_to_do(raw: bytes) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert str(path) in loaded.problem
    assert "delete the file to reset" in loaded.problem
    assert path.read_bytes() == raw  # left as it was


def test_unknown_keys_are_ignored() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('colour = "red"\ntheme = "cohere-high-contrast"\n', encoding="utf-8")
    loaded = load_settings()
    assert loaded.problem == ""
    assert loaded.settings.theme == "cohere-high-contrast"


def test_a_settings_folder_that_cannot_be_made_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    problem = save_settings(Settings(), blocker / "settings.toml")
    assert problem.startswith(f"{blocker / 'settings.toml'}: could not save the settings")
