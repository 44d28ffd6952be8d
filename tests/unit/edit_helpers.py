"""Applying edits to a session in a test: through a document, as the app does."""

from __future__ import annotations

from pathlib import Path

from cohere_tui.document import Change, SessionDocument
from cohere_tui.edits import Edit
from cohere_tui.models import Session

_DOCUMENTS: dict[int, SessionDocument] = {}


def document_for(session: Session) -> SessionDocument:
    """One in-memory document per session object (nothing is written)."""
    doc = _DOCUMENTS.get(id(session))
    if doc is None or doc.session is not session:
        doc = SessionDocument(session, Path("in-memory.toml"))
        _DOCUMENTS[id(session)] = doc
    return doc


def apply(session: Session, edit: Edit) -> Change | None:
    """``edit`` applied to ``session`` through the edit path (findings re-derived)."""
    return document_for(session).apply(edit)
