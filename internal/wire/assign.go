package wire

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// decodeChecked fills input, an operation's empty api input struct, from
// checked, what validate returned. It is what json.Unmarshal of
// json.Marshal(checked) does, without the text in between (that round
// trip was most of decoding a request): checked holds only the members the
// shapes declare, by their exact json names, so there is nothing for
// encoding/json's case-insensitive matching to do.
//
// Whatever assign does not know to give the same result as the round trip
// (a member with no field of exactly its name, a string that is not valid
// UTF-8, a number that is not a JSON literal or does not fit, a kind it
// does not handle) makes it report false; the caller then decodes a fresh
// input the old way, which also gives the old errors.
func decodeChecked(input any, checked map[string]any) bool {
	return assign(reflect.ValueOf(input), checked)
}

// assign sets dst, addressable or a pointer, to v as encoding/json would
// decode v's JSON into it.
func assign(dst reflect.Value, v any) bool {
	if v == nil {
		return false
	}
	if dst.Kind() == reflect.Pointer {
		if dst.Type().Implements(unmarshalerType) {
			// api.Time: its own decoding, through its JSON.
			b, err := json.Marshal(v)
			if err != nil {
				return false
			}
			if dst.IsNil() {
				dst.Set(reflect.New(dst.Type().Elem()))
			}
			return json.Unmarshal(b, dst.Interface()) == nil
		}
		if dst.IsNil() {
			if !dst.CanSet() {
				return false
			}
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		return assign(dst.Elem(), v)
	}
	if pt := reflect.PointerTo(dst.Type()); pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
		return false
	}
	switch dst.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if !ok || !utf8.ValidString(s) {
			return false
		}
		dst.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return false
		}
		dst.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok || !isJSONNumber(string(n)) {
			return false
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || dst.OverflowInt(i) {
			return false
		}
		dst.SetInt(i)
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok || !isJSONNumber(string(n)) {
			return false
		}
		f, err := strconv.ParseFloat(string(n), dst.Type().Bits())
		if err != nil || dst.OverflowFloat(f) {
			return false
		}
		dst.SetFloat(f)
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return false
		}
		fields := fieldsOf(dst.Type())
		if fields == nil {
			return false
		}
		for name, e := range obj {
			i, ok := fields[name]
			if !ok || !assign(dst.Field(i), e) {
				return false
			}
		}
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			return false
		}
		out := reflect.MakeSlice(dst.Type(), len(list), len(list))
		for i, e := range list {
			if !assign(out.Index(i), e) {
				return false
			}
		}
		dst.Set(out)
	case reflect.Map:
		obj, ok := v.(map[string]any)
		kt := dst.Type().Key()
		if !ok || kt.Kind() != reflect.String || reflect.PointerTo(kt).Implements(textUnmarshalerType) || !dst.CanSet() {
			return false
		}
		out := reflect.MakeMapWithSize(dst.Type(), len(obj))
		key := reflect.New(dst.Type().Key()).Elem()
		for k, e := range obj {
			if !utf8.ValidString(k) {
				return false
			}
			elem := reflect.New(dst.Type().Elem()).Elem()
			if !assign(elem, e) {
				return false
			}
			key.SetString(k)
			out.SetMapIndex(key, elem)
		}
		dst.Set(out)
	default:
		return false
	}
	return true
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// isJSONNumber reports whether s is a JSON number literal (what
// json.Marshal accepts in a json.Number).
func isJSONNumber(s string) bool {
	if s == "" || strings.IndexFunc(s, func(r rune) bool { return !strings.ContainsRune("0123456789+-.eE", r) }) >= 0 {
		return false
	}
	return json.Valid([]byte(s))
}

// fields maps a struct type to its fields by json name; nil for a type
// assign leaves to encoding/json (an embedded field, a field without a
// json name).
var fields sync.Map // reflect.Type -> map[string]int

func fieldsOf(t reflect.Type) map[string]int {
	if m, ok := fields.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if _, dup := m[name]; dup || f.Anonymous || !f.IsExported() || name == "" || name == "-" {
			m = nil
			break
		}
		m[name] = i
	}
	fields.Store(t, m)
	return m
}
