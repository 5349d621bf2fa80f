//go:build !linux

package main

// physicalMemory is the machine's memory in bytes, 0 if unknown: not asked
// here.
var physicalMemory = func() int64 { return 0 }
