"""The footer of keys: whole labels only, the most used first, and always where the rest are.

Textual's footer draws every key in a row and lets the row run off the edge, so at 80 or 100
columns a label is cut in half (`p Par▏`). This footer shows only the keys that fit whole,
in the order the focus chain gives them (the focused panel's keys first, then the step's,
then the session's), and always keeps the help key and the palette key on screen, which
list every key.

It also rebuilds at most once per refresh, and only when the keys it would show are
different: Textual's footer rebuilds all its labels on every notice that the bindings may
have changed, and opening a session sends several.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTIONS = frozenset({"help", "app.help", "screen.help"})
"""The binding kept on screen beside the palette key: it lists every key of the step."""


class KeyFooter(Footer):
    """A `Footer` that fits whole keys and skips rebuilds which would draw the same keys."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._pending = False
        self._shown: Hashable = None

    def _keys_to_show(self) -> Hashable:
        return tuple(
            (binding.key, binding.action, binding.description, binding.key_display,
             binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )  # fmt: skip

    def compose(self) -> ComposeResult:
        """Textual's keys, with the help key moved to the end (beside the palette key)."""
        if self._bindings_ready:
            self._shown = self._keys_to_show()
        children = list(super().compose())
        for child in children:
            if isinstance(child, FooterKey) and not child.has_class("-command-palette"):
                # a key bound to the footer's `compact` starts as it will be bound: left at
                # its default, each would restyle itself on mount when the binding corrects it
                # (the palette key is not bound and keeps its own)
                child.set_reactive(FooterKey.compact, self.compact)
        helps = [c for c in children if isinstance(c, FooterKey) and c.action in HELP_ACTIONS]
        for child in helps:
            child.add_class("-help")
        rest = [c for c in children if c not in helps]
        palette = [c for c in rest if c.has_class("-command-palette")]
        yield from [c for c in rest if c not in palette] + helps + palette

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys_to_show()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Hide the keys that do not fit whole, from the least used (the last) on; the help
        and palette keys always stay. Only `display` changes (no class), so fitting lays the
        row out again but restyles nothing."""
        children = list(self.children)
        kept = [c for c in children if c.has_class("-help") or c.has_class("-command-palette")]
        room = self.size.width - sum(_width(c) for c in kept)
        for child in children:
            if child in kept:
                continue
            if not child.display:
                child.display = True
            width = _width(child)
            if width <= room:
                room -= width
            else:
                child.display = False


def _width(widget: Widget) -> int:
    """The columns a key takes in the row: itself and its margins."""
    margin = widget.styles.margin
    return widget.outer_size.width + margin.left + margin.right
