"""The command palette: every key binding that applies now, plus commands without a key."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class PaletteCommand:
    """One entry of the palette."""

    title: str
    help: str
    callback: Callable[[], object]


class BindingsProvider(Provider):
    """Offers every enabled, described binding of the screen and focused widget, with its key."""

    def commands(self) -> Iterable[PaletteCommand]:
        screen = self.screen
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled or binding.system:
                continue
            title = binding.description
            name = f"{title}|{binding.action}"
            if name in seen:
                continue
            seen.add(name)
            shown_key = binding.key_display or self.app.get_key_display(binding)
            node = active.node
            yield PaletteCommand(
                f"{title}  ({shown_key})",
                binding.tooltip or title,
                partial(self._run, node, binding.action),
            )
        extra = getattr(screen, "palette_commands", None)
        if callable(extra):
            yield from extra()

    async def _run(self, node: object, action: str) -> None:
        await self.app.run_action(action, node)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.title), command.callback, help=command.help
                )
