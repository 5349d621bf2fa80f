// Package dataset loads problem sets, filters them into AIMO format, splits
// them and picks few-shot examples.
//
// It is opinionated about three things. Nothing is dropped silently: a
// malformed row is an error naming path:line, and every filtered or
// duplicated problem is counted in a report. Everything is deterministic: IDs
// come from the data (or its line numbers), splits and example draws use
// seeded PCG generators over sorted inputs, never map order. And nothing
// leaks: problems whose normalised text is the same always land in the same
// split, and a problem is never its own few-shot example.
package dataset
