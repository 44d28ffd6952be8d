"""Property tests of the loader on random and mutated session files.

Whatever the bytes, :func:`load_session` either succeeds — and then the session passes the
cross-reference checks and save → load → save gives the same bytes — or raises
:class:`SessionFileError`, whose every line names the file (with line and column for a TOML
syntax error), stays one short printable line and says what to do. No other exception, and
the file is never touched. The examples are derandomized and no example database is kept, so
a run is the same everywhere.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from cohere_tui.models import CONTROL_CHARACTERS, MAX_MEASURE
from cohere_tui.store import SessionFileError, dumps_session, load_session, save_session
from cohere_tui.validation import check_session

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

DEMO = (resources.files("cohere_tui") / "data" / "demo.toml").read_bytes()
DEMO_LINES = DEMO.decode("utf-8").split("\n")
DEMO_DATA = tomllib.loads(DEMO.decode("utf-8"))

HINT = re.compile(
    r"; .*\b(fix|correct|remove|add|give|choose|restore|save|open|upgrade|check|name|ask|"
    r"copy|type|write|retype|keep|delete|rename|set)\b"
)
"""A message says what to do: after a semicolon, an instruction."""

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
TOML_PLACE = re.compile(r"^(?P<file>.*):(?P<line>\d+):(?P<col>\d+): TOML syntax: ")


@contextmanager
def session_file(raw: bytes, name: str = "session.toml") -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        yield path


def check_file(raw: bytes) -> bool:
    """The property; returns whether the file loaded."""
    with session_file(raw) as path:
        folder = path.parent
        try:
            loaded = load_session(path)
        except SessionFileError as exc:
            check_error(exc, path, raw)
            _event(f"refused: {_kind(exc.lines[0])}")
            return False
        assert path.read_bytes() == raw
        assert check_session(loaded.session) == []
        assert not any(CONTROL_CHARACTERS.search(t) for t in _texts(loaded.session.model_dump()))
        # save → load → save is byte-stable
        copy_path = folder / "saved.toml"
        save_session(loaded.session, copy_path)
        first = copy_path.read_bytes()
        assert first == dumps_session(loaded.session)
        again = load_session(copy_path)
        assert again.migrated_from is None
        assert dumps_session(again.session) == first
        save_session(again.session, copy_path, expected=again.fingerprint)
        assert copy_path.read_bytes() == first
        assert not (folder / "saved.toml.bak").exists()  # the second save wrote nothing
        _event("loaded")
        return True


def _texts(node: Any) -> Iterator[str]:
    """Every string in a dumped session, dict keys included."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(key)
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def _event(name: str) -> None:
    """Count outcomes (shown by ``--hypothesis-show-statistics``)."""
    if currently_in_test_context():
        event(name)


def _kind(line: str) -> str:
    for word in ("TOML syntax", "schema_version", "UTF-8", "binary", "empty", "Input should"):
        if word in line:
            return word
    return "content"


def check_error(exc: SessionFileError, path: Path, raw: bytes) -> None:
    assert path.read_bytes() == raw, "a failed load must not touch the file"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "nothing written"
    assert exc.path == path
    assert exc.lines and str(exc) == "\n".join(exc.lines)
    for line in exc.lines:
        assert line.startswith(f"{path}:"), line
        assert not UNSAFE.search(line), repr(line)
        assert len(line) < len(str(path)) + 400, line
        assert HINT.search(line), f"says what to do: {line}"
        if ": TOML syntax: " in line and "nested too deeply" not in line:
            m = TOML_PLACE.match(line)
            assert m is not None, line
            assert 1 <= int(m["line"]) <= raw.count(b"\n") + 1
            assert int(m["col"]) >= 1


# --------------------------------------------------------------------------------------------
# random input


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_random_bytes(raw: bytes) -> None:
    check_file(raw)


TOMLISH = st.text(alphabet=list("[]{}=\"'.,\n #abtuefGIA0123456789-:_\\\t"), max_size=300)


@FUZZ
@given(text=st.one_of(st.text(max_size=400), TOMLISH))
def test_random_text(text: str) -> None:
    check_file(text.encode("utf-8"))


@FUZZ
@given(text=TOMLISH)
def test_random_text_after_a_valid_header(text: str) -> None:
    check_file(f'schema_version = 1\ntitle = "Plan"\n{text}'.encode())


# --------------------------------------------------------------------------------------------
# mutations of the demo file, line by line

ODD_TEXT = [
    "\x00",
    "\x01",
    "\x1b[2J",
    "\x7f",
    "\x85",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # Arabic
    "e\u0301\u0302\u0303",  # combining marks
    "😀👩‍👩‍👧‍👦🏳️‍🌈",
    "\u2028\u2029",
    "\ufeff",
    "\uffff",
    "\u200b",
    "\r\n",
    "\r",
    "\t",
    '"""',
    "'''",
    "\\",
    "=SUM(A1)",
    " ",
]
ODD_STRINGS = st.lists(st.sampled_from(ODD_TEXT) | st.text(max_size=5), max_size=8).map("".join)
ODD_BUT_ALLOWED_STRINGS = ODD_STRINGS.map(lambda text: CONTROL_CHARACTERS.sub("", text))
"""Odd text without the control characters a session refuses (tab and line feed stay)."""

TOML_VALUES = [
    "0",
    "-1",
    "4",
    "1.5",
    "nan",
    "-inf",
    "true",
    "99999999999999999999999999",
    '""',
    '"   "',
    '"x"',
    "'literal'",
    "0001-01-01",
    "9999-12-31",
    "2026-02-28T10:30:00",
    "2026-02-28T10:30:00Z",
    "10:30:00",
    '"2026-13-45"',
    '"2026-01-01"',
    "[]",
    '[1, "a"]',
    "[[1]]",
    "{}",
    '{ id = "G1" }',
    '"G1"',
    '"G99"',
    '["G99"]',
    '["G1", "G1"]',
    '"I1"',
    '"A999"',
    '"vision"',
    '"\\u0000\\u001b[2J\\u202e\\u0301e😀\\u2028\\ufeff\\uffff"',
    '"""\n\nlead and trail\n"""',
    '"ends with a backslash \\\\"',
    '"' + "x" * 100_000 + '"',
    "[" * 40 + "]" * 40,
    "[" * 3000 + "]" * 3000,
    "{ a = " * 2000 + "1" + " }" * 2000,
]
INSERTED_LINES = [
    "[[goals]]",
    "[vision]",
    "[[initiatives]]",
    "[initiatives.alignment]",
    "[[actions]]",
    "[reflection]",
    "[[checkins.updates]]",
    "unknown_key = 1",
    'id = "G1"',
    "G9 = 2",
    "vision = 7",
    "schema_version = 2",
    "schema_version = 0",
    'title = "Again"',
]
RAW_BYTES = [
    b"\xff",
    b"\xc3",
    b"\xc3(",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x00",
    b"\x1b",
    b"\r",
]
ID_RE = re.compile(r'"([GIFAMPD])([0-9]+)"')


@st.composite
def mutated_demo(draw: st.DrawFn) -> bytes:
    lines = list(DEMO_LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "dup", "swap", "value", "odd", "id", "insert"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op in ("value", "odd"):
            keyed = [n for n, line in enumerate(lines) if re.match(r"^[\w\"-]+ = ", line)]
            n = draw(st.sampled_from(keyed))
            key = lines[n].split(" = ", 1)[0]
            if op == "value":
                value = draw(st.sampled_from(TOML_VALUES))
            else:
                value = tomli_w.dumps({"v": draw(ODD_STRINGS)}).split(" = ", 1)[1].rstrip("\n")
            lines[n] = f"{key} = {value}"
        elif op == "id":
            with_ids = [n for n, line in enumerate(lines) if ID_RE.search(line)]
            n = draw(st.sampled_from(with_ids))
            number = draw(st.sampled_from(["1", "2", "99", "0", "01"]))
            lines[n] = ID_RE.sub(rf'"\g<1>{number}"', lines[n], count=1)
        else:
            lines.insert(i, draw(st.sampled_from(INSERTED_LINES)))
    raw = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()) and draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from(RAW_BYTES)) + raw[at:]
    return raw


@FUZZ
@given(raw=mutated_demo())
def test_mutated_demo_lines(raw: bytes) -> None:
    check_file(raw)


# --------------------------------------------------------------------------------------------
# structured mutations: parse the demo, change one place, write valid TOML again

LEAVES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 2, 3, 4, -1, 100, 101]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    ODD_STRINGS,
    st.sampled_from(["", "G1", "G99", "I1", "A1", "F1", "M1", "vision", "data_use", "x" * 100_000]),
    st.sampled_from(["done", "blocked", "high", "overlaps", "horizontal", "Done", "technical"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(1970, 1, 1)]),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.times(),
)
TOML_TREES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "title", "name", "x", "G1", "vision"]), inner, max_size=3
        )
    ),
    max_leaves=8,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _places(value, (*path, n))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


PLACES = [p for p in _places(DEMO_DATA) if p]
TEXT_PLACES = [p for p in PLACES if isinstance(_get(DEMO_DATA, p), str)]
COLLECTIONS = [
    k for k, v in DEMO_DATA.items() if isinstance(v, list) and v and isinstance(v[0], dict)
]


@st.composite
def structured_demo(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(DEMO_DATA)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(["text", "text", "replace", "delete", "duplicate", "reference", "deep"])
        )
        if op == "duplicate":  # the same item (and so the same ID) twice
            items = data[draw(st.sampled_from(COLLECTIONS))]
            if items:
                items.append(copy.deepcopy(draw(st.sampled_from(items))))
            continue
        place = draw(st.sampled_from(TEXT_PLACES if op == "text" else PLACES))
        try:
            parent = _get(data, place[:-1])
            parent[place[-1]]  # still there after earlier changes?
        except (KeyError, IndexError, TypeError):
            continue
        if op == "text":  # odd or huge text where text goes
            parent[place[-1]] = draw(ODD_STRINGS | st.just("x" * 100_000))
        elif op == "replace":
            parent[place[-1]] = draw(TOML_TREES)
        elif op == "delete":
            del parent[place[-1]]
        elif op == "reference":
            parent[place[-1]] = draw(st.sampled_from(["G99", "I99", "F99", "A99", "M99", ["G99"]]))
        else:
            value: Any = draw(st.sampled_from([1, "x", {}]))
            for _ in range(draw(st.sampled_from([30, 400]))):
                value = [value] if draw(st.booleans()) else {"k": value}
            parent[place[-1]] = value
    return data


@FUZZ
@given(data=structured_demo())
def test_structured_mutations_of_the_demo(data: dict[str, Any]) -> None:
    try:
        raw = tomli_w.dumps(data, multiline_strings=True).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # not something TOML can hold
        reject()
    check_file(raw)


# --------------------------------------------------------------------------------------------
# a session the loader accepts is one the rest of the program can work with

FREE_TEXT = {
    "title", "name", "description", "statement", "theory_of_change", "summary", "note",
    "notes", "latest_update", "owner", "lead", "organisation", "population", "funding",
    "outcomes", "data_collected", "indicator", "update", "role", "facilitator", "text",
    "worked", "change", "next_focus", "unit", "source",
}  # fmt: skip
FREE_PLACES = [p for p in TEXT_PLACES if p[-1] in FREE_TEXT]
RATING_PLACES = [p for p in PLACES if len(p) > 1 and p[-2] in ("alignment", "domains")]
NUMBER_PLACES = [p for p in PLACES if p[-1] in ("value", "baseline", "target")]
DATE_PLACES = [p for p in PLACES if isinstance(_get(DEMO_DATA, p), dt.date)]
EXTREME_DATES = [
    dt.date.min,
    dt.date(1, 1, 2),
    dt.date(1970, 1, 1),
    dt.date(9999, 12, 30),
    dt.date.max,
]


@st.composite
def odd_but_valid_demo(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(DEMO_DATA)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["text", "text", "rating", "number", "date"]))
        if kind == "text":
            place = draw(st.sampled_from(FREE_PLACES))
            value: Any = draw(
                ODD_BUT_ALLOWED_STRINGS | st.sampled_from(["x" * 40_000, "=SUM(A1)", "@x"])
            )
        elif kind == "date":  # dates at the ends of the calendar
            place, value = draw(st.sampled_from(DATE_PLACES)), draw(st.sampled_from(EXTREME_DATES))
        elif kind == "rating":
            place, value = draw(st.sampled_from(RATING_PLACES)), draw(st.integers(0, 3))
        else:
            place = draw(st.sampled_from(NUMBER_PLACES))
            value = draw(st.sampled_from([0, -MAX_MEASURE, MAX_MEASURE, 10**15, 1234567.0, 5e-324]))
        _get(data, place[:-1])[place[-1]] = value
    return data


@settings(FUZZ, max_examples=30)
@given(data=odd_but_valid_demo(), today=st.sampled_from([dt.date(2026, 11, 20), *EXTREME_DATES]))
def test_what_loads_can_be_analysed_carried_forward_and_exported(
    data: dict[str, Any], today: dt.date
) -> None:
    import io

    from cohere_tui import progress
    from cohere_tui.analysis import coherence_summary, sync_findings
    from cohere_tui.cycle import next_cycle
    from cohere_tui.dates import describe_due
    from cohere_tui.workbook import build_workbook

    raw = tomli_w.dumps(data, multiline_strings=True).encode("utf-8")
    if not check_file(raw):
        reject()  # only sessions that load are this test's examples
    with session_file(raw) as path:
        session = load_session(path).session
        coherence_summary(session)
        sync_findings(session.model_copy(deep=True))
        progress.progress_summary(session, today)
        progress.open_actions_for_checkin(session, today)
        for action in session.actions:
            progress.action_flags(action, today)
            describe_due(action.due, today)
        for indicator in session.indicators:
            progress.indicator_status(indicator, today)
            progress.indicator_progress(indicator)
        following = next_cycle(session, path, today)
        assert check_session(following) == []
        workbook, _warnings = build_workbook(session, today=today)
        workbook.save(io.BytesIO())


# --------------------------------------------------------------------------------------------
# the property holds for known cases too (and the demo itself loads)


def test_the_demo_loads_and_round_trips() -> None:
    assert check_file(DEMO)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\xef\xbb\xbf",
        b"a = " + b"[" * 5000 + b"]" * 5000,
        b"schema_version = 1\ntitle = 'x'\nvision = " + b"{ a = " * 3000 + b"1" + b" }" * 3000,
        b'schema_version = 1\ntitle = "x"\n[[relationships]]\na = "\\u001b[2J"\nb = "I2"\n'
        b'kind = "overlaps"\n',
        b'schema_version = 1\ntitle = "x"\n[[goals]]\nid = "' + b"G" * 50_000 + b'"\ntitle = "t"\n',
        b'schema_version = 1\ntitle = "x"\n"\\u202e\\u001b[31m" = 1\n',
        b'schema_version = 1\ntitle = "x"\ncreated = 0\n',
        b'schema_version = 1\ntitle = "x"\ncreated = true\n',
        b'schema_version = 1\ntitle = "x"\ncreated = 2026-01-01T10:00:00\n',
        b'schema_version = 1\ntitle = "x"\ncreated = 2026-02-30\n',
        b'schema_version = 1\ntitle = "x"\ncreated = "2026-13-01"\n',
        b'schema_version = "1"\ntitle = "x"\n',
        b"schema_version = -3\ntitle = 'x'\n",
        b"schema_version = 99999999999999999999999\ntitle = 'x'\n",
        b'schema_version = 1\ntitle = "\\u0000\\u001b[2J\\u202e e\\u0301 \\ud83d"\n',
        b'schema_version = 1\ntitle = "caf\xe9"\n',
        b'schema_version = 1\ntitle = "x"\ngoals = [{id = "G1", title = "a"}, {id = "G1", title = "b"}]\n',
    ],
    # printable words only: an ID holding an escape cannot always be chosen again by name
    ids=lambda raw: re.sub(r"[^!-~]+", " ", raw[:24].decode("latin-1")).strip() or "empty",
)
def test_known_bad_and_odd_files(raw: bytes) -> None:
    check_file(raw)


@pytest.mark.parametrize(
    "title",
    [
        "\u202e e\u0301 😀 \u200b\ufeff\uffff",
        "tab\tand\nnew line",
        "\u2028line\u2029",
        "ends with \\",
        '"""',
        "x" * 100_000,
    ],
    ids=["direction-marks", "tab-newline", "line-separators", "backslash", "quotes", "huge"],
)
def test_odd_text_survives_the_round_trip(title: str) -> None:
    raw = tomli_w.dumps({"schema_version": 1, "title": title}, multiline_strings=True).encode()
    assert check_file(raw)
    with session_file(raw) as path:
        assert load_session(path).session.title == title
