"""The chain of cycles: followed back through previous_cycle, robust to moved and renamed
files, and the figures of each cycle."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from cohere_tui.cycle import write_next_cycle
from cohere_tui.history import cycle_figures, load_chain, resolve_previous
from cohere_tui.models import ActionStatus, Domain
from cohere_tui.store import load_session, save_session

TODAY = dt.date(2026, 12, 1)


def three_cycles(demo: Path) -> list[Path]:
    """The demo and two next cycles written from it, the second after progress in the first."""
    second = write_next_cycle(demo, TODAY)
    loaded = load_session(second)
    session = loaded.session
    for ini in session.initiatives:
        ini.domains[Domain.DATA_USE] = 3
    session.actions[0].status = ActionStatus.DONE
    save_session(session, second)
    third = write_next_cycle(second, TODAY + dt.timedelta(days=90))
    return [demo, second, third]


def test_three_cycles_made_with_next_cycle_form_one_chain(demo: Path) -> None:
    first, second, third = three_cycles(demo)
    assert load_session(third).session.previous_cycle == second.name
    session = load_session(third).session
    chain = load_chain(session, third, today=TODAY)
    assert [c.cycle for c in chain.cycles] == [1, 2, 3]
    assert [c.path for c in chain.cycles] == [first, second, third]
    assert chain.problems == []
    assert chain.has_history
    # what changed in cycle 2 shows: data use rose to 3, one more action done
    assert chain.cycles[0].domains[Domain.DATA_USE] is not None
    assert chain.cycles[0].domains[Domain.DATA_USE] < 3
    assert chain.cycles[1].domains[Domain.DATA_USE] == 3
    assert chain.cycles[1].done == 1
    assert chain.cycles[0].done == 3  # the demo's three done actions stay in cycle 1's file
    assert chain.cycles[2].actions == chain.cycles[1].open


def test_the_chain_survives_moving_the_whole_folder(demo: Path, tmp_path: Path) -> None:
    three_cycles(demo)
    moved = tmp_path / "elsewhere" / "archive"
    moved.parent.mkdir()
    shutil.move(demo.parent, moved)
    third = moved / "harmon-cycle-3.toml"
    chain = load_chain(load_session(third).session, third, today=TODAY)
    assert [c.cycle for c in chain.cycles] == [1, 2, 3]
    assert all(c.path is not None and c.path.parent == moved for c in chain.cycles)


def test_a_renamed_previous_file_is_found_by_title_and_cycle(demo: Path) -> None:
    _, second, third = three_cycles(demo)
    renamed = second.with_name("harmon-spring.toml")
    second.rename(renamed)
    session = load_session(third).session
    assert resolve_previous(session, third) == renamed
    chain = load_chain(session, third, today=TODAY)
    assert [c.cycle for c in chain.cycles] == [1, 2, 3]


def test_a_copy_saved_elsewhere_finds_its_cycles_in_the_sessions_folder(
    demo: Path, tmp_path: Path
) -> None:
    _, _, third = three_cycles(demo)
    away = tmp_path / "usb"
    away.mkdir()
    copy = away / "harmon-cycle-3.toml"
    shutil.copy(third, copy)
    session = load_session(copy).session
    assert load_chain(session, copy, today=TODAY).cycles[0].cycle == 3  # alone there
    chain = load_chain(session, copy, today=TODAY, sessions_dir=demo.parent)
    assert [c.cycle for c in chain.cycles] == [1, 2, 3]


def test_a_missing_link_ends_the_chain_with_a_sentence(demo: Path) -> None:
    _, second, third = three_cycles(demo)
    second.unlink()
    chain = load_chain(load_session(third).session, third, today=TODAY)
    assert [c.cycle for c in chain.cycles] == [3]
    assert not chain.has_history
    assert "harmon-cycle-2.toml" in chain.problems[0]
    assert "history starts at cycle 3" in chain.problems[0]


def test_a_broken_earlier_file_keeps_what_was_found(demo: Path) -> None:
    first, _, third = three_cycles(demo)
    first.write_text("title = [broken\n", encoding="utf-8")
    chain = load_chain(load_session(third).session, third, today=TODAY)
    assert [c.cycle for c in chain.cycles] == [2, 3]
    assert "harmon.toml cannot be read" in chain.problems[0]


def test_a_chain_that_comes_back_on_itself_stops(demo: Path) -> None:
    _, second, third = three_cycles(demo)
    loaded = load_session(second)
    loaded.session.previous_cycle = third.name
    save_session(loaded.session, second)
    chain = load_chain(load_session(third).session, third, today=TODAY)
    assert [c.cycle for c in chain.cycles] == [2, 3]
    assert "comes back round" in chain.problems[0]


def test_a_first_cycle_has_no_history(demo: Path) -> None:
    chain = load_chain(load_session(demo).session, demo, today=TODAY)
    assert len(chain.cycles) == 1
    assert not chain.has_history and chain.problems == []


def test_an_unsaved_session_is_its_own_history(demo: Path) -> None:
    session = load_session(demo).session
    chain = load_chain(session, None, today=TODAY)
    assert [c.path for c in chain.cycles] == [None]


def test_cycle_figures_count_the_demo(demo: Path) -> None:
    figures = cycle_figures(load_session(demo).session, demo, dt.date(2026, 11, 23))
    assert (figures.actions, figures.done, figures.blocked, figures.open) == (16, 3, 2, 13)
    assert figures.date == dt.date(2026, 11, 5)  # its check-in
    assert figures.indicators_measured == 5
    assert figures.overall is not None and 1.5 < figures.overall < 2.0
