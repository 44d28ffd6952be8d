"""The store, where the mutation run found it untested: the exact sentences and rows a
facilitator relies on when a session file is read, written or named."""

from __future__ import annotations

import tomllib
from pathlib import Path

from cohere_tui import store

PATH = Path("sessions") / "harmon.toml"


# ----- broken TOML ---------------------------------------------------------------------------


def test_a_toml_error_without_a_place_still_names_the_file() -> None:
    """Python 3.11's reader always gives a place, but another reader may not: the line still
    starts with the file's name, as every refusal does."""
    error = store._syntax_error(tomllib.TOMLDecodeError("Something odd"), "x = 1\n", PATH)
    assert error.lines == [f"{PATH}: TOML syntax: Something odd; fix the file in a text editor"]
