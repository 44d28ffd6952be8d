"""What a ballot asks and what it gives back: plain data, no web server.

A :class:`Question` holds only the words the phones see (the question and its options);
the ballot never holds the session, so nothing else of it can be served. A
:class:`BallotResult` holds each device's ballot under an anonymous voice (``V1``, ``V2``,
…, in the order devices first voted in the meeting).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

MAX_TEXT = 600
"""The longest question text a ballot serves."""
MAX_LABEL = 200
"""The longest option label."""
MAX_OPTIONS = 60
"""The most options one question offers."""
MAX_DOTS = 20
"""The most dots a voice can spread in one round."""

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: str, limit: int) -> str:
    """Text as a ballot shows or keeps it: no control or direction characters, spaces
    collapsed, at most ``limit`` characters."""
    text = " ".join(_UNSAFE.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class QuestionError(ValueError):
    """A question a ballot cannot ask; the message says why."""


@dataclass(frozen=True)
class Option:
    """One choice of a question: its key (what the form sends back) and its words."""

    key: str
    """A rating digit (``"2"``) or an item ID (``"F3"``): letters, digits, ``_`` and ``-``."""
    label: str
    """What the phone shows, e.g. ``2 — partial``."""


_KEY = re.compile(r"^[A-Za-z0-9_-]{1,24}\Z")


def _new_id() -> str:
    return secrets.token_urlsafe(9)


@dataclass(frozen=True)
class Question:
    """One question on the phones: pick one option, or, with ``dots`` > 0, spread up to
    ``dots`` dots over the options."""

    text: str
    options: tuple[Option, ...]
    dots: int = 0
    """0 for a single choice; otherwise the dots each voice may spread (a dot vote)."""
    id: str = field(default_factory=_new_id)
    """A new random ID each time a question is asked: a form left open on a phone for an
    earlier question is never counted on this one."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", plain(self.text, MAX_TEXT))
        object.__setattr__(
            self, "options", tuple(Option(o.key, plain(o.label, MAX_LABEL)) for o in self.options)
        )
        if not self.text:
            raise QuestionError("a ballot needs the question in words")
        if not 1 <= len(self.options) <= MAX_OPTIONS:
            raise QuestionError(f"a ballot offers 1 to {MAX_OPTIONS} options")
        keys = [o.key for o in self.options]
        if len(set(keys)) != len(keys) or not all(_KEY.match(k) for k in keys):
            raise QuestionError("each option needs its own short key (letters and digits)")
        if not 0 <= self.dots <= MAX_DOTS:
            raise QuestionError(f"a dot vote gives 1 to {MAX_DOTS} dots per voice")

    @property
    def is_dot_vote(self) -> bool:
        return self.dots > 0

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


@dataclass(frozen=True)
class Cast:
    """One device's ballot on one question."""

    voice: str
    """The anonymous voice of the device for the meeting: ``V1``, ``V2``, …"""
    choice: str | None = None
    """The option key chosen (single-choice questions)."""
    dots: Mapping[str, int] = field(default_factory=dict)
    """Option key → dots given (dot votes; options given none are left out)."""
    name: str = ""
    """The name the voter chose to give, if any."""


@dataclass(frozen=True)
class Count:
    """How far a ballot has got: what the wall shows live."""

    voted: int
    """Devices that have voted on the open question."""
    joined: int
    """Devices that have opened the question's page."""
    expected: int | None = None
    """How many voices the facilitator expects (e.g. the people in the room), if set."""
    refused: int = 0
    """Requests refused since the ballot opened (wrong code, flood, …)."""

    @property
    def of(self) -> int:
        return max(self.expected or 0, self.joined, self.voted)

    @property
    def text(self) -> str:
        """``12 of 15 voted``."""
        return f"{self.voted} of {self.of} voted"


class Ending(StrEnum):
    """Why a ballot ended."""

    CLOSED = "closed"
    """The facilitator closed it."""
    NETWORK_LOST = "network_lost"
    """The laptop's address went away; the votes so far are kept."""
    STOPPED = "stopped"
    """The server stopped (e.g. the app closed) while it was open."""


@dataclass(frozen=True)
class BallotResult:
    """The votes of one question when its ballot ended, in voice order."""

    question: Question
    casts: tuple[Cast, ...]
    ending: Ending = Ending.CLOSED

    def choices(self) -> list[tuple[str, str, str]]:
        """(voice, option key, name) of each single-choice ballot."""
        return [(c.voice, c.choice, c.name) for c in self.casts if c.choice is not None]

    def tally(self) -> dict[str, int]:
        """Votes (or, for a dot vote, dots) per option key, every option present."""
        counts = dict.fromkeys((o.key for o in self.question.options), 0)
        for cast in self.casts:
            if cast.choice is not None and cast.choice in counts:
                counts[cast.choice] += 1
            for key, n in cast.dots.items():
                if key in counts:
                    counts[key] += n
        return counts


@dataclass(frozen=True)
class Invitation:
    """What the wall shows to let phones in."""

    address: str
    """The page's address without the code, e.g. ``http://192.168.1.23:8470/``."""
    code: str
    """The join code, e.g. ``K7QM2P``."""
    url: str
    """The address with the code, as the QR code holds it (upper case, so that the QR code
    stays small): ``HTTP://192.168.1.23:8470/B/K7QM2P``."""
    qr: tuple[str, ...]
    """The QR code of :attr:`url` as text lines of half blocks, to be drawn dark on light
    (see :func:`cohere_tui.ballot.qr.qr_lines`)."""
