"""Files an attacker or an accident controls (sessions in shared folders): saves that never
follow a planted link, files that keep their permissions, reads that never block nor run
without end, numbers and values that are refused with the field named, hostile lock files.

Each test names the case of the issue it covers; none may give a traceback, a hang or a
changed file.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from cohere_tui import files, lock, store
from cohere_tui.cycle import write_next_cycle
from cohere_tui.document import SessionDocument
from cohere_tui.edits import SetDetails
from cohere_tui.lock import LockHeldError, acquire, holder_of, lock_path
from cohere_tui.measures import format_number, parse_number
from cohere_tui.models import MAX_CYCLE, Goal, Initiative, Session
from cohere_tui.settings import Settings, load_settings, save_settings
from cohere_tui.store import (
    SessionFileError,
    load_session,
    new_session,
    save_session,
    scan_sessions,
)
from cohere_tui.workbook import export_workbook

DEMO = (resources.files("cohere_tui") / "data" / "demo.toml").read_bytes()
"""The bundled demo: the `demo` fixture (tests/conftest.py) copies it to sessions/harmon.toml."""
TODAY = dt.date(2026, 11, 23)
VICTIM = b"the facilitator's own file\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the facilitator's that a planted link points at."""
    path = tmp_path / "victim.txt"
    path.write_bytes(VICTIM)
    return path


def edited(path: Path) -> tuple[Session, str]:
    loaded = load_session(path)
    loaded.session.title = "Edited"
    return loaded.session, loaded.fingerprint


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def refused(path: Path, *words: str) -> SessionFileError:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(SessionFileError) as exc:
        load_session(path)
    for word in words:
        assert word in str(exc.value), str(exc.value)
    if before is not None:
        assert path.read_bytes() == before
    return exc.value


# ----- 1. saves never follow planted links --------------------------------------------------


def test_links_planted_at_the_old_temporary_names_are_never_followed(
    demo: Path, victim: Path
) -> None:
    """The temporary names were `.NAME.PID.tmp` and `.NAME.bak.PID.tmp`: links planted there
    got the session written into the facilitator's files."""
    pid = os.getpid()
    for name in (f".{demo.name}.{pid}.tmp", f".{demo.name}.bak.{pid}.tmp"):
        (demo.parent / name).symlink_to(victim)
    session, fingerprint = edited(demo)
    save_session(session, demo, expected=fingerprint)
    assert victim.read_bytes() == VICTIM
    assert load_session(demo).session.title == "Edited"
    assert not demo.is_symlink()


def test_temporary_files_are_created_exclusively_under_unguessable_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.toml"
    names = {files.temp_name(target).name for _ in range(50)}
    assert len(names) == 50
    assert all(n.startswith(f".s.toml.{os.getpid()}-") and n.endswith(".tmp") for n in names)
    # a name that is taken (by a link, even a dangling one) is never opened: another is used
    taken_name = tmp_path / ".s.toml.taken.tmp"
    taken_name.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):
        files.open_exclusive(taken_name)
    assert not (tmp_path / "nowhere").exists()
    calls = iter([taken_name])
    real = files.temp_name
    monkeypatch.setattr(files, "temp_name", lambda t: next(calls, None) or real(t))
    files.atomic_write(target, b"x")
    assert target.read_bytes() == b"x" and taken_name.is_symlink()


def test_a_session_opened_through_a_link_is_saved_where_the_link_points(
    demo: Path, tmp_path: Path
) -> None:
    link = tmp_path / "shortcut.toml"
    link.symlink_to(demo)
    document = SessionDocument.open(link)
    assert document.path == demo
    document.apply(SetDetails({"title": "Through the link"}))
    document.save()
    assert link.is_symlink() and os.readlink(link) == str(demo)
    assert load_session(demo).session.title == "Through the link"
    assert (demo.parent / "harmon.toml.bak").read_bytes() == DEMO


def test_a_session_file_replaced_by_a_link_is_not_written_through(demo: Path, victim: Path) -> None:
    session, fingerprint = edited(demo)
    demo.unlink()
    demo.symlink_to(victim)
    with pytest.raises(SessionFileError) as exc:
        save_session(session, demo, expected=fingerprint)
    assert "symbolic link" in str(exc.value) and "Save as" in str(exc.value)
    assert victim.read_bytes() == VICTIM
    assert demo.is_symlink()  # the link is neither followed nor silently replaced
    # a dangling link too (it would create the file it names)
    demo.unlink()
    demo.symlink_to(victim.with_name("new-file"))
    with pytest.raises(SessionFileError, match="symbolic link"):
        save_session(session, demo)
    assert not victim.with_name("new-file").exists()


def test_a_backup_name_held_by_a_link_gets_the_backup_and_the_link_target_is_untouched(
    demo: Path, victim: Path
) -> None:
    bak = demo.with_name("harmon.toml.bak")
    bak.symlink_to(victim)
    session, fingerprint = edited(demo)
    save_session(session, demo, expected=fingerprint)
    assert victim.read_bytes() == VICTIM
    assert not bak.is_symlink() and bak.read_bytes() == DEMO


def test_the_export_never_writes_through_a_link(demo: Path, victim: Path) -> None:
    out = demo.parent.parent / "exports"
    out.mkdir()
    target = out / "plan.xlsx"
    (out / f".plan.xlsx.{os.getpid()}.tmp").symlink_to(victim)  # the old temporary name
    session = load_session(demo).session
    export_workbook(session, target, today=TODAY)
    assert victim.read_bytes() == VICTIM and target.stat().st_size > 1000
    # a link where the workbook goes is refused, overwriting or not
    link = out / "linked.xlsx"
    link.symlink_to(victim)
    for overwrite in (False, True):
        with pytest.raises(store.SessionFileError.__mro__[1]):  # WorkbookError is an Exception
            export_workbook(session, link, today=TODAY, overwrite=overwrite)
    assert victim.read_bytes() == VICTIM and link.is_symlink()


def test_the_next_cycle_never_writes_through_a_planted_link(demo: Path, victim: Path) -> None:
    planted = demo.with_name("harmon-cycle-2.toml")
    planted.symlink_to(victim.with_name("made-by-the-link"))  # dangling
    written = write_next_cycle(demo, TODAY)
    assert written == demo.with_name("harmon-cycle-2-2.toml")
    assert not victim.with_name("made-by-the-link").exists() and planted.is_symlink()
    assert load_session(written).session.cycle == 2


def test_new_names_skip_dangling_links(tmp_path: Path) -> None:
    (tmp_path / "family.toml").symlink_to(tmp_path / "nowhere.toml")
    assert store.free_path(tmp_path, "family") == tmp_path / "family-2.toml"


# ----- 2. files keep their permissions ------------------------------------------------------


@pytest.mark.parametrize("private", [0o600, 0o640, 0o664])
def test_a_save_keeps_the_file_mode_and_the_backup_has_it_too(demo: Path, private: int) -> None:
    demo.chmod(private)
    session, fingerprint = edited(demo)
    save_session(session, demo, expected=fingerprint)
    assert mode(demo) == private
    assert mode(demo.with_name("harmon.toml.bak")) == private
    session.title = "Again"
    save_session(session, demo)
    assert mode(demo) == private and mode(demo.with_name("harmon.toml.bak")) == private


def test_a_save_keeps_the_group_where_it_can(demo: Path) -> None:
    before = demo.stat()
    group = before.st_gid
    if os.geteuid() == 0:  # root can give the file another group: check it is kept
        group = before.st_gid + 4321
        os.chown(demo, before.st_uid, group)
    session, fingerprint = edited(demo)
    save_session(session, demo, expected=fingerprint)
    after = demo.stat()
    assert (after.st_uid, after.st_gid) == (before.st_uid, group)


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        path = tmp_path / "new.toml"
        save_session(new_session("New", today=TODAY), path)
        assert mode(path) == 0o640
        save_settings(Settings(), tmp_path / "settings.toml")
        assert mode(tmp_path / "settings.toml") == 0o640
    finally:
        os.umask(old)


def test_what_is_made_from_a_private_session_is_private(demo: Path) -> None:
    demo.chmod(0o600)
    session = load_session(demo).session
    cycle = write_next_cycle(demo, TODAY)
    assert mode(cycle) == 0o600
    exports = demo.parent.parent / "exports"
    result = export_workbook(session, exports / "plan.xlsx", today=TODAY, mode_from=demo)
    assert mode(result.path) == 0o600
    copy = SessionDocument.open(demo).save_copy_beside("conflict")
    assert mode(copy) == 0o600
    # an export written over an older one keeps that one's mode
    result.path.chmod(0o644)
    export_workbook(session, result.path, today=TODAY, overwrite=True, mode_from=demo)
    assert mode(result.path) == 0o644


# ----- 3. reads only of regular files, capped, never blocking -------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    error = refused(fifo, "named pipe (FIFO)", "not a session file")
    assert error.lines[0].startswith(f"{fifo}: ")
    assert list(scan_sessions(tmp_path)) == []  # the picker does not list it


def test_a_link_to_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    refused(link, "is a device")
    assert list(scan_sessions(tmp_path)) == []


def test_a_session_replaced_by_a_fifo_is_not_read_when_saving(demo: Path) -> None:
    session, fingerprint = edited(demo)
    demo.unlink()
    os.mkfifo(demo)
    with pytest.raises(SessionFileError, match="named pipe") as exc:
        save_session(session, demo, expected=fingerprint)
    assert "Save as" in str(exc.value)
    assert stat.S_ISFIFO(os.lstat(demo).st_mode)


def test_a_file_that_grows_past_the_cap_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b"x" * 100)
    real_fstat = os.fstat

    def small(fd: int) -> os.stat_result:  # the size said when opened, before it grew
        info = real_fstat(fd)
        fields = list(info)
        fields[6] = 10
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", small)
    with pytest.raises(files.FileTooLargeError):
        files.read_capped(path, 50)


def test_lock_and_settings_files_that_are_fifos_do_not_block(tmp_path: Path) -> None:
    session = tmp_path / "s.toml"
    save_session(new_session("S", today=TODAY), session)
    os.mkfifo(lock_path(session))
    assert holder_of(session) is None
    exists, holder, _ = lock.read_holder(session)
    assert exists and holder is None
    settings = tmp_path / "settings.toml"
    os.mkfifo(settings)
    loaded = load_settings(settings)
    assert loaded.settings == Settings() and "named pipe" in loaded.problem


# ----- 4. numbers ---------------------------------------------------------------------------


HUGE = "9" * 5000


def with_line(old: bytes, new: str) -> bytes:
    return DEMO.replace(old, new.encode(), 1)


def demo_with(tmp_path: Path, raw: bytes) -> Path:
    path = tmp_path / "s.toml"
    path.write_bytes(raw)
    return path


def test_an_integer_of_5000_digits_is_refused_with_its_place(tmp_path: Path) -> None:
    path = demo_with(tmp_path, with_line(b"cycle = 1", f"cycle = {HUGE}"))
    error = refused(path, "far too long")
    line = DEMO.split(b"cycle = 1")[0].count(b"\n") + 1
    assert error.lines[0].startswith(f"{path}:{line}:9: ")
    [summary] = scan_sessions(tmp_path)
    assert summary.error is not None and "far too long" in summary.error


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("nan", "NaN or infinity"),
        ("inf", "NaN or infinity"),
        ("-inf", "NaN or infinity"),
        ("1e308", "too large"),
        ("1.0e16", "too large"),
        (str(2**64), "too large"),
    ],
)
def test_numbers_a_session_cannot_use_are_refused_with_the_field_named(
    tmp_path: Path, value: str, words: str
) -> None:
    for marker, field in (
        ("baseline = 54.0", "indicator M1: baseline: "),
        ("target = 65.0", "indicator M1: target: "),
        ("value = 54.0", "indicator M1: readings.0.value: "),
    ):
        name = marker.split(" = ")[0]
        raw = DEMO.decode().replace(marker, f"{name} = {value}", 1).encode()
        refused(demo_with(tmp_path, raw), words, field)


def test_integers_beyond_64_bits_are_refused(tmp_path: Path) -> None:
    path = demo_with(tmp_path, with_line(b"cycle = 1", f"cycle = {2**64}"))
    refused(path, "session: cycle")


def test_next_cycle_never_writes_a_cycle_toml_cannot_hold(tmp_path: Path) -> None:
    path = tmp_path / "last.toml"
    save_session(new_session("Last", today=TODAY).model_copy(update={"cycle": MAX_CYCLE}), path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(SessionFileError, match="the last one cohere-tui counts to"):
        write_next_cycle(path, TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_settings_with_huge_or_odd_numbers_fall_back_to_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    for text, words in (
        (f"timer_minutes = {HUGE}\n", "not valid TOML"),
        ("timer_minutes = 1e308\n", "timer_minutes"),
        ("timer_minutes = nan\n", "timer_minutes"),
        ('timer_minutes = "5"\n', "timer_minutes"),
        ("timer_minutes = true\n", "timer_minutes"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML"),
    ):
        path.write_text(text, encoding="utf-8")
        loaded = load_settings(path)
        assert loaded.settings == Settings(), text[:40]
        assert words in loaded.problem and "using" in loaded.problem, loaded.problem


def test_the_form_number_refuses_what_a_session_cannot_hold() -> None:
    for text in ("nan", "inf", "-Infinity", "1e308", "9" * 400):
        with pytest.raises(ValueError, match="“"):
            parse_number(text)
    assert parse_number("1,234,567") == 1234567
    assert parse_number(" 42% ") == 42
    assert parse_number("") is None


# ----- 5. numbers kept exactly --------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [1234567.0, 0.1, 1 / 3, 2.5e-7, 123456789.125, -0.0, 1e15, 5e-324, 42.0]
)
def test_numbers_are_shown_as_they_are_kept(value: float) -> None:
    text = format_number(value)
    assert float(text) == value and str(float(text)) == str(value)
    assert parse_number(text) == value
    assert "e+" not in text


def test_whole_numbers_are_shown_without_a_decimal_point() -> None:
    assert format_number(1234567.0) == "1234567"
    assert format_number(0.0) == "0"


# ----- 6. hostile lock files ----------------------------------------------------------------


def write_lock(session: Path, text: str) -> None:
    lock_path(session).write_text(text, encoding="utf-8")


@pytest.fixture
def session(tmp_path: Path) -> Path:
    path = tmp_path / "s.toml"
    save_session(new_session("S", today=TODAY), path)
    return path


LIVE = f'host = "{os.uname().nodename}"\nstarted = 2026-11-23T09:00:00\n'


@pytest.mark.parametrize(
    "text",
    [
        f"pid = {10**20}\nuser = 'x'\n" + LIVE,
        f"pid = {HUGE}\nuser = 'x'\n" + LIVE,
        "pid = -5\nuser = 'x'\n" + LIVE,
        "pid = true\nuser = 'x'\n" + LIVE,
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "pid = 1\nuser = 'x'\n" + LIVE + "pad = '" + "x" * 100_000 + "'\n",
    ],
    ids=["pid-1e20", "pid-5000-digits", "pid-negative", "pid-true", "nested", "huge"],
)
def test_a_lock_that_cannot_be_a_lock_is_unreadable_not_a_crash(session: Path, text: str) -> None:
    write_lock(session, text)
    exists, holder, _ = lock.read_holder(session)
    assert exists and holder is None
    assert holder_of(session) is None
    old = os.path.getmtime(lock_path(session)) - 60
    os.utime(lock_path(session), (old, old))
    taken = acquire(session)  # an unreadable lock, not brand new, is taken over
    assert taken.stale_unreadable and taken.is_held()


def test_a_lock_holder_is_shown_bounded_and_escaped(session: Path) -> None:
    import tomli_w

    user = "[/]x\x1b]0;owned\x07\x1b[2J" + "y" * 500
    fields = {
        "pid": 1,
        "user": user,
        "host": "far\x1b[31m-away",
        "started": dt.datetime(2026, 1, 1),
    }
    write_lock(session, tomli_w.dumps(fields))
    _, holder, _ = lock.read_holder(session)
    assert holder is not None
    for text in (holder.user, holder.host, holder.describe()):
        assert "\x1b" not in text and "\x07" not in text
    assert holder.user.startswith("[/]x\\x1b]0;owned\\x07")
    assert len(holder.user) <= lock.MAX_FIELD
    with pytest.raises(LockHeldError) as exc:  # another computer's: never called stale
        acquire(session)
    assert "\x1b" not in str(exc.value)


def test_a_lock_naming_a_huge_pid_here_is_not_alive() -> None:
    assert not lock.pid_alive(10**20)
    assert not lock.pid_alive(2**31)


# ----- 10. loose values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (b"cycle = 1", 'cycle = "1"', ["session: cycle", "without quotes"]),
        (b"cycle = 1", "cycle = true", ["session: cycle", "not true"]),
        (b"cycle = 1", "cycle = 1.0", ["session: cycle", "without a decimal point"]),
        (b"created = ", 'created = "2026-01-05"\nx_created = ', ["created", "without quotes"]),
    ],
)
def test_loose_values_are_refused_with_the_field_named(
    tmp_path: Path, old: bytes, new: str, words: list[str]
) -> None:
    raw = DEMO.replace(old, new.encode(), 1)
    if b"x_created = " in raw:  # keep the file otherwise valid: drop the original date
        head, _, rest = raw.partition(b"x_created = ")
        raw = head + rest.partition(b"\n")[2]
    refused(demo_with(tmp_path, raw), *words)


def test_a_rating_written_as_text_or_a_flag_as_a_number_is_refused(tmp_path: Path) -> None:
    data = tomllib.loads(DEMO.decode())
    rated = next(i for i in data["initiatives"] if i.get("alignment"))
    key = next(iter(rated["alignment"]))
    session = Session.model_validate(data)
    assert session.initiative(rated["id"]) is not None
    import tomli_w

    bad = dict(data)
    bad["initiatives"] = [dict(i) for i in data["initiatives"]]
    target = next(i for i in bad["initiatives"] if i["id"] == rated["id"])
    target["alignment"] = {**rated["alignment"], key: str(rated["alignment"][key])}
    path = demo_with(tmp_path, tomli_w.dumps(bad).encode())
    refused(path, f"initiative {rated['id']}: alignment.{key}", "without quotes")
    bad = dict(data)
    bad["parking_lot"] = [{**data["parking_lot"][0], "done": 1}]
    refused(demo_with(tmp_path, tomli_w.dumps(bad).encode()), "done", "true or false")


# ----- issue 19: a save refuses a session that fails the cross-reference check --------------


def test_a_save_refuses_a_session_with_a_dangling_reference(demo: Path) -> None:
    loaded = load_session(demo)
    session = loaded.session
    ini = session.initiatives[0]
    session.initiatives = session.initiatives[1:]  # a delete that forgot the references
    assert any(ini.id in a.initiatives for a in session.actions) or session.relationships
    with pytest.raises(SessionFileError) as exc:
        save_session(session, demo, expected=loaded.fingerprint)
    assert f"initiative '{ini.id}', which does not exist" in str(exc.value)
    assert "your work is still open" in str(exc.value)
    assert demo.read_bytes() == DEMO
    assert not demo.with_name("harmon.toml.bak").exists()


def test_the_document_keeps_the_work_when_a_save_is_refused(demo: Path) -> None:
    document = SessionDocument.open(demo)
    document.session.goals.append(Goal(id="G1", title="A second G1"))  # a bug's change
    document.dirty = True
    with pytest.raises(SessionFileError, match="used more than once"):
        document.save()
    assert document.dirty and document.session.goals[-1].title == "A second G1"
    assert demo.read_bytes() == DEMO


def test_every_cli_write_refuses_a_broken_session(tmp_path: Path) -> None:
    session = new_session("Broken", today=TODAY)
    session.initiatives.append(Initiative(id="I1", name="x", goals=["G9"]))
    with pytest.raises(SessionFileError, match="goal 'G9', which does not exist"):
        save_session(session, tmp_path / "broken.toml")
    assert list(tmp_path.iterdir()) == []
