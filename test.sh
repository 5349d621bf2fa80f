#!/usr/bin/env bash
# The tests, Go and Python, from a fresh clone. The first run installs aimo's
# Python environment (torch, transformers, peft, ...: a few GB, a few minutes)
# into ~/.cache/aimo/venv-<hash of backends/pyenv/requirements.txt>; later
# runs find it and start at once. Tests that need ../shared/data skip, saying
# so, where it is absent.
set -euo pipefail
cd "$(dirname "$0")"
export CGO_ENABLED=1 # the SQLite cache (mattn/go-sqlite3) needs cgo

go run ./cmd/aimo doctor --install
python=$(go run ./cmd/aimo doctor --python)
# The environment is installed now: a test that needs it must not skip.
export AIMO_REQUIRE_PYTHON=1

go test -timeout 45m ./...
"$python" -m pytest -q
