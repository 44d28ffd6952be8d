#!/bin/bash
# bench/try_mutant.sh NAME [pytest args...]: does a test kill this mutant of the last
# `make mutate`? Writes the mutant (from mutants/src) into this checkout's source, runs pytest
# on the given tests, and puts the source file back as git has it. Prints KILLED (a test
# failed) or SURVIVED (all passed); exit 2 when the mutant cannot be written.
#   bench/try_mutant.sh cohere_tui.store.x_slugify__mutmut_16 tests/unit/test_store.py
set -u
TREE=$(cd "$(dirname "$0")/.." && pwd)
NAME=$1; shift
PY="$TREE/.venv/bin/python"
if ! "$PY" "$TREE/bench/mutant.py" apply "$TREE" "$NAME"; then echo "could not write $NAME"; exit 2; fi
LOG=$(mktemp)
(cd "$TREE" && timeout 600 "$PY" -m pytest -q -x -p no:cacheprovider "$@" >"$LOG" 2>&1)
rc=$?
"$PY" "$TREE/bench/mutant.py" revert "$TREE" "$NAME"
if [ $rc -eq 0 ]; then echo "SURVIVED $NAME"; elif [ $rc -eq 1 ]; then echo "KILLED $NAME"; else echo "ERROR rc=$rc $NAME (see $LOG)"; exit 2; fi
rm -f "$LOG"
