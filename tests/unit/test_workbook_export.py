"""The exported workbook, read back with openpyxl: sheets, columns, contents, safety, files."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from cohere_tui.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    CheckIn,
    Decision,
    Dimension,
    Domain,
    Finding,
    FindingKind,
    Goal,
    Indicator,
    Initiative,
    Level,
    ParkingItem,
    Participant,
    Priority,
    Reading,
    RelationKind,
    Relationship,
    Sector,
    Session,
    Vision,
)
from cohere_tui.store import SessionFileError
from cohere_tui.workbook import (
    ACTION_PLAN_HEADERS,
    MAX_CELL_CHARS,
    RECORD_SHEET,
    SHEET_NAMES,
    UNRATED,
    ExportExistsError,
    WorkbookError,
    clean_text,
    default_export_path,
    export_workbook,
    fit_text,
)
from cohere_tui.workbook.layout import MIN_SCALE, PRINT_WIDTH_PT, UNIT_PT
from cohere_tui.workbook.monitoring import CHART_ROWS

TODAY = dt.date(2026, 4, 1)
D = dt.date


def make_session() -> Session:
    """A small session with something in every part the workbook shows."""
    return Session(
        title="Family outcomes",
        organisation="Harmon County",
        cycle=2,
        previous_cycle="family-outcomes-cycle-1.toml",
        facilitator="Dana Reyes",
        created=D(2026, 1, 10),
        meeting_date=D(2026, 3, 3),
        participants=[
            Participant(
                name="Lee Park",
                role="Director",
                organisation="Schools",
                sector=Sector.EDUCATION,
            ),
            Participant(name="Ana Ruiz", role="Nurse manager", organisation="County Health"),
        ],
        vision=Vision(
            statement="Every child grows up healthy and ready to learn.",
            theory_of_change="If services share data, then families get help earlier.",
            assumptions=["Departments share data.", "Funding continues."],
        ),
        goals=[
            Goal(id="G1", title="Children ready for kindergarten", description="Readiness up"),
            Goal(id="G2", title="Fewer chronic absences"),
        ],
        initiatives=[
            Initiative(
                id="I1",
                name="Home visiting",
                description="Nurses visit new parents.",
                lead="Public health nursing",
                organisation="County Health",
                sector=Sector.HEALTH,
                level=Level.COUNTY,
                population="Families with newborns",
                funding="State grant to 2027",
                outcomes="Healthy births",
                data_collected="Visits, screenings",
                goals=["G1", "G2"],
                start=D(2024, 7, 1),
                end=D(2027, 6, 30),
                alignment={"vision": 3, "G1": 2, "G2": 0},
                domains={Domain.GOALS: 3, Domain.DATA_USE: 1},
                rating_notes={"G2": "Reaches few school-age children", "data_use": "Paper forms"},
            ),
            Initiative(
                id="I2",
                name="Attendance team",
                sector=Sector.EDUCATION,
                level=Level.DISTRICT,
                goals=["G2"],
                alignment={"vision": 1},
                domains={Domain.GOALS: 2, Domain.CAPACITY: 3},
            ),
            Initiative(id="I3", name="Family resource center"),
        ],
        relationships=[
            Relationship(a="I1", b="I2", kind=RelationKind.OVERLAPS, note="Same families"),
        ],
        findings=[
            Finding(
                id="F1",
                kind=FindingKind.REDUNDANCY,
                summary="Two teams visit the same families.",
                dimension=Dimension.ADAPTIVE,
                domain=Domain.ENGAGEMENT,
                initiatives=["I1", "I2"],
                goals=["G2"],
                note="Talk to both leads",
            ),
            Finding(id="F2", kind=FindingKind.OTHER, summary="Set aside.", dismissed=True),
        ],
        actions=[
            Action(
                id="A1",
                title="Draft a data-sharing agreement",
                owner="Lee Park",
                partners=["County Health", "Schools"],
                start=D(2026, 1, 15),
                due=D(2026, 3, 1),
                status=ActionStatus.IN_PROGRESS,
                priority=Priority.HIGH,
                domain=Domain.DATA_USE,
                findings=["F1"],
                initiatives=["I1", "I2"],
                indicator="Agreement signed",
                indicators=["M1"],
                latest_update="Draft with legal.",
                notes="Ask the state first.",
            ),
            Action(
                id="A2",
                title="Align visit schedules",
                owner="Ana Ruiz",
                due=D(2026, 9, 1),
                status=ActionStatus.BLOCKED,
            ),
            Action(id="A3", title="Hold the kick-off", status=ActionStatus.DONE, due=D(2026, 2, 1)),
        ],
        indicators=[
            Indicator(
                id="M1",
                name="Kindergarten readiness",
                unit="%",
                baseline=52,
                baseline_date=D(2025, 9, 1),
                target=65,
                target_date=D(2028, 9, 1),
                goal="G1",
                source="Kindergarten entry assessment",
                readings=[
                    Reading(date=D(2025, 9, 1), value=52),
                    Reading(date=D(2026, 3, 1), value=57.5, note="Spring screening"),
                ],
            ),
            Indicator(id="M2", name="Families referred", unit="families"),
        ],
        checkins=[
            CheckIn(
                date=D(2026, 2, 1),
                note="First check-in: legal review is slow.",
                updates=[
                    ActionUpdate(action="A1", status=ActionStatus.NOT_STARTED, update="Not yet"),
                    ActionUpdate(action="A2", status=ActionStatus.BLOCKED, progress=10),
                ],
            ),
            CheckIn(
                date=D(2026, 3, 1),
                updates=[
                    ActionUpdate(
                        action="A1", status=ActionStatus.IN_PROGRESS, update="Drafting", progress=40
                    )
                ],
            ),
        ],
        decisions=[Decision(id="D1", date=D(2026, 2, 1), text="Meet monthly.", step=5)],
        parking_lot=[ParkingItem(id="P1", text="Ask about bus routes", added=D(2026, 2, 1))],
    )


@pytest.fixture
def session() -> Session:
    return make_session()


def export(session: Session, tmp_path: Path, name: str = "plan.xlsx") -> Path:
    result = export_workbook(session, tmp_path / name, today=TODAY)
    return result.path


@pytest.fixture
def wb(session: Session, tmp_path: Path) -> Any:
    return load_workbook(export(session, tmp_path))


def rows(ws: Any, min_row: int = 1, max_col: int | None = None) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(min_row=min_row, max_col=max_col, values_only=True)]


def column(ws: Any, header: str, header_row: int = 1) -> list[Any]:
    headers = [c.value for c in ws[header_row]]
    index = headers.index(header) + 1
    return [
        ws.cell(row=r, column=index).value
        for r in range(header_row + 1, ws.max_row + 1)
        if ws.cell(row=r, column=1).value is not None
    ]


def table_rows(ws: Any, name: str) -> list[list[Any]]:
    """The data rows of one Excel table on the sheet."""
    ref = ws.tables[name].ref
    return [[c.value for c in row] for row in ws[ref][1:]]


def find_row(ws: Any, first: Any) -> list[Any]:
    for r in ws.iter_rows(values_only=True):
        if r and r[0] == first:
            return list(r)
    raise AssertionError(f"no row starting with {first!r} in {ws.title}")


# --------------------------------------------------------------------------------------------
# structure


def test_sheets_have_the_contract_names_in_order(wb: Any) -> None:
    assert wb.sheetnames == [
        "Overview",
        "Prepare",
        "Vision",
        "Inventory",
        "Funding",
        "Populations",
        "Alignment",
        "Relationships",
        "Findings",
        "Action Plan",
        "Monitoring",
        RECORD_SHEET,
    ]
    assert tuple(wb.sheetnames) == (*SHEET_NAMES, RECORD_SHEET)
    # the export record comes last, hidden and protected; every other sheet is visible
    assert [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"] == [RECORD_SHEET]
    assert wb[RECORD_SHEET].protection.sheet


def test_action_plan_header_is_row_1_exactly(wb: Any) -> None:
    ws = wb["Action Plan"]
    header = [c.value for c in ws[1]]
    assert header == [
        "ID",
        "Action",
        "Owner",
        "Partners",
        "Start",
        "Due",
        "Status",
        "Priority",
        "Domain",
        "Findings",
        "Initiatives",
        "Indicator",
        "Latest update",
        "Notes",
        "Updated",
    ]
    assert tuple(header[: len(ACTION_PLAN_HEADERS)]) == ACTION_PLAN_HEADERS
    assert header[len(ACTION_PLAN_HEADERS) :] == ["Updated"]  # after the contract's, not read


def test_action_plan_rows(wb: Any) -> None:
    ws = wb["Action Plan"]
    a1 = dict(zip([*ACTION_PLAN_HEADERS, "Updated"], [c.value for c in ws[2]], strict=True))
    assert a1["ID"] == "A1"
    assert a1["Action"] == "Draft a data-sharing agreement"
    assert a1["Owner"] == "Lee Park"
    assert a1["Partners"] == "County Health; Schools"
    assert a1["Start"] == dt.datetime(2026, 1, 15)
    assert a1["Due"] == dt.datetime(2026, 3, 1)
    assert a1["Status"] == "In progress"
    assert a1["Priority"] == "High"
    assert a1["Domain"] == "Data use"
    assert a1["Findings"] == "F1"
    assert a1["Initiatives"] == "I1 Home visiting; I2 Attendance team"
    assert a1["Indicator"] == "Agreement signed; M1 Kindergarten readiness"
    assert a1["Latest update"] == "Draft with legal."
    assert a1["Notes"] == "Ask the state first."
    assert a1["Updated"] == "last update 31 days ago"  # the check-in of 2026-03-01
    assert column(ws, "Updated")[2] == "no update yet"
    assert column(ws, "ID") == ["A1", "A2", "A3"]
    assert column(ws, "Status") == ["In progress", "Blocked", "Done"]
    assert ws["E3"].value is None  # A2 has no start: an empty cell, not a text


def test_dates_are_real_dates_with_a_date_format(wb: Any) -> None:
    checks = [
        (wb["Action Plan"], ["E2", "F2", "F3"]),
        (wb["Inventory"], ["N2", "O2"]),
        (wb["Monitoring"], ["A5"]),
    ]
    for ws, coords in checks:
        for coord in coords:
            cell = ws[coord]
            assert cell.is_date, (ws.title, coord, cell.value)
            assert isinstance(cell.value, dt.datetime)
            assert cell.number_format == "yyyy-mm-dd"


def test_status_priority_and_domain_are_validated_lists(wb: Any) -> None:
    ws = wb["Action Plan"]
    by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    status = next(dv for ref, dv in by_range.items() if ref.startswith("G2:"))
    assert status.type == "list"
    assert status.formula1 == '"Not started,In progress,Blocked,Done,Dropped"'
    assert status.showErrorMessage
    assert int(str(status.sqref).split(":G")[1]) > ws.max_row  # rows people add
    priority = next(dv for ref, dv in by_range.items() if ref.startswith("H2:"))
    assert priority.formula1 == '"High,Medium,Low"'
    assert any(ref.startswith("I2:") for ref in by_range)


def test_overdue_and_blocked_rows_are_highlighted(wb: Any) -> None:
    ws = wb["Action Plan"]
    formulas = [
        (str(cf.sqref), rule.formula[0])
        for cf in ws.conditional_formatting
        for rule in cf.rules
        if rule.formula
    ]
    assert any(ref.startswith("A2:O") and 'G2="Blocked"' in f for ref, f in formulas)
    overdue = [f for ref, f in formulas if "TODAY()" in f]
    assert overdue and all('"Done"' in f and '"Dropped"' in f and "$F2" in f for f in overdue)
    assert any(ref.startswith("A2:O") for ref, f in formulas if "TODAY()" in f)


def test_every_list_is_a_table_with_stripes_and_filters(wb: Any) -> None:
    names: list[str] = []
    for ws in (wb[name] for name in SHEET_NAMES):
        assert ws.tables, f"{ws.title} has no table"
        for table in ws.tables.values():
            names.append(table.displayName)
            assert table.tableStyleInfo.showRowStripes
            assert table.autoFilter is not None
    assert len(names) == len(set(names))
    assert wb["Action Plan"].tables["ActionPlan"].ref == "A1:O4"
    assert wb["Inventory"].tables["InventoryList"].ref == "A1:W4"


def test_freeze_panes_and_print_settings(wb: Any) -> None:
    assert wb["Action Plan"].freeze_panes == "C2"
    assert wb["Alignment"].freeze_panes == "C2"
    assert wb["Monitoring"].freeze_panes == "A3"
    for ws in (wb[name] for name in SHEET_NAMES):
        assert ws.freeze_panes is not None, ws.title
        assert ws.page_setup.orientation == "landscape"
        assert not ws.sheet_properties.pageSetUpPr.fitToPage  # a scale, never shrink to fit
        assert MIN_SCALE <= ws.page_setup.scale <= 100, ws.title
        assert ws.print_title_rows, ws.title
    assert wb["Action Plan"].print_title_rows == "$1:$1"


def test_a_sheet_too_wide_for_a_page_is_split_with_its_identifying_columns_repeated(
    wb: Any,
) -> None:
    """14 columns cannot print one page wide at 9 points: two pages across, ID and Action on
    both, pages over then down, every page within the width at its scale."""
    ws = wb["Action Plan"]
    breaks = [b.id for b in ws.col_breaks.brk]
    assert len(breaks) == 1 and ws.print_title_cols == "$A:$B"
    assert ws.page_setup.pageOrder == "overThenDown"
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, 16)]
    pages = [widths[2 : breaks[0]], widths[breaks[0] :]]
    for page in pages:
        assert (sum(widths[:2]) + sum(page)) * UNIT_PT * ws.page_setup.scale / 100 <= PRINT_WIDTH_PT
    # a narrow sheet prints one page wide
    assert not wb["Vision"].col_breaks.brk and wb["Vision"].page_setup.scale >= MIN_SCALE


def test_rows_have_heights_that_are_not_fixed(session: Session, tmp_path: Path) -> None:
    """A row keeps a height for its wrapped text but says it is not a fixed one, so that a
    spreadsheet grows it when someone types a longer update."""
    path = export(session, tmp_path)
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(zf.read(n).decode("utf-8") for n in sheets)
    heights = re.findall(r"<row [^>]*ht=\"[\d.]+\"[^>]*>", xml)
    assert heights
    assert 'customHeight="1"' not in xml


def test_columns_are_sized_and_long_text_wraps(wb: Any) -> None:
    ws = wb["Action Plan"]
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMN"}
    assert all(4 <= w <= 45 for w in widths.values()), widths
    assert widths["B"] > widths["A"]
    assert ws["B2"].alignment.wrap_text
    assert ws["M2"].alignment.wrap_text


def test_workbook_properties(wb: Any) -> None:
    assert wb.properties.title == "Family outcomes"
    assert wb.properties.creator == "Dana Reyes"


# --------------------------------------------------------------------------------------------
# contents


def test_overview_lists_the_decisions_and_the_parking_lot(wb: Any) -> None:
    ws = wb["Overview"]
    assert table_rows(ws, "DecisionList") == [
        ["D1", "Meet monthly.", dt.datetime(2026, 2, 1), "5 Monitoring"]
    ]
    assert table_rows(ws, "ParkingLot") == [
        ["P1", "Ask about bus routes", dt.datetime(2026, 2, 1), None, "No"]
    ]
    assert find_row(ws, "Export ID")[1].startswith("20260401-")


def test_overview(wb: Any) -> None:
    ws = wb["Overview"]
    values = [v for row in rows(ws) for v in row if v is not None]
    assert "Family outcomes" in values
    assert find_row(ws, "Organisation")[1] == "Harmon County"
    assert find_row(ws, "Alignment type")[1].startswith("Horizontal")
    assert find_row(ws, "Cycle")[1] == "2 (previous cycle: family-outcomes-cycle-1.toml)"
    assert find_row(ws, "Meeting date")[1] == dt.datetime(2026, 3, 3)
    assert find_row(ws, "Facilitator")[1] == "Dana Reyes"
    participants = ws.tables["ParticipantList"]
    assert participants.ref.startswith("A")
    assert find_row(ws, "Lee Park")[:4] == ["Lee Park", "Director", "Schools", "Education"]
    assert find_row(ws, "Goals")[1] == 2
    assert find_row(ws, "Initiatives")[1] == 3
    assert find_row(ws, "Actions: Blocked")[1] == 1
    assert find_row(ws, "Actions: Done")[1] == 1
    assert find_row(ws, "Actions overdue on 2026-04-01")[1] == 1  # A1 (A3 is done)
    # the coherence summary: every domain, a mean with one decimal or 'unrated', a word
    coherence = {row[0]: row for row in table_rows(ws, "CoherenceByDomain")}
    assert list(coherence) == [d.label for d in Domain]
    for row in coherence.values():
        assert row[3].endswith(" of 3"), row
        assert isinstance(row[2], float | int) or row[2] == "unrated"
    assert coherence["Goals"][2] == 2.5 and "strong" in coherence["Goals"][1]
    assert coherence["Strategic communication"][2] == "unrated"
    assert "unrated" in coherence["Strategic communication"][1]
    assert coherence["Capacity building"][2] == 3 and "strong" in coherence["Capacity building"][1]
    assert coherence["Capacity building"][3] == "1 of 3"
    attention = {row[0]: row for row in table_rows(ws, "AttentionList")}
    assert attention["A1"][4:6] == ["In progress", "overdue"]
    assert attention["A2"][4:6] == ["Blocked", "blocked"]
    assert "A3" not in attention


def test_prepare_sheet_team_coverage_scope_readiness_and_meetings(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from cohere_tui.demo import demo_source
    from cohere_tui.store import load_session

    path = tmp_path / "demo.toml"
    path.write_bytes(demo_source())
    demo = load_session(path).session
    wb = load_workbook(export(demo, tmp_path))
    ws = wb["Prepare"]
    team = {row[0]: row for row in table_rows(ws, "TeamList")}
    assert team["Rosa Delgado"][:4] == [
        "Rosa Delgado", "member", "Families, Community-based organisations", "Community",
    ]  # fmt: skip
    voices = {row[0]: row for row in table_rows(ws, "VoiceCoverage")}
    assert voices["Young people"][1:] == ["✗ MISSING", None]
    assert voices["Families"][1:] == ["✓ yes", "Rosa Delgado"]
    sectors = {row[0]: row for row in table_rows(ws, "SectorCoverage")}
    assert sectors["Health"][1] == "✓ yes" and sectors["Health"][3] == 4
    notes = [v for row in rows(ws) for v in row if isinstance(v, str)]
    assert any(v.startswith("⚠ F") and "young people" in v for v in notes)
    assert find_row(ws, "Question")[1].startswith("How can the schools")
    scope = {row[0]: row for row in table_rows(ws, "ScopeList")}
    assert scope["Agencies / divisions"][1].split("\n")[0] == "Harmon County Schools"
    assert scope["Levels"][2] == "State programs run directly by the state"
    readiness = {row[0]: row for row in table_rows(ws, "ReadinessList")}
    assert list(readiness)[2] == "Relational trust"
    trust = readiness["Relational trust"]
    assert trust[1:4] == [2, "developing", "████░░░░"]
    assert trust[4] == "whole team, by consensus" and trust[5].startswith("Schools and")
    assert any(v.startswith("Improve first: continuous improvement") for v in notes)
    meetings = table_rows(ws, "MeetingList")
    assert meetings[0][0] == dt.datetime(2026, 9, 15) and meetings[0][2] == 120
    assert meetings[0][3].startswith("Welcome, introductions and norms (15 min)")
    # the Overview shows the readiness summary
    summary = {row[0]: row for row in table_rows(wb["Overview"], "ReadinessSummary")}
    assert summary["Relational trust"][2] == 2 and "developing" in summary["Relational trust"][1]
    overview = [v for row in rows(wb["Overview"]) for v in row if isinstance(v, str)]
    assert any(v.startswith("Overall: developing (2.1), 7 of 7") for v in overview)


def test_prepare_sheet_of_an_unprepared_session_says_so(wb: Any) -> None:
    ws = wb["Prepare"]
    notes = [v for row in rows(ws) for v in row if isinstance(v, str)]
    assert "No team roles or voices recorded yet: the coverage is not checked." in notes
    readiness = table_rows(ws, "ReadinessList")
    assert len(readiness) == 7 and all(row[1] is None for row in readiness)
    assert all(row[2] == "unrated" for row in readiness)
    assert "MeetingList" not in ws.tables
    summary = table_rows(wb["Overview"], "ReadinessSummary")
    assert all(row[2] == "unrated" for row in summary)


def test_vision(wb: Any) -> None:
    ws = wb["Vision"]
    assert find_row(ws, "Vision statement")[1] == "Every child grows up healthy and ready to learn."
    assert find_row(ws, "Theory of change")[1].startswith("If services share data")
    assert find_row(ws, 1)[1] == "Departments share data."
    assert find_row(ws, 2)[1] == "Funding continues."
    assert find_row(ws, "G1")[:3] == ["G1", "Children ready for kindergarten", "Readiness up"]
    assert find_row(ws, "G2")[1] == "Fewer chronic absences"
    assert set(ws.tables) == {"AssumptionList", "GoalList"}


def test_inventory(wb: Any) -> None:
    ws = wb["Inventory"]
    assert [c.value for c in ws[1]] == [
        "ID",
        "Name",
        "Description",
        "Lead",
        "Organisation",
        "Sector",
        "Level",
        "Status",
        "Population",
        "Funding",
        "Outcomes",
        "Data collected",
        "Goals",
        "Start",
        "End",
        "Rating notes",
        "Populations",
        "Funding streams",
        "Decision",
        "Combine with",
        "Decision rationale",
        "Decision answers",
        "History",
    ]
    i1 = [c.value for c in ws[2]]
    assert i1[:13] == [
        "I1",
        "Home visiting",
        "Nurses visit new parents.",
        "Public health nursing",
        "County Health",
        "Health",
        "County",
        "Active",
        "Families with newborns",
        "State grant to 2027",
        "Healthy births",
        "Visits, screenings",
        "G1, G2",
    ]
    assert i1[13:15] == [dt.datetime(2024, 7, 1), dt.datetime(2027, 6, 30)]
    assert (
        i1[15]
        == "G2 (0 not aligned): Reaches few school-age children\nData use (1 weak): Paper forms"
    )
    assert column(ws, "ID") == ["I1", "I2", "I3"]


def test_alignment_grid(wb: Any) -> None:
    ws = wb["Alignment"]
    header = [c.value for c in ws[1]]
    assert header == ["ID", "Initiative", "Vision", "G1", "G2", *(d.label for d in Domain)]
    i1 = [c.value for c in ws[2]]
    assert i1[:5] == ["I1", "Home visiting", 3, 2, 0]  # a zero is a zero …
    assert i1[5] == 3 and i1[-1] == 1
    assert i1[6] == UNRATED  # … and unrated is not a zero
    i3 = [c.value for c in ws[4]]
    assert i3[2:] == [UNRATED] * 9
    assert all(isinstance(v, int) for v in i1[2:] if v != UNRATED)
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert any(rule.type == "colorScale" for rule in rules)
    mean_row = find_row(ws, None)  # the means row has no ID
    assert "mean" in mean_row[1].lower()
    assert mean_row[2] == 2.0  # vision: (3 + 1) / 2
    assert mean_row[4] == 0  # G2: the one rating is 0
    text = " ".join(str(v) for row in rows(ws) for v in row if isinstance(v, str))
    assert "0 not aligned / working against" in text and "1 weak" in text
    assert "2 partial" in text and "3 strong" in text and "unrated" in text
    assert "G1: Children ready for kindergarten" in text
    # rating notes: a comment on the cell, and the list under the grid
    assert (
        ws["E2"].comment is not None and ws["E2"].comment.text == "Reaches few school-age children"
    )
    assert table_rows(ws, "RatingNotes") == [
        ["I1", "G2 (0 not aligned): Reaches few school-age children"],
        ["I1", "Data use (1 weak): Paper forms"],
    ]


def test_relationships(wb: Any) -> None:
    ws = wb["Relationships"]
    assert rows(ws)[1] == [
        "I1",
        "Home visiting",
        "overlaps / duplicates",
        "I2",
        "Attendance team",
        "Same families",
    ]


def test_findings(wb: Any) -> None:
    ws = wb["Findings"]
    assert [c.value for c in ws[1]] == [
        "ID",
        "Kind",
        "Summary",
        "Domain",
        "Technical/adaptive",
        "Initiatives",
        "Goals",
        "Status",
        "Note",
    ]
    assert rows(ws)[1] == [
        "F1",
        "Redundancy",
        "Two teams visit the same families.",
        "Interest holder engagement",
        "Adaptive",
        "I1, I2",
        "G2",
        "Open",
        "Talk to both leads",
    ]
    assert rows(ws)[2][7] == "Dismissed"


def test_monitoring(wb: Any) -> None:
    ws = wb["Monitoring"]
    assert table_rows(ws, "CheckInList") == [
        [dt.datetime(2026, 2, 1), 2, "First check-in: legal review is slow."],
        [dt.datetime(2026, 3, 1), 1, None],
    ]
    history = table_rows(ws, "CheckInHistory")
    # per action, then by date
    assert [r[1] for r in history] == ["A1", "A1", "A2"]
    assert history[1][0] == dt.datetime(2026, 3, 1)
    assert history[1][3:] == ["In progress", "Drafting", 0.4]
    indicators = {r[0]: r for r in table_rows(ws, "IndicatorList")}
    assert indicators["M1"][:11] == [
        "M1", "Kindergarten readiness", dt.datetime(2025, 9, 1), 52,
        "Kindergarten entry assessment", dt.datetime(2028, 9, 1), 65, "%", "increase", "G1",
        indicators["M1"][10],
    ]  # fmt: skip
    assert indicators["M2"][11] == "no readings"
    readings = table_rows(ws, "IndicatorReadings")
    assert readings == [
        ["M1", "Kindergarten readiness", dt.datetime(2025, 9, 1), 52, None],
        ["M1", "Kindergarten readiness", dt.datetime(2026, 3, 1), 57.5, "Spring screening"],
    ]
    first = ws.tables["IndicatorReadings"].ref.split(":")[0]
    value = ws.cell(ws[first].row + 1, ws[first].column + 3)
    assert value.number_format == "#,##0.0"  # the decimals its readings have, no more
    assert table_rows(ws, "ActionsByStatus") == [
        ["Not started", 0],
        ["In progress", 1],
        ["Blocked", 1],
        ["Done", 1],
        ["Dropped", 0],
    ]
    # a chart per indicator with readings (and the actions by status), below every table,
    # value axes from 0; the Indicators table links to each; no chart straddles a page
    charts = ws._charts
    assert len(charts) == 2
    last_table_row = max(ws[t.ref.split(":")[1]].row for t in ws.tables.values())
    tops = [chart.anchor._from.row + 1 for chart in charts]
    assert min(tops) > last_table_row
    assert all(chart.y_axis.scaling.min == 0 for chart in charts)
    link = ws.cell(ws["A1"].row + 4, ws[ws.tables["IndicatorList"].ref.split(":")[0]].column + 11)
    assert (link.value == f"row {tops[1]}" and link.hyperlink.location is None) or link.hyperlink
    breaks = sorted(b.id + 1 for b in ws.row_breaks.brk)  # rows that start a page
    for top in tops:
        page_start = max(b for b in breaks if b <= top)
        assert top - page_start + CHART_ROWS <= 40  # the whole chart is on that page
    assert "Charts of every indicator" in str(ws["A2"].value)


# --------------------------------------------------------------------------------------------
# empty sessions


def test_an_empty_session_exports_a_well_formed_workbook(tmp_path: Path) -> None:
    path = export(Session(title="Empty", created=D(2026, 1, 1)), tmp_path)
    wb = load_workbook(path)
    assert wb.sheetnames == [*SHEET_NAMES, RECORD_SHEET]
    ws = wb["Action Plan"]
    assert [c.value for c in ws[1]] == [*ACTION_PLAN_HEADERS, "Updated"]
    assert ws.tables["ActionPlan"].ref == "A1:O2"  # header and one empty row
    assert all(c.value is None for c in ws[2])
    assert wb.properties.creator == "cohere-tui"
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None


# --------------------------------------------------------------------------------------------
# text safety


FORMULA_LOOKING = [
    "=1+1",
    '=HYPERLINK("http://x")',
    "+44 20 7946",
    "-5 families",
    "@mention",
    "#N/A",
]


@pytest.mark.parametrize("text", FORMULA_LOOKING)
def test_formula_looking_text_stays_text(session: Session, tmp_path: Path, text: str) -> None:
    session.actions[0].title = text
    session.actions[0].notes = text
    session.participants[0].name = text
    session.goals[0].title = text
    path = export(session, tmp_path)
    wb = load_workbook(path)
    for cell in (wb["Action Plan"]["B2"], wb["Action Plan"]["N2"], wb["Vision"]["B"][0]):
        if cell.value == text:
            assert cell.data_type == "s"
    assert wb["Action Plan"]["B2"].value == text
    assert wb["Action Plan"]["B2"].data_type == "s"
    assert wb["Action Plan"]["N2"].value == text
    assert wb["Action Plan"]["N2"].data_type == "s"
    if text[0] in "=+-@":
        assert wb["Action Plan"]["B2"].quotePrefix
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = zf.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name
                assert 't="e"' not in xml


def test_control_characters_are_removed(session: Session, tmp_path: Path) -> None:
    # a session refuses them; the export removes them all the same (model_copy skips checks)
    action = session.actions[0].model_copy(update={"notes": "a\x00b\x07c\x1bd\x0be\tf\ng\r\nh"})
    actions = [action, *session.actions[1:]]
    session = session.model_copy(update={"title": "Title\x01", "actions": actions})
    wb = load_workbook(export(session, tmp_path))
    assert wb["Action Plan"]["N2"].value == "abcde\tf\ng\nh"
    assert wb.properties.title == "Title"


def test_clean_text_removes_what_openpyxl_refuses() -> None:
    every = "".join(chr(n) for n in range(0x20)) + "\ud800\ufffe\uffffok"
    cleaned = clean_text(every)
    assert not ILLEGAL_CHARACTERS_RE.search(cleaned)
    assert cleaned == "\t\n\nok"


def test_text_over_a_cell_limit_is_cut_with_a_marker_and_a_warning(
    session: Session, tmp_path: Path
) -> None:
    session.actions[1].notes = "x" * 40_000
    result = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY)
    cell = load_workbook(result.path)["Action Plan"]["N3"].value
    assert len(cell) <= MAX_CELL_CHARS
    assert cell.startswith("x" * 30_000)
    assert cell.endswith("characters more, see the session file]")
    assert "cut" in cell
    assert len(result.warnings) == 1
    assert "action A2" in result.warnings[0] and "Notes" in result.warnings[0]


def test_cutting_counts_utf16_units() -> None:
    text, cut = fit_text("😀" * 20_000)  # 40,000 UTF-16 units
    assert cut > 0
    assert len(text.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS
    assert f"{cut:,} characters more" in text
    short, none = fit_text("😀" * 100)
    assert none == 0 and short == "😀" * 100


# --------------------------------------------------------------------------------------------
# files


def test_never_overwrites_silently(session: Session, tmp_path: Path) -> None:
    path = export(session, tmp_path)
    before = path.read_bytes()
    with pytest.raises(ExportExistsError) as info:
        export_workbook(session, path, today=TODAY)
    assert str(path) in str(info.value) and "already exists" in str(info.value)
    assert path.read_bytes() == before
    export_workbook(session, path, today=TODAY, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]  # no temp files left


def test_workbook_errors_are_session_file_errors(session: Session, tmp_path: Path) -> None:
    with pytest.raises(WorkbookError) as info:
        export_workbook(session, tmp_path / "plan.csv", today=TODAY)
    assert isinstance(info.value, SessionFileError)
    assert ".xlsx" in str(info.value)


def test_export_creates_the_folder(session: Session, tmp_path: Path) -> None:
    result = export_workbook(session, tmp_path / "a" / "b" / "plan.xlsx", today=TODAY)
    assert result.path.is_file()


def test_default_export_path(tmp_path: Path, session: Session) -> None:
    exports = tmp_path / "exports"
    session_path = tmp_path / "sessions" / "family-outcomes.toml"
    first = default_export_path(exports, session_path, TODAY)
    assert exports.is_dir()
    assert first == exports / "family-outcomes-action-plan-2026-04-01.xlsx"
    export_workbook(session, first, today=TODAY)
    second = default_export_path(exports, session_path, TODAY)
    assert second.name == "family-outcomes-action-plan-2026-04-01-2.xlsx"
    export_workbook(session, second, today=TODAY)
    assert default_export_path(exports, session_path, TODAY).name.endswith("-3.xlsx")
    odd = default_export_path(exports, Path("My Plan.toml"), TODAY)
    assert odd.name == "my-plan-action-plan-2026-04-01.xlsx"


def test_header_footer_escapes_ampersands(session: Session, tmp_path: Path) -> None:
    session.title = "Health & Schools"
    ws = load_workbook(export(session, tmp_path))["Overview"]
    assert ws.oddHeader.left.text == "Health && Schools"


def test_importing_the_module_does_not_import_openpyxl() -> None:
    code = (
        "import sys, cohere_tui.workbook; "
        "sys.exit(1 if any(m.split('.')[0] == 'openpyxl' for m in sys.modules) else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or "openpyxl was imported"


def test_demo_session_exports(tmp_path: Path) -> None:
    from importlib import resources

    from cohere_tui.store import load_session

    demo = resources.files("cohere_tui") / "data" / "demo.toml"
    if not demo.is_file():
        pytest.skip("the demo session (data/demo.toml) is not there yet")
    path = tmp_path / "demo.toml"
    path.write_bytes(demo.read_bytes())
    session = load_session(path).session
    result = export_workbook(session, tmp_path / "demo.xlsx", today=TODAY)
    wb = load_workbook(result.path)
    assert wb.sheetnames == [*SHEET_NAMES, RECORD_SHEET]
    assert column(wb["Action Plan"], "ID") == [a.id for a in session.actions]
    assert result.warnings == []


def test_values_a_workbook_cannot_hold_as_numbers_or_dates(
    session: Session, tmp_path: Path
) -> None:
    # a session refuses NaN and infinity; the workbook copes with them all the same
    session.indicators[0].readings[0].__dict__["value"] = float("nan")
    session.indicators[0].__dict__["target"] = float("inf")
    session.initiatives[0].start = D(1850, 1, 1)
    result = export_workbook(session, tmp_path / "plan.xlsx", today=TODAY)
    wb = load_workbook(result.path)
    assert wb["Inventory"]["N2"].value == "1850-01-01"
    assert wb["Inventory"]["N2"].data_type == "s"
    readings = table_rows(wb["Monitoring"], "IndicatorReadings")
    assert readings[0][3] == "nan"
    assert table_rows(wb["Monitoring"], "IndicatorList")[0][6] == "inf"
    assert len(result.warnings) == 1
    assert "initiative I1, Start" in result.warnings[0] and "1850-01-01" in result.warnings[0]


def test_rating_words_and_bars() -> None:
    from cohere_tui.workbook import rating_bar, rating_word

    assert [rating_word(m) for m in (None, 0, 0.7, 0.8, 1.4, 1.5, 2.2, 2.25, 3)] == [
        "unrated",
        "not aligned",
        "not aligned",
        "weak",
        "weak",
        "partial",
        "partial",
        "strong",
        "strong",
    ]
    assert rating_bar(None) == "·" * 10
    assert rating_bar(0) == "░" * 10
    assert rating_bar(1.5) == "█" * 5 + "░" * 5
    assert rating_bar(3) == "█" * 10


def test_alignment_shows_the_votes_behind_agreed_values(session: Session, tmp_path: Path) -> None:
    from cohere_tui.models import Vote

    ws = load_workbook(export(session, tmp_path, "plain.xlsx"))["Alignment"]
    assert "AlignmentVotes" not in ws.tables  # one value per cell: the sheet as before
    ini = session.initiatives[0]
    ini.alignment["G1"] = 2
    ini.votes["G1"] = [Vote(voice=f"V{n}", value=v) for n, v in enumerate([3, 2, 2, 0], 1)]
    ini.domains[Domain.DATA_USE] = 1
    ini.votes[Domain.DATA_USE.value] = [Vote(voice="V1", value=1), Vote(voice="V2", value=1)]
    ws = load_workbook(export(session, tmp_path, "voted.xlsx"))["Alignment"]
    table = ws.tables["AlignmentVotes"]
    top = int(re.sub(r"[A-Z]", "", table.ref.split(":")[0]))
    header, *voted = rows(ws, min_row=top)[: 1 + 2]
    assert header[:8] == [
        "ID", "Initiative", "Rating of", "Agreed", "Votes", "Spread", "The room", "In words",
    ]  # fmt: skip
    assert voted[0][:7] == ["I1", ini.name, "G1", 2, "3 2 2 0", 3, "the room disagrees"]
    assert voted[0][7] == "4 votes: 0:1 1:· 2:2 3:1, spread 3 — the room disagrees"
    assert voted[1][2:7] == ["Data use", 1, "1 1", 0, "agrees"]
    header_row = [c.value for c in ws[1]]
    g1 = ws.cell(row=2, column=header_row.index("G1") + 1)
    assert g1.value == 2  # the agreed value stays a number (the colour scale reads it)
    assert "Votes: 4 votes" in g1.comment.text and "the room disagrees" in g1.comment.text
