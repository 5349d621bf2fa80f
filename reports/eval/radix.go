package eval

import "math"

// sortFloats sorts the keys x (see sortKey) ascending with a
// least-significant-digit radix sort, 11 bits a pass, using tmp (grown to
// len(x)) as scratch, and returns tmp for reuse. The signals' values number
// in the hundreds of thousands per pool, where six counting passes beat a
// comparison sort; a pass whose digit is the same for every key is skipped.
func sortFloats(x, tmp []uint64) []uint64 {
	const bits, size = 11, 1 << 11
	n := len(x)
	if cap(tmp) < n {
		tmp = make([]uint64, n)
	}
	tmp = tmp[:n]
	src, dst := x, tmp
	var count [size + 1]int
	for shift := uint(0); shift < 64; shift += bits {
		clear(count[:])
		for _, k := range src {
			count[(k>>shift)&(size-1)+1]++
		}
		if count[(src[0]>>shift)&(size-1)+1] == n {
			continue
		}
		for b := 1; b <= size; b++ {
			count[b] += count[b-1]
		}
		for _, k := range src {
			d := (k >> shift) & (size - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
	return tmp
}

// sortKey maps a float64 to a uint64 whose unsigned order is the float's.
func sortKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}
