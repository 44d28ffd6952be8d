"""`make mutate`: print the mutation score of each core module from the results of the last
mutation run (the `.meta` file the mutation tool keeps beside each mutated module under
`mutants/`), as killed / total and the percentage; the names of the mutants that survived go to `mutants/survivors.txt`.

A mutant counts as killed when a unit test failed (or ran out of time) with it in place;
"survived" means every test that runs the mutated function passed; "no tests" means no unit
test runs that function at all. Each run of the tool makes every mutant afresh and forgets the results of the mutants it did
not check (`make mutate MODULE=…` checks one module), so each mutant's latest result is kept
in `mutants/scores.json`, and figures that rest partly on an earlier run are marked so.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

CORE = {
    "store": "src/cohere_tui/store.py",
    "document": "src/cohere_tui/document.py",
    "edits": "src/cohere_tui/edits",
    "analysis": "src/cohere_tui/analysis.py",
    "workbook.importer": "src/cohere_tui/workbook/importer.py",
    "workbook.reader": "src/cohere_tui/workbook/reader.py",
}
"""The modules (or package) whose score is reported, by the name `MODULE=` takes."""


def module_of(key: str) -> str | None:
    """The core module (a name of :data:`CORE`) a mutant's name belongs to, or None."""
    for name in CORE:
        if key.startswith(f"cohere_tui.{name}."):
            return name
    return None


KILLED = {1, 3, -24, 24, 152, 36, -9}
"""Exit codes of a test run that caught the mutant: a failure, an internal error, a timeout."""

SURVIVED = 0
NO_TESTS = {5, 33}


def results(mutants: Path, source: str) -> dict[str, int | None]:
    """Every mutant of a module (or of each module of a package) and the exit code its run
    ended with (None: not checked)."""
    root = mutants / source
    metas = sorted(root.rglob("*.py.meta")) if root.is_dir() else [Path(f"{root}.meta")]
    codes: dict[str, int | None] = {}
    for meta in metas:
        if meta.exists():
            codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def tally(codes: dict[str, int | None]) -> Counter[str]:
    """How many mutants were killed, survived, had no test, or were not checked."""
    counts: Counter[str] = Counter()
    for code in codes.values():
        if code is None:
            counts["not checked"] += 1
        elif code in KILLED:
            counts["killed"] += 1
        elif code == SURVIVED:
            counts["survived"] += 1
        elif code in NO_TESTS:
            counts["no tests"] += 1
        else:
            counts["other"] += 1
    return counts


def kept(
    mutants: Path, name: str, codes: dict[str, int | None]
) -> tuple[dict[str, int | None], bool]:
    """Each mutant's latest result: from this run if it checked the mutant, else from the
    run that last did (kept in ``scores.json``); and whether any comes from an earlier run.
    (After a change to a module's code, run it whole again: mutants are named by their
    function and number, so an old result may be of a different mutation.)"""
    store = mutants / "scores.json"
    saved: dict[str, dict[str, int | None]] = (
        json.loads(store.read_text(encoding="utf-8")) if store.exists() else {}
    )
    before = saved.get(name, {})
    merged = {key: code if code is not None else before.get(key) for key, code in codes.items()}
    earlier = any(code is None and before.get(key) is not None for key, code in codes.items())
    saved[name] = merged
    store.write_text(json.dumps(saved, indent=1, sort_keys=True), encoding="utf-8")
    return merged, earlier


def estimate(codes: dict[str, int | None], draw: dict[str, list[str]]) -> str:
    """The score of the whole module, estimated by strata: the mutants checked before the
    sample was drawn count as they are, the rest (the stratum the sample was drawn from) at
    the rate of the sample; with a 95% interval (Wilson's, which holds at a rate of 100%)."""
    stratum = set(draw["stratum"]) & set(codes)
    before = [code for key, code in codes.items() if key not in stratum and code is not None]
    drawn = [codes[key] for key in draw["sample"] if codes.get(key) is not None]
    if not drawn:
        return "    (the sample drawn has no results yet)"
    n, z = len(drawn), 1.96
    rate = sum(code in KILLED for code in drawn) / n
    centre = (rate + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    whole = len(before) + len(stratum)
    known = sum(code in KILLED for code in before)

    def share(r: float) -> float:
        return 100 * (known + r * len(stratum)) / whole

    return (
        f"    whole module, estimated: {share(rate):.1f}% (95% interval "
        f"{share(max(0.0, centre - half)):.1f}–{share(min(1.0, centre + half)):.1f}%; "
        f"{len(before)} checked one by one, the other {len(stratum)} at the rate of a "
        f"random sample of {n}: {100 * rate:.1f}% killed)"
    )


def main(argv: list[str]) -> int:
    mutants = Path("mutants")
    if not mutants.is_dir():
        print("no mutation results: run `make mutate` first")
        return 1
    wanted = argv[1:] or list(CORE)
    unknown = [name for name in wanted if name not in CORE]
    if unknown:
        print(f"unknown module {', '.join(unknown)}: choose from {', '.join(CORE)}")
        return 2
    sample = mutants / "sample.json"
    draws = json.loads(sample.read_text(encoding="utf-8")) if sample.exists() else {}
    print(f"{'module':<20}{'killed':>8}{'total':>8}{'score':>8}{'survived':>10}{'no tests':>10}")
    survivors: list[str] = []
    for name in wanted:
        codes, earlier = kept(mutants, name, results(mutants, CORE[name]))
        counts = tally(codes)
        total = len(codes)
        if not total or counts["not checked"] == total:
            print(f"{name:<20}{'not run':>8}")
            continue
        checked = total - counts["not checked"]
        score = 100 * counts["killed"] / checked
        notes = [f"{counts['not checked']} not checked"] if counts["not checked"] else []
        notes += ["earlier run"] if earlier else []
        note = f"  ({', '.join(notes)})" if notes else ""
        print(
            f"{name:<20}{counts['killed']:>8}{checked:>8}{score:>7.1f}%"
            f"{counts['survived']:>10}{counts['no tests']:>10}{note}"
        )
        if name in draws:
            print(estimate(codes, draws[name]))
        survivors += sorted(key for key, code in codes.items() if code == SURVIVED)
    listing = mutants / "survivors.txt"
    listing.write_text("".join(f"{key}\n" for key in survivors), encoding="utf-8")
    print(
        f"\n{len(survivors)} surviving mutants listed in {listing} (`mutmut show NAME` shows one)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
