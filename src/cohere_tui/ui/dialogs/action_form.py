"""The form of an action, shared by the action plan and by 'turn a finding into an action'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ...models import Action, ActionStatus, Domain, Finding, Priority, Session
from .form import FormField


def _date_parser(today: dt.date) -> Callable[[str], dt.date | None]:
    def parse(text: str) -> dt.date | None:
        from ...dates import parse_date

        return parse_date(text, today)

    return parse


def _list_parser(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def action_fields(session: Session, today: dt.date) -> list[FormField]:
    """Every field of an action; owners are offered from the participants."""
    names = [p.name for p in session.participants]
    parse_date = _date_parser(today)
    return [
        FormField("title", "Action", required=True, kind="multiline", height=2),
        FormField("owner", "Owner", suggestions=names,
                  placeholder="a participant's name (→ completes it) or anyone"),
        FormField("partners", "Partners", parse=_list_parser, placeholder="names, comma-separated"),
        FormField("start", "Start", parse=parse_date, placeholder="YYYY-MM-DD, today, +1w …"),
        FormField("due", "Due", parse=parse_date, placeholder="YYYY-MM-DD, +2w, +1m, friday …"),
        FormField("status", "Status", kind="choice", required=True,
                  options=[(s.label, s.value) for s in ActionStatus]),
        FormField("priority", "Priority", kind="choice", required=True,
                  options=[(p.label, p.value) for p in Priority]),
        FormField("domain", "Domain", kind="choice",
                  options=[(d.label, d.value) for d in Domain]),
        FormField("findings", "Findings answered", kind="multi",
                  options=[(f"{f.id}  {f.summary}", f.id) for f in session.findings
                           if not f.dismissed]),
        FormField("initiatives", "Initiatives", kind="multi",
                  options=[(f"{i.id}  {i.name}", i.id) for i in session.initiatives]),
        FormField("indicator", "Indicator", placeholder="how success will be seen"),
        FormField("latest_update", "Latest update"),
        FormField("notes", "Notes", kind="multiline", height=2),
    ]  # fmt: skip


def action_values(action: Action) -> dict[str, Any]:
    """An action's values as the form shows them."""
    values = action.model_dump(mode="python")
    values["partners"] = ", ".join(action.partners)
    values["start"] = "" if action.start is None else action.start.isoformat()
    values["due"] = "" if action.due is None else action.due.isoformat()
    for key in ("status", "priority", "domain"):
        if values.get(key) is not None:
            values[key] = str(values[key])
    return values


def values_from_finding(finding: Finding) -> dict[str, Any]:
    """A new action prefilled from a finding, linked to it."""
    return {
        "title": f"Respond to {finding.id}: {finding.summary}",
        "status": ActionStatus.NOT_STARTED.value,
        "priority": Priority.MEDIUM.value,
        "domain": None if finding.domain is None else finding.domain.value,
        "findings": [finding.id],
        "initiatives": list(finding.initiatives),
    }


def check_action_dates(values: dict[str, Any]) -> dict[str, str]:
    start, due = values.get("start"), values.get("due")
    if start and due and due < start:
        return {"due": f"Due ({due}) is before the start ({start})."}
    return {}
