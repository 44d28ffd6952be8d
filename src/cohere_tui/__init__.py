"""cohere-tui: walk a team through the alignment-and-coherence cycle, in the terminal.

This package stays light on import: the app, the store and the workbook are imported
only by the code that needs them.
"""

__version__ = "0.1.0"
