package chat

import "testing"

// TestTokensNeverStartWithADash: the AWS CLI reads an argument that starts
// with "-" as an option, so a token must not. One draw in 64 would.
func TestTokensNeverStartWithADash(t *testing.T) {
	for range 5000 {
		if tok := newToken(); tok[0] == '-' || len(tok) != 43 {
			t.Fatalf("token %q", tok)
		}
	}
}
