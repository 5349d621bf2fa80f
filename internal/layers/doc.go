// Package layers states the rule aimo's packages import by, and its test
// checks every package against it.
//
// The layers, from the top:
//
//  1. cmd/aimo and bench/: wiring; they may import anything.
//  2. reports/*: scoring, voting, statistics, plots, rendering, export. They
//     read plans, caches and datasets, so they may import runner/*.
//  3. runner/*: planning, the cache, datasets, prompts, scheduling. A runner
//     package never imports reports/*: what both need lives lower down.
//  4. lang and backends/*: the experiment language, and everything that talks
//     to the outside. Neither imports the other.
//  5. internal/*: leaf packages (answer extraction and equivalence, the
//     atomic file write) that import nothing of aimo outside internal/, so
//     every layer above may share them.
//
// A package may import packages of a lower layer and its siblings within its
// own top-level folder (reports/render imports reports/eval). Test support,
// internal/testkit, sits outside the rule: only tests import it.
package layers
