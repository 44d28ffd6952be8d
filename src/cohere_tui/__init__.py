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
