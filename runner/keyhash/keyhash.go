// Package keyhash hashes many short messages at once with SHA-256: what
// checking a scanned cache row against its sample's key costs, 32 million
// times for a large sweep. One message is at most 55 bytes (one SHA-256
// block). On amd64 processors with the SHA extensions the whole batch is
// hashed in C in one call, with the processor's SHA-256 instructions;
// elsewhere, and for tests, crypto/sha256 does it. Both give SHA-256 exactly
// (TestSumMatchesSHA256).
package keyhash

import "crypto/sha256"

// MaxLen is the longest message Sum takes: one block with its padding.
const MaxLen = 55

// Size is the bytes of each message's hash Sum writes.
const Size = 16

// Sum writes the first 16 bytes of the SHA-256 of each message, stored
// width bytes apart in msgs (each of length n ≤ MaxLen), into out, 16
// bytes a message.
func Sum(msgs []byte, width, n int, out []byte) {
	count := len(msgs) / width
	if n < 0 || n > MaxLen || width < n || len(out) < Size*count {
		panic("keyhash: bad message layout")
	}
	if count > 0 && sumNative(msgs, width, n, count, out) {
		return
	}
	sumGo(msgs, width, n, count, out)
}

// sumGo is Sum with crypto/sha256.
func sumGo(msgs []byte, width, n, count int, out []byte) {
	for i := range count {
		sum := sha256.Sum256(msgs[i*width : i*width+n])
		copy(out[16*i:], sum[:16])
	}
}
