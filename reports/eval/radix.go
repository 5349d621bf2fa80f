package eval

import (
	"math"
	"slices"
)

// sortFloats sorts the keys x (see sortKey) ascending, using tmp (grown to
// len(x)) as scratch, and returns tmp for reuse. The signals' values number
// in the hundreds of thousands per pool, where counting passes beat a
// comparison sort: a least-significant-digit radix sort, 11 bits a pass, of
// the keys' top 32 bits (sign, exponent and 20 bits of mantissa: three
// passes, not six), a pass whose digit is the same for every key skipped;
// then each run of keys equal in those bits, a handful at most for values
// that vary, all equal for values that repeat, is put in order by the whole
// key.
func sortFloats(x, tmp []uint64) []uint64 {
	const bits, size, low = 11, 1 << 11, 32
	n := len(x)
	if cap(tmp) < n {
		tmp = make([]uint64, n)
	}
	tmp = tmp[:n]
	src, dst := x, tmp
	var count [size + 1]int
	for shift := uint(low); shift < 64; shift += bits {
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
	if n > 0 && &src[0] != &x[0] {
		copy(x, src)
	}
	for i := 0; i < n; {
		j := i + 1
		for j < n && x[j]>>low == x[i]>>low {
			j++
		}
		if run := x[i:j]; len(run) > 1 {
			if len(run) <= 16 {
				insertionSort(run)
			} else if !slices.IsSorted(run) {
				slices.Sort(run)
			}
		}
		i = j
	}
	return tmp
}

// insertionSort sorts a short run in place.
func insertionSort(x []uint64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// sortKey maps a float64 to a uint64 whose unsigned order is the float's.
func sortKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}
