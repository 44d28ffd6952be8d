"""Who is named in the report: people by name in the full edition, by role in the public one.

The public edition is for families and the public. In it:

- an owner, a partner or the facilitator who is on the team list is shown by role and
  organisation (``Data and evaluation lead, Harmon County Human Services``);
- in every text the room typed, a team member's full name, or any part of it on its own
  (``Kevin`` in "Kevin starts after…", ``Dr. Nair``), is replaced by the person's role;
- an owner or partner who is not on the team list cannot be told apart from an office
  ("County counsel"), so it is shown as written and named in a warning, so that the
  facilitator can check it before the report goes out;
- an initiative's ``lead`` is left out (its organisation is shown).

Notes, the parking lot, the team list and dismissed findings are left out of the public
edition by the sections themselves (see :mod:`cohere_tui.report.sections`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Participant, Session

HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "rev", "hon", "sr", "jr"})
"""Titles before or after a name, never taken as a part of it."""

_NOT_NAMES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "ii", "iii", "iv",
    }
)  # fmt: skip
"""Words that stand alone for something else: as part of a name they are replaced only
within the full name."""

TEAM_MEMBER = "a team member"
"""What stands for a name shared by two people on the team, when it appears alone."""


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def role_label(person: Participant) -> str:
    """How the public edition names a person: role and organisation, or what there is."""
    parts = [p for p in (person.role.strip(), person.organisation.strip()) if p]
    return ", ".join(parts) if parts else TEAM_MEMBER


def short_role(person: Participant) -> str:
    """The shorter label that stands in a sentence for a person's name."""
    return person.role.strip() or person.organisation.strip() or TEAM_MEMBER


def name_parts(name: str) -> list[str]:
    """The words of a name that identify the person alone: no titles, no initials."""
    parts = []
    for word in re.split(r"[\s,]+", name):
        bare = word.strip(".()'\"")
        if len(bare) < 2 or bare.casefold() in HONORIFICS or bare.casefold() in _NOT_NAMES:
            continue
        if not any(c.isalpha() for c in bare):
            continue
        parts.append(bare)
    return parts


class Names:
    """Shows people as the edition asks. In the full edition every method returns its text
    unchanged (a person's name is shown as typed)."""

    def __init__(self, session: Session, *, public: bool) -> None:
        self.public = public
        self._people: dict[str, Participant] = {}
        for person in session.participants:
            self._people.setdefault(_key(person.name), person)
        self.unlisted: dict[str, None] = {}
        """Owners and partners not on the team list, shown as written (public edition)."""
        self._pattern: re.Pattern[str] | None = None
        self._replacement: dict[str, str] = {}
        if public:
            self._build(session.participants)

    def _build(self, people: Iterable[Participant]) -> None:
        whole: dict[str, str] = {}
        parts: dict[str, set[str]] = {}
        for person in people:
            label = short_role(person)
            full = " ".join(person.name.split())
            bare = " ".join(name_parts(full))
            for name in (full, bare):
                if name:
                    whole.setdefault(name, label)
            for part in name_parts(full):
                parts.setdefault(part, set()).add(label)
        for part, labels in parts.items():
            if part not in whole:
                whole[part] = labels.pop() if len(labels) == 1 else TEAM_MEMBER
        if not whole:
            return
        self._replacement = whole
        names = sorted(whole, key=len, reverse=True)
        titles = "|".join(sorted(HONORIFICS, key=len, reverse=True))
        alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
        # names as written (a part such as "Will" must not take the word "will"); titles
        # in any case
        self._pattern = re.compile(rf"(?<![\w])(?:(?i:{titles})\.?\s+)?({alternatives})(?![\w])")

    def _replace(self, match: re.Match[str]) -> str:
        return self._replacement.get(" ".join(match.group(1).split()), TEAM_MEMBER)

    def text(self, text: str) -> str:
        """Free text the room typed; in the public edition with names replaced by roles."""
        if self._pattern is None:
            return text
        return self._pattern.sub(self._replace, text)

    def person(self, text: str) -> str:
        """A field that names a person or an office (owner, partner, facilitator)."""
        if not self.public:
            return text
        person = self._people.get(_key(text))
        if person is not None:
            return role_label(person)
        shown = self.text(text)
        if shown.strip() and shown == text:
            self.unlisted[" ".join(text.split())] = None
        return shown

    def role_of(self, name: str) -> str:
        """In the full edition, the role and organisation of a team member named ``name``
        (shown beside the name); empty otherwise, and always in the public edition (where
        the role stands in place of the name)."""
        if self.public:
            return ""
        person = self._people.get(_key(name))
        return role_label(person) if person is not None else ""

    def facilitator(self, text: str) -> str:
        """The facilitator: by role when on the team list; in the public edition left out
        (empty) otherwise, since the field always names a person."""
        if not self.public:
            return text
        person = self._people.get(_key(text))
        return role_label(person) if person is not None else ""

    def warnings(self) -> list[str]:
        """What the facilitator should check before the public edition goes out."""
        if not self.unlisted:
            return []
        listed = "; ".join(self.unlisted)
        return [
            "public edition: these owners and partners are not on the team list and are "
            f"shown as written — check that none is a person's name: {listed}"
        ]
