"""The one small page the phones see: plain HTML forms, no script, nothing loaded from
elsewhere, every word escaped. Readable on an old phone (one column, large type, system
fonts); a refresh always shows the question open now."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .question import Cast, Question

STYLE = """
body{font:1.15rem/1.5 system-ui,sans-serif;margin:0;padding:1rem;background:#fff;color:#111}
main{max-width:34rem;margin:0 auto}
h1{font-size:1.35rem;line-height:1.3}
fieldset{border:2px solid #333;border-radius:.4rem;margin:0 0 1rem;padding:.5rem .8rem}
label{display:block;padding:.45rem 0}
input[type=radio]{transform:scale(1.4);margin-right:.6rem}
input[type=text],select{font-size:1.1rem;padding:.3rem}
button{font-size:1.2rem;padding:.6rem 1.6rem;border:2px solid #111;background:#111;color:#fff;border-radius:.4rem}
.note{border-left:.4rem solid #333;padding:.3rem .7rem;background:#eee}
.error{border-left:.4rem solid #a00;padding:.3rem .7rem;background:#fee}
.bar{font-family:monospace}
"""

HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
"""Sent with every answer: nothing but this page's own inline style may load."""


def _page(title: str, body: str, *, refresh: int | None = None) -> str:
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"{meta}<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def join_page(message: str = "") -> str:
    """The page for a request without the right code: a box to type it, nothing else."""
    note = f'<p class="error">{escape(message)}</p>' if message else ""
    return _page(
        "Join the ballot",
        "<h1>Join the ballot</h1>"
        f"{note}<p>Type the join code shown on the wall.</p>"
        '<form method="get" action="/join"><label>Join code '
        '<input type="text" name="code" maxlength="16" autocomplete="off" '
        'autocapitalize="characters" required></label>'
        "<p><button type=submit>Join</button></p></form>",
    )


def waiting_page(code: str) -> str:
    """No question is open: the page reloads itself every few seconds (no script)."""
    return _page(
        "Ballot",
        "<h1>No question is open</h1><p>The page checks again every few seconds; "
        f'or <a href="/b/{escape(code)}">refresh</a> when the facilitator opens one.</p>',
        refresh=5,
    )


def message_page(title: str, message: str, code: str | None = None) -> str:
    """A short page for a refusal or a closed question."""
    link = f'<p><a href="/b/{escape(code)}">Back to the ballot</a></p>' if code else ""
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(message)}</p>{link}")


def _tally_lines(question: Question, tally: Mapping[str, int]) -> str:
    top = max(tally.values(), default=0) or 1
    rows = []
    for option in question.options:
        n = tally.get(option.key, 0)
        bar = "█" * round(12 * n / top)
        rows.append(f'<li><span class="bar">{bar or "·"}</span> {n} — {escape(option.label)}</li>')
    return "<ul>" + "".join(rows) + "</ul>"


def question_page(
    question: Question,
    code: str,
    *,
    cast: Cast | None = None,
    name: str = "",
    error: str = "",
    tally: Mapping[str, int] | None = None,
) -> str:
    """The open question and its form; the device's own ballot, if any, is shown chosen.

    ``tally`` (after the facilitator revealed it) adds the room's distribution.
    """
    action = f"/b/{escape(code)}"
    parts = [f"<h1>{escape(question.text)}</h1>"]
    if error:
        parts.append(f'<p class="error">{escape(error)}</p>')
    if cast is not None:
        if question.is_dot_vote:
            mine = ", ".join(
                f"{n} on {escape(o.label)}" for o in question.options if (n := cast.dots.get(o.key))
            )
            parts.append(f'<p class="note">Your dots: {mine}. You can change them.</p>')
        else:
            chosen = question.option(cast.choice or "")
            label = escape(chosen.label) if chosen else ""
            parts.append(f'<p class="note">Your vote: {label}. You can change it.</p>')
    if tally is not None:
        parts.append("<h2>The room so far</h2>" + _tally_lines(question, tally))
    parts.append(
        f'<form method="post" action="{action}">'
        f'<input type="hidden" name="q" value="{escape(question.id)}">'
    )
    if question.is_dot_vote:
        parts.append(
            f"<fieldset><legend>Spread up to {question.dots} "
            f"dot{'s' if question.dots != 1 else ''}</legend>"
        )
        for option in question.options:
            dots = cast.dots.get(option.key, 0) if cast else 0
            choices = "".join(
                f'<option value="{n}"{" selected" if n == dots else ""}>{n}</option>'
                for n in range(question.dots + 1)
            )
            parts.append(
                f'<label><select name="dot-{escape(option.key)}">{choices}</select> '
                f"{escape(option.label)}</label>"
            )
    else:
        parts.append("<fieldset><legend>Your vote</legend>")
        for option in question.options:
            checked = " checked" if cast is not None and cast.choice == option.key else ""
            parts.append(
                f'<label><input type="radio" name="choice" value="{escape(option.key)}"'
                f"{checked} required> {escape(option.label)}</label>"
            )
    parts.append("</fieldset>")
    parts.append(
        '<label>Your name (optional) <input type="text" name="name" maxlength="60" '
        f'value="{escape(name)}" autocomplete="off"></label>'
        "<p><button type=submit>Vote</button></p></form>"
        f'<p><a href="{action}">Refresh</a> to see the question open now.</p>'
    )
    return _page("Ballot", "".join(parts))
