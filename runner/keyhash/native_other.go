//go:build !amd64 || !cgo

package keyhash

// native says the processor's SHA-256 instructions are used: not here.
const native = false

// sumNative hashes nothing here: crypto/sha256 does it all.
func sumNative(msgs []byte, n, count int, out []byte) bool { return false }
