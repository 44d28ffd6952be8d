"""The ballot server: the phones' one page, served from the laptop on the room's own network.

Imported only when a ballot opens (it brings in aiohttp). It runs inside the asyncio loop
of the caller (the app's, Textual's), listens only while a ballot is open (or, with
``keep_open``, for the whole meeting) and only on the address shown. The HTTP contract
(routes, fields, status codes) is in the README; :mod:`cohere_tui.ballot.state` holds the
rules.

>>> server = BallotServer(host="127.0.0.1")            # doctest: +SKIP
>>> invitation = await server.open(question)           # doctest: +SKIP
>>> server.count().text                                # doctest: +SKIP
'12 of 15 voted'
>>> result = await server.close()                      # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from aiohttp import web

from . import page
from .network import address_is_local, guess_host
from .qr import qr_lines
from .question import BallotResult, Count, Ending, Invitation, Question
from .state import BallotState, Device, FormError, Refusal, normal_code

DEFAULT_PORT = 8470
MAX_BODY = 4096
"""The largest request body accepted (a ballot form is a few hundred bytes)."""
MAX_LINE = 4096
"""The longest request line or header accepted."""
COOKIE = "ballot"
COOKIE_AGE = 12 * 3600
"""A device keeps its token this long (a whole meeting day), through drops and reloads."""
WATCH_INTERVAL = 1.0
"""Seconds between checks that the address shown is still the laptop's."""

EventKind = Literal["joined", "voted", "refused", "ended"]


class BallotError(Exception):
    """A ballot that cannot be opened; the message says why and what to do."""


@dataclass(frozen=True)
class BallotEvent:
    """What the server tells the app, as it happens (the wall's live count and notices)."""

    kind: EventKind
    count: Count
    refusal: Refusal | None = None
    result: BallotResult | None = None
    """For ``ended``: the votes kept when the ballot ended by itself (network lost)."""
    message: str = ""


class BallotServer:
    """A meeting's ballot: one join code, one address, one question open at a time."""

    def __init__(
        self,
        *,
        host: str | None = None,
        port: int = DEFAULT_PORT,
        keep_open: bool = False,
        on_event: Callable[[BallotEvent], None] | None = None,
        address_alive: Callable[[str], bool] = address_is_local,
        watch_interval: float = WATCH_INTERVAL,
        state: BallotState | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.keep_open = keep_open
        self.on_event = on_event
        self.address_alive = address_alive
        self.watch_interval = watch_interval
        self.state = state or BallotState()
        self.ended: BallotResult | None = None
        """A result the server ended by itself (network lost), until :meth:`close` takes it."""
        self._runner: web.AppRunner | None = None
        self._watch: asyncio.Task[None] | None = None

    # ----- the API the app drives ------------------------------------------------------

    @property
    def listening(self) -> bool:
        return self._runner is not None

    @property
    def code(self) -> str:
        return self.state.code

    async def open(self, question: Question, expected: int | None = None) -> Invitation:
        """Ask ``question`` on the phones (starting to listen if need be); returns what the
        wall shows. Raises :class:`BallotError` when the laptop has no usable address."""
        if not self.listening:
            await self.start()
        self.ended = None
        self.state.open(question, expected)
        return self.invitation()

    def invitation(self) -> Invitation:
        host = self._shown_host()
        address = f"http://{host}:{self.port}/"
        url = f"HTTP://{host.upper()}:{self.port}/B/{self.code}"
        return Invitation(address=address, code=self.code, url=url, qr=qr_lines(url))

    def count(self) -> Count:
        return self.state.count()

    def reveal(self) -> dict[str, int]:
        """Show the distribution (on the wall and on the phones); returns the tally."""
        self.state.revealed = True
        return self.state.tally()

    async def close(self) -> BallotResult | None:
        """End the open question and return its votes; stops listening unless the server
        was opened for the meeting (``keep_open``). A ballot the server already ended by
        itself (network lost) returns the votes it kept."""
        result = self.state.close(Ending.CLOSED) or self._take_ended()
        if not self.keep_open:
            await self._stop_listening()
        return result

    async def stop(self) -> BallotResult | None:
        """Stop listening; a question still open ends (its votes are returned)."""
        result = self.state.close(Ending.STOPPED) or self._take_ended()
        await self._stop_listening()
        return result

    def _take_ended(self) -> BallotResult | None:
        result, self.ended = self.ended, None
        return result

    # ----- listening ----------------------------------------------------------------------

    def _shown_host(self) -> str:
        if self.host is None:
            self.host = guess_host()
        if self.host is None:
            raise BallotError(
                "this laptop has no network address for phones to reach: join the room's "
                "Wi-Fi or start a hotspot, then open the ballot again"
            )
        return f"[{self.host}]" if ":" in self.host else self.host

    async def start(self) -> None:
        """Listen on the address shown (the port given, or a free one if it is taken)."""
        if self.listening:
            return
        self._shown_host()
        host = self.host
        assert host is not None
        _quiet_logs()
        runner = web.AppRunner(
            self.make_app(),
            access_log=None,
            shutdown_timeout=1.0,
            max_line_size=MAX_LINE,
            max_field_size=MAX_LINE,
            max_headers=40,
            keepalive_timeout=30,
        )
        await runner.setup()
        try:
            port = await _bind(runner, host, self.port)
        except OSError as exc:
            await runner.cleanup()
            raise BallotError(
                f"cannot listen on {host}: {exc.strerror or exc}; check the network and open "
                "the ballot again"
            ) from None
        self.port = port
        self._runner = runner
        self._watch = asyncio.get_running_loop().create_task(self._watch_address())

    async def _stop_listening(self) -> None:
        watch, self._watch = self._watch, None
        if watch is not None and watch is not asyncio.current_task():
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _watch_address(self) -> None:
        host = self.host or ""
        while True:
            await asyncio.sleep(self.watch_interval)
            if not self.address_alive(host):
                await self._network_lost()
                return

    async def _network_lost(self) -> None:
        result = self.state.close(Ending.NETWORK_LOST)
        self.ended = result
        self._watch = None
        await self._stop_listening()
        kept = len(result.casts) if result else 0
        self._emit(
            BallotEvent(
                "ended",
                self.count(),
                result=result,
                message=(
                    f"the network went away: the ballot closed with {kept} "
                    f"vote{'s' if kept != 1 else ''} kept"
                ),
            )
        )

    # ----- events --------------------------------------------------------------------------

    def _emit(self, event: BallotEvent) -> None:
        if self.on_event is not None:
            with contextlib.suppress(Exception):  # a broken listener never breaks the ballot
                self.on_event(event)

    def _refuse(self, request: web.Request, status: int, reason: str, body: str) -> web.Response:
        self.state.refused += 1
        refusal = Refusal(status, reason, request.remote or "?")
        self._emit(BallotEvent("refused", self.count(), refusal=refusal))
        return _html(body, status)

    # ----- the web application ---------------------------------------------------------

    def make_app(self) -> web.Application:
        """The routes (also what tests drive with aiohttp's test client)."""
        app = web.Application(
            middlewares=[self._guard], client_max_size=MAX_BODY, client_max_fields=100
        )
        app.router.add_get("/", self._root)
        app.router.add_get("/join", self._join)
        for prefix in ("/b/", "/B/"):
            app.router.add_get(prefix + "{code}", self._show)
            app.router.add_post(prefix + "{code}", self._vote)
        return app

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        expected = _local_address(request)
        if request.host.lower() != expected:
            response: web.StreamResponse = self._refuse(
                request,
                421,
                "wrong address",
                page.message_page("Wrong address", f"This ballot answers at {expected} only."),
            )
        else:
            try:
                response = await handler(request)
            except web.HTTPRequestEntityTooLarge:
                response = self._refuse(
                    request,
                    413,
                    "request too large",
                    page.message_page("Too large", "The form was too large."),
                )
            except web.HTTPException as exc:
                response = _html(
                    page.message_page(exc.reason, "There is nothing here."), exc.status
                )
        for name, value in page.HEADERS.items():
            response.headers[name] = value
        response.headers["Server"] = "ballot"
        return response

    def _code_ok(self, request: web.Request, typed: str) -> web.Response | None:
        """None when the code is right, else the refusal to send."""
        address = request.remote or "?"
        if not self.state.may_try_code(address):
            return self._refuse(
                request,
                429,
                "too many wrong join codes",
                page.message_page("Wait a minute", "Too many wrong codes; try again in a minute."),
            )
        if not self.state.code_matches(typed):
            self.state.wrong_code(address)
            reason = "wrong join code" if typed else "no join code"
            return self._refuse(request, 403, reason, page.join_page("That is not the join code."))
        return None

    async def _root(self, request: web.Request) -> web.Response:
        return self._refuse(request, 403, "no join code", page.join_page())

    async def _join(self, request: web.Request) -> web.Response:
        refused = self._code_ok(request, request.query.get("code", ""))
        if refused is not None:
            return refused
        return _see_other(f"/b/{self.code}")

    def _device(self, request: web.Request) -> Device | None:
        return self.state.device(request.cookies.get(COOKIE))

    async def _show(self, request: web.Request) -> web.Response:
        refused = self._code_ok(request, request.match_info["code"])
        if refused is not None:
            return refused
        device = self._device(request)
        fresh = device is None
        if device is None:
            device = self.state.new_device()
            if device is None:
                return self._refuse(
                    request,
                    503,
                    "the ballot is full",
                    page.message_page("The ballot is full", "Too many devices have joined."),
                )
        if not self.state.allow(device):
            return self._too_many(request)
        response = self._question_response(device)
        if fresh:
            response.set_cookie(
                COOKIE, device.token, max_age=COOKIE_AGE, httponly=True, samesite="Strict", path="/"
            )
        return response

    def _question_response(
        self, device: Device, error: str = "", status: int = 200
    ) -> web.Response:
        state = self.state
        question = state.question
        if question is None:
            return _html(page.waiting_page(self.code), status)
        new = device.token not in state.seen and device.token not in state.casts
        state.saw(device)
        if new:
            self._emit(BallotEvent("joined", self.count()))
        body = page.question_page(
            question,
            self.code,
            cast=state.cast_of(device),
            name=device.name,
            error=error,
            tally=state.tally() if state.revealed else None,
        )
        return _html(body, status)

    def _too_many(self, request: web.Request) -> web.Response:
        return self._refuse(
            request,
            429,
            "too many requests",
            page.message_page("Slow down", "Too many requests; wait a moment and refresh."),
        )

    async def _vote(self, request: web.Request) -> web.Response:
        if (request.content_length or 0) > MAX_BODY:
            return self._refuse(
                request,
                413,
                "request too large",
                page.message_page("Too large", "The form was too large."),
            )
        refused = self._code_ok(request, request.match_info["code"])
        if refused is not None:
            return refused
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() not in (
            f"http://{request.host}".lower(),
            "null",
        ):
            return self._refuse(
                request,
                403,
                "a vote from another site",
                page.message_page("Refused", "Vote from the ballot page."),
            )
        device = self._device(request)
        if device is None:
            return self._refuse(
                request,
                403,
                "unknown device",
                page.message_page(
                    "Open the ballot first", "Open the ballot page, then vote.", self.code
                ),
            )
        if not self.state.allow(device):
            return self._too_many(request)
        form = await request.post()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        question = self.state.question
        if question is None or fields.get("q") != question.id:
            return self._refuse(
                request,
                409,
                "a vote on a closed question",
                page.message_page(
                    "That question has closed",
                    "Your vote was not counted; the ballot shows the question open now.",
                    self.code,
                ),
            )
        try:
            self.state.record(device, fields)
        except FormError as exc:
            return self._question_response(device, str(exc), status=400)
        self._emit(BallotEvent("voted", self.count()))
        return _see_other(f"/b/{self.code}")


def _local_address(request: web.Request) -> str:
    """``host:port`` the connection came in on: the only Host a request may name (so that
    another site's page cannot reach the ballot through a name of its own)."""
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    if not sockname:
        return ""
    host, port = str(sockname[0]), int(sockname[1])
    return (f"[{host}]:{port}" if ":" in host else f"{host}:{port}").lower()


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def _html(body: str, status: int) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


async def _bind(runner: web.AppRunner, host: str, port: int) -> int:
    """Start a site on ``host:port`` (a free port when that one is taken); returns the port."""
    for candidate in dict.fromkeys((port, 0)):
        site = web.TCPSite(runner, host, candidate, backlog=1024)
        try:
            await site.start()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and candidate != 0:
                continue
            raise
        bound = [a for a in runner.addresses if isinstance(a, tuple) and len(a) >= 2]
        return int(bound[-1][1]) if bound else candidate
    raise OSError(errno.EADDRINUSE, "no free port")  # pragma: no cover


def _quiet_logs() -> None:
    """aiohttp's own log lines would be written over the app's screen: keep them off it."""
    for name in ("aiohttp", "aiohttp.server", "aiohttp.web", "aiohttp.access"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


__all__ = [
    "DEFAULT_PORT",
    "BallotError",
    "BallotEvent",
    "BallotServer",
    "normal_code",
]
