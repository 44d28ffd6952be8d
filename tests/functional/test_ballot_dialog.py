"""The ballot on the wall, by keys, with phones voting over loopback: the live count, a
refused device noticed, reveal, close and record, discard."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

import aiohttp
from textual.app import App
from textual.widgets import Static

import cohere_tui.ui
from cohere_tui.ballot.question import BallotResult, Option, Question
from cohere_tui.ballot.server import BallotServer
from cohere_tui.ui.dialogs.ballot import BallotDialog

QUESTION = Question(
    text="How well does I3 “Attendance Works mentors” serve goal G2?",
    options=tuple(Option(str(v), f"{v} word") for v in range(4)),
)


class Host(App[None]):
    CSS_PATH = str(Path(cohere_tui.ui.__file__).parent / "cohere.tcss")

    def __init__(self, server: BallotServer) -> None:
        super().__init__()
        self.server = server
        self.results: list[BallotResult | None] = []

    def on_mount(self) -> None:
        self.push_screen(
            BallotDialog(self.server, QUESTION, expected=4, value_label=lambda k: f"{k} word"),
            self.results.append,
        )


async def until(pilot_pause: Callable[[], object], condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot_pause()  # type: ignore[misc]
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met")


def text_of(app: App[None], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def phone_votes(server: BallotServer, value: str, code: str | None = None) -> int:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
        base = f"http://127.0.0.1:{server.port}/b/{code or server.code}"
        async with phone.get(base) as page:
            found = re.search(r'name="q" value="([^"]+)"', await page.text())
            if page.status != 200 or found is None:
                return page.status
        async with phone.post(base, data={"q": found.group(1), "choice": value}) as done:
            return done.status


async def test_phones_vote_the_wall_counts_reveals_and_records() -> None:
    server = BallotServer(host="127.0.0.1", port=0)
    app = Host(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot.pause, lambda: server.listening and "Join code" in text_of(app, "#ballot-join")
        )
        join = text_of(app, "#ballot-join")
        assert f"http://127.0.0.1:{server.port}/" in join and " ".join(server.code) in join
        assert "▀" in text_of(app, "#ballot-qr") or "█" in text_of(app, "#ballot-qr")
        assert text_of(app, "#ballot-count") == "0 of 4 voted"
        for value in "233":
            assert await phone_votes(server, value) == 200
        await until(pilot.pause, lambda: text_of(app, "#ballot-count") == "3 of 4 voted")
        assert await phone_votes(server, "0", code="WRONG7") == 403
        await until(pilot.pause, lambda: "refused" in text_of(app, "#ballot-notice"))
        assert text_of(app, "#ballot-notice") == "⚠ a device was refused (wrong join code)"
        assert text_of(app, "#ballot-tally") == ""
        await pilot.press("r")
        tally = text_of(app, "#ballot-tally")
        assert "3 word" in tally and tally.splitlines()[3].endswith(" 2")
        await pilot.press("enter")
        await until(pilot.pause, lambda: bool(app.results))
        result = app.results[0]
        assert result is not None and sorted(c.choice or "" for c in result.casts) == [
            "2",
            "3",
            "3",
        ]
        assert not server.listening


async def test_escape_asks_before_votes_are_thrown_away() -> None:
    server = BallotServer(host="127.0.0.1", port=0)
    app = Host(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot.pause, lambda: server.listening)
        assert await phone_votes(server, "1") == 200
        await until(pilot.pause, lambda: text_of(app, "#ballot-count") == "1 of 4 voted")
        await pilot.press("escape")
        await until(
            pilot.pause,
            lambda: "Discard the ballot?" in str(app.screen.query("Label").first().render()),
        )
        await pilot.press("n")
        assert server.listening and not app.results
        await pilot.press("escape")
        await pilot.press("y")
        await until(pilot.pause, lambda: bool(app.results))
        assert app.results == [None] and not server.listening


async def test_an_address_that_cannot_listen_says_so_and_closes() -> None:
    server = BallotServer(host="192.0.2.55", port=0)
    app = Host(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot.pause, lambda: bool(app.results))
        assert app.results == [None]
        assert any("cannot listen" in n.message for n in app._notifications)
