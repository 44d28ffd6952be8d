"""cohere-tui: walk a team through the alignment-and-coherence cycle, in the terminal.

This package stays light on import: the app, the store and the workbook are imported
only by the code that needs them.
"""

__version__ = "0.1.0"

import os as _os

# No installed pydantic plugin may observe a session's data (a plugin could log it or send it
# away), and looking for plugins reads the metadata of every installed package: tens of
# milliseconds at every start. An explicit setting of the variable is left as it is.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import gc as _gc

_GC_THRESHOLD = _gc.get_threshold()
# Importing the app makes millions of objects and almost no garbage, yet the collector would
# run over a hundred times meanwhile (tens of milliseconds of every start): it waits until
# start-up is over (:func:`started`), which puts the collector back as it was.
_gc.set_threshold(max(_GC_THRESHOLD[0], 100_000), *_GC_THRESHOLD[1:])


_frozen = False


def started() -> None:
    """Start-up is over: what it made is kept out of later collections (it lives as long
    as the program) and the collector runs as usual again. Only the first call freezes (a
    process that runs many apps, as the tests do, must not keep each one forever)."""
    global _frozen
    if not _frozen:
        _frozen = True
        _gc.collect(0)  # the young garbage first (a few thousand objects, a few ms)
        _gc.freeze()
    _gc.set_threshold(*_GC_THRESHOLD)
