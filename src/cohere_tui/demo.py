"""The bundled demo session: a county aligning its education, health and social-services
departments around family outcomes.

Headless: never imports Textual.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .store import atomic_write, parse_toml, slugify


def demo_source() -> bytes:
    """The bundled demo session's bytes."""
    return (resources.files("cohere_tui") / "data" / "demo.toml").read_bytes()


def demo_path(sessions_dir: Path) -> Path:
    """Where `demo` puts its copy: sessions/<slug of the demo's title>.toml."""
    data = parse_toml(demo_source().decode("utf-8"), Path("demo.toml"))
    return sessions_dir / f"{slugify(str(data.get('title', 'demo')))}.toml"


def ensure_demo(sessions_dir: Path) -> Path:
    """The demo's copy in ``sessions_dir``, written there first when absent (never replaced:
    the facilitator may have worked in it). Raises :class:`OSError` when it cannot be written."""
    sessions_dir.mkdir(parents=True, exist_ok=True)
    path = demo_path(sessions_dir)
    if not path.exists():
        atomic_write(path, demo_source(), backup=False)
    return path
