"""A form dialog built from field specs: every add/edit of a session item goes through it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from ...models import CONTROL_CHARACTERS, control_character, control_problem, describe_control
from .base import Dialog

FieldKind = Literal["text", "multiline", "choice", "multi", "date"]


@dataclass
class FormField:
    """One field of a form."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    options: Sequence[tuple[str, str]] = ()
    """(label, value) pairs for choice and multi fields."""
    placeholder: str = ""
    help: str = ""
    parse: Callable[[str], Any] | None = None
    """Turns the typed text into a value; raises ValueError with a message for the room."""
    height: int = 3
    """Lines of a multiline field."""
    suggestions: Sequence[str] = field(default_factory=tuple)
    """Values offered for a text field (e.g. participants' names for an owner)."""
    replace: bool = False
    """The field holds an offer (the timer's last minutes), not the room's words: entering
    it selects the text, so that typing replaces it."""


def control_in(text: str) -> str | None:
    """What is wrong when typed or pasted text holds a control character a session refuses
    (a line end written ``\\r\\n`` or ``\\r`` is a line feed), or None."""
    char = control_character(text.replace("\r\n", "\n").replace("\r", "\n"))
    return None if char is None else control_problem(char)


def drop_controls(area: TextArea) -> str | None:
    """Remove from a text area the control characters a session refuses (pasted text can
    bring them), keeping the cursor where it was; returns a notice saying what was removed,
    or None when there was nothing to remove."""
    char = control_character(area.text.replace("\r\n", "\n").replace("\r", "\n"))
    if char is None:
        return None
    row, column = area.cursor_location
    before = area.document.get_line(row)[:column] if row < area.document.line_count else ""
    text = CONTROL_CHARACTERS.sub("", area.text.replace("\r\n", "\n").replace("\r", "\n"))
    area.load_text(text)
    column = len(CONTROL_CHARACTERS.sub("", before))
    area.move_cursor((row, column))
    return (
        f"Removed the control character {describe_control(char)} (and any others) from the "
        "text: a terminal would act on it instead of showing it."
    )


W = TypeVar("W", bound=Widget)


def compact(widget: W) -> W:
    """The widget in its compact style (one line, no border), set before it is mounted.

    Textual's ``compact=True`` toggles the style's class in the constructor, which styles
    the widget there and then (and again once it is mounted): a form of fourteen fields
    paid that fourteen times, most of the time it took to open."""
    widget.set_reactive(type(widget).compact, True)  # type: ignore[attr-defined]
    widget.add_class("-textual-compact", update=False)
    return widget


class ChoiceBox(Select[Any]):
    """A dropdown where typing a letter picks the next choice starting with it (closed),
    as in any dropdown of a desktop program; open, it searches as Textual's does."""

    def compose(self) -> ComposeResult:
        """Textual's parts of a dropdown, the list in the dropdown's style from the start:
        bound to it instead, the list would restyle itself (every option) once mounted."""
        from textual.widgets._select import SelectCurrent, SelectOverlay

        yield SelectCurrent(self.prompt)
        overlay = SelectOverlay(type_to_search=self._type_to_search)
        if self.compact:
            compact(overlay)
        yield overlay

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if self.expanded or char is None or len(char) != 1 or char == " ":
            return  # space opens the list, as before
        if not char.isprintable():
            return
        wanted = char.casefold()
        labels = [
            (_plain(prompt).strip().casefold(), value)
            for prompt, value in self._options
            if value is not Select.NULL
        ]
        start = next((n for n, (_, v) in enumerate(labels) if v == self.value), -1)
        order = labels[start + 1 :] + labels[: start + 1]
        match = next((v for label, v in order if label.startswith(wanted)), None)
        if match is not None:
            event.stop()
            event.prevent_default()
            self.value = match


def _field_name(widget: Widget) -> str:
    """The name of the form field a widget belongs to ("" if none)."""
    for node in widget.ancestors_with_self:
        for prefix in ("field-", "box-"):
            if node.id and node.id.startswith(prefix):
                return node.id.removeprefix(prefix)
    return ""


def _plain(prompt: object) -> str:
    if isinstance(prompt, Content):
        return prompt.plain
    return str(getattr(prompt, "plain", prompt))


class FormDialog(Dialog[dict[str, Any] | None]):
    """Edit a set of fields; `ctrl+s` or Save applies, `escape` cancels and changes nothing.

    Enter in a one-line field moves to the next field, or applies a form of one field (the
    timer's minutes, a parked item, a decision).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Close without changing anything (asks first when something was typed)",
            id="form.cancel",
        ),
        Binding(
            "ctrl+a",
            "select_all",
            "Select all",
            priority=True,
            tooltip="Select all the text of the field, so that typing replaces it",
            id="form.select_all",
        ),
        Binding(
            "ctrl+s",
            "submit",
            "Save",
            priority=True,
            tooltip="Apply the form (and save the session)",
            id="form.submit",
        ),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        values: dict[str, Any] | None = None,
        *,
        check: Callable[[dict[str, Any]], dict[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.values = dict(values or {})
        self.check = check
        self._initial: list[Any] = []
        self._visited: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog", classes="dialog"):
            yield Label(self.form_title, classes="dialog-title", markup=False)
            with VerticalScroll(id="form-fields", can_focus=False):
                for spec in self.fields:
                    label = spec.label + (" *" if spec.required else "")
                    # a grid of two columns: each field's label, then its box (no row
                    # widget per field: a form's widgets are most of its time to open)
                    yield Label(label, classes="field-label", id=f"label-{spec.name}", markup=False)
                    if spec.help:  # the field and its help line under it, in one cell
                        with Vertical(classes="field-box", id=f"box-{spec.name}"):
                            yield self._widget_for(spec)
                            yield Static(spec.help, classes="field-help", markup=False)
                    else:
                        yield self._widget_for(spec)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save  ctrl+s", id="save", variant="primary", compact=True)
                yield Button("Cancel  esc", id="cancel", compact=True)

    def _widget_for(self, spec: FormField) -> Widget:
        value = self.values.get(spec.name)
        wid = f"field-{spec.name}"
        if spec.kind == "multiline":
            area = TextArea(
                "" if value is None else str(value),
                id=wid,
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
                classes="field-multiline",
            )
            area.styles.height = spec.height
            return compact(area)
        if spec.kind == "choice":
            options = [(Content(label), val) for label, val in spec.options]  # as written
            allowed = {val for _, val in options}
            return compact(
                ChoiceBox(
                    options,
                    id=wid,
                    allow_blank=not spec.required,
                    value=value if value in allowed else Select.NULL,
                    prompt="(none)",
                )
            )
        if spec.kind == "multi":
            chosen = set(value or ())
            from ..widgets.checklist import Checklist

            return Checklist(
                *[(Content(label), val, val in chosen) for label, val in spec.options],
                id=wid,
                classes="field-multi",
            )
        text = "" if value is None else str(value)
        from textual.suggester import SuggestFromList

        suggester = (
            SuggestFromList(list(spec.suggestions), case_sensitive=False)
            if spec.suggestions
            else None
        )
        return compact(
            Input(
                text,
                id=wid,
                placeholder=spec.placeholder,
                suggester=suggester,
                select_on_focus=spec.replace,  # typing adds to the room's words; ctrl+a selects
            )
        )

    def on_mount(self) -> None:
        first = self.query(
            "#form-fields Input, #form-fields TextArea, #form-fields Select, "
            "#form-fields SelectionList"
        )
        if first:
            first.first().focus()
        self._initial = self._snapshot()

    def _snapshot(self) -> list[Any]:
        """What the fields hold now, to tell whether anything was typed."""
        return [self._raw(spec) for spec in self.fields]

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Entering a field puts the cursor after its text: nothing is selected, so what is
        typed is added, never typed over what the room wrote."""
        widget = event.widget
        self._mark_current_label(widget)
        if isinstance(widget, TextArea) and widget.id not in self._visited:
            self._visited.add(widget.id or "")
            widget.move_cursor(widget.document.end)
        elif isinstance(widget, Input) and not widget.select_on_focus:
            widget.cursor_position = len(widget.value)

    def _mark_current_label(self, widget: Widget) -> None:
        """The label of the field holding the focus is shown reversed (a class on the label,
        so that moving on restyles two labels only; a style on a row's `:focus-within`
        followed the focus only when the whole dialog was styled again)."""
        name = _field_name(widget)
        label = self.query(f"#label-{name}").first() if name else None
        for other in self.query(".field-label.-current"):
            if other is not label:
                other.remove_class("-current")
        if label is not None:
            label.add_class("-current")

    def action_select_all(self) -> None:
        focused = self.focused
        if isinstance(focused, Input | TextArea):
            focused.select_all()

    def _raw(self, spec: FormField) -> Any:
        widget = self.query_one(f"#field-{spec.name}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            chosen = set(widget.selected)
            return [val for _, val in spec.options if val in chosen]
        assert isinstance(widget, Input)
        return widget.value

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The form's values and the errors found, by field name."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.fields:
            raw = self._raw(spec)
            if isinstance(raw, str):
                raw = raw.rstrip() if spec.kind == "multiline" else raw.strip()
                problem = control_in(raw)
                if problem is not None:  # pasted text can bring them; a session refuses them
                    errors[spec.name] = f"{spec.label} {problem}."
                    continue
            if spec.required and (raw is None or raw == "" or raw == []):
                errors[spec.name] = f"{spec.label} is required."
                continue
            if spec.parse is not None and isinstance(raw, str):
                try:
                    raw = spec.parse(raw)
                except ValueError as exc:
                    errors[spec.name] = str(exc)
                    continue
            values[spec.name] = raw
        if not errors and self.check is not None:
            errors.update(self.check(values))
        return values, errors

    def action_submit(self) -> None:
        values, errors = self.collect()
        for spec in self.fields:
            message = errors.get(spec.name, "")
            found = self.query(f"#error-{spec.name}")
            if found:
                error = found.first(Static)
            elif message:  # a field's error line is made the first time it has one,
                # a row of the grid of its own under the field (see the stylesheet)
                error = Static(id=f"error-{spec.name}", classes="field-error", markup=False)
                cell = self.query(f"#box-{spec.name}") or self.query(f"#field-{spec.name}")
                self.query_one("#form-fields").mount(error, after=cell.first())
            else:
                continue
            error.update(f"⚠ {message}" if message else "")
            error.set_class(bool(message), "visible")
        if errors:
            first = next(spec for spec in self.fields if spec.name in errors)
            self.query_one(f"#field-{first.name}").focus()
            self.notify(f"{len(errors)} field(s) need attention.", severity="warning", timeout=4)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        """Escape: close; when something was typed, ask first (keeping it is the default)."""
        if self._snapshot() == self._initial:
            self.dismiss(None)
            return
        from .confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Discard changes?",
                "What was typed in this form is lost. n or escape keeps editing.",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter in a one-line field: a one-field form is done; otherwise go to the next field."""
        event.stop()
        if len(self.fields) == 1:
            self.action_submit()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
