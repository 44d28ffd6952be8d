"""The store, where the mutation run found it untested: the exact sentences and rows a
facilitator relies on when a session file is read, written or named."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cohere_tui import store

PATH = Path("sessions") / "harmon.toml"


# ----- broken TOML ---------------------------------------------------------------------------


def test_a_toml_error_without_a_place_still_names_the_file() -> None:
    """Python 3.11's reader always gives a place, but another reader may not: the line still
    starts with the file's name, as every refusal does."""
    error = store._syntax_error(tomllib.TOMLDecodeError("Something odd"), "x = 1\n", PATH)
    assert error.lines == [f"{PATH}: TOML syntax: Something odd; fix the file in a text editor"]


def refusal(tmp_path: Path, raw: bytes | str) -> list[str]:
    """The lines a facilitator reads when the file cannot be opened, with ``{path}`` for the
    file's name; the file is never changed."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    path = tmp_path / "harmon.toml"
    path.write_bytes(raw)
    with pytest.raises(store.SessionFileError) as refused:
        store.load_session(path)
    assert path.read_bytes() == raw
    return [line.replace(str(path), "{path}") for line in refused.value.lines]


HEAD = 'schema_version = 2\ntitle = "x"\n'
LONG = "9" * 5000


def test_a_far_too_long_number_is_placed_after_a_blank_first_line(tmp_path: Path) -> None:
    """The place of a number too long to read counts a blank first line too."""
    assert refusal(tmp_path, f'\nschema_version = {LONG}\ntitle = "x"\n') == [
        "{path}:2:18: a number is far too long to read (thousands of digits); no value in a "
        "session is that long — fix the file in a text editor"
    ]


def test_a_byte_that_is_not_utf8_is_placed_after_a_blank_first_line(tmp_path: Path) -> None:
    """The line and column of a byte that is not UTF-8 count a blank first line too."""
    assert refusal(tmp_path, b'\ntitle = "caf\xe9"\n') == [
        "{path}:2:13: the file is not UTF-8 text; save it as UTF-8 and try again"
    ]


# ----- text in another encoding ----------------------------------------------------------------

SESSION_TEXT = HEAD + 'organisation = "Harmon County — familles, café"\n'
WIDE = "{path}: the file is {name} text, not UTF-8; save it as UTF-8 (in most editors: Save as…, Encoding: UTF-8) and open it again"


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
@pytest.mark.parametrize("bom", [True, False], ids=["with a mark", "without a mark"])
def test_a_session_saved_as_utf16_or_utf32_is_named_so(
    tmp_path: Path, codec: str, name: str, bom: bool
) -> None:
    """An editor's UTF-16 or UTF-32, in either byte order, marked or not: the room is told
    which encoding it is, not that the file is binary."""
    raw = ("\ufeff" + SESSION_TEXT if bom else SESSION_TEXT).encode(codec)
    assert refusal(tmp_path, raw) == [WIDE.format(path="{path}", name=name)]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("s=1\n".encode("utf-16-le"), "UTF-16"),
        ("s=1\n".encode("utf-16-be"), "UTF-16"),
        ("s=".encode("utf-32-le"), "UTF-32"),
        ("s=".encode("utf-32-be"), "UTF-32"),
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfes\x00", "UTF-16"),
    ],
    ids=["16 LE", "16 BE", "32 LE", "32 BE", "32 LE mark", "32 BE mark", "16 LE mark"],
)
def test_a_wide_file_of_eight_bytes_or_less_is_named_so(
    tmp_path: Path, raw: bytes, name: str
) -> None:
    """The shortest files the guess reads (eight bytes), and marks alone."""
    assert refusal(tmp_path, raw) == [WIDE.format(path="{path}", name=name)]


def test_a_nul_past_the_first_8_kib_is_a_toml_error_with_its_place(tmp_path: Path) -> None:
    """Only the first 8 KiB decide that a file is binary; a NUL further on is named with its
    line and column like any character TOML does not allow."""
    padding = "# " + "a" * (8192 - len(HEAD) - 3) + "\n"
    raw = (HEAD + padding).encode() + b"\x00\n"
    assert len(HEAD + padding) == 8192
    assert refusal(tmp_path, raw) == [
        "{path}:4:1: TOML syntax: Invalid statement; fix the file in a text editor"
    ]


# ----- content that is not a session ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param(
            HEAD + "goals = [3]\n",
            "{path}: goal #1: Input should be a valid dictionary or instance of Goal (found 3); "
            "correct it in the file",
            id="an item that is not a table",
        ),
        pytest.param(
            HEAD + "[scope]\nquestion = 3\n",
            "{path}: scope: question: Input should be a valid string (found 3); correct it in "
            "the file",
            id="scope",
        ),
        pytest.param(
            HEAD + "[readiness.relational_trust]\nrating = 9\n",
            "{path}: readiness: relational_trust.rating: Input should be less than or equal to "
            "4 (found 9); correct it in the file",
            id="readiness",
        ),
        pytest.param(
            HEAD + '[[initiatives]]\nid = "I1"\nname = "n"\nlevel = "planet"\n',
            "{path}: initiative I1: level: Input should be 'state', 'region', 'county', "
            "'district', 'school' or 'community' (found 'planet'); correct it in the file",
            id="one of six names, all shown",
        ),
        pytest.param(
            HEAD + "cycle = [1]\n",
            "{path}: session: cycle: must be a whole number (found [1]); correct it in the file",
            id="a whole number given a list",
        ),
        pytest.param(
            HEAD + '[[indicators]]\nid = "M1"\nname = "n"\nbaseline = [1]\n',
            "{path}: indicator M1: baseline: must be a number (found [1]); correct it in the file",
            id="a number given a list",
        ),
        pytest.param(
            HEAD + '[[parking_lot]]\nid = "P1"\ntext = "t"\nadded = 2026-01-05\ndone = 2.5\n',
            "{path}: parking-lot item P1: done: must be true or false (found 2.5); "
            "correct it in the file",
            id="a flag given a decimal",
        ),
        pytest.param(
            HEAD + '[[parking_lot]]\nid = "P1"\ntext = "t"\nadded = 2026-01-05\ndone = "yes"\n',
            "{path}: parking-lot item P1: done: must be true or false written without "
            "quotes, not text (found 'yes'); correct it in the file",
            id="a flag given text",
        ),
        pytest.param(
            HEAD + "a_very_long_unknown_field_name_here = 1\n",
            "{path}: session: a_very_long_unknown_fie…: is not a field cohere-tui knows; remove "
            "it or check its spelling",
            id="a long field name, shortened",
        ),
        pytest.param(
            HEAD + f'organisation = ["{"a" * 56}"]\n',
            f"{{path}}: session: organisation: Input should be a valid string (found "
            f"['{'a' * 56}']); correct it in the file",
            id="a value of 60 characters, whole",
        ),
        pytest.param(
            HEAD + f'organisation = ["{"a" * 57}"]\n',
            f"{{path}}: session: organisation: Input should be a valid string (found "
            f"['{'a' * 55}…); correct it in the file",
            id="a value of 61 characters, shortened",
        ),
    ],
)
def test_content_problems_name_the_item_and_the_field_word_for_word(
    tmp_path: Path, text: str, line: str
) -> None:
    """The sentence a facilitator reads for content a session cannot hold, whole."""
    assert refusal(tmp_path, text) == [line]


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        pytest.param('x = "———"\n', "utf-32-le", "UTF-32", id="UTF-32 LE, 3 dashes in 10"),
        pytest.param('x = "———"\n', "utf-32-be", "UTF-32", id="UTF-32 BE, 3 dashes in 10"),
        pytest.param('x = "—ab"\n', "utf-16-le", "UTF-16", id="UTF-16 LE, 1 dash in 10"),
        pytest.param('x = "—ab"\n', "utf-16-be", "UTF-16", id="UTF-16 BE, 1 dash in 10"),
        pytest.param(
            'title = "🙂🙂🙂🙂🙂 Harmon families plan"\n',
            "utf-32-be",
            "UTF-32",
            id="UTF-32 BE with emoji",
        ),
        pytest.param(
            'title = "🙂🙂🙂🙂🙂 Harmon families plan"\n',
            "utf-32-le",
            "UTF-32",
            id="UTF-32 LE with emoji",
        ),
    ],
)
def test_wide_text_with_some_characters_beyond_latin1_is_still_named_so(
    tmp_path: Path, text: str, codec: str, name: str
) -> None:
    """Text in UTF-16 or UTF-32 with dashes or emoji among plain letters (as many as the guess
    allows: nine in ten characters within Latin-1) is still named by its encoding."""
    assert refusal(tmp_path, text.encode(codec)) == [WIDE.format(path="{path}", name=name)]
