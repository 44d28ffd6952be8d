"""`make mutate`: run the mutation tool (mutmut 3) over the core, with two mends to how it
times tests.

- It takes a test's duration from the last phase pytest reports (the teardown, a few
  milliseconds), so every budget it derives from durations is near zero: the CPU-time limit
  of each mutant's run (thirty times its tests' time, plus thirty seconds) stopped survivors
  whose tests take longer and scored them as killed, and the "fastest tests first" order was
  random. Here a test's duration is the sum of its setup, call and teardown.
- Its wall-clock watchdog compares each running mutant with the budget of whichever mutant it
  last looked at (not its own), and counts wall-clock time, so on a shared, loaded machine it
  stopped mutants that were merely waiting for a core. Here it is turned off; a mutant is
  still stopped by the CPU-time limit, and a test that hangs without spending CPU fails at
  the suite's own per-test timeout.
- Each mutant's run is a fork of the process that ran the clean tests, so the core's caches
  (`functools.lru_cache`, e.g. the analysis's word folding) come filled: a mutant of a
  function only a cached one calls never ran, and survived however well it was tested. Each
  mutant's run now empties those caches first.

`--sample N` (`make mutate SAMPLE=N`) checks, of each core module, N mutants drawn at random
(a fixed seed) from those no earlier run has a result for (`mutants/scores.json`), and records
the draw in `mutants/sample.json`, so that `bench/mutation_score.py` can estimate the score of
the mutants not checked from those drawn. A whole run of the core takes most of a day on two
cores (most mutants are reached by a few hundred tests, and a survivor runs them all).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mutmut
import mutmut.__main__ as tool
from mutation_score import CORE, module_of

_tool_run_tests = tool.PytestRunner.run_tests


def _run_tests(self: Any, *, mutant_name: str | None, tests: list[str]) -> int:
    """The tool's run of one mutant's tests, with the core's caches emptied first."""
    for name, module in list(sys.modules.items()):
        if name.startswith("cohere_tui"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    return int(_tool_run_tests(self, mutant_name=mutant_name, tests=tests))


def _no_watchdog(mutants: Any) -> Callable[[], None]:
    """The tool starts this in a thread; it returns at once."""
    return lambda: None


def _run_stats(self: Any, *, tests: list[str]) -> int:
    """The tool's own stats run (which tests reach which function), timing whole tests."""
    durations: defaultdict[str, float] = defaultdict(float)

    class StatsCollector:
        def pytest_runtest_teardown(self, item: Any, nextitem: Any) -> None:
            for function in mutmut._stats:
                mutmut.tests_by_mangled_function_name[function].add(
                    tool.strip_prefix(item._nodeid, prefix="mutants/")
                )
            mutmut._stats.clear()

        def pytest_runtest_logreport(self, report: Any) -> None:
            durations[report.nodeid] += report.duration
            mutmut.duration_by_test[report.nodeid] = durations[report.nodeid]

    args = ["-x", "-q", *(tests or mutmut.config.tests_dir or [])]
    with tool.change_cwd("mutants"):
        return int(self.execute_pytest(args, plugins=[StatsCollector()]))


def _sampled(size: int, wanted: list[str]) -> Callable[..., Any]:
    """The tool's list of mutants, cut to ``size`` unchecked mutants of each wanted module."""
    collect = tool.collect_source_file_mutation_data

    def collect_sample(*, mutant_names: Any) -> Any:
        mutants, by_path = collect(mutant_names=mutant_names)
        scores = Path("mutants/scores.json")
        known = json.loads(scores.read_text("utf-8")) if scores.exists() else {}
        draw: dict[str, dict[str, list[str]]] = {}
        chosen: set[str] = set()
        for name in wanted:
            before = known.get(name, {})
            stratum = sorted(
                key for _, key, _ in mutants if module_of(key) == name and before.get(key) is None
            )
            sample = sorted(random.Random(f"{name}-2026").sample(stratum, min(size, len(stratum))))
            draw[name] = {"stratum": stratum, "sample": sample}
            chosen.update(sample)
        Path("mutants/sample.json").write_text(json.dumps(draw, indent=1), "utf-8")
        print(f"checking a sample of {len(chosen)} mutants: " + ", ".join(
            f"{name} {len(d['sample'])} of {len(d['stratum'])} unchecked" for name, d in draw.items()
        ))  # fmt: skip
        return [m for m in mutants if m[1] in chosen], by_path

    return collect_sample


if __name__ == "__main__":
    tool.timeout_checker = _no_watchdog
    tool.PytestRunner.run_stats = _run_stats
    tool.PytestRunner.run_tests = _run_tests
    if "--sample" in sys.argv:
        at = sys.argv.index("--sample")
        size = int(sys.argv[at + 1])
        del sys.argv[at : at + 2]
        modules = [arg for arg in sys.argv[1:] if arg.startswith("cohere_tui.")]
        wanted = [name for name in CORE if not modules or f"cohere_tui.{name}.*" in modules]
        sys.argv = [arg for arg in sys.argv if not arg.startswith("cohere_tui.")]
        tool.collect_source_file_mutation_data = _sampled(size, wanted)
    tool.cli()
