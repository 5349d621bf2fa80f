package keyhash

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"testing"
)

// TestSumMatchesSHA256 checks Sum, on this processor's path and on
// crypto/sha256's, against crypto/sha256 itself, for every message length
// one block holds and random contents.
func TestSumMatchesSHA256(t *testing.T) {
	t.Logf("SHA-256 instructions used: %v", native)
	r := rand.New(rand.NewPCG(7, 8))
	for n := 1; n <= MaxLen; n++ {
		const count = 50
		msgs := make([]byte, count*n)
		for i := range msgs {
			msgs[i] = byte(r.Uint32())
		}
		got, slow := make([]byte, 16*count), make([]byte, 16*count)
		Sum(msgs, n, got)
		sumGo(msgs, n, count, slow)
		for i := range count {
			want := sha256.Sum256(msgs[i*n : (i+1)*n])
			if !bytes.Equal(got[16*i:16*i+16], want[:16]) || !bytes.Equal(slow[16*i:16*i+16], want[:16]) {
				t.Fatalf("length %d, message %d: %x (Go path %x), want %x", n, i, got[16*i:16*i+16], slow[16*i:16*i+16], want[:16])
			}
		}
	}
}

func BenchmarkSum24(b *testing.B) {
	const count = 16384
	msgs := make([]byte, 24*count)
	out := make([]byte, 16*count)
	for b.Loop() {
		Sum(msgs, 24, out)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*count), "ns/msg")
}

func BenchmarkSum24Go(b *testing.B) {
	const count = 16384
	msgs := make([]byte, 24*count)
	out := make([]byte, 16*count)
	for b.Loop() {
		sumGo(msgs, 24, count, out)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*count), "ns/msg")
}
