"""The next cycle carries forward what is unfinished and never touches the previous file."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from cohere_tui.cycle import next_cycle_path, write_next_cycle
from cohere_tui.models import ActionStatus
from cohere_tui.store import load_session
from cohere_tui.validation import check_session

TODAY = dt.date(2026, 12, 1)


def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "harmon.toml"
    path.write_bytes((resources.files("cohere_tui") / "data" / "demo.toml").read_bytes())
    return path


def test_carry_forward(tmp_path: Path) -> None:
    source = demo_file(tmp_path)
    before = source.read_bytes()
    old = load_session(source).session
    target = write_next_cycle(source, TODAY)
    assert source.read_bytes() == before
    assert target.name == "harmon-cycle-2.toml"
    new = load_session(target).session
    assert check_session(new) == []
    assert new.cycle == 2 and new.previous_cycle == "harmon.toml" and new.created == TODAY
    assert new.vision == old.vision and new.goals == old.goals
    assert new.initiatives == old.initiatives and new.relationships == old.relationships
    open_ids = [a.id for a in old.actions if a.status.is_open]
    assert [a.id for a in new.actions] == open_ids
    assert all(a.status is not ActionStatus.DONE for a in new.actions)
    for old_action in old.actions:
        if old_action.id in open_ids:
            assert new.action(old_action.id) == old_action
    assert new.indicators == old.indicators  # every reading kept
    history = {u.action for c in new.checkins for u in c.updates}
    assert history and history <= set(open_ids)
    assert new.decisions == [] and new.reflection.worked == ""
    assert all(not p.done for p in new.parking_lot)


def test_cycle_names_do_not_pile_up(tmp_path: Path) -> None:
    source = demo_file(tmp_path)
    second = write_next_cycle(source, TODAY)
    third = write_next_cycle(second, TODAY)
    assert third.name == "harmon-cycle-3.toml"
    assert load_session(third).session.previous_cycle == "harmon-cycle-2.toml"
    again = next_cycle_path(source, load_session(source).session)
    assert again.name == "harmon-cycle-2-2.toml"
