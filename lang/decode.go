package lang

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
)

// decoder maps a generic JSON value onto typed Go structs, strictly: every
// unknown field, wrong type and out-of-range number is recorded with its field
// path, so one run of aimo validate shows every problem at once.
type decoder struct {
	errs []*FieldError
}

// pathDecoder is implemented by types whose JSON shape is not a plain struct.
type pathDecoder interface {
	decodePath(d *decoder, path string, v any)
}

func (d *decoder) fail(path, format string, args ...any) {
	d.errs = append(d.errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) decode(path string, v any, rv reflect.Value) {
	if pd, ok := rv.Addr().Interface().(pathDecoder); ok {
		pd.decodePath(d, path, v)
		return
	}
	if v == nil && rv.Kind() != reflect.Interface {
		rv.Set(reflect.Zero(rv.Type())) // null means "not set"
		return
	}
	switch rv.Kind() {
	case reflect.Pointer:
		rv.Set(reflect.New(rv.Type().Elem()))
		d.decode(path, v, rv.Elem())
	case reflect.Struct:
		d.decodeStruct(path, v, rv)
	case reflect.Map:
		d.decodeMap(path, v, rv)
	case reflect.Slice:
		d.decodeSlice(path, v, rv)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			d.fail(path, "expected a string, found %s", describe(v))
			return
		}
		rv.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.fail(path, "expected a boolean, found %s", describe(v))
			return
		}
		rv.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, ok := asInt(v)
		if !ok {
			d.fail(path, "expected an integer, found %s", describe(v))
			return
		}
		rv.SetInt(n)
	case reflect.Float64:
		f, ok := asFloat(v)
		if !ok {
			d.fail(path, "expected a number, found %s", describe(v))
			return
		}
		rv.SetFloat(f)
	default:
		panic("lang: unsupported kind " + rv.Kind().String())
	}
}

func (d *decoder) decodeStruct(path string, v any, rv reflect.Value) {
	obj, ok := v.(map[string]any)
	if !ok {
		d.fail(path, "expected an object, found %s", describe(v))
		return
	}
	fields := jsonFields(rv.Type())
	for _, key := range sortedKeys(obj) {
		idx, ok := fields[key]
		if !ok {
			d.errs = append(d.errs, unknownField(path, key, fieldNames(fields)))
			continue
		}
		d.decode(join(path, key), obj[key], rv.Field(idx))
	}
}

func (d *decoder) decodeMap(path string, v any, rv reflect.Value) {
	obj, ok := v.(map[string]any)
	if !ok {
		d.fail(path, "expected an object, found %s", describe(v))
		return
	}
	rv.Set(reflect.MakeMapWithSize(rv.Type(), len(obj)))
	for _, key := range sortedKeys(obj) {
		elem := reflect.New(rv.Type().Elem()).Elem()
		d.decode(join(path, key), obj[key], elem)
		rv.SetMapIndex(reflect.ValueOf(key), elem)
	}
}

func (d *decoder) decodeSlice(path string, v any, rv reflect.Value) {
	arr, ok := v.([]any)
	if !ok {
		d.fail(path, "expected an array, found %s", describe(v))
		return
	}
	out := reflect.MakeSlice(rv.Type(), len(arr), len(arr))
	for i, item := range arr {
		d.decode(fmt.Sprintf("%s[%d]", path, i), item, out.Index(i))
	}
	rv.Set(out)
}

// jsonFields maps JSON names to field indexes, skipping `json:"-"`.
func jsonFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}

func fieldNames(m map[string]int) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func asInt(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	f, err := n.Float64()
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

func asFloat(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// describe names a JSON value's type and shows it when short, for errors.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 40 {
			x = x[:37] + "..."
		}
		return fmt.Sprintf("string %q", x)
	case bool:
		return fmt.Sprintf("boolean %v", x)
	case json.Number:
		return "number " + x.String()
	case []any:
		return fmt.Sprintf("an array of %d", len(x))
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
