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

// Sum writes the first Size bytes of the SHA-256 of each message of msgs,
// messages of n bytes each (1 ≤ n ≤ MaxLen) one after the other, into out,
// Size bytes a message.
func Sum(msgs []byte, n int, out []byte) {
	if n < 1 || n > MaxLen || len(msgs)%n != 0 || len(out) < Size*(len(msgs)/n) {
		panic("keyhash: bad message layout")
	}
	count := len(msgs) / n
	if count > 0 && sumNative(msgs, n, count, out) {
		return
	}
	sumGo(msgs, n, count, out)
}

// sumGo is Sum with crypto/sha256.
func sumGo(msgs []byte, n, count int, out []byte) {
	for i := range count {
		sum := sha256.Sum256(msgs[i*n : (i+1)*n])
		copy(out[Size*i:], sum[:Size])
	}
}
