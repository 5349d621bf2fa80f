package dataset

import "strings"

// categories maps subject names, lower-cased, onto the broad categories
// same_category few-shot draws from. MATH's seven subjects map onto five
// (intermediate algebra joins algebra, precalculus stays on its own); the
// names the original pipeline's hand-picked examples used (arithmetic,
// combinatorics) and common synonyms map onto the same five.
var categories = map[string]string{
	"algebra":                  "algebra",
	"intermediate algebra":     "algebra",
	"counting & probability":   "counting & probability",
	"counting and probability": "counting & probability",
	"combinatorics":            "counting & probability",
	"probability":              "counting & probability",
	"geometry":                 "geometry",
	"number theory":            "number theory",
	"prealgebra":               "prealgebra",
	"arithmetic":               "prealgebra",
	"precalculus":              "precalculus",
}

// Category is the broad category of a subject; unknown subjects are their
// own category.
func Category(subject string) string {
	s := strings.ToLower(strings.TrimSpace(subject))
	if c, ok := categories[s]; ok {
		return c
	}
	return s
}
