# aimo's ways in. `just` lists the recipes.

# List the recipes (what `just` alone does).
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

# README.md's tour, every command, checked against cmd/aimo/testdata/tour.golden (trains on CPU: minutes).
tour:
    AIMO_TOUR=full go test -count=1 -run TestREADMETour -v ./cmd/aimo

# aimo's Python environment (pinned requirements; a few GB on first use).
py:
    go run ./cmd/aimo doctor --install

# Benchmarks quoted in the docs (short runs; raise -benchtime for stable numbers).
bench:
    go test -run '^$' -bench . -benchtime 3x ./...

# Rewrite golden files after an intended output change; review the diff. Only the packages that define
# -update get it (go test ./... -update fails in every other package: "flag provided but not defined").
update-golden:
    go test $(grep -rl --include='*_test.go' 'flag.Bool("update"' . | xargs -n1 dirname | sort -u) -update

# Formatting and vet: gofmt lists files it would change, go vet reports suspect code.
lint:
    gofmt -l . && go vet ./...
