"""The ballot server's rules, each driven through HTTP with aiohttp's test client: every
refusal comes with its status, is reported to the app, and records nothing."""

from __future__ import annotations

import asyncio
import hmac
import re
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from cohere_tui.ballot import state as state_module
from cohere_tui.ballot.qr import qr_lines, qr_matrix
from cohere_tui.ballot.question import Ending, Option, Question, QuestionError
from cohere_tui.ballot.server import MAX_BODY, BallotEvent, BallotServer
from cohere_tui.ballot.state import BallotState
from cohere_tui.store import load_session
from cohere_tui.votes import (
    rating_question,
    round_from_result,
    votes_from_result,
)

RATING = Question(
    text="How well does I3 serve goal G2?",
    options=tuple(Option(str(v), f"{v} — word {v}") for v in range(4)),
)
DOTS = Question(
    text="Which findings matter most?",
    options=(Option("F1", "F1 first"), Option("F2", "F2 second"), Option("F3", "F3 third")),
    dots=3,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Room:
    """A ballot behind aiohttp's test server, its events, and a way to make phones."""

    def __init__(self, server: BallotServer, test_server: TestServer) -> None:
        self.server = server
        self.test_server = test_server
        self.events: list[BallotEvent] = []
        self.phones: list[TestClient[Any, Any]] = []
        server.on_event = self.events.append

    @property
    def code(self) -> str:
        return self.server.code

    @property
    def state(self) -> BallotState:
        return self.server.state

    async def phone(self) -> TestClient[Any, Any]:
        client: TestClient[Any, Any] = TestClient(self.test_server)
        await client.start_server()
        self.phones.append(client)
        return client

    def refusals(self) -> list[tuple[int, str]]:
        return [(e.refusal.status, e.refusal.reason) for e in self.events if e.refusal]


@asynccontextmanager
async def room(
    question: Question | None = RATING, *, keep_open: bool = True, clock: Clock | None = None
) -> AsyncIterator[Room]:
    state = BallotState(clock=clock or Clock())
    server = BallotServer(host="127.0.0.1", keep_open=keep_open, state=state)
    if question is not None:
        state.open(question)
    test_server = TestServer(server.make_app(), host="127.0.0.1")
    r = Room(server, test_server)
    try:
        yield r
    finally:
        for phone in r.phones:
            await phone.close()
        await test_server.close()


async def join(phone: TestClient[Any, Any], code: str) -> str:
    """Open the ballot page; returns the open question's form ID."""
    response = await phone.get(f"/b/{code}")
    assert response.status == 200
    found = re.search(r'name="q" value="([^"]+)"', await response.text())
    return found.group(1) if found else ""


async def vote(
    phone: TestClient[Any, Any], code: str, q: str, **fields: str
) -> aiohttp.ClientResponse:
    return await phone.post(f"/b/{code}", data={"q": q, **fields}, allow_redirects=False)


# ----- the happy path ----------------------------------------------------------------------


async def test_a_phone_joins_votes_and_sees_its_vote() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        assert q == RATING.id
        response = await vote(phone, r.code, q, choice="2", name="Rosa")
        assert response.status == 303 and response.headers["Location"] == f"/b/{r.code}"
        page = await (await phone.get(f"/b/{r.code}")).text()
        assert "Your vote: 2 — word 2" in page and 'value="Rosa"' in page
        assert r.server.count().text == "1 of 1 voted"
        assert [e.kind for e in r.events] == ["joined", "voted"]
        result = r.state.close()
        assert result is not None
        assert [(v.voice, v.value, v.name) for v in votes_from_result(result)] == [
            ("V1", 2, "Rosa")
        ]


async def test_the_code_in_lower_case_and_the_join_form_both_work() -> None:
    async with room() as r:
        phone = await r.phone()
        assert (await phone.get(f"/b/{r.code.lower()}")).status == 200
        response = await phone.get("/join", params={"code": r.code.lower()}, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == f"/b/{r.code}"
        assert (await phone.get(f"/B/{r.code}")).status == 200  # as the QR code spells it


async def test_a_dot_vote_spreads_dots_and_refuses_too_many() -> None:
    async with room(DOTS) as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        over = await vote(phone, r.code, q, **{"dot-F1": "2", "dot-F2": "2"})
        assert over.status == 400 and "you gave 4 dots; you have 3" in await over.text()
        assert r.server.count().voted == 0
        ok = await vote(phone, r.code, q, **{"dot-F1": "1", "dot-F3": "2"})
        assert ok.status == 303
        other = await r.phone()
        await vote(other, r.code, await join(other, r.code), **{"dot-F3": "3"})
        assert r.server.reveal() == {"F1": 1, "F2": 0, "F3": 5}
        result = r.state.close()
        assert result is not None
        import datetime as dt

        from cohere_tui.models import DotTarget

        round_ = round_from_result(result, target=DotTarget.FINDINGS, date=dt.date(2026, 11, 5))
        assert round_.ranking == ["F3", "F1", "F2"] and round_.dots == 3


async def test_reveal_shows_the_room_on_the_phones() -> None:
    async with room() as r:
        phones = [await r.phone() for _ in range(3)]
        for phone, value in zip(phones, "233", strict=True):
            await vote(phone, r.code, await join(phone, r.code), choice=value)
        before = await (await phones[0].get(f"/b/{r.code}")).text()
        assert "The room so far" not in before
        assert r.server.reveal() == {"0": 0, "1": 0, "2": 1, "3": 2}
        after = await (await phones[0].get(f"/b/{r.code}")).text()
        assert "The room so far" in after and "2 — 3 — word 3" in after


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({}, "choose one of the options"),
        ({"choice": "7"}, "choose one of the options"),
        ({"choice": "2", "name": "x" * 61}, "a name has at most 60 characters"),
    ],
)
async def test_a_form_that_holds_no_ballot_is_refused_with_400(
    fields: dict[str, str], words: str
) -> None:
    async with room() as r:
        phone = await r.phone()
        response = await vote(phone, r.code, await join(phone, r.code), **fields)
        assert response.status == 400 and words in await response.text()
        assert r.server.count().voted == 0


# ----- the security rules ------------------------------------------------------------------


async def test_joining_without_the_code_is_refused_and_shows_nothing_of_the_ballot() -> None:
    async with room() as r:
        phone = await r.phone()
        for path in ("/", "/join", "/join?code="):
            response = await phone.get(path, allow_redirects=False)
            assert response.status == 403
            body = await response.text()
            assert "Type the join code" in body and RATING.text not in body
        assert "ballot" not in phone.session.cookie_jar.filter_cookies(phone.make_url("/"))
        assert r.refusals() == [(403, "no join code")] * 3
        assert r.server.count().refused == 3


async def test_a_wrong_code_is_refused_and_records_nothing() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        wrong = "ABCDEF" if r.code != "ABCDEF" else "ABCDEG"
        page = await phone.get(f"/b/{wrong}")
        assert page.status == 403 and RATING.text not in await page.text()
        response = await vote(phone, wrong, q, choice="3")
        assert response.status == 403
        assert r.server.count().voted == 0
        assert r.refusals() == [(403, "wrong join code")] * 2


async def test_the_code_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(state_module.hmac, "compare_digest", spy)
    state = BallotState()
    assert state.code_matches(state.code.lower()) and not state.code_matches("nope")
    assert compared[0] == (state.code.encode(), state.code.encode())
    assert BallotState().code != state.code or BallotState().code != state.code  # new per meeting


async def test_wrong_codes_from_one_address_are_refused_for_a_minute() -> None:
    clock = Clock()
    async with room(clock=clock) as r:
        phone = await r.phone()
        for _ in range(state_module.CODE_TRIES):
            assert (await phone.get("/b/WRONG2")).status == 403
        assert (await phone.get(f"/b/{r.code}")).status == 429  # even the right code, now
        clock.now += state_module.CODE_WINDOW + 1
        assert (await phone.get(f"/b/{r.code}")).status == 200
        assert r.refusals()[-1] == (429, "too many wrong join codes")


async def test_a_repeat_replaces_the_devices_ballot() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        for value in "0123":
            assert (await vote(phone, r.code, q, choice=value)).status == 303
        assert r.server.count().voted == 1
        result = r.state.close()
        assert result is not None and [c.choice for c in result.casts] == ["3"]


async def test_a_replayed_token_is_the_same_device_and_an_unknown_one_is_refused() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        await vote(phone, r.code, q, choice="1")
        token = phone.session.cookie_jar.filter_cookies(phone.make_url("/"))["ballot"].value
        replay = await r.phone()
        replay.session.cookie_jar.update_cookies({"ballot": token})
        assert (await vote(replay, r.code, q, choice="3")).status == 303
        assert r.server.count().voted == 1  # one ballot per device: replaced, not added
        forged = await r.phone()
        forged.session.cookie_jar.update_cookies({"ballot": "x" * 32})
        assert (await vote(forged, r.code, q, choice="0")).status == 403
        earlier = BallotState().new_device()  # a token from another meeting
        assert earlier is not None
        forged.session.cookie_jar.update_cookies({"ballot": earlier.token})
        assert (await vote(forged, r.code, q, choice="0")).status == 403
        assert r.server.count().voted == 1
        result = r.state.close()
        assert result is not None and [c.choice for c in result.casts] == ["3"]
        assert r.refusals() == [(403, "unknown device")] * 2


async def test_an_oversized_body_is_refused_with_413() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        big = await vote(phone, r.code, q, choice="2", name="x" * (MAX_BODY + 10))
        assert big.status == 413

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: read until too large
            yield f"q={q}&choice=2&name=".encode()
            for _ in range(10):
                yield b"x" * 1024

        streamed = await phone.post(
            f"/b/{r.code}",
            data=chunks(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert streamed.status == 413
        assert r.server.count().voted == 0
        assert r.refusals() == [(413, "request too large")] * 2


async def test_oversized_headers_are_refused() -> None:
    async with room() as r:
        phone = await r.phone()
        response = await phone.get(f"/b/{r.code}", headers={"X-Junk": "y" * 9000})
        assert response.status in (400, 431)
        assert r.server.count().joined == 0


async def test_a_flood_from_one_device_is_refused_with_429_and_not_counted() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        statuses = []
        for n in range(40):
            response = await vote(phone, r.code, q, choice=str(n % 4))
            statuses.append(response.status)
        assert 429 in statuses and statuses[0] == 303
        last_counted = max(n for n, s in enumerate(statuses) if s == 303)
        assert all(s == 429 for s in statuses[last_counted + 1 :])
        result = r.state.close()
        assert result is not None and len(result.casts) == 1
        assert result.casts[0].choice == str(last_counted % 4)
        assert (429, "too many requests") in r.refusals()


async def test_the_rate_allows_a_device_again_after_a_pause() -> None:
    clock = Clock()
    async with room(clock=clock) as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        while (await vote(phone, r.code, q, choice="1")).status != 429:
            pass
        clock.now += 2
        assert (await vote(phone, r.code, q, choice="2")).status == 303


async def test_html_in_a_question_is_shown_as_text() -> None:
    question = Question(
        text='Does <script>alert("x")</script> & <b>this</b> align?',
        options=(Option("0", "<img src=x onerror=alert(1)>"), Option("1", '"quoted" & more')),
    )
    async with room(question) as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        await vote(phone, r.code, q, choice="0", name='<i>Rosa</i>"><script>')
        body = await (await phone.get(f"/b/{r.code}")).text()
        assert "<script" not in body and "<img" not in body and "<i>" not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;this" in body
        assert "&lt;img src=x onerror=alert(1)&gt;" in body
        assert "&lt;i&gt;Rosa&lt;/i&gt;&quot;&gt;&lt;script&gt;" in body
        result = r.state.close()
        assert result is not None and result.casts[0].name == '<i>Rosa</i>"><script>'


async def test_a_closed_ballot_refuses_votes_with_409() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        await r.server.close()  # for the meeting: still listening, no question open
        response = await vote(phone, r.code, q, choice="2")
        assert response.status == 409 and "has closed" in await response.text()
        waiting = await (await phone.get(f"/b/{r.code}")).text()
        assert "No question is open" in waiting and 'http-equiv="refresh"' in waiting
        r.state.open(Question(text="Next one?", options=RATING.options))
        assert (await vote(phone, r.code, q, choice="2")).status == 409  # the old form
        assert r.server.count().voted == 0
        assert r.refusals() == [(409, "a vote on a closed question")] * 2


async def test_a_vote_from_another_site_is_refused() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        response = await phone.post(
            f"/b/{r.code}",
            data={"q": q, "choice": "0"},
            headers={"Origin": "http://evil.example"},
            allow_redirects=False,
        )
        assert response.status == 403 and r.server.count().voted == 0
        same = await phone.post(
            f"/b/{r.code}",
            data={"q": q, "choice": "0"},
            headers={"Origin": str(phone.make_url("")).rstrip("/")},
            allow_redirects=False,
        )
        assert same.status == 303


async def test_a_request_naming_another_host_is_refused() -> None:
    async with room() as r:
        phone = await r.phone()
        response = await phone.get(f"/b/{r.code}", headers={"Host": "ballot.evil.example"})
        assert response.status == 421 and RATING.text not in await response.text()
        assert r.refusals() == [(421, "wrong address")]


async def test_nothing_but_the_question_is_served(demo: Path) -> None:
    demo_session = load_session(demo).session
    question = rating_question(demo_session, "I3", "G2")
    async with room(question) as r:
        phone = await r.phone()
        body = await (await phone.get(f"/b/{r.code}")).text()
        assert "I3 “Attendance Works mentors”" in body and "G2 “Students attend" in body
        for private in [p.name for p in demo_session.participants] + [
            i.name for i in demo_session.initiatives if i.id != "I3"
        ]:
            assert private not in body
        for path in ("/session", "/static/demo.toml", "/b/", "/../data/demo.toml", "/b/x/y"):
            response = await phone.get(path)
            assert response.status in (403, 404), path
            assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert (await phone.put(f"/b/{r.code}")).status == 405


async def test_every_answer_forbids_loading_anything_else() -> None:
    async with room() as r:
        phone = await r.phone()
        for response in (await phone.get(f"/b/{r.code}"), await phone.get("/")):
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Frame-Options"] == "DENY"
            assert response.headers["Cache-Control"] == "no-store"
            assert response.headers["Server"] == "ballot"
            cookie = response.headers.get("Set-Cookie", "")
            if cookie:
                assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
            body = await response.text()
            assert "<script" not in body and "src=" not in body and "http://" not in body


async def test_a_full_ballot_refuses_new_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_module, "MAX_DEVICES", 2)
    async with room() as r:
        for _ in range(2):
            assert (await (await r.phone()).get(f"/b/{r.code}")).status == 200
        assert (await (await r.phone()).get(f"/b/{r.code}")).status == 503
        assert r.refusals() == [(503, "the ballot is full")]


# ----- faults --------------------------------------------------------------------------------


async def test_a_phone_that_drops_and_comes_back_keeps_its_voice() -> None:
    async with room() as r:
        phone = await r.phone()
        q = await join(phone, r.code)
        await vote(phone, r.code, q, choice="1", name="Sam")
        token = phone.session.cookie_jar.filter_cookies(phone.make_url("/"))["ballot"].value
        await phone.session.close()  # the phone drops off the Wi-Fi
        back = await r.phone()
        back.session.cookie_jar.update_cookies({"ballot": token})
        page = await (await back.get(f"/b/{r.code}")).text()
        assert "Your vote: 1 — word 1" in page and 'value="Sam"' in page
        r.state.close()
        r.state.open(Question(text="Next?", options=RATING.options))
        await vote(back, r.code, await join(back, r.code), choice="3")
        result = r.state.close()
        assert result is not None and result.casts[0].voice == "V1"


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


async def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        assert loop.time() < end, "condition not met in time"
        await asyncio.sleep(0.01)


async def real_vote(server: BallotServer, value: str) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as phone:
        base = f"http://127.0.0.1:{server.port}/b/{server.code}"
        async with phone.get(base) as page:
            q = re.search(r'name="q" value="([^"]+)"', await page.text())
        assert q is not None
        async with phone.post(base, data={"q": q.group(1), "choice": value}) as done:
            assert done.status == 200


async def test_listening_only_while_the_ballot_is_open() -> None:
    server = BallotServer(host="127.0.0.1", port=0)
    assert not server.listening
    invitation = await server.open(RATING)
    port = server.port
    assert invitation.address == f"http://127.0.0.1:{port}/"
    assert invitation.url == f"HTTP://127.0.0.1:{port}/B/{server.code}"
    await real_vote(server, "2")
    result = await server.close()
    assert result is not None and result.ending is Ending.CLOSED and len(result.casts) == 1
    assert not server.listening and port_is_free(port)
    assert not [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]


async def test_the_network_going_away_ends_the_ballot_with_the_votes_kept() -> None:
    alive = True
    events: list[BallotEvent] = []
    server = BallotServer(
        host="127.0.0.1",
        port=0,
        address_alive=lambda host: alive,
        watch_interval=0.01,
        on_event=events.append,
    )
    await server.open(RATING)
    port = server.port
    await real_vote(server, "3")
    await real_vote(server, "1")
    alive = False
    await wait_for(lambda: any(e.kind == "ended" for e in events))
    assert not server.listening
    ended = [e for e in events if e.kind == "ended"]
    assert len(ended) == 1 and "2 votes kept" in ended[0].message
    assert ended[0].result is not None and ended[0].result.ending is Ending.NETWORK_LOST
    assert port_is_free(port)
    result = await server.close()  # the app closes the ballot as usual and gets the votes
    assert result is not None and sorted(c.choice or "" for c in result.casts) == ["1", "3"]
    assert await server.close() is None
    assert not [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]


async def test_stopping_the_server_ends_the_question_and_leaves_nothing_running() -> None:
    server = BallotServer(host="127.0.0.1", port=0, keep_open=True)
    await server.open(RATING)
    await real_vote(server, "0")
    assert (await server.close()) is not None and server.listening  # for the meeting
    await server.open(Question(text="Second?", options=RATING.options))
    await real_vote(server, "2")
    port = server.port
    result = await server.stop()
    assert result is not None and result.ending is Ending.STOPPED
    assert [c.voice for c in result.casts] == ["V2"]
    assert not server.listening and port_is_free(port)
    await server.stop()  # twice is harmless
    assert not [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]


async def test_a_taken_port_falls_back_to_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        server = BallotServer(host="127.0.0.1", port=busy)
        await server.open(RATING)
        assert server.port != busy and server.listening
        await server.stop()


async def test_an_address_that_is_not_the_laptops_is_refused_clearly() -> None:
    from cohere_tui.ballot.server import BallotError

    server = BallotServer(host="192.0.2.55", port=0)  # documentation address: not local
    with pytest.raises(BallotError, match=r"cannot listen on 192\.0\.2\.55"):
        await server.open(RATING)
    assert not server.listening


async def test_no_address_at_all_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    from cohere_tui.ballot import server as server_module

    monkeypatch.setattr(server_module, "guess_host", lambda: None)
    with pytest.raises(server_module.BallotError, match="join the room's Wi-Fi or start a hotspot"):
        await BallotServer().open(RATING)


# ----- the question and the QR code ----------------------------------------------------------


def test_a_question_keeps_only_plain_words() -> None:
    q = Question(text="  Rate\x1b[2J this\u202e  ", options=(Option("0", "a\x07b"),))
    assert q.text == "Rate [2J this" and q.options[0].label == "a b"
    assert Question(text="x", options=(Option("0", "a"),)).id != q.id
    with pytest.raises(QuestionError):
        Question(text=" ", options=(Option("0", "a"),))
    with pytest.raises(QuestionError):
        Question(text="x", options=(Option("0", "a"), Option("0", "b")))
    with pytest.raises(QuestionError):
        Question(text="x", options=(Option("a b", "a"),))


def test_the_qr_code_fits_the_wall_and_holds_the_address() -> None:
    url = "HTTP://192.168.100.123:8470/B/K7QM2P"
    lines = qr_lines(url)
    matrix = qr_matrix(url)
    assert len(lines) == (len(matrix) + 1) // 2 and len(lines) <= 17
    assert all(len(line) == len(matrix[0]) <= 33 for line in lines)
    assert set("".join(lines)) <= {" ", "▀", "▄", "█"}
    assert lines[0].strip() == ""  # the quiet zone
    import segno

    assert segno.make(url, error="l", micro=False, boost_error=True).version <= 2


def test_the_web_server_and_the_qr_code_are_imported_only_when_a_ballot_opens() -> None:
    import json
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "import cohere_tui.votes, cohere_tui.analysis, cohere_tui.ballot\n"
        "import cohere_tui.ballot.state, cohere_tui.ballot.page, cohere_tui.ballot.network\n"
        "import cohere_tui.ballot.qr, cohere_tui.ballot.__main__\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert "cohere_tui" in loaded and not loaded & {"aiohttp", "segno", "textual"}


def test_the_half_blocks_hold_every_module_of_the_code() -> None:
    url = "HTTP://10.0.0.7:8470/B/ABCDEF"
    matrix = qr_matrix(url)
    top = {" ": False, "▀": True, "▄": False, "█": True}
    bottom = {" ": False, "▀": False, "▄": True, "█": True}
    decoded: list[list[bool]] = []
    for line in qr_lines(url):
        decoded.append([top[ch] for ch in line])
        decoded.append([bottom[ch] for ch in line])
    assert decoded[: len(matrix)] == matrix
    assert not any(decoded[len(matrix) :][0]) if len(decoded) > len(matrix) else True


def test_an_address_is_local_only_while_the_laptop_has_it() -> None:
    from cohere_tui.ballot.network import address_is_local

    assert address_is_local("127.0.0.1")
    assert not address_is_local("192.0.2.55")  # bound only when the machine has it


async def test_a_readiness_condition_is_asked_in_plain_words_and_refuses_off_scale() -> None:
    from edit_helpers import apply

    from cohere_tui.edits import SetReadinessVotes
    from cohere_tui.models import Condition, Session
    from cohere_tui.votes import readiness_question

    question = readiness_question(Condition.COLLABORATIVE_LEADERSHIP)
    async with room(question) as r:
        phones = [await r.phone() for _ in range(5)]
        page = await (await phones[0].get(f"/b/{r.code}")).text()
        assert "How ready are we on collaborative leadership capacity?" in page
        assert "1 — emerging" in page and "4 — sustaining" in page
        q = await join(phones[0], r.code)
        refused = await vote(phones[0], r.code, q, choice="0")  # not on the 1–4 scale
        assert refused.status == 400
        for phone, choice in zip(phones, "43321", strict=True):
            assert (
                await vote(phone, r.code, await join(phone, r.code), choice=choice)
            ).status == 303
        result = r.state.close()
    assert result is not None
    votes = votes_from_result(result)
    assert [v.value for v in votes] == [4, 3, 3, 2, 1]
    session = Session(title="Ballot")
    change = apply(session, SetReadinessVotes(Condition.COLLABORATIVE_LEADERSHIP, votes))
    assert change is not None and "agreed 3 established, spread 3" in change.description
    assert session.findings[-1].key == "readiness_disagreement:collaborative_leadership"
