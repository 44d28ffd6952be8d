"""The store, where the mutation run found it untested: the exact sentences and rows a
facilitator relies on when a session file is read, written or named."""

from __future__ import annotations

import datetime as dt
import io
import struct
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cohere_tui import store
from cohere_tui.models import (
    Action,
    AgendaItem,
    Condition,
    ConditionReadiness,
    ConsensusCheck,
    ConsensusMethod,
    Decision,
    DecisionChoice,
    Domain,
    DotRound,
    DotTarget,
    FundingStream,
    Goal,
    Indicator,
    Initiative,
    InitiativeDecision,
    Meeting,
    Participant,
    Population,
    Reading,
    Session,
    Vote,
)

D = dt.date

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
            HEAD + "[readiness.trust]\nrating = 2\n",
            "{path}: readiness: trust.[key]: must be one of 7 names, such as "
            "'collaborative_leadership', 'inclusive_representation', 'relational_trust', "
            "'collective_vision', 'teamwork_structures', 'continuous_improvement' (or another "
            "of the 7) (found 'trust'); correct it in the file",
            id="one of seven names, the first six shown",
        ),
        pytest.param(
            HEAD + "cycle = true\n",
            "{path}: session: cycle: must be a whole number, not true (found True); correct "
            "it in the file",
            id="a whole number given a flag",
        ),
        pytest.param(
            HEAD + "[[earlier_cycles]]\ncycle = 0\n",
            "{path}: session: earlier_cycles.0.cycle: Input should be greater than or equal "
            "to 1 (found 0); correct it in the file",
            id="an earlier cycle, named by its place",
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


# ----- what a save writes --------------------------------------------------------------------


def sparse_session() -> Session:
    """A session with one of each kind of item, every optional field left empty, and its
    ratings, votes and readiness entered out of order."""
    session = store.new_session("Sparse", today=D(2026, 1, 2))
    session.participants = [Participant(name="Dana", team_role="")]
    session.goals = [Goal(id="G1", title="a"), Goal(id="G2", title="b")]
    session.populations = [Population(id="N1", name="Families", description="")]
    session.streams = [FundingStream(id="S1", name="Grant", restrictions="")]
    nameless = [Vote(voice="V1", value=2, name=""), Vote(voice="V2", value=1, name="Rosa")]
    rated = {
        "alignment": {"G2": 1, "vision": 2, "G1": 3},
        "domains": {Domain.DATA_USE: 1, Domain.GOALS: 2},
        "rating_notes": {Domain.GOALS: "d", "G1": "g"},
        "votes": {Domain.GOALS: list(nameless), "G2": list(nameless), "vision": list(nameless)},
        "decision": InitiativeDecision(choice=DecisionChoice.KEEP, rationale=""),
    }
    session.initiatives = [Initiative(id="I1", name="Live", **rated)]
    session.archived_initiatives = [
        Initiative(id="I2", name="Archived", **rated),
        Initiative(id="I3", name="Unrated", alignment={}, domains={}, rating_notes={}, votes={}),
    ]
    check = ConsensusCheck(
        date=D(2026, 1, 5), method=ConsensusMethod.FIST_TO_FIVE, votes=list(nameless), note=""
    )
    silent = ConsensusCheck(date=D(2026, 1, 6), method=ConsensusMethod.GRADIENTS)
    session.decisions = [
        Decision(id="D1", date=D(2026, 1, 5), text="t", checks=[check, silent]),
        Decision(id="D2", date=D(2026, 1, 5), text="u"),
    ]
    session.actions = [
        Action(id="A1", title="t", checks=[check, silent]),
        Action(id="A2", title="u"),
    ]
    session.indicators = [
        Indicator(
            id="M1",
            name="m",
            by_population={"N1": [Reading(date=D(2026, 1, 5), value=1.0, note="")]},
        ),
        Indicator(id="M2", name="n", by_population={}),
    ]
    session.dot_rounds = [
        DotRound(
            date=D(2026, 1, 5),
            target=DotTarget.FINDINGS,
            dots=3,
            title="",
            options=["F2", "F1"],
            votes={"F1": list(nameless), "F2": list(nameless)},
        ),
        DotRound(date=D(2026, 1, 6), target=DotTarget.ACTIONS, dots=2, options=["A1"], votes={}),
    ]
    session.readiness = {
        Condition.ADEQUATE_RESOURCES: ConditionReadiness(
            rating=2, evidence="", rated_by="", votes=list(nameless)
        ),
        Condition.RELATIONAL_TRUST: ConditionReadiness(rating=3, evidence="seen", rated_by=""),
        Condition.COLLABORATIVE_LEADERSHIP: ConditionReadiness(rating=1),
        Condition.COLLECTIVE_VISION: ConditionReadiness(),
    }
    session.scope.question = "q"
    session.scope.included.agencies = ["Schools"]
    session.meetings = [
        Meeting(date=D(2026, 1, 5), purpose="", agenda=[AgendaItem(title="a", minutes=0, note="")]),
        Meeting(date=D(2026, 2, 5), purpose="Review"),
    ]
    return session


def written(session: Session) -> dict[str, Any]:
    return tomllib.loads(store.dumps_session(session).decode("utf-8"))


VOTES_WRITTEN = [{"voice": "V1", "value": 2}, {"voice": "V2", "value": 1, "name": "Rosa"}]


def test_a_save_writes_ratings_and_votes_in_the_room_s_order_without_empty_names() -> None:
    """Ratings, notes and votes of live and archived initiatives are written goal by goal
    (vision first) then domain by domain, whatever order they were entered in; a vote's
    empty name and a decision's empty rationale are left out, and so are empty tables."""
    data = written(sparse_session())
    for ini in (data["initiatives"][0], data["archived_initiatives"][0]):
        assert list(ini["alignment"].items()) == [("vision", 2), ("G1", 3), ("G2", 1)]
        assert list(ini["domains"].items()) == [("goals", 2), ("data_use", 1)]
        assert list(ini["rating_notes"].items()) == [("G1", "g"), ("goals", "d")]
        assert list(ini["votes"]) == ["vision", "G2", "goals"]
        assert all(votes == VOTES_WRITTEN for votes in ini["votes"].values())
        assert ini["decision"] == {"choice": "keep"}
    unrated = data["archived_initiatives"][1]
    assert not {"alignment", "domains", "rating_notes", "votes"} & set(unrated)


def test_a_save_leaves_out_the_empty_parts_of_checks_and_dot_rounds() -> None:
    """A consensus check (of a decision or an action) without a note or votes, a decision
    or an action without checks, a dot-vote round
    without a title or votes: the empty parts are not written; a round's votes follow its
    options."""
    data = written(sparse_session())
    for holder in (data["decisions"][0], data["actions"][0]):
        assert holder["checks"] == [
            {"date": D(2026, 1, 5), "method": "fist_to_five", "votes": VOTES_WRITTEN},
            {"date": D(2026, 1, 6), "method": "gradients"},
        ]
    assert "checks" not in data["decisions"][1] and "checks" not in data["actions"][1]
    first, second = data["dot_rounds"]
    assert "title" not in first
    assert list(first["votes"]) == ["F2", "F1"]
    assert all(votes == VOTES_WRITTEN for votes in first["votes"].values())
    assert "votes" not in second and second["options"] == ["A1"]


def test_a_save_leaves_out_empty_schema_2_fields() -> None:
    """Descriptions, restrictions, readings' notes, readings by population, team roles,
    meeting purposes and an agenda item's minutes and note are written only when given."""
    data = written(sparse_session())
    assert data["participants"] == [{"name": "Dana", "role": "", "organisation": ""}]
    assert data["populations"] == [{"id": "N1", "name": "Families"}]
    assert "restrictions" not in data["streams"][0]
    assert data["indicators"][0]["by_population"] == {"N1": [{"date": D(2026, 1, 5), "value": 1.0}]}
    assert "by_population" not in data["indicators"][1]
    assert data["meetings"] == [
        {"date": D(2026, 1, 5), "agenda": [{"title": "a"}]},
        {"date": D(2026, 2, 5), "purpose": "Review"},
    ]


def test_a_save_writes_readiness_in_the_order_of_the_conditions_without_empty_parts() -> None:
    """Readiness is written condition by condition in the guide's order; empty evidence,
    an empty 'rated by', a vote's empty name and a condition with nothing in it are left
    out; so is a scope's empty side."""
    data = written(sparse_session())
    assert list(data["readiness"].items()) == [
        ("collaborative_leadership", {"rating": 1}),
        ("relational_trust", {"rating": 3, "evidence": "seen"}),
        ("adequate_resources", {"rating": 2, "votes": VOTES_WRITTEN}),
    ]
    assert data["scope"] == {"question": "q", "included": {"agencies": ["Schools"]}}


def test_a_session_with_nothing_prepared_writes_no_scope_nor_readiness() -> None:
    """A new session has no Prepare tables at all in its file."""
    session = store.new_session("New", today=D(2026, 1, 2))
    session.readiness = {Condition.RELATIONAL_TRUST: ConditionReadiness(evidence="")}
    data = written(session)
    assert "scope" not in data and "readiness" not in data


def test_a_new_session_is_written_whole_and_nothing_else() -> None:
    """The whole file of a new session: the schema version once, first, then the details."""
    text = store.dumps_session(store.new_session("T", today=D(2026, 1, 2))).decode("utf-8")
    assert text == (
        "schema_version = 2\n"
        'title = "T"\n'
        'organisation = ""\n'
        'alignment_type = "horizontal"\n'
        "cycle = 1\n"
        'facilitator = ""\n'
        "created = 2026-01-02\n"
        "\n"
        "[vision]\n"
        'statement = ""\n'
        'theory_of_change = ""\n'
        "\n"
        "[reflection]\n"
        'worked = ""\n'
        'change = ""\n'
        'next_focus = ""\n'
    )


# ----- older files ---------------------------------------------------------------------------

SCHEMA_1 = 'schema_version = 1\ntitle = "Old plan"\n'
NOT_UPGRADED = (
    "{{path}}: schema_version: the file could not be upgraded from schema 1 to 2 ({reason}); "
    "the file was not changed — fix it in a text editor, or open it with the cohere-tui that "
    "wrote it"
)


def test_a_schema_1_file_opens_upgraded_and_says_which_schema_it_had(tmp_path: Path) -> None:
    """A file of the older schema opens, upgraded in memory, and the document knows it came
    from schema 1 (its first save keeps the original)."""
    path = tmp_path / "old.toml"
    path.write_text(SCHEMA_1, encoding="utf-8")
    loaded = store.load_session(path)
    assert loaded.migrated_from == 1
    assert (loaded.session.schema_version, loaded.session.title) == (2, "Old plan")
    assert path.read_text(encoding="utf-8") == SCHEMA_1


def test_an_upgrade_that_fails_names_the_steps_and_a_shortened_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reason an upgrade failed is shown, cut to 120 characters."""

    def broken(data: dict[str, Any]) -> dict[str, Any]:
        raise ValueError("x" * 200)

    monkeypatch.setitem(store.MIGRATIONS, 1, broken)
    reason = ("ValueError: " + "x" * 200)[:119] + "…"
    assert refusal(tmp_path, SCHEMA_1) == [NOT_UPGRADED.format(reason=reason)]


def test_an_upgrade_that_gives_no_table_says_what_it_gave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that returns something other than a table is named as such."""
    monkeypatch.setitem(store.MIGRATIONS, 1, lambda data: list(data))
    assert refusal(tmp_path, SCHEMA_1) == [
        NOT_UPGRADED.format(reason="TypeError: the upgrade gave list, not a table")
    ]


def test_problems_in_an_upgraded_file_end_with_a_note_on_the_schema(tmp_path: Path) -> None:
    """After the problems of an upgraded file, one line says the fields are named as in the
    current schema."""
    lines = refusal(tmp_path, SCHEMA_1 + "cycle = 0\n")
    assert len(lines) == 2 and lines[0].startswith("{path}: session: cycle: ")
    assert lines[1] == (
        "{path}: (the file is schema 1; it was upgraded to schema 2 before these checks, so "
        "fields are named as in schema 2; fix them in the file as it is)"
    )


# ----- saving --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "near"),
    [
        pytest.param(
            "0123456789" * 3 + "\ud800" + "abcdefghij" * 3,
            repr("0123456789" * 2 + "\ud800" + "abcdefghij" * 2),
            id="one surrogate: twenty characters either side",
        ),
        pytest.param(
            "0123456789" * 3 + "\ud800" * 25,
            repr("0123456789" * 2 + "\ud800" * 25)[:59] + "…",
            id="many: shortened to 60",
        ),
    ],
)
def test_text_that_is_not_valid_unicode_is_refused_with_where_it_is(
    tmp_path: Path, text: str, near: str
) -> None:
    """A lone surrogate (from bytes that were not UTF-8) cannot be written: the save names
    the text around it, twenty characters either side, shortened to 60, and writes
    nothing."""
    session = store.new_session("x", today=D(2026, 1, 2))
    session.organisation = text
    path = tmp_path / "s.toml"
    with pytest.raises(store.SessionFileError) as refused:
        store.save_session(session, path)
    assert refused.value.lines == [
        f"{path}: could not save: some text is not valid Unicode (near {near}); retype that "
        "text — the file was not changed"
    ]
    assert not path.exists()


def test_a_file_deleted_since_it_was_opened_is_written_again(tmp_path: Path) -> None:
    """No one's work is lost when the file is gone: the save writes it anew."""
    path = tmp_path / "s.toml"
    session = store.new_session("Kept", today=D(2026, 1, 2))
    opened = store.save_session(session, path)
    path.unlink()
    session.title = "Kept, edited"
    assert store.save_session(session, path, expected=opened) == store.fingerprint(
        path.read_bytes()
    )
    assert store.load_session(path).session.title == "Kept, edited"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    """Each refusal is one line per problem, even when the file's name holds a line break."""
    path = tmp_path / "two\nlines.toml"
    with pytest.raises(store.SessionFileError) as refused:
        store.load_session(path)
    [line] = refused.value.lines
    assert "\n" not in line and str(refused.value) == line
    assert line.endswith(": no such file; check the path (sessions live in sessions/)")


def test_a_workbook_opened_as_a_session_is_called_binary(tmp_path: Path) -> None:
    """A zip file (an .xlsx workbook) has a few NUL bytes among many others: it is named a
    binary file, not UTF-16 or UTF-32 text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("xl/workbook.xml", "<workbook>" + "<sheet/>" * 200 + "</workbook>")
    assert refusal(tmp_path, buffer.getvalue()) == [
        "{path}: this is a binary file, not a session; open a .toml session file"
    ]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(
    "title",
    [
        "Планирование семейных услуг округа Хармон на следующий учебный год",
        "Οικογενειακό σχέδιο ευθυγράμμισης της κομητείας",
        "哈蒙县家庭服务协调计划与下一学年的工作安排",
    ],
    ids=["Russian", "Greek", "Chinese"],
)
def test_wide_text_in_any_script_without_a_mark_is_named_by_its_encoding(
    tmp_path: Path, codec: str, title: str
) -> None:
    """A session saved as UTF-16 or UTF-32 without a byte-order mark is named so whatever
    its script (the guess once counted zero bytes, and called text mostly beyond Latin-1 a
    binary file)."""
    text = f'schema_version = 1\ntitle = "{title}"\norganisation = "{title}"\n'
    name = "UTF-16" if "16" in codec else "UTF-32"
    assert refusal(tmp_path, text.encode(codec)) == [WIDE.format(path="{path}", name=name)]


# ----- the encoding guess at its bounds ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        pytest.param("a🙂".encode("utf-32-le"), "UTF-32", id="UTF-32, half emoji"),
        pytest.param("Āabcdefghi".encode("utf-32-le"), "UTF-32", id="UTF-32, one in ten Ā"),
        pytest.param("abЖЖЖЖЖЖ".encode("utf-16-le"), "UTF-16", id="UTF-16, a quarter ASCII"),
        pytest.param(("Ā" + "a" * 20).encode("utf-16-le"), "UTF-16", id="UTF-16, one Ā in 21"),
        pytest.param(
            "abcdefgh".encode("utf-32-le") + b"\x01" * 8, None, id="UTF-32 cut off by bytes"
        ),
        pytest.param(struct.pack("<6I", 5, 70000, 80000, 6, 90000, 99000), None, id="int32s"),
        pytest.param(struct.pack("<5H", 5, 300, 400, 500, 600), None, id="int16s"),
        pytest.param(bytes(64), None, id="zero bytes"),
    ],
)
def test_the_encoding_guess_at_its_bounds(raw: bytes, name: str | None) -> None:
    """Text sitting exactly on a bound of the guess is still named (half of its characters
    emoji, one in ten a character like Ā, a quarter plain ASCII, one zero on the other side
    in twenty); numbers packed as 16- or 32-bit integers, zero bytes, and wide text that
    turns into other bytes within the sample are not text."""
    assert store._wide_encoding(raw) == name
