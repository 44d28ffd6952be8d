#!/usr/bin/env python3
"""One mutant of the last `make mutate`, without the tool (whose `show` takes ~15 s and
1.7 GB a call on two cores): the mutants are read from `mutants/src` of this checkout.

    bench/mutant.py show NAME          the mutant's change as a unified diff
    bench/mutant.py apply TREE NAME    write the mutant into TREE's source file (in place)
    bench/mutant.py revert TREE NAME   put TREE's source file back as git has it

NAME as mutmut names it: cohere_tui.analysis.x_suggest_decision__mutmut_47 or
cohere_tui.document.xǁSessionDocumentǁsave_copy_beside__mutmut_2.
"""

from __future__ import annotations

import ast
import difflib
import subprocess
import sys
from pathlib import Path

MUTANTS = Path(__file__).resolve().parent.parent / "mutants" / "src"


def locate(name: str) -> tuple[Path, str, str]:
    """The module's source path (relative, src/...), the mangled function name, the number."""
    head, _, number = name.rpartition("__mutmut_")
    module, _, mangled = head.rpartition(".")
    rel = Path(*module.split("."))
    path = rel.with_suffix(".py")
    if not (MUTANTS / path).exists():
        path = rel / "__init__.py"
    return path, mangled, number


def segments(path: Path, mangled: str, number: str) -> tuple[str, str]:
    text = (MUTANTS / path).read_text(encoding="utf-8")
    tree = ast.parse(text)
    want = {f"{mangled}__mutmut_orig": None, f"{mangled}__mutmut_{number}": None}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in want:
            want[node.name] = ast.get_source_segment(text, node, padded=False)
    orig, mutant = want.values()
    if orig is None or mutant is None:
        raise SystemExit(f"no such mutant: {mangled}__mutmut_{number} in {path}")
    plain = mangled.split("ǁ")[-1]
    if plain.startswith("x_") and "ǁ" not in mangled:
        plain = plain[2:]
    orig = orig.replace(f"{mangled}__mutmut_orig", plain, 1)
    mutant = mutant.replace(f"{mangled}__mutmut_{number}", plain, 1)
    return orig, mutant


def main(argv: list[str]) -> int:
    command = argv[1]
    if command == "show":
        path, mangled, number = locate(argv[2])
        orig, mutant = segments(path, mangled, number)
        src = f"src/{path}"
        sys.stdout.writelines(
            difflib.unified_diff(orig.splitlines(True), mutant.splitlines(True), src, src)
        )
        return 0
    wt = Path(argv[2])
    path, mangled, number = locate(argv[3])
    target = wt / "src" / path
    if command == "revert":
        subprocess.run(["git", "-C", str(wt), "checkout", "--", f"src/{path}"], check=True)
        return 0
    orig, mutant = segments(path, mangled, number)
    source = target.read_text(encoding="utf-8")
    # a method's text in the mutants copy starts at `def`, indented in the real file like it
    found = source.count(orig)
    if found != 1:
        print(f"the original function is found {found} times in {target}", file=sys.stderr)
        return 2
    target.write_text(source.replace(orig, mutant, 1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
