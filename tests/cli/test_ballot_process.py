"""A ballot server in its own process, driven by a real HTTP client (the standard library's,
with a cookie jar per phone): join with and without the code, 20 phones vote at once,
reveal, close; after closing nothing listens."""

from __future__ import annotations

import http.cookiejar
import json
import re
import select
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

PHONES = 20


class Ballot:
    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cohere_tui.ballot", "--host", "127.0.0.1", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.info = self.read()
        self.port = int(self.info["port"])
        self.code = str(self.info["code"])

    def read(self, timeout: float = 30.0) -> dict[str, Any]:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, "the ballot process did not answer"
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read() if self.proc.stderr else "no output"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.read()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def ballot() -> Iterator[Ballot]:
    b = Ballot("--question", "How well does I3 <em>mentors</em> serve goal G2?")
    yield b
    if b.proc.poll() is None:
        assert b.proc.stdin is not None
        b.proc.stdin.close()
        b.proc.wait(timeout=30)
    assert b.proc.returncode == 0
    assert b.proc.stderr is not None and b.proc.stderr.read() == ""


def phone() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def status_of(opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None) -> int:
    try:
        with opener.open(url, data=data, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def vote_from_a_phone(ballot: Ballot, value: int) -> tuple[int, int]:
    opener = phone()
    with opener.open(ballot.url(f"/b/{ballot.code}"), timeout=30) as response:
        page = response.read().decode()
    assert "&lt;em&gt;mentors&lt;/em&gt;" in page
    found = re.search(r'name="q" value="([^"]+)"', page)
    assert found is not None
    form = urllib.parse.urlencode({"q": found.group(1), "choice": str(value)}).encode()
    with opener.open(ballot.url(f"/b/{ballot.code}"), data=form, timeout=30) as done:
        after = done.read().decode()  # the redirect is followed: the page shows the vote
        assert f"Your vote: {value}." in after
        first = int(done.status)
    again = status_of(opener, ballot.url(f"/b/{ballot.code}"), form)  # a repeat replaces
    return first, again


def test_twenty_phones_vote_through_a_real_client(ballot: Ballot) -> None:
    assert ballot.info["url"] == f"HTTP://127.0.0.1:{ballot.port}/B/{ballot.code}"
    assert status_of(phone(), ballot.url("/")) == 403
    assert status_of(phone(), ballot.url("/b/WRONG9")) == 403
    values = [n % 4 for n in range(PHONES)]
    with ThreadPoolExecutor(max_workers=PHONES) as pool:
        statuses = list(pool.map(lambda v: vote_from_a_phone(ballot, v), values))
    assert statuses == [(200, 200)] * PHONES
    count = ballot.ask("count")
    assert count["voted"] == PHONES and count["text"] == f"{PHONES} of {PHONES} voted"
    assert count["refused"] == 2
    expected = {str(v): values.count(v) for v in range(4)}
    assert ballot.ask("reveal")["tally"] == expected
    closed = ballot.ask("close")
    assert closed["tally"] == expected and closed["listening"] is False
    assert sorted(c["voice"] for c in closed["casts"]) == sorted(f"V{n}" for n in range(1, 21))
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", ballot.port)) != 0


def test_for_the_meeting_the_server_stays_and_a_late_vote_is_refused() -> None:
    b = Ballot("--keep-open")
    try:
        opener = phone()
        with opener.open(b.url(f"/b/{b.code}"), timeout=30) as response:
            q = re.search(r'name="q" value="([^"]+)"', response.read().decode())
        assert q is not None
        assert b.ask("close")["listening"] is True
        late = urllib.parse.urlencode({"q": q.group(1), "choice": "2"}).encode()
        assert status_of(opener, b.url(f"/b/{b.code}"), late) == 409
        assert b.ask("count")["voted"] == 0
        stopped = b.ask("stop")
        assert stopped["casts"] == []
        b.proc.wait(timeout=30)
        assert b.proc.returncode == 0
    finally:
        if b.proc.poll() is None:
            b.proc.kill()
            b.proc.wait()
