"""The footer of keys: whole labels only, the most used first, and always where the rest are.

Textual's footer draws every key in a row and lets the row run off the edge, so at 80 or 100
columns a label is cut in half (`p Par▏`). This footer shows only the keys that fit whole,
in the order the focus chain gives them (the focused panel's keys first, then the step's,
then the session's), and always keeps the help key and the palette key on screen, which
list every key.

It is one widget that draws one line. Textual's footer is a widget per key, rebuilt (each
key styled anew) whenever the keys that apply change, which on a step switch cost more than
the rest of the switch together; here a change of keys is a repaint of one line. A click on
a key presses it; the pointer over a key shows its tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

HELP_ACTIONS = frozenset({"help", "app.help", "screen.help"})
"""The binding kept on screen beside the palette key: it lists every key of the step."""

SEPARATOR = "▏"
"""Between the keys and the palette key, at the right edge."""


@dataclass(frozen=True)
class FooterEntry:
    """One key in the footer, or a group of keys with one label (e.g. `0123 Rate`)."""

    keys: tuple[str, ...]
    """The keys as pressed (the first is what a click presses)."""
    shown: tuple[str, ...]
    """The keys as displayed, e.g. `^z`."""
    label: str
    """What the key does, in a word or two."""
    action: str
    """The action of the (first) key."""
    enabled: bool
    """A key that does nothing here is shown dim."""
    tooltip: str
    """Said when the pointer rests on it."""
    compact: bool = False
    """A group's keys are drawn without spaces between them (`0123`)."""

    @property
    def key_text(self) -> str:
        return ("" if self.compact else " ").join(self.shown)

    @property
    def width(self) -> int:
        """Columns taken: ` key label ` (the padding of Textual's footer keys)."""
        return cell_len(self.key_text) + 2 + (cell_len(self.label) + 1 if self.label else 0)


class KeyFooter(Widget, can_focus=False):
    """A one-line footer that fits whole keys: help and palette always, then as many of the
    others as fit, in order."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--hover",
        "key-footer--separator",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._hover: FooterEntry | None = None
        self._spans: list[tuple[int, int, FooterEntry]] = []
        """Where each shown entry was drawn (start and end column), for clicks and tooltips."""

    # ----- which keys -------------------------------------------------------------------------

    def entries(self) -> list[FooterEntry]:
        """Every key that applies here and asks to be shown, in the footer's order: the rest,
        then help, then the palette key (Textual's order and grouping: one entry per action,
        consecutive keys of one group together)."""
        active = self.screen.active_bindings
        by_action: dict[str, list[tuple[Binding, bool, str]]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, []).append((binding, enabled, tooltip))
        app = self.app
        entries: list[FooterEntry] = []
        firsts = [bindings[0] for bindings in by_action.values()]
        for group, members in groupby(firsts, lambda member: member[0].group):
            items = list(members)
            if group is not None and len(items) > 1:
                entries.append(
                    FooterEntry(
                        keys=tuple(b.key for b, _, _ in items),
                        shown=tuple(app.get_key_display(b) for b, _, _ in items),
                        label=group.description,
                        action=items[0][0].action,
                        enabled=any(enabled for _, enabled, _ in items),
                        tooltip=" · ".join(tip or b.description for b, _, tip in items),
                        compact=group.compact,
                    )
                )
                continue
            entries += [self._entry(*item) for item in items]
        helps = [e for e in entries if e.action in HELP_ACTIONS]
        rest = [e for e in entries if e.action not in HELP_ACTIONS]
        palette = self._palette_entry()
        return rest + helps + ([palette] if palette is not None else [])

    def _palette_entry(self) -> FooterEntry | None:
        app = self.app
        if not app.ENABLE_COMMAND_PALETTE:
            return None
        found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _node, binding, enabled, tooltip = found
        return self._entry(binding, enabled, tooltip)

    def _entry(self, binding: Binding, enabled: bool, tooltip: str) -> FooterEntry:
        """The entry of one key."""
        return FooterEntry(
            keys=(binding.key,),
            shown=(self.app.get_key_display(binding),),
            label=binding.description,
            action=binding.action,
            enabled=enabled,
            tooltip=tooltip or binding.tooltip or binding.description,
        )

    def fitted(self, width: int | None = None) -> list[FooterEntry]:
        """The entries that fit whole in the width, in order: the help and palette keys
        always; of the others, from the first on, each that still fits."""
        width = self.size.width if width is None else width
        entries = self.entries()
        kept = [e for e in entries if e.action in HELP_ACTIONS or e.action == "command_palette"]
        room = width - sum(e.width for e in kept) - (cell_len(SEPARATOR) if kept else 0)
        shown: list[FooterEntry] = []
        for entry in entries:
            if entry in kept:
                shown.append(entry)
            elif entry.width <= room:
                room -= entry.width
                shown.append(entry)
        return shown

    # ----- drawing ----------------------------------------------------------------------------

    def render(self) -> Text:
        width = self.size.width
        shown = self.fitted(width)
        palette = [e for e in shown if e.action == "command_palette"]
        left = [e for e in shown if e not in palette]
        key_style = self.get_component_rich_style("key-footer--key")
        label_style = self.get_component_rich_style("key-footer--description")
        hover_style = self.get_component_rich_style("key-footer--hover", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, FooterEntry]] = []

        def add(entry: FooterEntry) -> None:
            start = line.cell_len
            extra = Style(dim=True) if not entry.enabled else Style()
            if entry == self._hover:
                extra += hover_style
            line.append(f" {entry.key_text} ", key_style + extra)
            if entry.label:
                line.append(f"{entry.label} ", label_style + extra)
            spans.append((start, line.cell_len, entry))

        for entry in left:
            add(entry)
        if palette:
            used = sum(e.width for e in shown) + cell_len(SEPARATOR)
            line.append(" " * max(0, width - used))
            line.append(SEPARATOR, self.get_component_rich_style("key-footer--separator"))
            add(palette[0])
        self._spans = spans
        return line

    def _entry_at(self, x: int) -> FooterEntry | None:
        return next((entry for start, end, entry in self._spans if start <= x < end), None)

    # ----- keeping up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and screen.app.app_focus:
            self.refresh()

    def on_resize(self) -> None:
        self.refresh()

    # ----- the pointer ------------------------------------------------------------------------

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self._entry_at(event.x)
        if entry != self._hover:
            self._hover = entry
            self.tooltip = entry.tooltip if entry is not None else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        entry = self._entry_at(event.x)
        if entry is None:
            return
        event.stop()
        if entry.enabled:
            self.app.simulate_key(entry.keys[0])
        else:
            self.app.bell()

    def shown_keys(self) -> Iterable[str]:
        """The keys as displayed, in order (for tests and help)."""
        return [entry.key_text for entry in self.fitted()]
