"""Which voices and sectors the team brings to the table, and which are missing, in words
and symbols (✓ at the table, ✗ missing), with the prepare findings that follow."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from ...models import Finding, Voice
from ...prepare import MIN_SECTORS, Coverage

SHORTER: dict[Voice, str] = {Voice.COMMUNITY_ORGANISATIONS: "Community-based orgs"}
"""Names a narrow panel uses instead of the full one."""


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class CoveragePanel(Static):
    """Voices one per line (who brings it, or MISSING), then the sectors, then the open
    prepare findings."""

    _shown: tuple[Coverage, Sequence[Finding]] | None = None

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, cov: Coverage, findings: Sequence[Finding] = ()) -> None:
        self._shown = (cov, findings)
        width = max(20, self.content_size.width or 36)
        text = Text(no_wrap=True, overflow="ellipsis")
        present = [v for v in cov.voices if v.present and v.voice is not Voice.OTHER]
        counted = [v for v in cov.voices if v.voice is not Voice.OTHER]
        text.append(f"Voices · {len(present)} of {len(counted)} at the table\n", style="bold")
        label_width = width - 12
        for item in cov.voices:
            label = item.voice.label
            if len(label) > label_width:
                label = _fit(SHORTER.get(item.voice, label), label_width)
            if item.present:
                n = len(item.people)
                text.append(f"✓ {label:<{label_width}} {n:>2} ")
                text.append(("person" if n == 1 else "people") + "\n")
            else:
                text.append(f"✗ {label:<{label_width}} ", style="bold")
                text.append("MISSING\n", style="bold reverse")
        sectors = cov.sectors_present
        need = f" (horizontal: {MIN_SECTORS}+)" if cov.horizontal else ""
        text.append(f"Sectors · {len(sectors)}{need}\n", style="bold")
        line = ""
        for sector in cov.sectors:
            if not sector.present:
                continue
            word = f"✓ {sector.sector.label} {len(sector.people)}"
            if line and len(line) + 2 + len(word) > width:
                text.append(line + "\n")
                line = ""
            line = f"{line}  {word}" if line else word
        if line:
            text.append(line + "\n")
        for sector in cov.sectors:
            if not sector.present:
                n = sector.initiatives
                said = (
                    f"✗ {sector.sector.label}: {n} initiative{'s' if n != 1 else ''}, nobody here"
                )
                text.append(_fit(said, width) + "\n", style="bold")
        if not cov.described:
            text.append("Give team roles or voices to check the coverage.", style="italic")
        elif findings:
            for finding in findings:
                lines = textwrap.wrap(f"⚠ {finding.id} {finding.summary}", width, max_lines=3,
                                      placeholder=" …", subsequent_indent="  ")  # fmt: skip
                text.append("\n".join(lines) + "\n", style="bold")
        else:
            text.append("✓ No prepare finding: the essential voices are here.")
        text.rstrip()
        self.update(text)
