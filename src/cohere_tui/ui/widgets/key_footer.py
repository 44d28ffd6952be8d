"""The footer of keys, redrawn once per real change of the keys that apply.

Textual's footer rebuilds all its key labels every time the screen's bindings may have
changed, and queues one rebuild per notice: opening a session sends several notices (each
focus change is one), and each rebuild restyles every key label. This footer rebuilds at
most once per refresh, and only when the keys it would show are different.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that skips rebuilds which would draw the same keys again."""

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

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys_to_show()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
