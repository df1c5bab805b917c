#!/usr/bin/env bash
# Run the project's pytest with the given arguments. Exit code 5 ("no tests
# collected") is a failure of the gate, never a pass: a step that should run
# tests and ran none has lost its tests.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/.venv/bin/pytest" "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "pytest.sh: FAILED: pytest collected no tests for: pytest $*" >&2
fi
exit "$rc"
