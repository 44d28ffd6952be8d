"""Text for the page and people in the public edition: plain functions, no typesetting."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cohere_tui.models import Participant, Session
from cohere_tui.report.privacy import TEAM_MEMBER, Names, name_parts
from cohere_tui.report.text import ZWSP, breakable, one_line, paragraphs, shorten


def test_long_words_get_break_opportunities_and_short_ones_do_not() -> None:
    long = "https://example.org/" + "x" * 60
    broken = breakable(f"see {long} now")
    assert broken.replace(ZWSP, "") == f"see {long} now"
    assert ZWSP in broken
    assert breakable("an ordinary sentence") == "an ordinary sentence"


def test_no_break_inside_a_character_and_its_accent() -> None:
    word = "e\u0301" * 30  # é as e + combining acute
    broken = breakable(word)
    assert f"{ZWSP}\u0301" not in broken
    assert broken.replace(ZWSP, "") == word


@given(st.text().filter(lambda t: ZWSP not in t))
def test_breakable_only_adds_invisible_breaks(text: str) -> None:
    assert breakable(text).replace(ZWSP, "") == text


def test_paragraphs_join_wrapped_lines_and_keep_blank_lines_and_bullets() -> None:
    text = "If we share data\nunder one agreement,\n\nthen families:\n- get help\n- sooner"
    assert paragraphs(text) == [
        "If we share data under one agreement,",
        "then families:",
        "- get help",
        "- sooner",
    ]
    assert paragraphs("") == [] and paragraphs("\n \n") == []


def test_one_line_and_shorten() -> None:
    assert one_line("a\n  b\tc") == "a b c"
    assert shorten("abcdefghij", 5) == "abcd…"
    assert shorten("abc", 5) == "abc"


# ----- people in the public edition -------------------------------------------------------


def team() -> Session:
    return Session(
        title="T",
        participants=[
            Participant(name="Dr. Priya Nair", role="Health officer", organisation="Public Health"),
            Participant(name="Sam Liu", role="Data lead", organisation="Human Services"),
            Participant(name="Sam Ortiz", role="Principal", organisation="Schools"),
            Participant(name="Will May", role="", organisation="Workforce Board"),
            Participant(name="Jo", role="", organisation=""),
        ],
    )


def test_name_parts_leave_out_titles_initials_and_months() -> None:
    assert name_parts("Dr. Priya Nair") == ["Priya", "Nair"]
    assert name_parts("J. R. Tolkien Jr.") == ["Tolkien"]
    assert name_parts("Will May") == ["Will"]


def test_the_full_edition_shows_names_as_typed() -> None:
    names = Names(team(), public=False)
    assert names.text("Sam Liu keeps the readings") == "Sam Liu keeps the readings"
    assert names.person("Sam Liu") == "Sam Liu"
    assert names.role_of("sam  liu") == "Data lead, Human Services"
    assert names.warnings() == []


def test_the_public_edition_replaces_names_in_text_by_roles() -> None:
    names = Names(team(), public=True)
    assert names.text("Sam Liu keeps the readings") == "Data lead keeps the readings"
    assert (
        names.text("Ask Dr. Nair; Priya Nair agreed") == "Ask Health officer; Health officer agreed"
    )
    assert names.text("Priya's team") == "Health officer's team"
    # "Sam" alone is two people: neither is named
    assert names.text("Sam will call") == f"{TEAM_MEMBER} will call"
    # a name part is matched as written: the word "will" is not Will May
    assert names.text("Will says the board will meet") == "Workforce Board says the board will meet"
    assert names.text("the same samples") == "the same samples"


def test_the_public_edition_shows_owners_by_role_and_warns_of_unlisted_ones() -> None:
    names = Names(team(), public=True)
    assert names.person("Sam Liu") == "Data lead, Human Services"
    assert names.person("Jo") == TEAM_MEMBER
    assert names.person("County counsel") == "County counsel"
    assert names.facilitator("Someone Else") == ""
    assert names.facilitator("Dr. Priya Nair") == "Health officer, Public Health"
    warnings = names.warnings()
    assert len(warnings) == 1 and "County counsel" in warnings[0]
    assert names.role_of("Sam Liu") == ""
