"""Start-up: the collector waits while the app is imported and is put back as it was once
start-up is over (by the app's first paint, or by a command that opens no app)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import gc, json
before = gc.get_threshold()
import cohere_tui
during = gc.get_threshold()
cohere_tui.started()
after = gc.get_threshold()
frozen = gc.get_freeze_count()
cohere_tui.started()
print(json.dumps([before, during, after, frozen, gc.get_freeze_count()]))
"""


def test_the_collector_waits_during_start_up_and_is_put_back_after() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    _before, during, after, frozen, frozen_again = json.loads(done.stdout)
    assert during[0] >= 100_000
    assert after[0] < 100_000 and after[1:] == during[1:]
    assert frozen > 0
    assert frozen_again == frozen  # only the first call freezes


def test_a_command_without_the_app_runs_with_the_collector_as_usual() -> None:
    probe = (
        "import gc, contextlib, io\n"
        "from cohere_tui import cli\n"
        "with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    cli.main(['validate', 'no-such-file.toml'])\n"
        "print(gc.get_threshold()[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) < 100_000
