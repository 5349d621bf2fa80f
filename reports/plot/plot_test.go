package plot

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestFront(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  []Point
		want []int
	}{
		{"one point is its own front", []Point{{X: 1, Y: 0.5}}, []int{0}},
		{"a dearer and worse point is dominated", []Point{{X: 1, Y: 0.9}, {X: 2, Y: 0.8}}, []int{0}},
		{"cheaper and worse both stay", []Point{{X: 4, Y: 0.9}, {X: 1, Y: 0.7}}, []int{1, 0}},
		{"equal cost keeps the more accurate", []Point{{X: 2, Y: 0.7}, {X: 2, Y: 0.8}}, []int{1}},
		{"equal accuracy keeps the cheaper", []Point{{X: 3, Y: 0.8}, {X: 1, Y: 0.8}}, []int{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Front(tc.pts); !slices.Equal(got, tc.want) {
				t.Errorf("Front = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestChartsAreByteStableAndSans draws every chart twice: the bytes must
// match, and the SVG must name the sans font, never the serif default.
func TestChartsAreByteStableAndSans(t *testing.T) {
	draw := []func() (*Figure, error){
		func() (*Figure, error) {
			return Intervals("i", "t", "x", []Interval{{"a <b>", 0.5, 0.4, 0.6}, {"b", 0.7, 0.6, 0.8}})
		},
		func() (*Figure, error) {
			return Heat("h", "t", "x", "y", Grid{Cols: []string{"1", "2"}, Rows: []string{"m"}, Values: [][]float64{{0.5, math.NaN()}}})
		},
		func() (*Figure, error) {
			return Lines("l", "t", "x", "y", []Series{{"a", []float64{1, 2}, []float64{0.1, 0.2}}})
		},
		func() (*Figure, error) { return Pareto("p", "t", "x", "y", []Point{{"a", 1, 0.5}, {"b", 2, 0.7}}) },
		func() (*Figure, error) { return Calibration("c", "t", "s", []Bin{{0.5, 0.4, 3}}) },
		func() (*Figure, error) {
			return Grouped("g", "t", "y", []string{"A"}, []Series{{Name: "s", Y: []float64{0.3}}})
		},
	}
	for _, d := range draw {
		a, b := encode(t, d), encode(t, d)
		if !bytes.Equal(a, b) {
			t.Errorf("two draws of the same chart differ")
		}
		if s := string(a); !strings.Contains(s, "Liberation Sans") || strings.Contains(s, "Serif") {
			t.Errorf("the SVG does not use Liberation Sans only")
		}
	}
}

func encode(t *testing.T, draw func() (*Figure, error)) []byte {
	f, err := draw()
	if err != nil {
		t.Fatal(err)
	}
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	png, err := f.PNG()
	if err != nil || len(png) == 0 {
		t.Fatalf("png: %v", err)
	}
	return append(svg, png...)
}
