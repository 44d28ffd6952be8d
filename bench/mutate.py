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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import mutmut
import mutmut.__main__ as tool


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


if __name__ == "__main__":
    tool.timeout_checker = _no_watchdog
    tool.PytestRunner.run_stats = _run_stats
    tool.cli()
