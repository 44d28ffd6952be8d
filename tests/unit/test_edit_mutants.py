"""Two things about the edits that the mutation run showed no test checked: the history's
sentence for rating a cell nobody had rated, and that deleting a goal takes the room's votes
on it even from an initiative where nothing else names that goal."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohere_tui.demo import demo_source
from cohere_tui.document import SessionDocument
from cohere_tui.edits import DeleteItem
from cohere_tui.edits.session_edits import SetRating
from cohere_tui.edits.vote_edits import SetVotes
from cohere_tui.models import Vote
from cohere_tui.store import load_session
from cohere_tui.validation import check_session


@pytest.fixture
def doc(tmp_path: Path) -> SessionDocument:
    path = tmp_path / "demo.toml"
    path.write_bytes(demo_source())
    return SessionDocument.open(path)


def test_rating_a_cell_nobody_rated_says_it_was_unrated(doc: SessionDocument) -> None:
    ini = next(i for i in doc.session.initiatives if "G1" not in i.alignment)
    change = doc.apply(SetRating(ini.id, "G1", 2))
    assert change is not None and change.description == f"Rated {ini.id} × G1 unrated → 2"
    cleared = doc.apply(SetRating(ini.id, "G1", None))
    assert cleared is not None and cleared.description == f"Cleared {ini.id} × G1 (was 2)"


def test_deleting_a_goal_takes_the_votes_on_it_where_nothing_else_names_it(
    doc: SessionDocument,
) -> None:
    """Votes kept on a cell whose rating was cleared, on an initiative not linked to the
    goal and without a note there: the delete still takes them, and the file opens again."""
    s = doc.session
    ini = next(
        i
        for i in s.initiatives
        if "G1" not in i.goals and "G1" not in i.alignment and "G1" not in i.rating_notes
    )
    doc.apply(SetVotes(ini.id, "G1", [Vote(voice="V1", value=1), Vote(voice="V2", value=2)]))
    doc.apply(SetRating(ini.id, "G1", None))
    assert "G1" in ini.votes and "G1" not in ini.alignment
    doc.apply(DeleteItem("goal", "G1"))
    assert "G1" not in ini.votes
    assert check_session(s) == []
    doc.save()
    assert "G1" not in load_session(doc.path).session.initiative(ini.id).votes
