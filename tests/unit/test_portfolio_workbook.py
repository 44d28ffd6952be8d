"""The workbook's Funding and Populations sheets, the decisions in Inventory and the new
findings in Findings, written from the demo and read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cohere_tui.demo import demo_source
from cohere_tui.models import FundingStream, StreamLink
from cohere_tui.store import load_session
from cohere_tui.workbook import export_workbook

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def wb(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("portfolio-workbook")
    path = folder / "harmon.toml"
    path.write_bytes(demo_source())
    session = load_session(path).session
    # text a person typed is never a formula, here too
    session.streams.append(FundingStream(id="S11", name="=SUM(A1:A9)", uses=["+1 use"]))
    session.initiatives[0].streams.append(StreamLink(stream="S11"))
    result = export_workbook(session, folder / "out.xlsx", today=TODAY)
    return load_workbook(result.path)


def rows(ws: Any) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def row_of(table: list[list[Any]], first: str) -> list[Any]:
    return next(r for r in table if r[0] == first)


def test_funding_and_populations_come_right_after_inventory(wb: Any) -> None:
    names = wb.sheetnames
    assert names[names.index("Inventory") + 1 : names.index("Inventory") + 3] == [
        "Funding",
        "Populations",
    ]


def test_the_funding_sheet_lists_streams_then_initiatives_by_stream(wb: Any) -> None:
    ws = wb["Funding"]
    assert set(ws.tables) == {"FundingStreamList", "FundingMatrix"}
    table = rows(ws)
    assert table[0][:7] == [
        "ID", "Stream", "Source", "Annual amount", "Start", "End", "Ends within a year",
    ]  # fmt: skip
    s2 = row_of(table, "S2")
    assert s2[:4] == ["S2", "MIECHV home visiting grant", "Federal", 1_200_000]
    assert s2[5].date() == dt.date(2027, 6, 30) and s2[6] == "Yes"
    assert s2[10] == "I2"
    assert row_of(table, "S5")[10] == "I5 (40%), I8 (30%), I11 (30%)"
    header = next(r for r in table if r[:2] == ["ID", "Initiative"])
    i2 = row_of(table, "I2")
    assert i2[:5] == ["I2", "Nurse-Family Partnership home visiting", "undecided", 1_440_000,
                      1_200_000]  # fmt: skip
    assert i2[header.index("S2")] == 1_200_000 and i2[header.index("S3")] == 240_000
    assert row_of(table, "I1")[3] == "unknown"  # S6 has no amount
    assert row_of(table, "I1")[header.index("S11")] == "linked"
    cell = next(c for c in ws["B"] if c.value == "=SUM(A1:A9)")
    assert cell.data_type == "s"


def test_the_populations_sheet_shows_who_nobody_serves(wb: Any) -> None:
    ws = wb["Populations"]
    assert set(ws.tables) == {"PopulationList", "PopulationServed"}
    table = rows(ws)
    n5 = row_of(table, "N5")
    assert n5[1] == "Foster youth" and n5[4] == 0 and n5[8] == "nobody serves"
    n1 = row_of(table, "N1")
    assert n1[4] == 4 and n1[8] == "served by 4 from 6 streams"  # S11 funds I1 here
    served = [r for r in table if r[0] == "N4" and r[2] in ("I6", "I9")]
    assert [(r[2], r[4]) for r in served] == [("I6", "3.0 strong"), ("I9", "2.0 partial")]


def test_inventory_holds_each_decision(wb: Any) -> None:
    table = rows(wb["Inventory"])
    header = table[0]
    i5 = row_of(table, "I5")
    at = header.index("Decision")
    assert i5[at : at + 4] == [
        "combine",
        "I2",
        "One home-visiting offer for first-time parents: one visitor, one intake form.",
        "F2",
    ]
    assert row_of(table, "I2")[at] == "undecided"
    assert row_of(table, "I5")[header.index("Populations")] == "N1"


def test_the_new_findings_are_in_findings_and_the_counts_in_overview(wb: Any) -> None:
    kinds = {r[1] for r in rows(wb["Findings"])}
    assert {"Funding ends soon", "Funding to braid", "Population nobody serves"} <= kinds
    overview = {r[0]: r[1] for r in rows(wb["Overview"]) if r[0]}
    assert overview["Funding streams"] == 11 and overview["Populations nobody serves"] == 1
    assert overview["Initiatives: keep"] == 6 and overview["Initiatives: undecided"] == 2


def test_a_session_without_streams_or_populations_still_exports(tmp_path: Path) -> None:
    from cohere_tui.models import Session

    result = export_workbook(Session(title="Empty"), tmp_path / "e.xlsx", today=TODAY)
    book = load_workbook(result.path)
    assert rows(book["Funding"])[1][0] is None  # an empty table, headers kept
    assert rows(book["Populations"])[0][0] == "ID"


def test_the_next_cycle_lists_its_archived_initiatives_under_the_inventory(
    tmp_path: Path,
) -> None:
    from cohere_tui.cycle import write_next_cycle
    from cohere_tui.ui.dialogs.archive import archive_text

    source = tmp_path / "harmon.toml"
    source.write_bytes(demo_source())
    new = load_session(write_next_cycle(source, TODAY)).session
    result = export_workbook(new, tmp_path / "cycle-2.xlsx", today=TODAY)
    ws = load_workbook(result.path)["Inventory"]
    assert set(ws.tables) == {"InventoryList", "ArchivedList"}
    table = rows(ws)
    assert [r[0] for r in table if r[0] in ("I4", "I5", "I9")] == ["I4", "I5", "I9"]
    i5 = next(r for r in table if r[0] == "I5" and r[2] == "combine with I2")
    assert i5[4].startswith("Cycle 1: combined into I2")
    text = archive_text(new).plain
    assert "I4 · Truancy court referral" in text and "decision: sunset" in text
