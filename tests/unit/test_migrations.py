"""Schema migrations: an older file is upgraded on load, its first save keeps the original.

Only one schema has been released, so these tests pretend the current schema is 2 and
register a test-only upgrade from 1 (see ``tests/fixtures/older-schema.toml``): schema 1
spelt the session's ``organisation`` as ``organization`` and each action's
``latest_update`` as ``last_update``.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from cohere_tui import cli, store
from cohere_tui.document import SessionDocument
from cohere_tui.edits import SetDetails
from cohere_tui.store import (
    ConflictError,
    SessionFileError,
    load_session,
    schema_backup_path,
)

FIXTURE = Path(__file__).parent.parent / "fixtures" / "older-schema.toml"


def upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """The test-only upgrade: two keys renamed."""
    if "organization" in data:
        data["organisation"] = data.pop("organization")
    for action in data.get("actions", []):
        if "last_update" in action:
            action["latest_update"] = action.pop("last_update")
    return data


@pytest.fixture
def schema_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this cohere-tui writes schema 2 and knows the upgrade from 1."""
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, upgrade_1_to_2)


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / "riverside.toml"
    shutil.copyfile(FIXTURE, path)
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def version_of(path: Path) -> int:
    return int(tomllib.loads(path.read_text(encoding="utf-8"))["schema_version"])


# ----- the upgrade on load ---------------------------------------------------------------


def test_the_fixture_is_really_the_older_layout(old_file: Path) -> None:
    """Without the upgrade, the current program refuses it: the test shows a real change."""
    with pytest.raises(SessionFileError) as info:
        load_session(old_file)
    text = str(info.value)
    assert "organization" in text and "last_update" in text


def test_an_older_file_is_upgraded_in_memory_only(schema_2: None, old_file: Path) -> None:
    original = old_file.read_bytes()
    loaded = load_session(old_file)
    assert loaded.migrated_from == 1
    session = loaded.session
    assert session.schema_version == 2
    assert session.organisation == "Riverside Unified and Riverside County Health"
    a1 = session.action("A1")
    assert a1 is not None and a1.latest_update == "Date agreed with both principals."
    assert [c.updates[0].action for c in session.checkins] == ["A1"]
    assert old_file.read_bytes() == original  # loading writes nothing
    assert names(old_file.parent) == ["riverside.toml"]


def test_upgrades_run_in_order_up_to_the_current_version(
    monkeypatch: pytest.MonkeyPatch, old_file: Path
) -> None:
    seen: list[int] = []

    def step(version: int) -> Any:
        def run(data: dict[str, Any]) -> dict[str, Any]:
            seen.append(version)
            assert data["schema_version"] == version
            return upgrade_1_to_2(data) if version == 1 else data

        return run

    monkeypatch.setattr(store, "SCHEMA_VERSION", 4)
    for version in (1, 2, 3):
        monkeypatch.setitem(store.MIGRATIONS, version, step(version))
    loaded = load_session(old_file)
    assert seen == [1, 2, 3]
    assert (loaded.migrated_from, loaded.session.schema_version) == (1, 4)


# ----- the first save keeps the original --------------------------------------------------


def test_first_save_keeps_the_original_once(schema_2: None, old_file: Path) -> None:
    folder = old_file.parent
    original = old_file.read_bytes()
    document = SessionDocument.open(old_file)
    assert document.migrated_from == 1
    assert document.dirty  # it will be saved in the current format
    backup = folder / "riverside.toml.schema-1.bak"
    assert document.schema_backup == backup == schema_backup_path(old_file, 1)

    document.save()
    assert backup.read_bytes() == original  # byte for byte
    assert version_of(old_file) == 2
    assert b"organisation = " in old_file.read_bytes()
    assert b"last_update" not in old_file.read_bytes()
    assert names(folder) == ["riverside.toml", "riverside.toml.bak", "riverside.toml.schema-1.bak"]
    first_save = old_file.read_bytes()

    # later saves replace the .bak, never the schema backup
    document.apply(SetDetails({"title": "Riverside, second meeting"}))
    document.save()
    assert backup.read_bytes() == original
    assert (folder / "riverside.toml.bak").read_bytes() == first_save
    assert names(folder) == ["riverside.toml", "riverside.toml.bak", "riverside.toml.schema-1.bak"]

    # reopened, the file is current: nothing to upgrade, nothing more kept
    again = SessionDocument.open(old_file)
    assert again.migrated_from is None and again.schema_backup is None and not again.dirty
    again.session.facilitator = "Ana Ruiz"
    again.save()
    assert backup.read_bytes() == original
    assert names(folder) == ["riverside.toml", "riverside.toml.bak", "riverside.toml.schema-1.bak"]


def test_an_existing_schema_backup_is_never_overwritten(schema_2: None, old_file: Path) -> None:
    folder = old_file.parent
    original = old_file.read_bytes()
    other = b"# an earlier original, kept by hand\n"
    (folder / "riverside.toml.schema-1.bak").write_bytes(other)
    document = SessionDocument.open(old_file)
    document.save()
    assert (folder / "riverside.toml.schema-1.bak").read_bytes() == other
    assert (folder / "riverside.toml.schema-1-2.bak").read_bytes() == original


def test_an_identical_schema_backup_is_not_copied_again(schema_2: None, old_file: Path) -> None:
    folder = old_file.parent
    shutil.copyfile(old_file, folder / "riverside.toml.schema-1.bak")
    SessionDocument.open(old_file).save()
    assert names(folder) == ["riverside.toml", "riverside.toml.bak", "riverside.toml.schema-1.bak"]


def test_a_file_changed_since_it_was_opened_is_not_overwritten_nor_backed_up(
    schema_2: None, old_file: Path
) -> None:
    document = SessionDocument.open(old_file)
    theirs = old_file.read_bytes() + b"# edited by someone else\n"
    old_file.write_bytes(theirs)
    with pytest.raises(ConflictError):
        document.save()
    assert old_file.read_bytes() == theirs
    assert names(old_file.parent) == ["riverside.toml"]


def test_a_failed_save_keeps_the_original_untouched(
    schema_2: None, old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = old_file.read_bytes()
    document = SessionDocument.open(old_file)
    real_replace = store.os.replace

    def fail_on_the_session(src: Any, dst: Any) -> None:
        if Path(dst) == old_file:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", fail_on_the_session)
    with pytest.raises(SessionFileError) as info:
        document.save()
    assert "disk is full" in str(info.value)
    assert old_file.read_bytes() == original
    # the original is also kept beside it, and the next save still keeps it only once
    assert (old_file.parent / "riverside.toml.schema-1.bak").read_bytes() == original
    monkeypatch.setattr(store.os, "replace", real_replace)
    document.save()
    assert version_of(old_file) == 2
    assert not (old_file.parent / "riverside.toml.schema-1-2.bak").exists()


# ----- versions that cannot be read ------------------------------------------------------


def set_version(path: Path, line: str) -> bytes:
    text = re.sub(r"(?m)^schema_version = 1$", line, path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def refused(path: Path) -> str:
    before = path.read_bytes()
    with pytest.raises(SessionFileError) as info:
        load_session(path)
    assert path.read_bytes() == before
    assert names(path.parent) == [path.name]
    message = str(info.value)
    assert message.startswith(f"{path}: schema_version: ")
    return message


def test_a_newer_file_is_refused_and_untouched(schema_2: None, old_file: Path) -> None:
    set_version(old_file, "schema_version = 3")
    message = refused(old_file)
    assert "newer cohere-tui" in message and "schema 3" in message and "up to 2" in message
    assert "upgrade cohere-tui" in message and "not changed" in message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("", ["missing", "schema_version = 2"]),
        ('schema_version = "one"', ["whole number", "'one'", "schema_version = 2"]),
        ("schema_version = 1.5", ["whole number", "1.5"]),
        ("schema_version = true", ["whole number"]),
        ("schema_version = [1]", ["whole number"]),
        ("schema_version = 0", ["version 0 is not one cohere-tui knows", "versions 1 to 2"]),
        ("schema_version = -1", ["version -1", "check the number"]),
    ],
)
def test_a_missing_or_garbage_version_is_refused(
    schema_2: None, old_file: Path, line: str, words: list[str]
) -> None:
    set_version(old_file, line)
    message = refused(old_file)
    for word in words:
        assert word in message


def test_a_failing_upgrade_is_reported_and_leaves_the_file_alone(
    monkeypatch: pytest.MonkeyPatch, old_file: Path
) -> None:
    def broken(data: dict[str, Any]) -> dict[str, Any]:
        data["organisation"] = data.pop("organisation_name")  # a key this file lacks
        return data

    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, broken)
    message = refused(old_file)
    assert "could not be upgraded from schema 1 to 2" in message
    assert "KeyError" in message and "organisation_name" in message
    assert "the file was not changed" in message


def test_an_upgrade_that_gives_no_table_is_reported(
    monkeypatch: pytest.MonkeyPatch, old_file: Path
) -> None:
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, lambda data: None)
    assert "could not be upgraded" in refused(old_file)


def test_a_failing_upgrade_does_not_half_change_the_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = {"schema_version": 1, "title": "x", "organization": "Org"}

    def half(d: dict[str, Any]) -> dict[str, Any]:
        d["organisation"] = d.pop("organization")
        raise ValueError("stopped half way")

    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, half)
    with pytest.raises(SessionFileError):
        store.migrate(data, Path("x.toml"))
    assert data == {"schema_version": 1, "title": "x", "organization": "Org"}


def test_problems_after_an_upgrade_say_so(schema_2: None, old_file: Path) -> None:
    text = old_file.read_text(encoding="utf-8").replace('goals = ["G1"]', 'goals = ["G9"]', 1)
    old_file.write_text(text, encoding="utf-8")
    with pytest.raises(SessionFileError) as info:
        load_session(old_file)
    lines = info.value.lines
    assert "initiative I1" in lines[0] and "G9" in lines[0]
    assert "the file is schema 1" in lines[-1] and "upgraded to schema 2" in lines[-1]
    assert all(line.startswith(str(old_file)) for line in lines)


# ----- the command line on an older file ---------------------------------------------------


def run_main(*args: str) -> int:
    with pytest.raises(SystemExit) as exc:
        cli.main(list(args))
    return int(exc.value.code or 0)


def test_validate_an_older_file_is_silent_and_writes_nothing(
    schema_2: None, old_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = old_file.read_bytes()
    assert run_main("validate", str(old_file)) == 0
    assert capsys.readouterr() == ("", "")
    assert old_file.read_bytes() == original
    assert names(old_file.parent) == ["riverside.toml"]


def test_export_an_older_file(
    schema_2: None, old_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    original = old_file.read_bytes()
    exports = tmp_path / "exports"
    assert run_main("export", str(old_file), "--exports-dir", str(exports)) == 0
    workbook = Path(capsys.readouterr().out.strip())
    assert workbook.parent == exports and workbook.exists()
    ws = load_workbook(workbook)["Action Plan"]
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
    headers = [c.value for c in ws[1]]
    assert rows["A1"][headers.index("Latest update")] == "Date agreed with both principals."
    assert old_file.read_bytes() == original  # export only reads
    assert names(old_file.parent) == ["riverside.toml"]


def test_import_updates_into_an_older_file_keeps_the_original(
    schema_2: None, old_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    original = old_file.read_bytes()
    assert run_main("export", str(old_file), "-o", str(tmp_path / "plan.xlsx")) == 0
    wb = load_workbook(tmp_path / "plan.xlsx")
    ws = wb["Action Plan"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=3, column=headers.index("Status") + 1).value = "Done"  # A2
    wb.save(tmp_path / "plan.xlsx")
    capsys.readouterr()
    assert run_main("import-updates", str(old_file), str(tmp_path / "plan.xlsx"), "--yes") == 0
    out = capsys.readouterr().out
    assert "riverside.toml.schema-1.bak" in out
    assert (old_file.parent / "riverside.toml.schema-1.bak").read_bytes() == original
    session = load_session(old_file).session
    assert session.action("A2").status.value == "done"  # type: ignore[union-attr]
    assert version_of(old_file) == 2


def test_next_cycle_from_an_older_file(
    schema_2: None, old_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = old_file.read_bytes()
    assert run_main("next-cycle", str(old_file)) == 0
    target = Path(capsys.readouterr().out.strip())
    assert target.name == "riverside-cycle-2.toml"
    assert version_of(target) == 2
    assert load_session(target).session.cycle == 2
    assert old_file.read_bytes() == original


def test_the_current_demo_needs_no_upgrade() -> None:
    raw = (resources.files("cohere_tui") / "data" / "demo.toml").read_bytes()
    assert raw.startswith(f"schema_version = {store.SCHEMA_VERSION}\n".encode())


def test_a_schema_1_session_upgrades_to_2_and_is_byte_stable_from_the_second_save(
    tmp_path: Path,
) -> None:
    """The real upgrade (no pretending): the demo as schema 1 wrote it."""
    path = tmp_path / "harmon.toml"
    shutil.copyfile(FIXTURE.parent / "demo-schema-1.toml", path)
    original = path.read_bytes()
    doc = SessionDocument.open(path)
    assert doc.migrated_from == 1 and doc.dirty
    doc.save()
    first = path.read_bytes()
    assert first.startswith(b"schema_version = 2\n")
    assert first.replace(b"schema_version = 2\n", b"schema_version = 1\n", 1) == original
    assert schema_backup_path(path, 1).read_bytes() == original
    again = SessionDocument.open(path)
    assert again.migrated_from is None and not again.dirty
    assert store.dumps_session(again.session) == first
