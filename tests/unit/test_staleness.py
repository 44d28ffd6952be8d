"""Each action knows when its status or latest update last changed: from the action form, a
quick status, a check-in or an import; step 5 lists the owners not updated since the last
check-in."""

from __future__ import annotations

import datetime as dt

from cohere_tui.document import SessionDocument
from cohere_tui.edits import RecordUpdate, SetActionStatus, UpdateItem
from cohere_tui.models import Action, ActionStatus, ActionUpdate, CheckIn, Session
from cohere_tui.progress import (
    last_update,
    last_updates,
    owners_not_updated_since,
    stale_owner_summary,
    update_stamp,
)
from cohere_tui.store import dumps_session, load_session

D = dt.date


def make_session() -> Session:
    return Session(
        title="Plan",
        created=D(2026, 1, 1),
        actions=[
            Action(id="A1", title="Draft", owner="Lee", status=ActionStatus.IN_PROGRESS),
            Action(id="A2", title="Align", owner="Dana", updated=D(2026, 3, 20)),
            Action(id="A3", title="Share", owner="Lee"),
            Action(id="A4", title="Train", owner="", status=ActionStatus.DONE),
            Action(id="A5", title="Call"),
        ],
        checkins=[
            CheckIn(date=D(2026, 3, 1), updates=[ActionUpdate(action="A1", status="in_progress")]),
            CheckIn(date=D(2026, 3, 15), updates=[ActionUpdate(action="A3", status="not_started")]),
        ],
    )


def test_the_last_update_is_the_later_of_its_own_date_and_its_check_ins() -> None:
    session = make_session()
    assert last_updates(session) == {
        "A1": D(2026, 3, 1),
        "A2": D(2026, 3, 20),
        "A3": D(2026, 3, 15),
        "A4": None,
        "A5": None,
    }
    assert all(last_update(session, a) == last_updates(session)[a.id] for a in session.actions)


def test_owners_not_updated_since_the_last_check_in() -> None:
    session = make_session()
    stale = owners_not_updated_since(session, D(2026, 3, 15))
    # A1 (Lee) last spoke of on 3-1; A5 has no owner; A4 is done, so not listed
    assert [(s.owner, [a.id for a in s.actions]) for s in stale] == [("Lee", ["A1"]), ("", ["A5"])]
    assert stale_owner_summary(session) == (
        "Not updated since the last check-in (2026-03-15): Lee (A1); (no owner) (A5)"
    )
    assert stale_owner_summary(Session(title="x", created=D(2026, 1, 1))) is None


def test_update_stamp_for_the_action_form() -> None:
    action = Action(id="A1", title="Draft", latest_update="Started")
    day = D(2026, 4, 1)
    assert update_stamp(action, {"status": "done"}, day) == {"updated": day}
    assert update_stamp(action, {"latest_update": "Signed"}, day) == {"updated": day}
    assert update_stamp(action, {"latest_update": " Started "}, day) == {}
    assert update_stamp(action, {"owner": "Kim", "notes": "x"}, day) == {}
    assert update_stamp(None, {"title": "New"}, day) == {"updated": day}
    later = Action(id="A2", title="x", updated=D(2026, 5, 1))
    assert update_stamp(later, {"status": "done"}, day) == {}  # a later date is kept


def test_edits_mark_the_action_updated_and_undo_takes_it_back(tmp_path: object) -> None:
    session = make_session()
    doc = SessionDocument(session, tmp_path / "plan.toml")  # type: ignore[operator]
    day = D(2026, 4, 2)
    doc.apply(RecordUpdate(day, "A3", ActionStatus.IN_PROGRESS, "Drafted"))
    a3 = session.action("A3")
    assert a3 is not None and a3.updated == day
    doc.apply(SetActionStatus("A5", ActionStatus.BLOCKED, day=day))
    a5 = session.action("A5")
    assert a5 is not None and a5.updated == day
    doc.apply(SetActionStatus("A1", ActionStatus.DONE))  # no day given: not stamped
    a1 = session.action("A1")
    assert a1 is not None and a1.updated is None
    a2 = session.action("A2")
    assert a2 is not None
    doc.apply(
        UpdateItem("action", "A2", {"status": "done", **update_stamp(a2, {"status": "done"}, day)})
    )
    assert a2.updated == day
    doc.undo()
    assert a2.updated == D(2026, 3, 20)


def test_updated_is_saved_only_when_known(tmp_path: object) -> None:
    session = make_session()
    text = dumps_session(session).decode("utf-8")
    assert text.count("updated = ") == 1 and "updated = 2026-03-20" in text
    path = tmp_path / "plan.toml"  # type: ignore[operator]
    path.write_text(text, encoding="utf-8")
    assert load_session(path).session == session


def test_a_schema_1_file_reads_as_schema_2(tmp_path: object) -> None:
    path = tmp_path / "old.toml"  # type: ignore[operator]
    path.write_text(
        'schema_version = 1\ntitle = "Plan"\ncreated = 2026-01-01\n\n'
        '[[actions]]\nid = "A1"\ntitle = "Draft"\n',
        encoding="utf-8",
    )
    loaded = load_session(path)
    assert loaded.migrated_from == 1
    assert loaded.session.schema_version == 2
    assert loaded.session.actions[0].updated is None
