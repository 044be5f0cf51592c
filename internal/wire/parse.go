package wire

import "encoding/json"

// parseValid decodes b, which json.Valid accepted, as a json.Decoder with
// UseNumber decodes it into an any: objects as map[string]any (a repeated
// key keeps its last value), arrays as []any (never nil), numbers as
// json.Number, strings, booleans and nil. Strings with an escape or a byte
// outside ASCII are decoded by encoding/json itself, so that escapes,
// surrogates and invalid UTF-8 come out exactly as it makes them. It
// exists because a request body went through the Decoder's buffer and two
// scans; the depth is bounded by tooDeep before it is called.
func parseValid(b []byte) any {
	p := parser{b: b}
	return p.value()
}

type parser struct {
	b []byte
	i int
}

func (p *parser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() any {
	p.space()
	switch c := p.b[p.i]; {
	case c == '{':
		p.i++
		obj := map[string]any{}
		p.space()
		if p.b[p.i] == '}' {
			p.i++
			return obj
		}
		for {
			p.space()
			k := p.str()
			p.space()
			p.i++ // ':'
			obj[k] = p.value()
			p.space()
			c := p.b[p.i]
			p.i++
			if c == '}' {
				return obj
			}
		}
	case c == '[':
		p.i++
		list := make([]any, 0)
		p.space()
		if p.b[p.i] == ']' {
			p.i++
			return list
		}
		for {
			list = append(list, p.value())
			p.space()
			c := p.b[p.i]
			p.i++
			if c == ']' {
				return list
			}
		}
	case c == '"':
		return p.str()
	case c == 't':
		p.i += 4
		return true
	case c == 'f':
		p.i += 5
		return false
	case c == 'n':
		p.i += 4
		return nil
	}
	start := p.i
	for p.i < len(p.b) && isNumberByte(p.b[p.i]) {
		p.i++
	}
	return json.Number(p.b[start:p.i])
}

// str decodes the string starting at p.i.
func (p *parser) str() string {
	start := p.i
	p.i++
	plain := true
	for {
		c := p.b[p.i]
		if c == '"' {
			break
		}
		if c == '\\' {
			plain = false
			p.i++ // the escaped byte: never the closing quote
		} else if c >= 0x80 {
			plain = false
		}
		p.i++
	}
	p.i++
	if plain {
		return string(p.b[start+1 : p.i-1])
	}
	var s string
	_ = json.Unmarshal(p.b[start:p.i], &s)
	return s
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}
