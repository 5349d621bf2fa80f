//go:build !amd64 || !cgo

package keyhash

// sumNative hashes nothing here: crypto/sha256 does it all.
func sumNative(msgs []byte, width, n, count int, out []byte) bool { return false }
