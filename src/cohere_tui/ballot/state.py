"""The ballot's memory and rules, apart from HTTP: the join code, the devices and their
tokens, the open question and its ballots, rate limits. No web server here (see
:mod:`cohere_tui.ballot.server` for the routes).

- **Join code**: six characters from an alphabet with no look-alikes (no 0/O, 1/I/L), new
  for each meeting (each :class:`BallotState`), compared in constant time.
- **Devices**: a device is a random token (a cookie) the server issued; it keeps its token
  (and its voice) for the whole meeting, so a phone that drops and comes back is the same
  voice. At most :data:`MAX_DEVICES` devices per meeting.
- **One ballot per device per question**: a device that votes again replaces its ballot.
- **Rates**: each device may make :data:`DEVICE_BURST` requests at once and then
  :data:`DEVICE_RATE` a second; each network address may get the code wrong
  :data:`CODE_TRIES` times a minute, after which it is refused until the minute is over.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .question import BallotResult, Cast, Count, Ending, Question, plain

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_DEVICES = 2000
"""Devices one meeting's ballot will know (each costs a few hundred bytes)."""
DEVICE_BURST = 12.0
DEVICE_RATE = 2.0
"""Requests per second a device may keep up after its burst."""
CODE_TRIES = 10
"""Wrong join codes an address may send per :data:`CODE_WINDOW` seconds."""
CODE_WINDOW = 60.0
MAX_NAME = 60
"""The longest name a voter can give."""
MAX_ADDRESSES = 10_000
"""Addresses whose wrong codes are remembered (the oldest are forgotten first)."""


def new_code() -> str:
    """A fresh join code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: str) -> str:
    """A typed code as compared: upper case, no spaces or dashes, at most 16 characters."""
    return "".join(ch for ch in text[:32].upper() if ch not in " -")[:16]


@dataclass
class Device:
    """A phone (or any browser) that joined the meeting's ballot."""

    token: str
    voice: str | None = None
    """Given at the device's first vote: ``V1``, ``V2``, … in order of first vote."""
    name: str = ""
    """The name it last gave, offered again on the next question."""
    allowance: float = DEVICE_BURST
    checked: float = 0.0

    def allow(self, now: float) -> bool:
        """Take one request from the device's allowance (a token bucket)."""
        self.allowance = min(DEVICE_BURST, self.allowance + (now - self.checked) * DEVICE_RATE)
        self.checked = now
        if self.allowance < 1.0:
            return False
        self.allowance -= 1.0
        return True


@dataclass(frozen=True)
class Refusal:
    """A request the ballot refused, as the wall reports it."""

    status: int
    reason: str
    """In words: ``wrong join code``, ``too many requests``, …"""
    address: str
    """The device's network address."""

    @property
    def text(self) -> str:
        return f"a device was refused ({self.reason})"


class FormError(ValueError):
    """A ballot form that cannot be counted; the message is shown on the phone."""


@dataclass
class BallotState:
    """One meeting's ballot: its code, its devices, the open question and its ballots."""

    code: str = field(default_factory=new_code)
    clock: Callable[[], float] = time.monotonic
    devices: dict[str, Device] = field(default_factory=dict)
    question: Question | None = None
    casts: dict[str, Cast] = field(default_factory=dict)
    """Token → the device's ballot on the open question."""
    seen: set[str] = field(default_factory=set)
    """Tokens of the devices that opened the open question's page or voted on it."""
    revealed: bool = False
    expected: int | None = None
    refused: int = 0
    voices: int = 0
    wrong_codes: dict[str, list[float]] = field(default_factory=dict)

    # ----- the code --------------------------------------------------------------------

    def code_matches(self, typed: str) -> bool:
        """Whether a typed code is this meeting's (constant-time comparison)."""
        return hmac.compare_digest(
            normal_code(typed).encode("ascii", "replace"), self.code.encode("ascii")
        )

    def may_try_code(self, address: str) -> bool:
        """Whether an address may still try a code (it has not got it wrong too often)."""
        now = self.clock()
        tries = [t for t in self.wrong_codes.get(address, []) if now - t < CODE_WINDOW]
        if tries:
            self.wrong_codes[address] = tries
        else:
            self.wrong_codes.pop(address, None)
        return len(tries) < CODE_TRIES

    def wrong_code(self, address: str) -> None:
        if address not in self.wrong_codes and len(self.wrong_codes) >= MAX_ADDRESSES:
            self.wrong_codes.pop(next(iter(self.wrong_codes)))
        self.wrong_codes.setdefault(address, []).append(self.clock())

    # ----- devices ---------------------------------------------------------------------

    def device(self, token: str | None) -> Device | None:
        return self.devices.get(token) if token else None

    def new_device(self) -> Device | None:
        """A new device with a fresh token, or None when the meeting has too many."""
        if len(self.devices) >= MAX_DEVICES:
            return None
        device = Device(token=secrets.token_urlsafe(24), checked=self.clock())
        self.devices[device.token] = device
        return device

    def allow(self, device: Device) -> bool:
        return device.allow(self.clock())

    # ----- the question ----------------------------------------------------------------

    def open(self, question: Question, expected: int | None = None) -> None:
        """Ask a new question; the ballots of an earlier one are forgotten (take them with
        :meth:`close` first)."""
        self.question = question
        self.casts = {}
        self.seen = set()
        self.revealed = False
        self.expected = expected

    def close(self, ending: Ending = Ending.CLOSED) -> BallotResult | None:
        """End the open question and return its ballots (None when none was open)."""
        question = self.question
        if question is None:
            return None
        casts = sorted(self.casts.values(), key=lambda c: int(c.voice[1:]))
        self.question = None
        self.casts = {}
        self.seen = set()
        self.revealed = False
        return BallotResult(question, tuple(casts), ending)

    def saw(self, device: Device) -> None:
        if self.question is not None:
            self.seen.add(device.token)

    def count(self) -> Count:
        return Count(
            voted=len(self.casts),
            joined=len(self.seen),
            expected=self.expected,
            refused=self.refused,
        )

    def record(self, device: Device, form: Mapping[str, str]) -> Cast:
        """Count a device's ballot from its form fields, replacing its earlier one.

        The caller has checked that the form is for the open question. Raises
        :class:`FormError` (nothing recorded) when the form does not hold a ballot.
        """
        question = self.question
        if question is None:  # pragma: no cover - the caller checks
            raise FormError("no question is open")
        name = plain(form.get("name", ""), MAX_NAME + 1)
        if len(name) > MAX_NAME:
            raise FormError(f"a name has at most {MAX_NAME} characters")
        if question.is_dot_vote:
            dots: dict[str, int] = {}
            for option in question.options:
                text = form.get(f"dot-{option.key}", "0").strip() or "0"
                if not (text.isascii() and text.isdigit()) or len(text) > 3:
                    raise FormError("give each option a whole number of dots")
                if int(text):
                    dots[option.key] = int(text)
            spent = sum(dots.values())
            if spent > question.dots:
                raise FormError(
                    f"you gave {spent} dots; you have {question.dots} to spread — take some back"
                )
            if not spent:
                raise FormError("give at least one dot")
            cast = Cast(voice=self._voice(device), dots=dots, name=name)
        else:
            choice = form.get("choice", "")
            if question.option(choice) is None:
                raise FormError("choose one of the options")
            cast = Cast(voice=self._voice(device), choice=choice, name=name)
        device.name = name
        self.casts[device.token] = cast
        self.seen.add(device.token)
        return cast

    def _voice(self, device: Device) -> str:
        if device.voice is None:
            self.voices += 1
            device.voice = f"V{self.voices}"
        return device.voice

    def cast_of(self, device: Device) -> Cast | None:
        return self.casts.get(device.token)

    def tally(self) -> dict[str, int]:
        """Votes (or dots) per option of the open question, every option present."""
        if self.question is None:
            return {}
        return BallotResult(self.question, tuple(self.casts.values())).tally()
