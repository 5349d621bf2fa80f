//go:build amd64 && cgo

package keyhash

/*
#include <stdint.h>
#include <string.h>
#include <cpuid.h>
#include <immintrin.h>

// has_sha_ni says the processor has the SHA extensions and the SSSE3 and
// SSE4.1 instructions the rounds use alongside them.
static int has_sha_ni(void) {
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19))) {
		return 0;
	}
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
		return 0;
	}
	return (b >> 29) & 1;
}

// The round constants, four a step of the message schedule.
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// sum_blocks hashes four padded 64-byte blocks, each from SHA-256's
// initial state, and writes the first 16 bytes of each digest, 16 bytes
// apart. The four are interleaved: one block's rounds depend each on the
// last, and the processor overlaps the others' with them.
__attribute__((target("sha,ssse3,sse4.1")))
static void sum_blocks(const uint8_t *blocks, uint8_t *out) {
	static const uint32_t init[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	// Byte order: the message words are big endian.
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	// The state as the SHA instructions hold it: ABEF and CDGH.
	__m128i t = _mm_loadu_si128((const __m128i *)&init[0]);
	__m128i cdgh = _mm_loadu_si128((const __m128i *)&init[4]);
	t = _mm_shuffle_epi32(t, 0xB1);
	cdgh = _mm_shuffle_epi32(cdgh, 0x1B);
	const __m128i abef = _mm_alignr_epi8(t, cdgh, 8);
	cdgh = _mm_blend_epi16(cdgh, t, 0xF0);
	enum { ways = 4 };
	__m128i s0[ways], s1[ways], w[ways][4];
	for (int b = 0; b < ways; b++) {
		s0[b] = abef;
		s1[b] = cdgh;
	}
	for (int i = 0; i < 16; i++) {
		const __m128i k = _mm_loadu_si128((const __m128i *)&K[4 * i]);
		for (int b = 0; b < ways; b++) {
			__m128i x;
			if (i < 4) {
				x = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 64 * b + 16 * i)), swap);
			} else {
				// Words 4i..4i+3 from words 4i-16..4i-1 (w[b][i%4]
				// holds 4i-16..4i-13).
				x = _mm_sha256msg1_epu32(w[b][i % 4], w[b][(i + 1) % 4]);
				x = _mm_add_epi32(x, _mm_alignr_epi8(w[b][(i + 3) % 4], w[b][(i + 2) % 4], 4));
				x = _mm_sha256msg2_epu32(x, w[b][(i + 3) % 4]);
			}
			w[b][i % 4] = x;
			__m128i m = _mm_add_epi32(x, k);
			s1[b] = _mm_sha256rnds2_epu32(s1[b], s0[b], m);
			m = _mm_shuffle_epi32(m, 0x0E);
			s0[b] = _mm_sha256rnds2_epu32(s0[b], s1[b], m);
		}
	}
	for (int b = 0; b < ways; b++) {
		__m128i a = _mm_add_epi32(s0[b], abef);
		__m128i c = _mm_add_epi32(s1[b], cdgh);
		// Back to A..D (the first 16 bytes of the digest), big endian.
		a = _mm_shuffle_epi32(a, 0x1B);
		c = _mm_shuffle_epi32(c, 0xB1);
		__m128i abcd = _mm_blend_epi16(a, c, 0xF0);
		_mm_storeu_si128((__m128i *)(out + 16 * b), _mm_shuffle_epi8(abcd, swap));
	}
}

// sum_all pads and hashes count messages of n bytes one after the other,
// four at a time (the last group padded with copies of its first).
static void sum_all(const uint8_t *msgs, int n, int count, uint8_t *out) {
	uint8_t blocks[4 * 64], tail[4 * 16];
	memset(blocks, 0, sizeof blocks);
	uint64_t bits = (uint64_t)n * 8;
	for (int b = 0; b < 4; b++) {
		blocks[64 * b + n] = 0x80;
		for (int i = 0; i < 8; i++) {
			blocks[64 * b + 63 - i] = (uint8_t)(bits >> (8 * i));
		}
	}
	for (int i = 0; i < count; i += 4) {
		int group = count - i < 4 ? count - i : 4;
		for (int b = 0; b < 4; b++) {
			memcpy(blocks + 64 * b, msgs + (size_t)(i + (b < group ? b : 0)) * n, n);
		}
		if (group == 4) {
			sum_blocks(blocks, out + (size_t)16 * i);
		} else {
			sum_blocks(blocks, tail);
			memcpy(out + (size_t)16 * i, tail, (size_t)16 * group);
		}
	}
}
*/
import "C"

import "unsafe"

// native says the processor can hash with its SHA-256 instructions.
var native = C.has_sha_ni() != 0

// sumNative is Sum on the processor's SHA-256 instructions, when it has
// them; it reports whether it hashed.
func sumNative(msgs []byte, n, count int, out []byte) bool {
	if !native {
		return false
	}
	C.sum_all((*C.uint8_t)(unsafe.Pointer(&msgs[0])), C.int(n), C.int(count), (*C.uint8_t)(unsafe.Pointer(&out[0])))
	return true
}
