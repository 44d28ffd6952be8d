"""Loaded by every Python the tests start (the test fixture puts this folder on PYTHONPATH):
when ``COHERE_TUI_SAVE_LOG`` names a file, each session file cohere-tui saves is logged
there (its path and the SHA-256 of what was written), so that the test can reopen it with
the real loader afterwards (see ``_saved_sessions_reopen`` in tests/conftest.py)."""

from __future__ import annotations

import os

_LOG = os.environ.get("COHERE_TUI_SAVE_LOG")

if _LOG:
    try:
        import hashlib
        import json
        from pathlib import Path
        from typing import Any

        from cohere_tui import store
    except ImportError:  # another program's Python (LibreOffice's): nothing to log
        pass
    else:
        _real = store.atomic_write
        _open = open  # as it is now: a test may instrument open() later (save_writer.py)

        def _logged(path: Path, payload: bytes, **kwargs: Any) -> None:
            _real(path, payload, **kwargs)
            if payload.startswith(b"schema_version"):
                entry = [os.path.abspath(path), hashlib.sha256(payload).hexdigest()]
                with _open(_LOG, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps(entry) + "\n")

        store.atomic_write = _logged  # type: ignore[assignment]
