package lang

import (
	"fmt"
	"sort"
)

// AxisKind is the type an axis's values must have.
type AxisKind uint8

const (
	AxisString AxisKind = iota
	AxisInt
	AxisFloat
)

// Axes lists the axes a matrix may vary, in the order cell names show them.
var Axes = []struct {
	Name  string
	Kind  AxisKind
	Short string // prefix in cell names for numeric values
}{
	{"model", AxisString, ""},
	{"template", AxisString, ""},
	{"fewshot", AxisInt, "fs"},
	{"fewshot_strategy", AxisString, ""},
	{"temperature", AxisFloat, "t"},
	{"top_p", AxisFloat, "p"},
	{"top_k", AxisInt, "k"},
	{"min_p", AxisFloat, "minp"},
	{"max_tokens", AxisInt, "max"},
	{"seed", AxisInt, "s"},
	{"reasoning_effort", AxisString, ""},
}

// NumAxes is len(Axes), as a constant so combinations can be fixed-size arrays.
const NumAxes = 11

// AxisIndex returns the position of name in Axes, or -1.
func AxisIndex(name string) int {
	for i, a := range Axes {
		if a.Name == name {
			return i
		}
	}
	return -1
}

func axisNames() []string {
	names := make([]string, len(Axes))
	for i, a := range Axes {
		names[i] = a.Name
	}
	return names
}

// Axis is one named list of values.
type Axis struct {
	Name   string
	Values []Value
}

// When adds axes only to the cells that match (conditional axes).
type When struct {
	Match map[string]Value
	Axes  []Axis
}

// Matrix is a GitHub-Actions-style matrix: the product of Axes and Zip groups
// (each zip group varies its axes together), conditional axes from When, then
// Exclude, then Include.
type Matrix struct {
	Axes    []Axis
	Zip     [][]Axis
	When    []When
	Exclude []map[string]Value
	Include []map[string]Value
}

var matrixKeys = append(axisNames(), "zip", "when", "exclude", "include")

func (m *Matrix) decodePath(d *decoder, path string, raw any) {
	obj, ok := raw.(map[string]any)
	if !ok {
		d.fail(path, "expected an object, found %s", describe(raw))
		return
	}
	for _, key := range sortedKeys(obj) {
		p := join(path, key)
		switch key {
		case "zip":
			m.Zip = decodeZip(d, p, obj[key])
		case "when":
			m.When = decodeWhen(d, p, obj[key])
		case "exclude":
			m.Exclude = decodeCombos(d, p, obj[key])
		case "include":
			m.Include = decodeCombos(d, p, obj[key])
		default:
			if AxisIndex(key) < 0 {
				d.errs = append(d.errs, unknownField(path, key, matrixKeys))
				continue
			}
			m.Axes = append(m.Axes, decodeAxis(d, p, key, obj[key]))
		}
	}
	sortAxes(m.Axes)
}

func sortAxes(axes []Axis) {
	sort.SliceStable(axes, func(i, j int) bool { return AxisIndex(axes[i].Name) < AxisIndex(axes[j].Name) })
}

func decodeAxis(d *decoder, path, name string, raw any) Axis {
	arr, ok := raw.([]any)
	if !ok {
		d.fail(path, "expected an array of values, found %s", describe(raw))
		return Axis{Name: name}
	}
	if len(arr) == 0 {
		d.fail(path, "an axis needs at least one value")
	}
	ax := Axis{Name: name, Values: make([]Value, len(arr))}
	for i, item := range arr {
		p := fmt.Sprintf("%s[%d]", path, i)
		ax.Values[i].decodePath(d, p, item)
		checkAxisValue(d, p, name, ax.Values[i])
	}
	return ax
}

func checkAxisValue(d *decoder, path, axis string, v Value) {
	idx := AxisIndex(axis)
	if idx < 0 {
		return
	}
	switch Axes[idx].Kind {
	case AxisString:
		if v.Kind != String {
			d.fail(path, "expected a string, found %s", v.describe())
		}
	case AxisInt:
		if v.Kind != Number || v.Num != float64(int(v.Num)) {
			d.fail(path, "expected an integer, found %s", v.describe())
		}
	case AxisFloat:
		if v.Kind != Number {
			d.fail(path, "expected a number, found %s", v.describe())
		}
	}
}

func decodeZip(d *decoder, path string, raw any) [][]Axis {
	arr, ok := raw.([]any)
	if !ok {
		d.fail(path, "expected an array of objects, found %s", describe(raw))
		return nil
	}
	var groups [][]Axis
	for i, item := range arr {
		p := fmt.Sprintf("%s[%d]", path, i)
		axes := decodeAxisSet(d, p, item)
		for _, a := range axes[1:] {
			if len(a.Values) != len(axes[0].Values) {
				d.fail(join(p, a.Name), "zipped axes must have equal lengths: %s has %d values, %s has %d",
					axes[0].Name, len(axes[0].Values), a.Name, len(a.Values))
			}
		}
		groups = append(groups, axes)
	}
	return groups
}

// decodeAxisSet reads an object of axes; it always returns at least one axis
// so callers can index it.
func decodeAxisSet(d *decoder, path string, raw any) []Axis {
	obj, ok := raw.(map[string]any)
	if !ok || len(obj) == 0 {
		d.fail(path, "expected an object of axes, found %s", describe(raw))
		return []Axis{{}}
	}
	var axes []Axis
	for _, key := range sortedKeys(obj) {
		if AxisIndex(key) < 0 {
			d.errs = append(d.errs, unknownField(path, key, axisNames()))
			continue
		}
		axes = append(axes, decodeAxis(d, join(path, key), key, obj[key]))
	}
	if len(axes) == 0 {
		return []Axis{{}}
	}
	sortAxes(axes)
	return axes
}

func decodeWhen(d *decoder, path string, raw any) []When {
	arr, ok := raw.([]any)
	if !ok {
		d.fail(path, "expected an array of {match, axes} objects, found %s", describe(raw))
		return nil
	}
	out := make([]When, 0, len(arr))
	for i, item := range arr {
		p := fmt.Sprintf("%s[%d]", path, i)
		obj, ok := item.(map[string]any)
		if !ok {
			d.fail(p, "expected an object with match and axes, found %s", describe(item))
			continue
		}
		var w When
		for _, key := range sortedKeys(obj) {
			switch key {
			case "match":
				w.Match = decodeCombo(d, join(p, key), obj[key])
			case "axes":
				w.Axes = decodeAxisSet(d, join(p, key), obj[key])
			default:
				d.errs = append(d.errs, unknownField(p, key, []string{"axes", "match"}))
			}
		}
		if w.Match == nil || w.Axes == nil {
			d.fail(p, "needs both match and axes")
		}
		out = append(out, w)
	}
	return out
}

func decodeCombos(d *decoder, path string, raw any) []map[string]Value {
	arr, ok := raw.([]any)
	if !ok {
		d.fail(path, "expected an array of objects, found %s", describe(raw))
		return nil
	}
	out := make([]map[string]Value, 0, len(arr))
	for i, item := range arr {
		out = append(out, decodeCombo(d, fmt.Sprintf("%s[%d]", path, i), item))
	}
	return out
}

func decodeCombo(d *decoder, path string, raw any) map[string]Value {
	obj, ok := raw.(map[string]any)
	if !ok {
		d.fail(path, "expected an object of axis values, found %s", describe(raw))
		return map[string]Value{}
	}
	combo := make(map[string]Value, len(obj))
	for _, key := range sortedKeys(obj) {
		if AxisIndex(key) < 0 {
			d.errs = append(d.errs, unknownField(path, key, axisNames()))
			continue
		}
		var v Value
		v.decodePath(d, join(path, key), obj[key])
		checkAxisValue(d, join(path, key), key, v)
		combo[key] = v
	}
	return combo
}
