"""A ballot server on its own, driven by lines on standard input: for scripting a ballot,
for the tests and for the benchmark.

    python -m cohere_tui.ballot --host 127.0.0.1 --port 0 --question "How well …?" \\
        [--options 0,1,2,3 | --dots 3 --options F1,F2,F3] [--keep-open]

It prints one JSON line when it listens (``{"address", "code", "url", "port"}``), then
answers each command line with one JSON line: ``count`` (voted, joined, refused),
``reveal`` (the tally), ``open TEXT`` (a new question with the same options, meeting mode),
``close`` (the ballots, then it stops unless ``--keep-open``), ``stop`` (stops and exits).
Events (joined, voted, refused) are not printed; ``count`` reports them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from .question import BallotResult, Option, Question


def _result(result: BallotResult | None) -> dict[str, Any]:
    if result is None:
        return {"casts": [], "tally": {}, "ending": None}
    return {
        "ending": result.ending.value,
        "tally": result.tally(),
        "casts": [
            {"voice": c.voice, "choice": c.choice, "dots": dict(c.dots), "name": c.name}
            for c in result.casts
        ],
    }


async def _run(args: argparse.Namespace) -> int:
    from .server import BallotError, BallotServer

    options = tuple(Option(key, key) for key in args.options.split(","))
    question = Question(text=args.question, options=options, dots=args.dots)
    server = BallotServer(host=args.host, port=args.port, keep_open=args.keep_open)
    try:
        invitation = await server.open(question)
    except BallotError as exc:
        print(json.dumps({"error": str(exc)}), flush=True)
        return 1
    print(
        json.dumps(
            {
                "address": invitation.address,
                "code": invitation.code,
                "url": invitation.url,
                "port": server.port,
            }
        ),
        flush=True,
    )
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        while line := (await reader.readline()).decode().strip():
            command, _, rest = line.partition(" ")
            if command == "count":
                count = server.count()
                answer: dict[str, Any] = {
                    "voted": count.voted,
                    "joined": count.joined,
                    "refused": count.refused,
                    "text": count.text,
                }
            elif command == "reveal":
                answer = {"tally": server.reveal()}
            elif command == "open":
                await server.open(
                    Question(text=rest or args.question, options=options, dots=args.dots)
                )
                answer = {"opened": True}
            elif command == "close":
                answer = _result(await server.close())
                answer["listening"] = server.listening
            elif command == "stop":
                answer = _result(await server.stop())
                print(json.dumps(answer), flush=True)
                return 0
            else:
                answer = {"error": f"unknown command {command!r}"}
            print(json.dumps(answer), flush=True)
    finally:
        await server.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cohere_tui.ballot", description=__doc__)
    parser.add_argument("--host", required=True, help="the address to listen on (and show)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--question", default="How well does it align?")
    parser.add_argument("--options", default="0,1,2,3")
    parser.add_argument("--dots", type=int, default=0)
    parser.add_argument("--keep-open", action="store_true")
    args = parser.parse_args(argv)
    return asyncio.run(_run(args))


if __name__ == "__main__":
    sys.exit(main())
