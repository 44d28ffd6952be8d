"""Guards over every field of the session models, found by walking them (a new field is
checked without anyone listing it): every string is the safe text type, every number, flag
and date is strict (a file's `"3"` or `true` is refused, not converted), every field has a
strategy in the round-trip generator, and every saved session reopens (the test fixture)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

from model_strategies import field_strategies, models_in
from pydantic import BaseModel, Strict

from cohere_tui.models import Session, Text, Whole
from cohere_tui.store import atomic_write

SAFE_TEXT = Text.__metadata__[0]
"""The validator that makes a string the safe text type (no control characters)."""


def leaves(model: type[BaseModel]) -> list[tuple[str, Any, list[Any]]]:
    """Every plain value a model's fields hold, at any depth: (``Model.field`` with ``[key]``,
    ``[value]`` or ``[]`` for a dict's keys and values or a list's items, the type, the
    metadata of every Annotated layer around it)."""
    found: list[tuple[str, Any, list[Any]]] = []

    def visit(annotation: Any, metadata: list[Any], where: str) -> None:
        while typing.get_origin(annotation) is typing.Annotated:
            metadata = [*metadata, *annotation.__metadata__]
            annotation = annotation.__origin__
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is dict:
            visit(args[0], [], f"{where}[key]")
            visit(args[1], [], f"{where}[value]")
        elif origin is list:
            visit(args[0], [], f"{where}[]")
        elif args:
            for arg in args:
                if not (isinstance(arg, type) and issubclass(arg, BaseModel)):
                    visit(arg, metadata, where)
        elif not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            found.append((where, annotation, metadata))

    for cls in models_in(model):
        for name, field in cls.model_fields.items():
            visit(field.annotation, list(field.metadata), f"{cls.__name__}.{name}")
    return found


def unsafe_strings(model: type[BaseModel]) -> list[str]:
    """Every place in the model's fields where a string is not :data:`models.Text`."""
    return [
        where
        for where, kind, metadata in leaves(model)
        if kind is str and SAFE_TEXT not in metadata
    ]


def loose_values(model: type[BaseModel]) -> list[str]:
    """Every number, yes/no or date that pydantic would take in another form (``"3"``,
    ``1`` for true, a date as text): one not marked strict."""
    return [
        where
        for where, kind, metadata in leaves(model)
        if kind in (int, float, bool, dt.date)
        and not any(isinstance(m, Strict) and m.strict for m in metadata)
    ]


def test_every_string_field_of_every_model_is_safe_text() -> None:
    assert unsafe_strings(Session) == []


def test_every_number_flag_and_date_of_every_model_is_strict() -> None:
    assert loose_values(Session) == []


def test_the_walk_finds_a_loose_number_wherever_it_hides() -> None:
    class Inner(BaseModel):
        count: int = 0
        fine: Whole = 0

    class Outer(BaseModel):
        inner: Inner = Inner()
        scores: dict[Text, float] = {}
        flags: list[bool] = []
        when: dt.date | None = None

    assert sorted(loose_values(Outer)) == [
        "Inner.count",
        "Outer.flags[]",
        "Outer.scores[value]",
        "Outer.when",
    ]


def test_the_walk_finds_a_plain_string_wherever_it_hides() -> None:
    class Inner(BaseModel):
        ok: Text = ""
        bad: str = ""

    class Outer(BaseModel):
        inner: Inner = Inner()
        names: list[str] = []
        notes: dict[Text, str] = {}
        maybe: str | None = None
        fine: list[Text] = []

    assert sorted(unsafe_strings(Outer)) == [
        "Inner.bad",
        "Outer.maybe",
        "Outer.names[]",
        "Outer.notes[value]",
    ]


def test_the_generator_draws_every_field_of_every_model() -> None:
    models = models_in(Session)
    assert len(models) >= 15  # the session and every item in it
    for model in models:
        assert set(field_strategies(model)) == set(model.model_fields), model.__name__


# ----- the fixture that reopens every saved session -------------------------------------------


def test_a_saved_file_that_does_not_reopen_is_found(tmp_path: Path) -> None:
    from saved_sessions import reopen_problems

    good = tmp_path / "good.toml"
    bad = tmp_path / "bad.toml"
    changed = tmp_path / "changed.toml"
    payloads = {
        good: b'schema_version = 1\ntitle = "Fine"\ncreated = 2026-01-01\n',
        bad: b'schema_version = 1\ntitle = "Fine"\n[[actions]]\nid = "A1"\ntitle = "x"\n'
        b'initiatives = ["I4"]\n',
        changed: b'schema_version = 1\ntitle = "Fine"\n',
    }
    written = {}
    for path, payload in payloads.items():
        path.write_bytes(payload)
        written[str(path)] = hashlib.sha256(payload).hexdigest()
    changed.write_bytes(b"changed on purpose after the save")
    problems = reopen_problems({**written, str(tmp_path / "gone.toml"): "0" * 64})
    assert len(problems) == 1
    assert "action A1: initiatives names initiative 'I4', which does not exist" in problems[0]


def test_saves_of_the_processes_a_test_starts_are_logged(tmp_path: Path) -> None:
    """The fixture sees the saves of a command the test runs, not only its own."""
    log = Path(os.environ["COHERE_TUI_SAVE_LOG"])
    target = tmp_path / "from-a-command.toml"
    code = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from cohere_tui.store import new_session, save_session\n"
        "save_session(new_session('Child', today=dt.date(2026, 1, 1)), Path(sys.argv[1]))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(target)], check=True, timeout=60)
    assert str(target) in log.read_text(encoding="utf-8")


def test_saves_in_this_process_go_through_the_fixture() -> None:
    from cohere_tui import store

    assert store.atomic_write is not atomic_write  # wrapped for this test
    assert store.atomic_write.__name__ == "logged"


def undocumented_fields(model: type[BaseModel]) -> list[str]:
    """Every field of the model (at any depth) without a docstring on the line after it.

    The docstrings are read from the source, as the models do not ask pydantic to read them
    at start-up (that costs every start tens of milliseconds for nothing shown)."""
    import ast
    import inspect
    import textwrap

    missing = []
    for cls in models_in(model):
        body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
        assert isinstance(body, ast.ClassDef)
        documented = set()
        for statement, after in zip(body.body, [*body.body[1:], None], strict=True):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
                and after.value.value.strip()
            ):
                documented.add(statement.target.id)
        missing += [f"{cls.__name__}.{name}" for name in cls.model_fields if name not in documented]
    return missing


def test_every_field_of_every_model_has_a_docstring() -> None:
    from cohere_tui.settings import Settings

    assert undocumented_fields(Session) + undocumented_fields(Settings) == []


def test_a_field_without_a_docstring_is_found() -> None:
    class Bare(BaseModel):
        documented: int = 0
        """Said."""
        silent: int = 0

    assert undocumented_fields(Bare) == ["Bare.silent"]
