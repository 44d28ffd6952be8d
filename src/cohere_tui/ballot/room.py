"""The meeting's ballot, as the app holds it: one server (one join code) for the whole
run, made when the first ballot opens and stopped when the app closes.

Light: the web server (aiohttp) is imported only by :meth:`BallotRoom.server`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import BallotServer


class BallotRoom:
    """Where the app keeps its ballot server between questions."""

    def __init__(
        self, host: str | None = None, port: int | None = None, keep_open: bool = False
    ) -> None:
        self.host = host
        """The address to show the phones; None finds the laptop's own."""
        self.port = port
        self.keep_open = keep_open
        """Listen for the whole meeting (True) or only while a ballot is open (False)."""
        self._server: BallotServer | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> BallotRoom:
        """A room set by ``COHERE_TUI_BALLOT_HOST`` (the address to show the phones, when
        the laptop has several networks), ``COHERE_TUI_BALLOT_PORT`` and
        ``COHERE_TUI_BALLOT_MEETING=1`` (listen for the whole meeting, not only while a
        ballot is open)."""
        env = os.environ if env is None else env
        port = env.get("COHERE_TUI_BALLOT_PORT", "").strip()
        return cls(
            host=env.get("COHERE_TUI_BALLOT_HOST", "").strip() or None,
            port=int(port) if port.isdigit() and int(port) < 65536 else None,
            keep_open=env.get("COHERE_TUI_BALLOT_MEETING", "").strip() == "1",
        )

    @property
    def started(self) -> bool:
        return self._server is not None

    def server(self) -> BallotServer:
        """The meeting's server (made on first use: a new join code for this meeting)."""
        if self._server is None:
            from .server import DEFAULT_PORT, BallotServer

            self._server = BallotServer(
                host=self.host,
                port=DEFAULT_PORT if self.port is None else self.port,
                keep_open=self.keep_open,
            )
        return self._server

    async def stop(self) -> None:
        """Stop listening (the app is closing); nothing is left running."""
        if self._server is not None:
            await self._server.stop()
