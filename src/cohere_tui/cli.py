"""The `cohere-tui` command line.

Exit status: 0 success, 1 a problem with the user's files or data (the message names the
file), 2 bad usage. No traceback reaches the user for a bad file. The app (and Textual) is
imported only by the commands that open it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__, started
from .models import AlignmentType, control_character, control_problem

if TYPE_CHECKING:
    from .document import SessionDocument

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2

DEFAULT_SESSIONS = Path("sessions")
DEFAULT_EXPORTS = Path("exports")


class UserError(Exception):
    """A problem with the user's files or data: printed as is, exit status 1."""


def _fail(message: str) -> NoReturn:
    raise UserError(message)


def _shown(text: object) -> str:
    """Text for the terminal: a name holding control characters (escape codes) is printed
    with them escaped, so that it cannot drive the terminal."""
    from .validation import printable

    return printable(str(text))


def _say(path: object) -> None:
    """Print a path on standard output: as it is for a script reading it, escaped for a
    person's terminal."""
    print(_shown(path) if sys.stdout.isatty() else path)


# ---------------------------------------------------------------------------------------------
# commands


def _open_document(path: Path) -> SessionDocument:
    from .document import SessionDocument

    return SessionDocument.open(path)


def _run_app(args: argparse.Namespace, document: SessionDocument | None) -> int:
    from .ui.app import CohereApp

    app = CohereApp(
        sessions_dir=args.sessions_dir,
        exports_dir=args.exports_dir,
        document=document,
    )
    try:
        app.run()
    finally:
        for note in app.exit_notes:
            with contextlib.suppress(OSError):  # the terminal may be gone (SIGHUP)
                print(_shown(note), file=sys.stderr)
    return app.return_code or 0


def cmd_picker(args: argparse.Namespace) -> int:
    if args.sessions_dir.exists() and not args.sessions_dir.is_dir():
        _fail(f"{args.sessions_dir}: is not a folder; name a folder with --sessions-dir")
    return _run_app(args, None)


def cmd_open(args: argparse.Namespace) -> int:
    return _run_app(args, _open_document(args.path))


def cmd_new(args: argparse.Namespace) -> int:
    from .document import SessionDocument
    from .store import new_session, unique_session_path

    title = args.title.strip()
    if not title:
        _fail("the title is empty; give the session a title, e.g. cohere-tui new 'Family outcomes'")
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:  # bytes the terminal sent that are not UTF-8
        _fail("the title is not valid UTF-8 text; set the terminal to UTF-8 and type it again")
    control = control_character(title.replace("\r\n", "\n").replace("\r", "\n"))
    if control is not None:
        _fail(f"the title {control_problem(control)} and type the title again")
    details: dict[str, Any] = {}
    for option, field in (("organisation", "organisation"), ("facilitator", "facilitator")):
        value = (getattr(args, option) or "").strip()
        bad = control_character(value)
        if bad is not None:
            _fail(f"--{option}: the text {control_problem(bad)} and type it again")
        if value:
            details[field] = value
    if args.meeting_date:
        from .dates import parse_date

        try:
            details["meeting_date"] = parse_date(args.meeting_date, dt.date.today())
        except ValueError as exc:
            _fail(f"--meeting-date: {exc}")
    folder: Path = args.sessions_dir
    _ensure_folder(folder, "--sessions-dir")
    path = unique_session_path(folder, title)
    session = new_session(title, AlignmentType(args.type), **details)
    document = SessionDocument.create(session, path)
    _say(path)
    return _run_app(args, document)


def _ensure_folder(folder: Path, option: str) -> None:
    if folder.exists() and not folder.is_dir():
        _fail(f"{folder}: is not a folder; name a folder with {option}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"{folder}: cannot create the folder ({exc.strerror}); name another with {option}")


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import demo_path, ensure_demo

    folder: Path = args.sessions_dir
    _ensure_folder(folder, "--sessions-dir")
    try:
        path = ensure_demo(folder)
    except OSError as exc:
        _fail(f"{demo_path(folder)}: could not copy the demo session ({exc.strerror})")
    return _run_app(args, _open_document(path))


def cmd_validate(args: argparse.Namespace) -> int:
    from .store import load_session

    load_session(args.path)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .workbook import default_export_path, export_per_owner, export_workbook

    loaded = _open_document(args.path)  # findings brought up to date, the file unchanged
    today = dt.date.today()
    per_owner = args.per_owner or args.owner is not None
    if per_owner and args.output is not None:
        _fail(
            "-o names one workbook; per-owner copies go to the exports folder "
            "(choose it with --exports-dir)"
        )
    if args.output is not None:
        target = _output_target(args.output, "workbook", "plan.xlsx", replace=False)
    else:
        _check_exports_dir(args.exports_dir)
    if per_owner:
        owner = args.owner.strip() if args.owner is not None else None
        if owner == "":
            _fail("--owner needs a name, e.g. --owner 'Lee Park'")
        results = export_per_owner(
            loaded.session, args.exports_dir, loaded.path, today=today, only=owner
        )
        unowned = sum(1 for a in loaded.session.actions if not a.owner.strip())
        if unowned and owner is None:
            print(
                f"note: {unowned} action(s) have no owner, so they are in no per-owner copy",
                file=sys.stderr,
            )
    else:
        if args.output is None:
            target = default_export_path(args.exports_dir, loaded.path, today)
        results = [export_workbook(loaded.session, target, today=today, mode_from=loaded.path)]
    for result in results:
        for warning in result.warnings:
            print(_shown(f"warning: {warning}"), file=sys.stderr)
        _say(result.path)
    return EXIT_OK


def _output_target(output: str, what: str, example: str, *, replace: bool) -> Path:
    """The file named with -o, checked: not a folder, in a folder that exists, and (unless
    ``replace``) not there yet."""
    target = Path(output)
    if target.is_dir():
        _fail(f"{target}: is a folder; name the {what} to write, e.g. -o {target / example}")
    if target.exists() and not replace:
        _fail(f"{target}: already exists; choose another name with -o or remove it first")
    if target.parent.exists() and not target.parent.is_dir():
        _fail(
            f"{target}: cannot be written there, {target.parent} is a file, not a folder; "
            "choose another place with -o"
        )
    if not target.parent.is_dir():
        _fail(
            f"{target}: {target.parent}: no such folder; create it first or choose another "
            "place with -o"
        )
    return target


def _check_exports_dir(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        _fail(f"{folder}: is not a folder; name a folder with --exports-dir")


def cmd_report(args: argparse.Namespace) -> int:
    from .report import default_report_path, write_report
    from .store import load_session

    loaded = load_session(args.path)
    today = dt.date.today()
    if args.output is not None:
        target = _output_target(args.output, "report", "report.pdf", replace=True)
        if target.suffix.lower() != ".pdf":
            _fail(
                f"{target}: a report's name must end in .pdf; e.g. -o {target.with_suffix('.pdf')}"
            )
    else:
        _check_exports_dir(args.exports_dir)
        target = default_report_path(args.exports_dir, loaded.path, today, public=args.public)
    result = write_report(
        loaded.session,
        loaded.path,
        target,
        today=today,
        public=args.public,
        sessions_dir=args.sessions_dir,
        overwrite=args.output is not None,
    )
    for warning in result.warnings:
        print(_shown(f"warning: {warning}"), file=sys.stderr)
    _say(result.path)
    return EXIT_OK


def cmd_import_updates(args: argparse.Namespace) -> int:
    from .document import SessionDocument
    from .store import BACKUP_SUFFIX
    from .workbook import format_plan, plan_updates

    if args.path.suffix.lower() in (".xlsx", ".xlsm") and args.workbook.suffix.lower() == ".toml":
        _fail(
            f"{args.path}: is a workbook; name the session first: "
            "cohere-tui import-updates SESSION.toml WORKBOOK.xlsx"
        )
    document = SessionDocument.open(args.path)
    plan = plan_updates(
        document.session, Path(args.workbook), prefer_workbook=args.prefer == "workbook"
    )
    print(format_plan(plan))
    clean = not plan.problems and not plan.unresolved
    done = EXIT_OK if clean else EXIT_DATA
    if not plan.has_changes:
        return done
    if not args.yes:
        if not sys.stdin.isatty():
            print("Nothing applied: run again with --yes to apply these changes.")
            return done
        answer = input("Apply these changes? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing applied.")
            return done
    from .lock import holder_of

    holder = holder_of(document.path)
    if holder is not None:
        _fail(
            f"{document.path}: the session is open in cohere-tui ({holder.describe()}); "
            "nothing applied. Import from the app (ctrl+p, Import updates), or close it and "
            "run this again"
        )
    from .edits import ImportUpdates

    edit = ImportUpdates(plan, Path(args.workbook).name, dt.date.today())
    document.apply(edit)
    count = edit.count
    before = document.fingerprint
    document.save()
    backup = document.path.with_name(document.path.name + BACKUP_SUFFIX)
    kept = f" (previous version kept as {backup.name})" if document.fingerprint != before else ""
    print(_shown(f"Applied {count} change(s) to {document.path}{kept}."))
    if document.schema_backup is not None:
        print(
            _shown(
                f"The file was upgraded from schema {document.migrated_from}; "
                f"the original is kept as {document.schema_backup}."
            )
        )
    return done


def cmd_next_cycle(args: argparse.Namespace) -> int:
    from .cycle import write_next_cycle

    path = write_next_cycle(Path(args.path), dt.date.today())
    _say(path)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# parser

IMPORT_EPILOG = """\
Rows are matched to actions by ID, and read only when they are still that action (a table
sorted without its ID column is refused); Status, Latest update, Notes, Owner and Due are
read back, and a row without an ID but with an Action text is offered as a new action.
A cell counts as edited only where it differs from what its export wrote; where the
session changed the same field since that export, the import reports a conflict and keeps
the session's value (--prefer workbook takes the workbook's). Rows and cells that cannot
be used are listed and left alone; nothing is ever deleted. Changes are applied only on
confirmation or with --yes, and the previous version is kept as .bak.

exit status: 0 everything in the sheet could be used (or nothing needed changing);
1 the session or the workbook cannot be read, or something in the sheet was reported as
not usable or in conflict (with --yes the usable changes are still applied); 2 bad usage."""

EXPORT_EPILOG = """\
--per-owner writes one small workbook per owner into the exports folder (their actions,
with the vision, the goals and their findings as read-only context); --owner NAME writes
that owner's only. Each copy comes back through import-updates like the whole plan."""


REPORT_EPILOG = """\
The report is for people who were not in the room: the vision and goals, the initiatives,
the alignment heat map, coherence by domain, the relations map, the findings, the decisions,
the action plan by owner, the indicators as charts, and the history across earlier cycles
(followed through previous_cycle). It is typeset offline.

exit status: 0 the report was written (its path is printed); 1 the session cannot be read
or the report cannot be written there; 2 bad usage."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--sessions-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="folder of session files (default: sessions)",
    )
    common.add_argument(
        "--exports-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="folder for exported workbooks (default: exports)",
    )
    parser = _Parser(
        prog="cohere-tui",
        description="Walk a team through the alignment-and-coherence cycle. "
        "With no command, opens the session picker.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"cohere-tui {__version__}")
    parser.set_defaults(func=cmd_picker)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> _Parser:
        p: _Parser = sub.add_parser(name, help=help_, description=help_, parents=[common])
        p.set_defaults(func=func)
        return p

    p = add("open", cmd_open, "open a session file in the app")
    p.add_argument("path", type=Path, metavar="PATH")
    p = add("new", cmd_new, "create sessions/<slug>.toml and open it")
    p.add_argument("title", metavar="TITLE")
    p.add_argument(
        "--type",
        choices=[t.value for t in AlignmentType],
        default=AlignmentType.HORIZONTAL.value,
        help="alignment type (default: horizontal)",
    )
    p.add_argument("--organisation", metavar="NAME", help="the district, agency or county")
    p.add_argument("--facilitator", metavar="NAME", help="who facilitates")
    p.add_argument(
        "--meeting-date", metavar="DATE", help="when the room meets (YYYY-MM-DD, today, +1w …)"
    )
    add("demo", cmd_demo, "open the demo session (copied into the sessions folder first if absent)")
    p = add("export", cmd_export, "write the follow-up workbook without opening the app")
    p.epilog = EXPORT_EPILOG
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write the workbook")
    p.add_argument(
        "--per-owner", action="store_true", help="one workbook per owner, in the exports folder"
    )
    p.add_argument("--owner", metavar="NAME", help="only this owner's workbook")
    p = add(
        "import-updates",
        cmd_import_updates,
        "merge follow-up edits from a returned workbook's Action Plan sheet",
    )
    p.epilog = IMPORT_EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("workbook", type=Path, metavar="WORKBOOK")
    p.add_argument("--yes", action="store_true", help="apply without asking")
    p.add_argument(
        "--prefer",
        choices=["session", "workbook"],
        default="session",
        help="which value a conflict keeps (default: session; conflicts are reported either way)",
    )
    p = add(
        "report",
        cmd_report,
        "write the printable report (PDF) for interest holders without opening the app",
    )
    p.epilog = REPORT_EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE.pdf",
        help="where to write the report (replaced if it exists); by default a new file "
        "exports/<slug>-report-<date>.pdf, never one already there",
    )
    p.add_argument(
        "--public",
        action="store_true",
        help="the public edition: people shown by role or organisation, no notes, no parking "
        "lot, no dismissed findings",
    )
    p = add("validate", cmd_validate, "check a session file; silent on success")
    p.add_argument("path", type=Path, metavar="PATH")
    p = add("next-cycle", cmd_next_cycle, "write the next cycle's session file")
    p.add_argument("path", type=Path, metavar="PATH")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.sessions_dir = getattr(args, "sessions_dir", DEFAULT_SESSIONS)
    args.exports_dir = getattr(args, "exports_dir", DEFAULT_EXPORTS)
    from .edits import EditError
    from .store import SessionFileError

    if args.func not in (cmd_picker, cmd_open, cmd_new, cmd_demo):
        started()  # the app's own start-up ends once it is built (see CohereApp)
    try:
        code: int = args.func(args)
    except SessionFileError as exc:
        print(str(exc), file=sys.stderr)
        code = EXIT_DATA
    except EditError as exc:
        where = args.path if hasattr(args, "path") else ""
        print(_shown(f"cohere-tui: {where}: {exc}"), file=sys.stderr)
        code = EXIT_DATA
    except UserError as exc:
        print(_shown(f"cohere-tui: {exc}"), file=sys.stderr)
        code = EXIT_DATA
    except OSError as exc:  # a file-system failure not met above: still a message, not a trace
        where = f"{exc.filename}: " if exc.filename else ""
        print(
            _shown(f"cohere-tui: {where}{exc.strerror or exc}; check the path and try again"),
            file=sys.stderr,
        )
        code = EXIT_DATA
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
