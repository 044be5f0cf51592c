package phonepool

import (
	"regexp"
	"testing"
)

// fictional patterns, written independently of the blocks, from the
// regulators' lists (docs/phone-numbers.md#the-pool).
var fictional = []*regexp.Regexp{
	regexp.MustCompile(`^\+1[2-9]\d{2}55501\d{2}$`), // NANPA 555-01XX
	regexp.MustCompile(`^\+44(2079460|1134960|1614960|8081570)\d{3}$`),
	regexp.MustCompile(`^\+44770090\d{4}$`),
	regexp.MustCompile(`^\+61(25550|37010)\d{4}$`),
	regexp.MustCompile(`^\+61(1800975(70[7-9]|71[01])|1800160401)$`),
	regexp.MustCompile(`^\+6149157015[6-9]$`),
}

func isFictional(n string) bool {
	for _, re := range fictional {
		if re.MatchString(n) {
			return true
		}
	}
	return false
}

func TestEveryNumberIsFictionalAndUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Countries() {
		for _, typ := range Types {
			all, more := Available(c, typ, "", nil, "", 1_000_000)
			if more {
				t.Fatalf("%s %s: more than a million", c, typ)
			}
			if (typ == DID || typ == TollFree) && len(all) == 0 {
				t.Errorf("%s %s: no numbers", c, typ)
			}
			for _, n := range all {
				if seen[n.E164] {
					t.Fatalf("%s offered twice", n.E164)
				}
				seen[n.E164] = true
				if !isFictional(n.E164) {
					t.Fatalf("%s is not in a reserved fictional range", n.E164)
				}
				got, ok := Lookup(n.E164)
				if !ok || got != n {
					t.Fatalf("Lookup(%s) = %+v %v, want %+v", n.E164, got, ok, n)
				}
			}
		}
	}
	if len(seen) < 2000 {
		t.Fatalf("pool holds %d numbers", len(seen))
	}
	for _, n := range []string{"+12065550100", "+12065550200", "+442079461000", "+61255510000", "+14155551234"} {
		if _, ok := Lookup(n); ok != isFictional(n) {
			t.Errorf("Lookup(%s) = %v", n, ok)
		}
	}
	if !Fictional("+447700900123") || !Fictional("+61491570157") || Fictional("+447700901123") {
		t.Error("caller ranges")
	}
}

func TestAvailablePagesPrefixAndTaken(t *testing.T) {
	taken := map[string]bool{"+18005550101": true}
	var got []string
	after := ""
	for {
		page, more := Available("US", TollFree, "1800", func(n string) bool { return taken[n] }, after, 40)
		for _, n := range page {
			got = append(got, n.E164)
		}
		if !more {
			break
		}
		after = page[len(page)-1].E164
	}
	if len(got) != 99 || got[0] != "+18005550100" || got[1] != "+18005550102" || got[98] != "+18005550199" {
		t.Fatalf("got %d numbers: %v…", len(got), got[:3])
	}
	if n, _ := Available("US", TollFree, "+1833", nil, "", 5); len(n) != 5 || n[0].E164 != "+18335550100" {
		t.Fatalf("prefix +1833: %v", n)
	}
	if n, _ := Available("GB", DID, "+44113", nil, "", 1); len(n) != 1 || n[0].E164 != "+441134960000" {
		t.Fatalf("prefix +44113: %v", n)
	}
	if n, _ := Available("US", DID, "+1999", nil, "", 5); len(n) != 0 {
		t.Fatalf("unknown prefix: %v", n)
	}
	if n, _ := Available("US", ShortCode, "", nil, "", 5); len(n) != 0 {
		t.Fatalf("short codes: %v", n)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"+1 (206) 555-0100": "+12065550100", "442079460001": "+442079460001", "+44 20 7946 0001": "+442079460001"} {
		if got, ok := Normalize(in); !ok || got != want {
			t.Errorf("Normalize(%q) = %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "+", "abc", "+1 206 555 0100 ext 2", "1+2"} {
		if _, ok := Normalize(in); ok {
			t.Errorf("Normalize(%q) accepted", in)
		}
	}
}
