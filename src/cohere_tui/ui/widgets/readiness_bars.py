"""Readiness on the seven conditions: one bar per condition and overall, with the digit and
the word beside each (and the spread mark ``~`` where the room's votes split), and, once
there was an earlier cycle, readiness then against now."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...prepare import ReadinessSummary, readiness_bar, readiness_word
from ...votes import spread_mark

BAR_WIDTH = 8


def change_mark(then: int | None, now: int | None, *, short: bool = False) -> str:
    """How a rating moved, in a symbol and a word: ``▲ up 1``, ``▼ down 2``, ``= same``
    (``short``: ``▲1``, ``▼2``, ``=``); ``·`` when either is unrated."""
    if then is None or now is None:
        return "·"
    if now > then:
        return f"▲{now - then}" if short else f"▲ up {now - then}"
    if now < then:
        return f"▼{then - now}" if short else f"▼ down {then - now}"
    return "=" if short else "= same"


def _digit(value: int | None) -> str:
    return "·" if value is None else str(value)


class ReadinessBars(Static):
    """Per condition: name, bar, digit and word (``then_now``: then → now and the change);
    then the overall mean. Narrow, the bars (and then the words) give way to the digits."""

    _lines: int | None = None
    _shown: tuple[ReadinessSummary, bool] | None = None

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(self._shown[0], then_now=self._shown[1])

    def show(self, summary: ReadinessSummary, *, then_now: bool = False) -> None:
        self._shown = (summary, then_now)
        width = self.content_size.width or 40
        label_width = 12
        text = Text(no_wrap=True, overflow="ellipsis")
        marked = any(spread_mark(score.votes) for score in summary.conditions)
        for score in summary.conditions:
            # the room's votes spread 2+ points: ``3~``, as in Prepare's table
            now = _digit(score.rating) + spread_mark(score.votes)
            now = f"{now:<2}" if marked else now
            text.append(f"{score.condition.short:<{label_width}}", style="bold")
            if then_now:
                short = width < label_width + 15
                mark = change_mark(score.previous, score.rating, short=short)
                text.append(f"{_digit(score.previous)} → {now} {mark:<{3 if short else 9}}")
                if width >= label_width + 15 + BAR_WIDTH:
                    text.append(readiness_bar(score.rating))
            else:
                if width >= label_width + BAR_WIDTH + 14:
                    text.append(readiness_bar(score.rating) + " ")
                text.append(f"{now} {readiness_word(score.rating)}")
            text.append("\n")
        mean = summary.mean
        shown = "–" if mean is None else f"{mean:.1f}"
        text.append(f"{'Overall':<{label_width}}", style="bold reverse")
        if then_now:
            before = "–" if summary.previous_mean is None else f"{summary.previous_mean:.1f}"
            text.append(f"{before} → {shown} {readiness_word(mean)}")
        else:
            if width >= label_width + BAR_WIDTH + 14:
                text.append(readiness_bar(mean) + " ")
            text.append(f"{shown} {readiness_word(mean)} · {summary.rated}/{summary.total}")
        lines = len(summary.conditions) + 1
        self.update(text, layout=self._lines != lines)
        self._lines = lines
