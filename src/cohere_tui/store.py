"""Reading and writing session files: readable TOML, byte-stable, saved atomically.

Headless: never imports Textual or openpyxl.

- Read with :mod:`tomllib`, written with :mod:`tomli_w`, in the model's field order, so
  that loading then saving an unchanged session gives the same bytes.
- Every failure is a :class:`SessionFileError` whose lines read ``FILE:LINE:COL: message``
  for broken TOML and ``FILE: item: message`` for bad content.
- Saving writes a temporary file beside the target, flushes and fsyncs it, keeps the
  previous version as ``NAME.toml.bak`` and renames the new file into place.
- A file of an older schema is upgraded in memory on load (:data:`MIGRATIONS`); its first
  save keeps the original, byte for byte, as ``NAME.toml.schema-N.bak``, which later saves
  never overwrite (the ``.bak`` is replaced by every save, so it cannot serve).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from . import files
from .files import FileTooLargeError, NotRegularFileError, SymlinkError
from .models import SCHEMA_VERSION, VISION_KEY, AlignmentType, Condition, Domain, Session
from .validation import check_session, printable, shown

BACKUP_SUFFIX = ".bak"
MAX_FILE_BYTES = 64 * 1024 * 1024


class SessionFileError(Exception):
    """A session file could not be read or written; each line names the file and the place."""

    def __init__(self, path: Path | str, lines: list[str]) -> None:
        self.path = Path(path)
        self.lines = [printable(line, one_line=True) for line in lines]
        super().__init__("\n".join(self.lines))


class ConflictError(SessionFileError):
    """The file changed on disk since it was opened: saving would overwrite someone's work."""


# --------------------------------------------------------------------------------------------
# migrations


Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 only adds fields, each with a default (many voices: ``votes`` on
    initiatives, ``checks`` on decisions and actions, ``dot_rounds``; funding streams,
    populations, readings by population, a decision per initiative, archived initiatives;
    ``earlier_cycles``: the reflections an earlier cycle carries forward; Prepare: team roles
    and voices, the scope, readiness (with the room's votes on a condition), meetings; ``updated`` on actions, when their status or
    latest update last changed); a schema-1 file needs nothing but its new version number,
    which :func:`migrate` sets."""
    return data


MIGRATIONS: dict[int, Migration] = {1: _upgrade_1_to_2}
"""Upgrades of older files: ``MIGRATIONS[n]`` turns a version-n dict into version n+1."""


def migrate(data: dict[str, Any], path: Path) -> tuple[dict[str, Any], int]:
    """Bring a parsed file up to :data:`SCHEMA_VERSION`; returns the data and its old version."""
    version = data.get("schema_version")
    if version is None:
        raise SessionFileError(
            path,
            [
                f"{path}: schema_version: missing; this is not a cohere-tui session file "
                f"(add `schema_version = {SCHEMA_VERSION}` at the top if it is one)"
            ],
        )
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionFileError(
            path,
            [
                f"{path}: schema_version: must be a whole number, not {shown(repr(version))}; "
                f"write it without quotes, e.g. `schema_version = {SCHEMA_VERSION}`"
            ],
        )
    if version > SCHEMA_VERSION:
        raise SessionFileError(
            path,
            [
                f"{path}: schema_version: this file was written by a newer cohere-tui "
                f"(schema {version}; this one reads up to {SCHEMA_VERSION}); "
                "upgrade cohere-tui to open it — the file was not changed"
            ],
        )
    original = version
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            oldest = min(MIGRATIONS, default=SCHEMA_VERSION)
            raise SessionFileError(
                path,
                [
                    f"{path}: schema_version: version {version} is not one cohere-tui knows "
                    f"(it reads versions {oldest} to {SCHEMA_VERSION}); check the number at "
                    "the top of the file — the file was not changed"
                ],
            )
        try:
            upgraded = step(dict(data))
            if not isinstance(upgraded, dict):
                raise TypeError(f"the upgrade gave {type(upgraded).__name__}, not a table")
        except Exception as exc:  # an old file too broken for its upgrade to understand
            reason = shown(f"{type(exc).__name__}: {exc}", 120)
            raise SessionFileError(
                path,
                [
                    f"{path}: schema_version: the file could not be upgraded from schema "
                    f"{version} to {version + 1} ({reason}); the file was not changed — fix it "
                    f"in a text editor, or open it with the cohere-tui that wrote it"
                ],
            ) from None
        data = upgraded
        version += 1
        data["schema_version"] = version
    return data, original


# --------------------------------------------------------------------------------------------
# reading


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes look like text in that encoding, else None.

    Without a byte-order mark, by where the zero bytes fall, whatever script the text is in:
    in UTF-32 the top byte of every four is zero (and the one below it for any character
    short of the emoji), the lowest hardly ever; in UTF-16 the plain ASCII every session
    holds (its keys, ``=``, quotes, spaces, line ends) puts a zero in every other byte, on
    one side only. A binary file's zeros fall anywhere."""
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:4096]
    if len(head) < 8:
        return None
    quads = len(head) // 4
    lanes = [head[lane::4][:quads].count(0) for lane in range(4)]
    for top, below, low in ((3, 2, 0), (0, 1, 3)):  # little-endian, big-endian
        if lanes[top] == quads and lanes[below] >= quads / 2 and lanes[low] <= quads / 10:
            return "UTF-32"
    pairs = len(head) // 2
    for side, other in ((1, 0), (0, 1)):
        zeros = head[side::2][:pairs].count(0)
        if zeros >= pairs / 4 and head[other::2][:pairs].count(0) <= zeros / 20:
            return "UTF-16"
    return None


def _decode(raw: bytes, path: Path) -> str:
    wide = _wide_encoding(raw)
    if wide is not None:
        raise SessionFileError(
            path,
            [
                f"{path}: the file is {wide} text, not UTF-8; save it as UTF-8 (in most "
                "editors: Save as…, Encoding: UTF-8) and open it again"
            ],
        )
    if b"\x00" in raw[:8192]:
        raise SessionFileError(
            path, [f"{path}: this is a binary file, not a session; open a .toml session file"]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise SessionFileError(
            path,
            [f"{path}:{line}:{col}: the file is not UTF-8 text; save it as UTF-8 and try again"],
        ) from None
    return text.removeprefix("\ufeff")


_TOML_POS = re.compile(r"^(?P<msg>.*) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_EOF = re.compile(r"^(?P<msg>.*) \(at end of document\)$")


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes ``FILE:LINE:COL: message``."""
    try:
        return tomllib.loads(text)
    except ValueError as exc:
        if isinstance(exc, tomllib.TOMLDecodeError):
            raise _syntax_error(exc, text, path) from None
        # a number too long to read: Python reads at most 4,300 digits
        where = str(path)
        if m := _LONG_NUMBER.search(text):
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            where = f"{path}:{line}:{col}"
        raise SessionFileError(
            path,
            [
                f"{where}: a number is far too long to read (thousands of digits); no value in a "
                "session is that long — fix the file in a text editor"
            ],
        ) from None
    except RecursionError:
        raise SessionFileError(
            path,
            [
                f"{path}: TOML syntax: arrays or tables are nested too deeply to read (a session "
                "nests only a few levels); fix the file in a text editor"
            ],
        ) from None


_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4299,}")


def _syntax_error(exc: tomllib.TOMLDecodeError, text: str, path: Path) -> SessionFileError:
    message = str(exc)
    if m := _TOML_POS.match(message):
        where = f"{path}:{m['line']}:{m['col']}"
        message = m["msg"]
    elif m := _TOML_EOF.match(message):
        lines = text.split("\n")
        where = f"{path}:{len(lines)}:{len(lines[-1]) + 1}"
        message = m["msg"]
    else:
        where = str(path)
    return SessionFileError(
        path, [f"{where}: TOML syntax: {message}; fix the file in a text editor"]
    )


_NOUNS = {
    "participants": "participant",
    "goals": "goal",
    "populations": "population",
    "streams": "funding stream",
    "initiatives": "initiative",
    "archived_initiatives": "archived initiative",
    "relationships": "relationship",
    "findings": "finding",
    "actions": "action",
    "indicators": "indicator",
    "checkins": "check-in",
    "parking_lot": "parking-lot item",
    "decisions": "decision",
    "dot_rounds": "dot-vote round",
    "meetings": "meeting",
}


def _item_name(loc: tuple[int | str, ...], data: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """Turn a pydantic location into ('initiative I3', rest of the location)."""
    if not loc:
        return "session", ()
    head = loc[0]
    if isinstance(head, str) and head in _NOUNS and len(loc) >= 2 and isinstance(loc[1], int):
        index = loc[1]
        noun = _NOUNS[head]
        items = data.get(head)
        label = f"{noun} #{index + 1}"
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            entry = items[index]
            ident = entry.get("id") or entry.get("name") or entry.get("date")
            if isinstance(ident, str | dt.date) and str(ident).strip():
                label = f"{noun} {shown(str(ident), 24)}"
        return label, loc[2:]
    if head in ("vision", "reflection", "scope", "readiness"):
        return str(head), loc[1:]
    return "session", loc


_TYPE_WORDS = {
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
}


def _loose_value(kind: str, value: object) -> str:
    """What is wrong with a value of the wrong type, in words (nothing is converted)."""
    wanted = _TYPE_WORDS.get(kind)
    if wanted is None:
        return ""
    if isinstance(value, str):
        return f"must be {wanted} written without quotes, not text"
    if isinstance(value, bool):
        return f"must be {wanted}, not {str(value).lower()}"
    if isinstance(value, float) and kind == "int_type":
        return "must be a whole number, without a decimal point"
    return f"must be {wanted}"


MAX_CHOICES_SHOWN = 6


def _choices(expected: str) -> str:
    """'must be one of …' with the first few of a long list of allowed names (a message a
    room can read), or '' when the list is short (pydantic's own message says it)."""
    names = [name.strip() for name in expected.replace(" or ", ", ").split(",") if name.strip()]
    if len(names) <= MAX_CHOICES_SHOWN:
        return ""  # pydantic's own message is short enough
    head = ", ".join(names[:MAX_CHOICES_SHOWN])
    return f"must be one of {len(names)} names, such as {head} (or another of the {len(names)})"


def _describe(err: Any) -> str:
    msg = str(err["msg"])
    kind = err.get("type", "")
    value = err.get("input")
    if kind == "missing":
        return "is missing; add it"
    if kind == "extra_forbidden":
        return "is not a field cohere-tui knows; remove it or check its spelling"
    if kind == "date_from_datetime_inexact":
        msg = "a date has no time of day; write it as YYYY-MM-DD"
    loose = _loose_value(kind, value)
    if loose:
        msg = loose
    if kind == "enum":
        msg = _choices(str(err.get("ctx", {}).get("expected", ""))) or msg
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "…"
    msg = msg.removeprefix("Value error, ")
    if msg.endswith("; remove it"):  # the message already says what to do
        return f"{msg} from the file (found {shown})"
    return f"{msg} (found {shown}); correct it in the file"


def model_errors(exc: ValidationError, data: dict[str, Any], path: Path) -> list[str]:
    """Pydantic's errors as ``FILE: item: field: message`` lines."""
    lines: list[str] = []
    for err in exc.errors():
        item, rest = _item_name(tuple(err["loc"]), data)
        field_path = ".".join(shown(str(p), 24) for p in rest)
        where = f"{item}: {field_path}" if field_path else item
        lines.append(f"{path}: {where}: {_describe(err)}")
    return lines


def session_from_data(data: dict[str, Any], path: Path) -> Session:
    """Validate parsed TOML into a session, or raise with every problem named."""
    try:
        session = Session.model_validate(data)
    except ValidationError as exc:
        raise SessionFileError(path, model_errors(exc, data, path)) from None
    problems = check_session(session)
    if problems:
        raise SessionFileError(path, [f"{path}: {p}" for p in problems])
    return session


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """Read a regular file's bytes, at most ``limit`` (:data:`MAX_FILE_BYTES`) of them; every
    OS-level failure becomes a clear message. A folder, a named pipe or a device is refused
    before it is read, so that a read never blocks nor runs without end."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        return files.read_capped(path, limit)
    except NotRegularFileError as exc:
        if exc.kind == "a folder":
            raise SessionFileError(
                path, [f"{path}: is a folder; name a session .toml file"]
            ) from None
        raise SessionFileError(
            path,
            [
                f"{path}: is {exc.kind}, not a session file, and was not read; name a session "
                ".toml file"
            ],
        ) from None
    except FileTooLargeError as exc:
        raise SessionFileError(
            path,
            [
                f"{path}: the file is {exc.size:,} bytes, too large to be a session; check "
                "that this is the session file you meant"
            ],
        ) from None
    except FileNotFoundError:
        raise SessionFileError(
            path, [f"{path}: no such file; check the path (sessions live in sessions/)"]
        ) from None
    except PermissionError:
        raise SessionFileError(
            path, [f"{path}: permission denied; ask for read access or copy the file"]
        ) from None
    except OSError as exc:
        raise SessionFileError(
            path, [f"{path}: cannot be read ({exc.strerror}); check the path and try again"]
        ) from None


@dataclass
class Loaded:
    """A session as read from disk."""

    session: Session
    path: Path
    fingerprint: str
    """SHA-256 of the bytes read: a save checks the file still has them."""
    migrated_from: int | None = None
    """The schema version the file had, when it was older than this program's."""


def fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def real_path(path: Path) -> Path:
    """The file a symbolic link points to (through any chain of links), or ``path`` itself
    when it is not a link. A session opened through a link is worked on, and saved, where
    the link points: the link itself stays as it was."""
    if not files.is_link(path):
        return path
    return Path(os.path.realpath(path))


def load_session(path: Path | str) -> Loaded:
    """Read and check a session file (through a link: the file it points to, see
    :func:`real_path`)."""
    path = Path(path)
    raw = read_bytes(path)
    if not raw.strip():
        raise SessionFileError(
            path, [f"{path}: the file is empty; it holds no session (restore it from its .bak)"]
        )
    text = _decode(raw, path)
    try:
        data = parse_toml(text, path)
    except SessionFileError as exc:
        if path.suffix.lower() == ".toml":
            raise
        hint = (
            f"{path}: this is not a .toml file; check that it is the session you meant "
            "(sessions are .toml files in sessions/)"
        )
        raise SessionFileError(path, [*exc.lines, hint]) from None
    data, original = migrate(data, path)
    try:
        session = session_from_data(data, path)
    except SessionFileError as exc:
        if original == SCHEMA_VERSION:
            raise
        note = (
            f"{path}: (the file is schema {original}; it was upgraded to schema "
            f"{SCHEMA_VERSION} before these checks, so fields are named as in schema "
            f"{SCHEMA_VERSION}; fix them in the file as it is)"
        )
        raise SessionFileError(path, [*exc.lines, note]) from None
    return Loaded(
        session=session,
        path=real_path(path),
        fingerprint=fingerprint(raw),
        migrated_from=original if original != SCHEMA_VERSION else None,
    )


# --------------------------------------------------------------------------------------------
# writing


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _ordered(mapping: dict[str, Any], order: list[str]) -> dict[str, Any]:
    rank = {key: n for n, key in enumerate(order)}
    return dict(sorted(mapping.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def session_to_data(session: Session) -> dict[str, Any]:
    """The session as a plain dict in canonical order, ready for TOML."""
    data: dict[str, Any] = _plain(session.model_dump(mode="python", exclude_none=True))
    data["schema_version"] = SCHEMA_VERSION
    data = {
        "schema_version": SCHEMA_VERSION,
        **{k: v for k, v in data.items() if k != "schema_version"},
    }
    goal_order = [VISION_KEY, *(g.id for g in session.goals)]
    domain_order = [d.value for d in Domain]
    _drop_empty_new_fields(data)
    for ini in [*data.get("initiatives", []), *data.get("archived_initiatives", [])]:
        for key, order in (
            ("alignment", goal_order),
            ("domains", domain_order),
            ("rating_notes", goal_order + domain_order),
            ("votes", goal_order + domain_order),
        ):
            if ini.get(key):
                ini[key] = _ordered(ini[key], order)
            else:
                ini.pop(key, None)
        for votes in ini.get("votes", {}).values():
            _trim_votes(votes)
    for holder in (*data.get("decisions", []), *data.get("actions", [])):
        for check in holder.get("checks", []):
            _trim_votes(check.get("votes", []))
            _drop_empty(check, "note")
    for round_ in data.get("dot_rounds", []):
        _drop_empty(round_, "title")
        if round_.get("votes"):
            options = round_.get("options", [])
            round_["votes"] = _ordered(round_["votes"], options)
            for votes in round_["votes"].values():
                _trim_votes(votes)
        else:
            round_.pop("votes", None)
    _prepare_data(data)
    return data


def _drop_empty_new_fields(data: dict[str, Any]) -> None:
    """Fields added in schema 2 are written only when they hold something (empty lists and
    absent values are never written; these drop empty text and empty tables)."""
    for population in data.get("populations", []):
        _drop_blank(population, "description")
    for stream in data.get("streams", []):
        _drop_blank(stream, "restrictions")
    for ini in [*data.get("initiatives", []), *data.get("archived_initiatives", [])]:
        if "decision" in ini:
            _drop_blank(ini["decision"], "rationale")
    for indicator in data.get("indicators", []):
        _drop_blank(indicator, "by_population")
        for readings in indicator.get("by_population", {}).values():
            for reading in readings:
                _drop_blank(reading, "note")


def _drop_empty(table: dict[str, Any], key: str) -> None:
    if table.get(key) == "":
        del table[key]


def _trim_votes(votes: list[dict[str, Any]]) -> None:
    """A vote's optional name is written only when given (fields added in schema 2 are
    left out while empty)."""
    for vote in votes:
        _drop_empty(vote, "name")


def _drop_blank(table: dict[str, Any], *keys: str) -> None:
    """Leave out fields added in schema 2 while they are empty ("", 0 or an empty table)."""
    for key in keys:
        value = table.get(key)
        if value in ("", 0, {}) and not isinstance(value, bool):
            table.pop(key, None)


def _prepare_data(data: dict[str, Any]) -> None:
    """Prepare's parts as written: empty fields and tables left out, readiness in the order
    of the conditions."""
    for person in data.get("participants", []):
        _drop_blank(person, "team_role")
    scope = data.get("scope", {})
    _drop_blank(scope, "question", "time_frame", "note")
    for side in ("included", "excluded"):
        if not scope.get(side):
            scope.pop(side, None)
    if not scope:
        data.pop("scope", None)
    readiness = data.get("readiness", {})
    for entry in readiness.values():
        _drop_blank(entry, "evidence", "rated_by")
        _trim_votes(entry.get("votes", []))
    readiness = {k: v for k, v in readiness.items() if v}
    if readiness:
        data["readiness"] = _ordered(readiness, [c.value for c in Condition])
    else:
        data.pop("readiness", None)
    for meeting in data.get("meetings", []):
        _drop_blank(meeting, "purpose")
        for item in meeting.get("agenda", []):
            _drop_blank(item, "minutes", "note")


def dumps_session(session: Session) -> bytes:
    """The session as TOML bytes (UTF-8, LF line ends)."""
    return tomli_w.dumps(session_to_data(session), multiline_strings=True).encode("utf-8")


def atomic_write(
    path: Path, payload: bytes, *, backup: bool = True, mode_from: Path | None = None
) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old or the new file whole.

    The previous version, if any, is kept as ``path + '.bak'``. The temporary files are
    created exclusively under names no one can guess, a link at ``path`` is refused, and the
    file keeps its permissions (see :mod:`cohere_tui.files`).
    """
    bak = path.with_name(path.name + BACKUP_SUFFIX) if backup else None
    files.atomic_write(path, payload, backup=bak, mode_from=mode_from)


def write_error(path: Path, exc: OSError) -> SessionFileError:
    """A clear message for a failed write."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, SymlinkError):
        return SessionFileError(
            path,
            [
                f"{path}: not saved: the file {reason}, and cohere-tui never writes through a "
                "link; open the file it points to, or save a copy elsewhere (Save as…)"
            ],
        )
    if isinstance(exc, NotRegularFileError):
        return SessionFileError(
            path,
            [
                f"{path}: not saved: it {reason}; the session was not written there — save a "
                "copy elsewhere (Save as…)"
            ],
        )
    if isinstance(exc, PermissionError):
        hint = "the folder or file is read-only; save a copy elsewhere"
    elif exc.errno == 28:
        hint = "the disk is full; free some space or save a copy elsewhere"
    else:
        hint = "save a copy elsewhere"
    return SessionFileError(path, [f"{path}: could not save ({reason}); {hint}"])


def schema_backup_path(path: Path, version: int) -> Path:
    """Where the first save of a file migrated from schema ``version`` keeps the original."""
    return path.with_name(f"{path.name}.schema-{version}{BACKUP_SUFFIX}")


def _keep_original(target: Path, original: bytes, like: os.stat_result | None) -> None:
    """Copy the original bytes to ``target`` unless it already holds them; an existing
    different file there is kept too (the copy goes to ``…-2.bak``, ``…-3.bak``, …). The copy
    has the original's permissions (``like``)."""
    candidate, n = target, 2
    while files.taken(candidate):
        try:
            if files.read_capped(candidate, len(original)) == original:
                return
        except OSError:  # a link, a folder, a FIFO, a larger file: not the copy
            pass
        candidate = target.with_name(
            f"{target.name.removesuffix(BACKUP_SUFFIX)}-{n}{BACKUP_SUFFIX}"
        )
        n += 1
    tmp = files.write_temp(candidate, original, like)
    try:
        os.link(tmp, candidate)  # never replaces what may have appeared there meanwhile
    except FileExistsError:
        os.unlink(tmp)
        _keep_original(target, original, like)
        return
    except OSError:
        os.replace(tmp, candidate)
        return
    os.unlink(tmp)


def save_session(
    session: Session,
    path: Path | str,
    *,
    expected: str | None = None,
    force: bool = False,
    keep_original: Path | None = None,
    mode_from: Path | None = None,
) -> str:
    """Save atomically and return the new fingerprint.

    ``expected`` is the fingerprint of the file as it was opened: when the file on disk no
    longer has it, someone else changed it, and :class:`ConflictError` is raised instead of
    overwriting (unless ``force``). Saving an unchanged session writes nothing.
    ``keep_original`` (see :func:`schema_backup_path`) receives a byte-for-byte copy of the
    file on disk before it is replaced, unless it already holds one. A new file gets the
    permissions of ``mode_from`` (the session it is made from) when given, else the umask's;
    an existing one keeps its own. A session that fails :func:`check_session` is not
    written (the problems are named), nor is one over a symbolic link, a folder or a FIFO.
    """
    path = Path(path)
    problems = check_session(session)
    if problems:  # a bug would write a file the app then refuses to open: keep the work instead
        raise SessionFileError(
            path,
            [
                *(f"{path}: not saved: {p}" for p in problems),
                f"{path}: the file was not changed; your work is still open — correct the item "
                "named above, then save again",
            ],
        )
    try:
        payload = dumps_session(session)
    except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from undecodable input bytes
        bad = shown(repr(exc.object[max(exc.start - 20, 0) : exc.end + 20]), 60)
        raise SessionFileError(
            path,
            [
                f"{path}: could not save: some text is not valid Unicode (near {bad}); "
                "retype that text — the file was not changed"
            ],
        ) from None
    current: bytes | None = None
    like: os.stat_result | None = None
    try:
        if files.is_link(path):
            raise SymlinkError(path)
        like = os.stat(path)
        current = files.read_capped(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise write_error(path, exc) from None
    if (
        current is not None
        and not force
        and expected is not None
        and fingerprint(current) != expected
    ):
        raise ConflictError(
            path,
            [
                f"{path}: the file was changed by someone else since it was opened; "
                "your version was not written over it"
            ],
        )
    if current == payload:
        return fingerprint(payload)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if keep_original is not None and current is not None:
            _keep_original(keep_original, current, like)
        atomic_write(path, payload, mode_from=mode_from)
    except OSError as exc:
        raise write_error(path, exc) from None
    return fingerprint(payload)


# --------------------------------------------------------------------------------------------
# names and folders

_RESERVED = {
    "con", "prn", "aux", "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
}  # fmt: skip
MAX_SLUG = 60


def slugify(title: str) -> str:
    """A safe file stem from a title: lower-case ASCII letters, digits and single hyphens."""
    text = unicodedata.normalize("NFKD", title)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = text[:MAX_SLUG].rstrip("-")
    if not text:
        text = "session"
    if text in _RESERVED:
        text = f"{text}-session"
    return text


def free_path(folder: Path, stem: str, suffix: str = ".toml") -> Path:
    """``folder/<stem><suffix>``, with -2, -3, … added to the stem when the name is taken."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while files.taken(candidate):  # a dangling link takes a name too: it is never written
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def unique_session_path(folder: Path, title: str) -> Path:
    """``folder/<slug>.toml``, with -2, -3, … added when the name is taken."""
    return free_path(folder, slugify(title))


def new_session(
    title: str,
    alignment_type: AlignmentType = AlignmentType.HORIZONTAL,
    *,
    today: dt.date | None = None,
    **fields: Any,
) -> Session:
    """A fresh, empty session."""
    return Session(
        title=title.strip(),
        alignment_type=alignment_type,
        created=today or dt.date.today(),
        **fields,
    )


@dataclass
class SessionSummary:
    """One line of the session picker."""

    path: Path
    title: str = ""
    organisation: str = ""
    cycle: int = 0
    modified: dt.datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def scan_sessions(folder: Path) -> Iterator[SessionSummary]:
    """Every ``*.toml`` in the folder, newest first, read lightly; a broken file says why."""
    if not folder.is_dir():
        return
    files = sorted(
        (p for p in folder.glob("*.toml") if p.is_file()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for p in files:
        modified = dt.datetime.fromtimestamp(p.stat().st_mtime)
        try:
            loaded = load_session(p)
        except SessionFileError as exc:
            yield SessionSummary(path=p, modified=modified, error=exc.lines[0])
            continue
        s = loaded.session
        yield SessionSummary(
            path=p,
            title=s.title,
            organisation=s.organisation,
            cycle=s.cycle,
            modified=modified,
            counts={
                "goals": len(s.goals),
                "initiatives": len(s.initiatives),
                "actions": len(s.actions),
            },
        )
