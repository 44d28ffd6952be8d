"""A writer process for the kill test: saves a session and gets SIGKILLed on the way.

Run as ``python save_writer.py SESSION NEW``. It reads commands on stdin, one a line, and
answers each on stdout once the writer is dead or done:

- ``step N``: fork a writer that saves NEW's session over SESSION, counting every file
  operation (open, each chunk written, flush, close, fsync, replace, unlink, …) and
  SIGKILLing itself just before operation N. Answers ``killed`` or ``done STEPS``.
- ``random MS``: fork a writer that saves SESSION's and NEW's sessions over SESSION in
  turn, without end, and SIGKILL it from here after MS milliseconds. Answers ``killed``.

Forking from this one process (which imports the program once) keeps each run to a few
milliseconds, so the test can kill a save at every step of it.
"""

from __future__ import annotations

import builtins
import io
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from cohere_tui.store import load_session, save_session

CHUNK = 8 * 1024


def instrument(kill_at: int) -> list[int]:
    """Count file operations from here on; SIGKILL this process before operation ``kill_at``."""
    count = [0]

    def step() -> None:
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    class File:
        """A file whose writes go to the disk in chunks, one step each."""

        def __init__(self, raw: Any) -> None:
            self.raw = raw

        def write(self, data: bytes) -> int:
            view = memoryview(data)
            for start in range(0, len(view), CHUNK):
                step()
                self.raw.write(view[start : start + CHUNK])
                self.raw.flush()
            return len(data)

        def flush(self) -> None:
            step()
            self.raw.flush()

        def close(self) -> None:
            step()
            self.raw.close()

        def __enter__(self) -> File:
            return self

        def __exit__(self, *exc: object) -> None:
            self.close()

        def __getattr__(self, name: str) -> Any:
            return getattr(self.raw, name)

    real_open = io.open

    def counting_open(*args: Any, **kwargs: Any) -> File:
        step()
        return File(real_open(*args, **kwargs))

    builtins.open = counting_open  # type: ignore[assignment]
    io.open = counting_open  # type: ignore[assignment]

    def wrap(name: str) -> None:
        real = getattr(os, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            step()
            return real(*args, **kwargs)

        setattr(os, name, counted)

    for name in ("open", "close", "fsync", "replace", "rename", "link", "unlink", "mkdir"):
        wrap(name)
    real_write = os.write

    def chunked_write(fd: int, data: Any) -> int:
        """A write goes to the disk in chunks, one step each (a kill can tear it)."""
        view = memoryview(data)
        step()
        written = real_write(fd, view[:CHUNK])
        return written

    os.write = chunked_write
    return count


def main() -> None:
    path, new_path = Path(sys.argv[1]), Path(sys.argv[2])
    new = load_session(new_path).session
    for line in sys.stdin:
        command, _, arg = line.partition(" ")
        if command == "step":
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                before = load_session(path)
                count = instrument(int(arg))
                save_session(new, path, expected=before.fingerprint)
                steps = count[0]
                os.write(write_end, str(steps).encode())
                os._exit(0)
            os.close(write_end)
            _, status = os.waitpid(pid, 0)
            with os.fdopen(read_end, "rb") as fh:
                told = fh.read().decode()
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
                answer = "killed"
            elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
                answer = f"done {told}"
            else:
                answer = f"failed {status}"
        elif command == "random":
            old = load_session(path).session
            pid = os.fork()
            if pid == 0:
                turn = 0
                while True:
                    save_session(new if turn % 2 == 0 else old, path)
                    turn += 1
            time.sleep(int(arg) / 1000)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            answer = "killed"
        else:
            answer = f"unknown command {command}"
        print(answer, flush=True)


if __name__ == "__main__":
    main()
