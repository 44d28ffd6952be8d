"""The three themes a room can choose from: dark, light, and high contrast.

Each keeps text at a high contrast against its background for a projector; none carries
meaning by colour alone (ratings show their digit, states their word or symbol).
"""

from __future__ import annotations

from textual.theme import Theme

from ..settings import ThemeName

THEMES: dict[ThemeName, Theme] = {
    "cohere-dark": Theme(
        name="cohere-dark",
        primary="#1f6fb2",
        secondary="#56b4e9",
        accent="#f0a000",
        warning="#f0a000",
        error="#ff5c5c",
        success="#3cb371",
        foreground="#f2f2f2",
        background="#121212",
        surface="#1e1e1e",
        panel="#2a2f36",
        dark=True,
    ),
    "cohere-light": Theme(
        name="cohere-light",
        primary="#0b5394",
        secondary="#0062a0",
        accent="#b45f00",
        warning="#8a4b00",
        error="#b00020",
        success="#1b6e2a",
        foreground="#111111",
        background="#fdfdfd",
        surface="#f1f1f1",
        panel="#dde3ea",
        dark=False,
    ),
    "cohere-high-contrast": Theme(
        name="cohere-high-contrast",
        primary="#ffff00",
        secondary="#00ffff",
        accent="#00ffff",
        warning="#ffff00",
        error="#ff4040",
        success="#00ff00",
        foreground="#ffffff",
        background="#000000",
        surface="#000000",
        panel="#1c1c1c",
        boost="#262626",
        dark=True,
        luminosity_spread=0.0,
        text_alpha=1.0,
        variables={
            "scrollbar": "#bfbfbf",
            "scrollbar-hover": "#ffffff",
            "scrollbar-active": "#ffff00",
            "scrollbar-background": "#000000",
            "scrollbar-background-hover": "#000000",
            "scrollbar-background-active": "#000000",
            "block-cursor-blurred-background": "#404040",
            "footer-key-foreground": "#ffff00",
        },
    ),
}

THEME_LABELS: dict[ThemeName, tuple[str, str]] = {
    "cohere-dark": ("dark", "Light text on a dark background (the default)"),
    "cohere-light": ("light", "Dark text on a light background, for a bright room"),
    "cohere-high-contrast": (
        "high contrast",
        "White and yellow on black, for a weak projector or the back of a large room",
    ),
}
"""What the command palette calls each theme, and when to choose it."""
