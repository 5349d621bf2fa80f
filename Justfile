# aimo's ways in. `just` lists the recipes.

default:
    @just --list

# Build the aimo binary into ./bin.
build:
    go build -o bin/aimo ./cmd/aimo

# The main job on the embedded default: replayed real generations, SQLite cache.
quickstart: build
    ./bin/aimo run experiments/quickstart.jsonnet

# Plan the quickstart without running anything.
plan: build
    ./bin/aimo plan experiments/quickstart.jsonnet

# Every test, Go and Python (what CI runs; installs the Python environment on first use).
test:
    ./test.sh

# aimo's Python environment (pinned requirements; a few GB on first use).
py:
    go run ./cmd/aimo doctor --install

# Benchmarks quoted in the docs (short runs; raise -benchtime for stable numbers).
bench:
    go test -run '^$' -bench . -benchtime 3x ./...

# Rewrite golden files after an intended output change; review the diff.
update-golden:
    go test ./... -update

lint:
    gofmt -l . && go vet ./...
