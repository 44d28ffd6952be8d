"""The follow-up workbook: the session as an Excel action plan, and the way back in (DESIGN §6).

- :mod:`.contract` — the round trip's one home: sheet names, the Action Plan's columns and
  which come back, the text-safety rules, the row as exported. Export and import both use it.
- :mod:`.layout`, :mod:`.sheets`, :mod:`.monitoring`, :mod:`.export` — writing the workbook.
- :mod:`.reader`, :mod:`.importer` — reading a returned workbook and merging its edits.

Importing this package stays light: openpyxl is imported only inside the functions that
write or read a workbook.
"""

from __future__ import annotations

from .contract import (
    ACTION_PLAN_HEADERS,
    ACTION_PLAN_SHEET,
    CUT_MARKER,
    FIELD_LABELS,
    MAX_CELL_CHARS,
    READ_BACK,
    RECORD_SHEET,
    SHEET_NAMES,
    ExportExistsError,
    WorkbookError,
    action_plan_values,
    clean_text,
    fit_text,
)
from .export import (
    ExportResult,
    build_workbook,
    default_export_path,
    export_per_owner,
    export_workbook,
    owner_export_path,
    owners,
)
from .importer import (
    AlreadyPresent,
    Change,
    Conflict,
    NewAction,
    Problem,
    UpdatePlan,
    apply_updates,
    format_plan,
    plan_updates,
)
from .sheets import UNRATED, rating_bar, rating_word

__all__ = [
    "ACTION_PLAN_HEADERS",
    "ACTION_PLAN_SHEET",
    "CUT_MARKER",
    "FIELD_LABELS",
    "MAX_CELL_CHARS",
    "READ_BACK",
    "RECORD_SHEET",
    "SHEET_NAMES",
    "UNRATED",
    "AlreadyPresent",
    "Change",
    "Conflict",
    "ExportExistsError",
    "ExportResult",
    "NewAction",
    "Problem",
    "UpdatePlan",
    "WorkbookError",
    "action_plan_values",
    "apply_updates",
    "build_workbook",
    "clean_text",
    "default_export_path",
    "export_per_owner",
    "export_workbook",
    "fit_text",
    "format_plan",
    "owner_export_path",
    "owners",
    "plan_updates",
    "rating_bar",
    "rating_word",
]
