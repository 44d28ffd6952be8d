"""The one edit path: every change to a session is a named edit applied through the
document (:meth:`cohere_tui.document.SessionDocument.apply`), which validates it, applies it,
re-derives the findings, marks the session changed, records it for undo and tells the views.

Headless: never imports Textual. :mod:`.base` holds the machinery (transactions, undo
records), :mod:`.items` the generic add/edit/move/delete of every kind of item with its
references, :mod:`.session_edits` the other named edits of the steps, :mod:`.vote_edits`
the votes of many voices (a rating's or a readiness condition's votes, consensus checks, dot-vote rounds),
:mod:`.prepare_edits` those of Prepare (readiness, scope, meetings and agendas);
:mod:`.portfolio_edits` those of funding streams, populations and the decision on each
initiative.
"""

from .base import Composite, Edit, EditError, FunctionEdit, Record, Transaction
from .items import (
    KINDS,
    AddItem,
    DeleteItem,
    MoveItem,
    UpdateItem,
    Usage,
    find,
    name_of,
    next_item_id,
    usage,
)
from .portfolio_edits import (
    DeleteGroupReading,
    RecordGroupReading,
    SetDecision,
    SetFundingLink,
    SetPopulationLinks,
    TogglePopulation,
)
from .prepare_edits import (
    AddAgendaItem,
    AddMeeting,
    DeleteAgendaItem,
    MoveAgendaItem,
    SetReadiness,
    SetScope,
    UpdateAgendaItem,
    UpdateReadiness,
)
from .session_edits import (
    DETAIL_FIELDS,
    BringFindingsUpToDate,
    DeleteReading,
    ParkingToItem,
    RecordReading,
    RecordUpdate,
    ReplaceSession,
    SetActionStatus,
    SetDetails,
    SetRating,
    SetRatingNote,
    SetText,
    ToggleDismissed,
    UpdateReading,
    get_rating,
    rating_column_name,
    rating_key_is_domain,
)
from .vote_edits import (
    AddDotRound,
    DeleteConsensus,
    DeleteDotRound,
    RecordConsensus,
    SetReadinessVotes,
    SetVotes,
)
from .workbook_import import ImportUpdates

__all__ = [
    "DETAIL_FIELDS",
    "KINDS",
    "AddAgendaItem",
    "AddDotRound",
    "AddItem",
    "AddMeeting",
    "BringFindingsUpToDate",
    "Composite",
    "DeleteAgendaItem",
    "DeleteConsensus",
    "DeleteDotRound",
    "DeleteGroupReading",
    "DeleteItem",
    "DeleteReading",
    "Edit",
    "EditError",
    "FunctionEdit",
    "ImportUpdates",
    "MoveAgendaItem",
    "MoveItem",
    "ParkingToItem",
    "Record",
    "RecordConsensus",
    "RecordGroupReading",
    "RecordReading",
    "RecordUpdate",
    "ReplaceSession",
    "SetActionStatus",
    "SetDecision",
    "SetDetails",
    "SetFundingLink",
    "SetPopulationLinks",
    "SetRating",
    "SetRatingNote",
    "SetReadiness",
    "SetReadinessVotes",
    "SetScope",
    "SetText",
    "SetVotes",
    "ToggleDismissed",
    "TogglePopulation",
    "Transaction",
    "UpdateAgendaItem",
    "UpdateItem",
    "UpdateReadiness",
    "UpdateReading",
    "Usage",
    "find",
    "get_rating",
    "name_of",
    "next_item_id",
    "rating_column_name",
    "rating_key_is_domain",
    "usage",
]
