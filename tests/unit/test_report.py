"""The printable report: what the demo's PDF says (read back with pdftotext), the public
edition's privacy, text safety, wide and long grids, and where the file goes.

The demo's two editions are written once for the module. The tests that read a PDF back
use the `pdftotext` fixture (skipped without poppler, except on CI).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohere_tui.models import (
    Action,
    ActionStatus,
    Decision,
    Domain,
    Finding,
    FindingKind,
    Goal,
    Initiative,
    Participant,
    RelationKind,
    Relationship,
    Session,
    Vision,
)
from cohere_tui.report import (
    ReportError,
    default_report_path,
    render_pdf,
    report_data,
    write_report,
)
from cohere_tui.report.text import ZWSP
from cohere_tui.store import load_session

TODAY = dt.date(2026, 11, 23)
ReadPdf = Callable[[Path], str]


def flat(text: str) -> str:
    """Text with every run of white space as one space (lines wrap where the page wants)."""
    return " ".join(text.replace(ZWSP, "").split())


def squeezed(text: str) -> str:
    """Text with no white space at all (a long word wraps anywhere)."""
    return "".join(text.replace(ZWSP, "").split())


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report") / "sessions"
    folder.mkdir()
    path = folder / "harmon.toml"
    path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    return path


@pytest.fixture(scope="module")
def demo_session(demo_file: Path) -> Session:
    return load_session(demo_file).session


@pytest.fixture(scope="module")
def full_text(demo_file: Path, demo_session: Session, pdftotext: ReadPdf) -> str:
    target = demo_file.parent.parent / "exports" / "full.pdf"
    write_report(demo_session, demo_file, target, today=TODAY)
    return pdftotext(target)


@pytest.fixture(scope="module")
def public_text(demo_file: Path, demo_session: Session, pdftotext: ReadPdf) -> str:
    target = demo_file.parent.parent / "exports" / "public.pdf"
    result = write_report(demo_session, demo_file, target, today=TODAY, public=True)
    assert any("County counsel" in w for w in result.warnings)
    return pdftotext(target)


# ----- the demo's report ------------------------------------------------------------------


def test_the_report_shows_the_vision_and_every_goal(full_text: str, demo_session: Session) -> None:
    text = flat(full_text)
    assert flat(demo_session.vision.statement) in text
    assert flat(demo_session.vision.theory_of_change) in text
    for goal in demo_session.goals:
        assert flat(goal.title) in text
    for assumption in demo_session.vision.assumptions:
        assert flat(assumption) in text


def test_every_open_action_is_under_its_owner(full_text: str, demo_session: Session) -> None:
    text = flat(full_text)
    plan = text[text.index("The action plan, by owner") :]
    owners = {a.owner for a in demo_session.actions}
    for action in demo_session.actions:
        if not action.status.is_open:
            continue
        at = plan.index(flat(action.title))
        heading = max(owners, key=lambda o: plan.rfind(f"{o} · ", 0, at))
        assert heading == action.owner, action.id


def test_overdue_and_blocked_are_marked_in_words(full_text: str) -> None:
    text = flat(full_text)
    assert "⚠ OVERDUE" in text and "■ BLOCKED" in text


def test_the_report_has_its_sections_and_pictures(full_text: str) -> None:
    text = flat(full_text)
    for heading in (
        "The vision and the goals",
        "The initiatives",
        "How well the initiatives align",
        "Coherence by domain",
        "How the initiatives relate",
        "What the analysis found",
        "Technical findings",
        "Adaptive findings",
        "Decisions made",
        "The action plan, by owner",
        "Monitoring: the indicators",
        "Parking lot",
        "The team",
    ):
        assert heading in text
    assert "The story across cycles" not in text  # a first cycle has no history
    assert "Data use 0.9 weak" in text  # a bar and its number
    assert "Mean of the rated cells" in text


def test_the_full_edition_names_people(full_text: str, demo_session: Session) -> None:
    text = flat(full_text)
    for person in demo_session.participants:
        assert person.name in text


def all_notes(session: Session) -> list[str]:
    """Every free-text note field of the session that is not empty."""
    notes = [a.notes for a in session.actions]
    notes += [f.note for f in session.findings]
    notes += [r.note for r in session.relationships]
    notes += [n for ini in session.initiatives for n in ini.rating_notes.values()]
    notes += [r.note for m in session.indicators for r in m.readings]
    notes += [c.note for c in session.checkins]
    notes += [session.reflection.worked, session.reflection.change, session.reflection.next_focus]
    return [n for n in notes if n.strip()]


def name_words(session: Session) -> list[str]:
    words = []
    for person in session.participants:
        words.append(person.name)
        words += [w.strip(".") for w in person.name.split() if len(w.strip(".")) > 2]
    return words


def test_the_public_edition_names_no_one(public_text: str, demo_session: Session) -> None:
    text = flat(public_text)
    for word in name_words(demo_session):
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    # owners shown by role and organisation instead
    assert "Data and evaluation lead, Harmon County Human Services" in text
    assert "Check-ins every first Thursday; Data and evaluation lead keeps" in text


def test_the_public_edition_keeps_no_notes_and_no_parking_lot(
    public_text: str, full_text: str, demo_session: Session
) -> None:
    public, full = flat(public_text), flat(full_text)
    notes = all_notes(demo_session)
    assert len(notes) > 15
    for note in notes:
        assert flat(note)[:40] not in public, note
    for item in demo_session.parking_lot:
        assert flat(item.text) in full
        assert flat(item.text) not in public
    assert "Parking lot" not in public and "The team" not in public
    # the full edition keeps the room's notes
    assert flat(demo_session.actions[0].notes) in full
    assert flat(demo_session.relationships[0].note) in full


def test_the_public_data_holds_no_name_no_note_and_no_dismissed_finding(
    demo_file: Path, demo_session: Session
) -> None:
    """The whole document the template reads, not only what pdftotext shows."""
    session = demo_session.model_copy(deep=True)
    session.findings[1].dismissed = True
    dismissed = session.findings[1]
    document, _ = report_data(session, demo_file, today=TODAY, public=True)
    dumped = json.dumps(document, ensure_ascii=False).replace(ZWSP, "")
    for word in name_words(session):
        assert not re.search(rf"\b{re.escape(word)}\b", dumped), word
    for note in all_notes(session):
        assert flat(note)[:40] not in dumped, note
    assert flat(dismissed.summary) not in dumped
    full, _ = report_data(session, demo_file, today=TODAY, public=False)
    assert flat(dismissed.summary) in json.dumps(full, ensure_ascii=False).replace(ZWSP, "")


# ----- text safety ------------------------------------------------------------------------

TRICKY = [
    "#set page(fill: red)",
    "$x^2$ and $$",
    "*not bold* _not emph_",
    "[a] ] [",
    "back\\slash \\n \\u{41}",
    "<label> a < b > c",
    "@ref @",
    "`code` ```raw```",
    "// not a comment /* nor this */",
    '#import "/etc/passwd": *',
    "= not a heading",
    "~ tilde -- dashes ---",
    "L" + "o" * 150 + "ngword",
    "naïve café Ωmega ½ €",
]


def tricky_session() -> Session:
    participant = Participant(name="#Hash Person", role="$role$", organisation="[Org]")
    return Session(
        title="Report #1 *draft* [v2]",
        organisation="Dept. of $ \\ @ <x>",
        facilitator="#Hash Person",
        participants=[participant],
        vision=Vision(statement=TRICKY[0], theory_of_change=TRICKY[1], assumptions=TRICKY[2:4]),
        goals=[Goal(id=f"G{n + 1}", title=t) for n, t in enumerate(TRICKY[4:8])],
        initiatives=[
            Initiative(
                id="I1",
                name=TRICKY[8],
                description=TRICKY[9],
                population=TRICKY[10],
                alignment={"vision": 2},
            ),
            Initiative(id="I2", name=TRICKY[11], organisation=TRICKY[12]),
        ],
        relationships=[Relationship(a="I1", b="I2", kind=RelationKind.CONFLICTS, note="`x`")],
        findings=[Finding(id="F1", kind=FindingKind.OTHER, summary=TRICKY[13])],
        actions=[
            Action(
                id="A1",
                title="Fix #2 $5 *now*",
                owner="@owner [x]",
                status=ActionStatus.BLOCKED,
                latest_update="<tag> // done?",
            )
        ],
        decisions=[Decision(id="D1", date=TODAY, text="Agreed: #show: none")],
    )


@pytest.fixture(scope="module")
def tricky_text(tmp_path_factory: pytest.TempPathFactory, pdftotext: ReadPdf) -> str:
    target = tmp_path_factory.mktemp("tricky") / "tricky.pdf"
    write_report(tricky_session(), None, target, today=TODAY)
    return pdftotext(target)


def test_typed_text_is_printed_verbatim_never_read_as_markup(tricky_text: str) -> None:
    text = squeezed(tricky_text)
    for value in [*TRICKY, "Report #1 *draft* [v2]", "Dept. of $ \\ @ <x>", "Fix #2 $5 *now*",
                  "@owner [x]", "<tag> // done?", "Agreed: #show: none", "#Hash Person"]:  # fmt: skip
        assert squeezed(value) in text, value


def test_a_long_word_wraps_inside_the_page(tmp_path: Path, pdftotext: ReadPdf) -> None:
    """The long word's letters all come back, on several lines, none cut off at the margin."""
    target = tmp_path / "long.pdf"
    word = "W" + "x" * 400 + "Z"
    session = Session(title="Long", vision=Vision(statement=word))
    write_report(session, None, target, today=TODAY)
    text = pdftotext(target)
    assert squeezed(word) in squeezed(text)
    lines = [line for line in text.splitlines() if "xxxx" in line]
    assert len(lines) >= 4
    assert max(len(line) for line in lines) < 130


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x7f"),
        min_size=1,
        max_size=60,
    ).filter(str.strip)
)
def test_any_typed_text_typesets(value: str) -> None:
    session = Session(
        title=value,
        vision=Vision(statement=value, assumptions=[value]),
        goals=[Goal(id="G1", title=value)],
        initiatives=[Initiative(id="I1", name=value, alignment={"vision": 1})],
        actions=[Action(id="A1", title=value, owner=value)],
    )
    document, _ = report_data(session, None, today=TODAY)
    assert render_pdf(document).startswith(b"%PDF")


# ----- size ---------------------------------------------------------------------------------


def wide_session(goals: int = 20, initiatives: int = 120) -> Session:
    return Session(
        title="Wide",
        goals=[Goal(id=f"G{n}", title=f"Goal {n}") for n in range(1, goals + 1)],
        initiatives=[
            Initiative(
                id=f"I{n}",
                name=f"Initiative {n}",
                alignment={"vision": n % 4, **{f"G{g}": (n + g) % 4 for g in range(1, goals + 1)}},
                domains={d: n % 4 for d in Domain},
            )
            for n in range(1, initiatives + 1)
        ],
    )


def test_a_wide_grid_goes_to_several_tables_not_smaller_type() -> None:
    document, _ = report_data(wide_session(), None, today=TODAY)
    sections = document["sections"]
    assert isinstance(sections, list)
    heat = next(s for s in sections if s["kind"] == "heatmap")
    widths = [len(t["columns"]) for t in heat["tables"]]
    assert widths == [14, 7, 6]  # vision + 13 goals, 7 goals, the six domains
    assert all(len(t["rows"]) == 120 for t in heat["tables"])


def test_a_long_grid_continues_over_pages_with_its_headings(
    tmp_path: Path, pdftotext: ReadPdf
) -> None:
    target = tmp_path / "wide.pdf"
    write_report(wide_session(), None, target, today=TODAY)
    pages = pdftotext(target).split("\f")
    start = next(n for n, p in enumerate(pages) if "How well the initiatives align" in p)
    end = next(n for n, p in enumerate(pages) if "Coherence by domain" in p)
    grid_pages = pages[start + 1 : end]  # the pages the grid fills from top to bottom
    assert len(grid_pages) >= 6
    for page in grid_pages:
        assert "Initiative" in page
        assert "Vision and goals" in page or "Domains" in page


def test_many_related_initiatives_are_listed_rather_than_drawn() -> None:
    session = wide_session(goals=2, initiatives=40)
    session.relationships = [
        Relationship(a=f"I{n}", b=f"I{n + 1}", kind=RelationKind.REINFORCES) for n in range(1, 40)
    ]
    document, _ = report_data(session, None, today=TODAY)
    sections = document["sections"]
    assert isinstance(sections, list)
    rel = next(s for s in sections if s["kind"] == "relations")
    assert rel["map"] is None and "too many to draw" in rel["too_many"]
    assert len(rel["rows"]) == 39


def test_the_map_draws_each_relation_kind_in_its_own_style(demo_session: Session) -> None:
    document, _ = report_data(demo_session, None, today=TODAY)
    sections = document["sections"]
    assert isinstance(sections, list)
    rel = next(s for s in sections if s["kind"] == "relations")
    edges = rel["map"]["edges"]
    assert {e["kind"] for e in edges} == {k.value for k in RelationKind}
    assert all((e["arrow"] is not None) == (e["kind"] == "depends_on") for e in edges)
    assert len(rel["map"]["nodes"]) == 11


# ----- the file -----------------------------------------------------------------------------


def test_the_default_name_never_takes_an_existing_file(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    first = default_report_path(exports, Path("sessions/Harmon County.toml"), TODAY)
    assert first == exports / "harmon-county-report-2026-11-23.pdf"
    first.write_bytes(b"%PDF")
    assert default_report_path(exports, Path("harmon-county.toml"), TODAY).name == (
        "harmon-county-report-2026-11-23-2.pdf"
    )
    assert default_report_path(exports, Path("x.toml"), TODAY, public=True).name == (
        "x-report-2026-11-23-public.pdf"
    )


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    session = Session(title="T")
    with pytest.raises(ReportError, match="already exists"):
        write_report(session, None, target, today=TODAY)
    assert target.read_bytes() == b"old"
    write_report(session, None, target, today=TODAY, overwrite=True)
    assert target.read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_report_is_a_pdf(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"must end in \.pdf"):
        write_report(Session(title="T"), None, tmp_path / "r.docx", today=TODAY)


def test_a_baseline_or_target_that_is_not_a_number_is_left_out(demo_session: Session) -> None:
    session = demo_session.model_copy(deep=True)
    # a session refuses NaN and infinity; the report copes with them all the same
    session.indicators[0].__dict__["baseline"] = float("nan")
    session.indicators[0].__dict__["target"] = float("inf")
    document, _ = report_data(session, None, today=TODAY)
    assert render_pdf(document).startswith(b"%PDF")
    sections = document["sections"]
    assert isinstance(sections, list)
    first = next(s for s in sections if s["kind"] == "monitoring")["indicators"][0]
    assert "baseline" not in first["facts"] and "target" not in first["facts"]


def test_an_empty_session_still_makes_a_report(tmp_path: Path, pdftotext: ReadPdf) -> None:
    target = tmp_path / "empty.pdf"
    result = write_report(Session(title="Just begun"), None, target, today=TODAY)
    assert result.path == target and result.pages >= 1
    text = flat(pdftotext(target))
    assert "Just begun" in text and "No vision statement has been written yet." in text
