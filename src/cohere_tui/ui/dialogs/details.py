"""The session's own details — title, organisation, alignment type, facilitator, meeting
date — editable at any time (from step 1 and the palette)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual.app import App

from ...edits import SetDetails
from ...models import AlignmentType
from ..editing import apply_edit
from .form import FormDialog, FormField

if TYPE_CHECKING:
    from ...document import SessionDocument


def details_form(document: SessionDocument, today: dt.date) -> FormDialog:
    from ...dates import parse_date

    session = document.session

    def date_field(text: str) -> dt.date | None:
        return parse_date(text, today)

    fields = [
        FormField("title", "Title", required=True),
        FormField("organisation", "Organisation", placeholder="the district, agency or county"),
        FormField("alignment_type", "Alignment", kind="choice", required=True,
                  options=[(t.label, t.value) for t in AlignmentType]),
        FormField("facilitator", "Facilitator"),
        FormField("meeting_date", "Meeting date", parse=date_field,
                  placeholder="YYYY-MM-DD, today, +1w …"),
    ]  # fmt: skip
    values: dict[str, Any] = {
        "title": session.title,
        "organisation": session.organisation,
        "alignment_type": session.alignment_type.value,
        "facilitator": session.facilitator,
        "meeting_date": session.meeting_date.isoformat() if session.meeting_date else "",
    }
    return FormDialog("Session details", fields, values)


def edit_details(app: App[Any], document: SessionDocument, today: dt.date) -> None:
    """Ask for the details and apply them as one edit."""

    def done(result: dict[str, Any] | None) -> None:
        if result is None:
            return
        result["alignment_type"] = AlignmentType(result["alignment_type"])
        change = apply_edit(app, document, SetDetails(result))
        if change is not None:
            app.notify(f"{change.description}. ctrl+z undoes it.", timeout=4)

    app.push_screen(details_form(document, today), done)
