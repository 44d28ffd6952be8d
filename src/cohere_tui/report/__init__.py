"""The printable report for interest holders: a PDF of the session for people who were not
in the room (boards, staff, families).

Headless: nothing here imports Textual, and the typesetting engine (the ``typst`` package,
which bundles its compiler and fonts and needs no network) is imported only when a report
is written, by :func:`write_report`.

How it is made:

1. :mod:`.sections` turns the session into plain data, one function per section (and says
   where the sections of features still to come go); :mod:`.privacy` names people as the
   edition asks; :mod:`.figures` works out the geometry of the pictures;
2. the data goes to the template (``template.typ``) as one JSON document in ``sys.inputs``:
   the template reads it and puts every string on the page as text, so nothing the room
   typed can act as typesetting code;
3. the PDF is written beside the target and renamed into place (never half a file).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..history import load_chain
from ..models import Session
from ..store import SessionFileError, atomic_write, free_path, slugify
from .privacy import Names
from .sections import Context, build


class ReportError(SessionFileError):
    """The report could not be written; the message names the file and what to do.

    A :class:`~cohere_tui.store.SessionFileError`, so the command line reports it like any
    other problem with a user's file (exit status 1, no traceback).
    """

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(path, [f"{path}: {message}"])
        self.message = message


@dataclass
class ReportResult:
    """What :func:`write_report` wrote."""

    path: Path
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    """What the facilitator should know before the report goes out."""


def default_report_path(
    exports_dir: Path, session_path: Path, today: dt.date, *, public: bool = False
) -> Path:
    """``exports_dir/<slug>-report-<YYYY-MM-DD>.pdf`` (``…-public.pdf`` for the public
    edition), with -2, -3, … when taken: an earlier report is never written over. The folder
    is created when missing."""
    try:
        exports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(
            exports_dir, f"cannot create the exports folder ({exc.strerror}); name another folder"
        ) from None
    stem = f"{slugify(session_path.stem)}-report-{today.isoformat()}"
    if public:
        stem += "-public"
    return free_path(exports_dir, stem, ".pdf")


def report_data(
    session: Session,
    session_path: Path | None,
    *,
    today: dt.date,
    public: bool = False,
    sessions_dir: Path | None = None,
) -> tuple[dict[str, object], list[str]]:
    """The JSON-ready document the template draws, and the warnings gathered making it."""
    names = Names(session, public=public)
    chain = load_chain(session, session_path, today=today, sessions_dir=sessions_dir)
    ctx = Context(session=session, today=today, public=public, names=names, chain=chain)
    built = build(ctx)
    title = " ".join(names.text(session.title).split())
    edition = "Public edition" if public else "Full edition (names people; for the team)"
    document: dict[str, object] = {
        "meta": {
            "title": title,
            "edition_short": edition,
            "footer": f"{title} · cycle {session.cycle} · {today.isoformat()}",
        },
        "sections": built,
    }
    return document, [*ctx.warnings, *names.warnings()]


def render_pdf(document: dict[str, object]) -> bytes:
    """Typeset the document: the PDF's bytes. Imports the typesetting engine."""
    import typst

    template = resources.files(__package__).joinpath("template.typ").read_bytes()
    payload = json.dumps(document, ensure_ascii=False, allow_nan=False)
    # the bundled fonts set the look; the system's fonts, where there are any, stand in for
    # the characters these lack (Chinese, Arabic, emoji…)
    compiler = typst.Compiler(template)
    pdf = compiler.compile(
        format="pdf",
        sys_inputs={"data": payload},
        timestamp=int(time.time()),
    )
    assert isinstance(pdf, bytes)
    return pdf


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def _pages(pdf: bytes) -> int:
    """How many pages the PDF has (its page objects; the page tree is /Pages)."""
    return len(_PAGE.findall(pdf))


def write_report(
    session: Session,
    session_path: Path | None,
    target: Path,
    *,
    today: dt.date,
    public: bool = False,
    sessions_dir: Path | None = None,
    overwrite: bool = False,
) -> ReportResult:
    """Write the report of ``session`` (stored at ``session_path``, whose earlier cycles give
    the history) to ``target``, atomically.

    An existing file is replaced only with ``overwrite``; otherwise, and on any failure to
    write, :class:`ReportError` says what to do.
    """
    target = Path(target)
    if target.suffix.lower() != ".pdf":
        raise ReportError(target, "a report's name must end in .pdf; choose another name")
    if target.exists() and not overwrite:
        raise ReportError(target, "already exists; choose another name or remove it first")
    document, warnings = report_data(
        session, session_path, today=today, public=public, sessions_dir=sessions_dir
    )
    try:
        pdf = render_pdf(document)
    except Exception as exc:  # the engine's own error: a fault here, never the user's text
        message = getattr(exc, "message", None) or str(exc)
        raise ReportError(
            target, f"could not be typeset ({message}); please report this as a bug"
        ) from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, pdf, backup=False)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = (
            "the disk is full; free some space or write it elsewhere"
            if exc.errno == 28
            else "write it to another folder (is the file open in a PDF viewer?)"
        )
        raise ReportError(target, f"could not write the report ({reason}); {hint}") from None
    return ReportResult(path=target, pages=_pages(pdf), warnings=warnings)


__all__ = [
    "ReportError",
    "ReportResult",
    "default_report_path",
    "render_pdf",
    "report_data",
    "write_report",
]
