package answer

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// isPlainNumber reports whether s is an optionally signed run of digits with at most
// one decimal point: the common case, kept free of allocations.
func isPlainNumber(s string) bool {
	if s == "" || s[len(s)-1] == '.' {
		return false // "12." ends a sentence; Clean drops the period
	}
	i, dot, digits := 0, false, 0
	if s[0] == '-' || s[0] == '+' {
		i = 1
	}
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// plainEqual compares two plain numbers: integers exactly, digit by digit, and
// decimals exactly or else within relTol (a decimal may be a rounded value).
func plainEqual(g, p string) bool {
	if !strings.Contains(g, ".") && !strings.Contains(p, ".") {
		return normInt(g) == normInt(p)
	}
	x, ok1 := new(big.Rat).SetString(g)
	y, ok2 := new(big.Rat).SetString(p)
	if ok1 && ok2 && x.Cmp(y) == 0 {
		return true
	}
	f, err1 := strconv.ParseFloat(g, 64)
	h, err2 := strconv.ParseFloat(p, 64)
	if err1 != nil || err2 != nil || math.IsInf(f, 0) || math.IsInf(h, 0) {
		return false
	}
	return closeTo(complex(f, 0), complex(h, 0))
}

// normInt writes an integer without a plus sign or leading zeros ("-0" is "0").
func normInt(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(strings.TrimLeft(s, "+-"), "0")
	if s == "" {
		return "0"
	}
	if neg {
		return "-" + s
	}
	return s
}
