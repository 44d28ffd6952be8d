"""Phones as ballots over the room's own network, offline.

The light half (imported freely): :mod:`.question` (what is asked, what comes back),
:mod:`.state` (the code, the devices, the rules), :mod:`.page` (the HTML),
:mod:`.network` (the laptop's address). The web server, :mod:`.server`, imports aiohttp and
is imported only when a ballot opens; :mod:`.qr` imports segno only when a code is drawn.

Nothing of the session reaches this package: a ballot holds only the words of the open
question (see :func:`cohere_tui.votes.rating_question` and its siblings, which build them,
and :func:`cohere_tui.votes.votes_from_result`, which turns the result back into votes).
"""

from .question import BallotResult, Cast, Count, Ending, Invitation, Option, Question

__all__ = ["BallotResult", "Cast", "Count", "Ending", "Invitation", "Option", "Question"]
