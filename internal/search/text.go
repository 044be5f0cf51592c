package search

import (
	"unicode"
	"unicode/utf8"
)

// Tokens splits text into lower-cased words the way OpenSearch's standard
// analyzer does for the cases that matter here (docs/search.md#criteria): runs of
// letters, digits, marks and '_' form a word; an apostrophe or a period
// between two letters, and a period or comma between two digits, stay
// inside the word ("don't", "u.s", "3.14"); each ideograph is a word of its
// own; everything else separates words.
func Tokens(text string) []string {
	var out []string
	forTokens(text, func(tok string) { out = append(out, tok) })
	return out
}

func forTokens(s string, emit func(string)) {
	var buf []rune
	flush := func() {
		if len(buf) > 0 {
			emit(string(buf))
			buf = buf[:0]
		}
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isIdeograph(r):
			flush()
			emit(string(unicode.ToLower(r)))
		case isWordRune(r):
			buf = append(buf, unicode.ToLower(r))
		case len(buf) > 0 && isJoiner(r, buf[len(buf)-1], s[i+n:]):
			buf = append(buf, r)
		default:
			flush()
		}
		i += n
	}
	flush()
}

func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}

// isJoiner reports whether r, between prev and the text that follows,
// keeps a word together (UAX #29 MidLetter, MidNum, MidNumLet).
func isJoiner(r, prev rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	switch r {
	case '\'', '\u2019', '.':
		if unicode.IsLetter(prev) && unicode.IsLetter(next) {
			return true
		}
	}
	switch r {
	case '.', ',':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}
