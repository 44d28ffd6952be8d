"""The sentences the store gives the room when a save fails, word for word, one per cause."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cohere_tui.files import NotRegularFileError, SymlinkError
from cohere_tui.store import SessionFileError, load_session, write_error

TARGET = Path("sessions") / "harmon.toml"


def test_a_link_is_never_written_through(tmp_path: Path) -> None:
    link = tmp_path / "harmon.toml"
    link.symlink_to(tmp_path / "elsewhere.toml")
    error = write_error(link, SymlinkError(link))
    assert error.path == link
    assert error.lines == [
        f"{link}: not saved: the file is a symbolic link (to {tmp_path / 'elsewhere.toml'}), "
        "and cohere-tui never writes through a link; open the file it points to, or save a "
        "copy elsewhere (Save as…)"
    ]


def test_a_folder_in_the_file_s_place_is_named() -> None:
    error = write_error(TARGET, NotRegularFileError(TARGET, "a folder"))
    assert error.lines == [
        f"{TARGET}: not saved: it is a folder, not a regular file; the session was not "
        "written there — save a copy elsewhere (Save as…)"
    ]


@pytest.mark.parametrize(
    ("exc", "sentence"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied"),
            "could not save (Permission denied); the folder or file is read-only; save a copy "
            "elsewhere",
        ),
        (
            OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)),
            f"could not save ({os.strerror(errno.ENOSPC)}); the disk is full; free some space "
            "or save a copy elsewhere",
        ),
        (
            OSError(errno.EIO, "Input/output error"),
            "could not save (Input/output error); save a copy elsewhere",
        ),
        (
            OSError("the network share went away"),
            "could not save (the network share went away); save a copy elsewhere",
        ),
    ],
    ids=["read-only", "disk full", "other", "no strerror"],
)
def test_other_failures_name_the_reason_and_what_to_do(exc: OSError, sentence: str) -> None:
    assert write_error(TARGET, exc).lines == [f"{TARGET}: {sentence}"]


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        pytest.param(
            b'title = "x"\n',
            [
                "{path}: schema_version: missing; this is not a cohere-tui session file (add `schema_version = 2` at the top if it is one)"
            ],
            id="no version",
        ),
        pytest.param(
            b'schema_version = "2"\ntitle = "x"\n',
            [
                "{path}: schema_version: must be a whole number, not '2'; write it without quotes, e.g. `schema_version = 2`"
            ],
            id="version as text",
        ),
        pytest.param(
            b'schema_version = true\ntitle = "x"\n',
            [
                "{path}: schema_version: must be a whole number, not True; write it without quotes, e.g. `schema_version = 2`"
            ],
            id="version as a flag",
        ),
        pytest.param(
            b'schema_version = 3\ntitle = "x"\n',
            [
                "{path}: schema_version: this file was written by a newer cohere-tui (schema 3; this one reads up to 2); upgrade cohere-tui to open it — the file was not changed"
            ],
            id="newer version",
        ),
        pytest.param(
            b'schema_version = 0\ntitle = "x"\n',
            [
                "{path}: schema_version: version 0 is not one cohere-tui knows (it reads versions 1 to 2); check the number at the top of the file — the file was not changed"
            ],
            id="unknown older version",
        ),
        pytest.param(
            b"\xff\xfes\x00c\x00",
            [
                "{path}: the file is UTF-16 text, not UTF-8; save it as UTF-8 (in most editors: Save as…, Encoding: UTF-8) and open it again"
            ],
            id="UTF-16 with a mark",
        ),
        pytest.param(
            b"s\x00c\x00h\x00e\x00m\x00a\x00_\x00v\x00",
            [
                "{path}: the file is UTF-16 text, not UTF-8; save it as UTF-8 (in most editors: Save as…, Encoding: UTF-8) and open it again"
            ],
            id="UTF-16 without a mark",
        ),
        pytest.param(
            b"s\x00\x00\x00c\x00\x00\x00h\x00\x00\x00e\x00\x00\x00",
            [
                "{path}: the file is UTF-32 text, not UTF-8; save it as UTF-8 (in most editors: Save as…, Encoding: UTF-8) and open it again"
            ],
            id="UTF-32 without a mark",
        ),
        pytest.param(
            b"schema_version = 2\n\x00",
            ["{path}: this is a binary file, not a session; open a .toml session file"],
            id="binary",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "caf\xe9"\n',
            ["{path}:2:13: the file is not UTF-8 text; save it as UTF-8 and try again"],
            id="not UTF-8",
        ),
        pytest.param(
            b"schema_version = 2\ntitle = \n",
            ["{path}:2:9: TOML syntax: Invalid value; fix the file in a text editor"],
            id="TOML value missing",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\ntitle = "y"\n',
            ["{path}:3:12: TOML syntax: Cannot overwrite a value; fix the file in a text editor"],
            id="TOML key twice",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x',
            ["{path}:2:11: TOML syntax: Unterminated string; fix the file in a text editor"],
            id="TOML string left open",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[goals]]\nid = "G1"\n',
            ["{path}: goal G1: title: is missing; add it"],
            id="field missing",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[goals]]\ntitle = "t"\n',
            ["{path}: goal #1: id: is missing; add it"],
            id="item without an ID",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[goals]]\nid = "  "\ntitle = "t"\n',
            [
                "{path}: goal #1: id: '  ' is not a valid ID; expected G1, G2, … (found '  '); correct it in the file"
            ],
            id="item with a blank ID",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[goals]]\nid = "G1"\ntitle = "t"\n[[goals]]\nid = "G2"\ntitle = "t"\nextra = 1\n',
            [
                "{path}: goal G2: extra: is not a field cohere-tui knows; remove it or check its spelling"
            ],
            id="second item",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[goals]]\nid = "GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG"\ntitle = "t"\n',
            [
                "{path}: goal GGGGGGGGGGGGGGGGGGGGGGG…: id: 'GGGGGGGGGGGGGGGGGGGGGGGG…' is not a valid ID; expected G1, G2, … (found 'GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG'); correct it in the file"
            ],
            id="long ID",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\ncolour = "red"\n',
            [
                "{path}: session: colour: is not a field cohere-tui knows; remove it or check its spelling"
            ],
            id="unknown field",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\ncreated = 2026-01-01T10:00:00\n',
            [
                "{path}: session: created: a date has no time of day; write it as YYYY-MM-DD (found datetime.datetime(2026, 1, 1, 10, 0)); correct it in the file"
            ],
            id="date with a time",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\ncreated = "2026-01-01"\n',
            [
                "{path}: session: created: a date is written without quotes, as YYYY-MM-DD (e.g. 2026-05-01), not as text (found '2026-01-01'); correct it in the file"
            ],
            id="date as text",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\ncreated = true\n',
            [
                "{path}: session: created: a date is written as YYYY-MM-DD (e.g. 2026-05-01) (found True); correct it in the file"
            ],
            id="date as a flag",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "n"\nalignment = { vision = "2" }\n',
            [
                "{path}: initiative I1: alignment.vision: must be a whole number written without quotes, not text (found '2'); correct it in the file"
            ],
            id="rating as text",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "n"\nalignment = { vision = 2.5 }\n',
            [
                "{path}: initiative I1: alignment.vision: must be a whole number, without a decimal point (found 2.5); correct it in the file"
            ],
            id="rating with a decimal point",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "n"\nalignment = { vision = true }\n',
            [
                "{path}: initiative I1: alignment.vision: must be a whole number, not true (found True); correct it in the file"
            ],
            id="rating as a flag",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "n"\nalignment = { vision = 9 }\n',
            [
                "{path}: initiative I1: alignment.vision: Input should be less than or equal to 3 (found 9); correct it in the file"
            ],
            id="rating out of range",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "n"\nsector = "space"\n',
            [
                "{path}: initiative I1: sector: must be one of 7 names, such as 'education', 'health', 'social_services', 'economic_development', 'community', 'government' (or another of the 7) (found 'space'); correct it in the file"
            ],
            id="one of many names",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "n"\nstatus = "asleep"\n',
            [
                "{path}: initiative I1: status: Input should be 'planned', 'active' or 'ending' (found 'asleep'); correct it in the file"
            ],
            id="one of a few names",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[initiatives]]\nid = "I1"\nname = "n"\nlead = ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]\n',
            [
                "{path}: initiative I1: lead: Input should be a valid string (found ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…); correct it in the file"
            ],
            id="long value",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[participants]]\nname = "Dana\\u001b"\n',
            [
                "{path}: participant 'Dana\\x1b': name: the text holds the control character U+001B (escape), which would garble the screen; remove it from the file (found 'Dana\\x1b')"
            ],
            id="control character",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[checkins]]\ndate = 2026-01-05\nnote = 3\n',
            [
                "{path}: check-in 2026-01-05: note: Input should be a valid string (found 3); correct it in the file"
            ],
            id="item named by its date",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[vision]\nstatement = 3\n',
            [
                "{path}: vision: statement: Input should be a valid string (found 3); correct it in the file"
            ],
            id="vision",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[reflection]\nworked = 3\n',
            [
                "{path}: reflection: worked: Input should be a valid string (found 3); correct it in the file"
            ],
            id="reflection",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\ngoals = 3\n',
            [
                "{path}: session: goals: Input should be a valid list (found 3); correct it in the file"
            ],
            id="list instead of table",
        ),
        pytest.param(
            b'schema_version = 2\ntitle = "x"\n[[goals]]\nid = "G1"\ntitle = "t"\npopulations = ["a", 3]\n',
            [
                "{path}: goal G1: populations.1: Input should be a valid string (found 3); correct it in the file"
            ],
            id="list entry",
        ),
    ],
)
def test_a_file_that_cannot_be_opened_is_named_with_the_place_and_what_to_do(
    tmp_path: Path, raw: bytes, lines: list[str]
) -> None:
    """Every sentence whole: which file, line and column or item and field, what is wrong,
    and what to do about it."""
    path = tmp_path / "harmon.toml"
    path.write_bytes(raw)
    with pytest.raises(SessionFileError) as refused:
        load_session(path)
    assert refused.value.lines == [line.format(path=path) for line in lines]
    assert path.read_bytes() == raw
