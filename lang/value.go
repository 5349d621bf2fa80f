package lang

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Value is one scalar matrix value: a string, a number, a boolean or null.
type Value struct {
	Kind ValueKind
	Str  string
	Num  float64
}

// ValueKind tells which of Value's fields is meaningful.
type ValueKind uint8

const (
	Null ValueKind = iota
	String
	Number
	Bool
)

// String formats the value as a user wrote it; numbers use the shortest form.
func (v Value) String() string {
	switch v.Kind {
	case String:
		return v.Str
	case Number:
		return strconv.FormatFloat(v.Num, 'g', -1, 64)
	case Bool:
		return strconv.FormatBool(v.Num != 0)
	}
	return "null"
}

// Int returns the value as an integer (numbers only).
func (v Value) Int() int { return int(v.Num) }

// MarshalJSON writes the value back as the JSON scalar it came from.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.Kind {
	case String:
		return json.Marshal(v.Str)
	case Number:
		return []byte(v.String()), nil
	case Bool:
		return []byte(v.String()), nil
	}
	return []byte("null"), nil
}

func (v *Value) decodePath(d *decoder, path string, raw any) {
	switch x := raw.(type) {
	case nil:
		*v = Value{}
	case string:
		*v = Value{Kind: String, Str: x}
	case bool:
		*v = Value{Kind: Bool}
		if x {
			v.Num = 1
		}
	case json.Number:
		f, _ := x.Float64()
		*v = Value{Kind: Number, Num: f}
	default:
		d.fail(path, "expected a string, number, boolean or null, found %s", describe(raw))
	}
}

func (v Value) describe() string {
	switch v.Kind {
	case String:
		return fmt.Sprintf("string %q", v.Str)
	case Number:
		return "number " + v.String()
	case Bool:
		return "boolean " + v.String()
	}
	return "null"
}
