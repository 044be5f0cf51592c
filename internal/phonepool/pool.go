package phonepool

import (
	"fmt"
	"strings"
)

// Number types (the model's PhoneNumberType enum).
const (
	TollFree      = "TOLL_FREE"
	DID           = "DID"
	UIFN          = "UIFN"
	Shared        = "SHARED"
	ThirdPartyTF  = "THIRD_PARTY_TF"
	ThirdPartyDID = "THIRD_PARTY_DID"
	ShortCode     = "SHORT_CODE"
)

// Types lists every type the model knows, in its order.
var Types = []string{TollFree, DID, UIFN, Shared, ThirdPartyTF, ThirdPartyDID, ShortCode}

// Number is one pool number.
type Number struct {
	E164, Country, Type string
}

// block is a run of numbers: prefix followed by every suffix from first
// to last, written with digits digits.
type block struct {
	country, typ, prefix string
	first, last, digits  int
	// source names the regulator's list the block comes from.
	source string
}

const (
	srcNANPA = "NANPA: 555-0100 to 555-0199 reserved for fictional use in every area code"
	srcOfcom = "Ofcom: telephone numbers for drama purposes"
	srcACMA  = "ACMA: phone numbers for use in TV shows, films and creative works"
)

// blocks is the pool, in the order numbers are offered
// (docs/phone-numbers.md#the-pool).
var blocks = func() []block {
	var b []block
	nanp := func(country, typ string, npas ...string) {
		for _, npa := range npas {
			b = append(b, block{country, typ, "+1" + npa + "55501", 0, 99, 2, srcNANPA})
		}
	}
	nanp("US", DID, "206", "212", "312", "415", "512", "617", "702", "808")
	nanp("US", TollFree, "800", "833", "844", "855")
	nanp("CA", DID, "416", "514", "604", "613")
	nanp("CA", TollFree, "866", "877", "888")
	b = append(b,
		block{"GB", DID, "+442079460", 0, 999, 3, srcOfcom},       // 020 7946 0000–0999 (London)
		block{"GB", DID, "+441134960", 0, 999, 3, srcOfcom},       // 0113 496 0000–0999 (Leeds)
		block{"GB", DID, "+441614960", 0, 999, 3, srcOfcom},       // 0161 496 0000–0999 (Manchester)
		block{"GB", TollFree, "+448081570", 0, 999, 3, srcOfcom},  // 08081 570000–570999 (freephone)
		block{"AU", DID, "+6125550", 0, 9999, 4, srcACMA},         // 02 5550 0000–9999
		block{"AU", DID, "+6137010", 0, 9999, 4, srcACMA},         // 03 7010 0000–9999
		block{"AU", TollFree, "+611800975", 707, 711, 3, srcACMA}, // 1800 975 707–711
		block{"AU", TollFree, "+6118001604", 1, 1, 2, srcACMA},    // 1800 160 401
	)
	return b
}()

// Mobile numbers for callers (the From of a test call): Ofcom's mobile
// drama range and ACMA's fictitious mobile numbers. They are never
// offered for claiming.
var callerBlocks = []block{
	{"GB", "MOBILE", "+447700900", 0, 999, 3, srcOfcom}, // 07700 900000–900999
	{"AU", "MOBILE", "+6149157015", 6, 9, 1, srcACMA},   // 0491 570 156–159
}

func (b block) number(i int) string { return b.prefix + fmt.Sprintf("%0*d", b.digits, i) }

func (b block) holds(e164 string) bool {
	rest, ok := strings.CutPrefix(e164, b.prefix)
	if !ok || len(rest) != b.digits {
		return false
	}
	n := 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n >= b.first && n <= b.last
}

// Normalize writes a number in E.164: a leading "+" and digits only
// (spaces, dashes, dots and parentheses dropped). ok is false when what
// is left is not "+" and 2 to 15 digits.
func Normalize(s string) (string, bool) {
	var sb strings.Builder
	for i, c := range strings.TrimSpace(s) {
		switch {
		case c == '+' && i == 0:
		case c >= '0' && c <= '9':
			sb.WriteRune(c)
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return "", false
		}
	}
	d := sb.String()
	if len(d) < 2 || len(d) > 15 {
		return "", false
	}
	return "+" + d, true
}

// Lookup finds a pool number: its country and type. ok is false for a
// number outside the claimable pool.
func Lookup(e164 string) (Number, bool) {
	for _, b := range blocks {
		if b.holds(e164) {
			return Number{E164: e164, Country: b.country, Type: b.typ}, true
		}
	}
	return Number{}, false
}

// Fictional says whether e164 lies in any reserved fictional range, the
// caller-only mobile ranges included.
func Fictional(e164 string) bool {
	if _, ok := Lookup(e164); ok {
		return true
	}
	for _, b := range callerBlocks {
		if b.holds(e164) {
			return true
		}
	}
	return false
}

// Available returns up to max pool numbers of country and type, whose
// E.164 form starts with prefix ("" for any; a prefix without "+" gets
// one), skipping every number taken says is taken, after the number
// after ("" to start), in pool order. more says whether others follow.
func Available(country, typ, prefix string, taken func(string) bool, after string, max int) (out []Number, more bool) {
	if prefix != "" && !strings.HasPrefix(prefix, "+") {
		prefix = "+" + prefix
	}
	started := after == ""
	for _, b := range blocks {
		if b.country != country || b.typ != typ {
			continue
		}
		if !strings.HasPrefix(b.prefix, prefix) && !strings.HasPrefix(prefix, b.prefix) {
			continue
		}
		for i := b.first; i <= b.last; i++ {
			n := b.number(i)
			if !started {
				started = n == after
				continue
			}
			if !strings.HasPrefix(n, prefix) || taken != nil && taken(n) {
				continue
			}
			if len(out) == max {
				return out, true
			}
			out = append(out, Number{E164: n, Country: country, Type: typ})
		}
	}
	return out, false
}

// Countries lists the countries the pool holds numbers for.
func Countries() []string { return []string{"US", "CA", "GB", "AU"} }
