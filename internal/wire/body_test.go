package wire

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// readBody returns the whole body up to the limit, whether its length is
// declared or not (chunked), and refuses one byte more with a 413.
func TestReadBodyLimit(t *testing.T) {
	s := &Server{maxBody: 1000}
	for _, c := range []struct {
		name     string
		n        int
		declared bool
		status   int
	}{
		{"empty", 0, true, 0},
		{"declared, short", 10, true, 0},
		{"declared, at the limit", 1000, true, 0},
		{"declared, over", 1001, true, http.StatusRequestEntityTooLarge},
		{"chunked, short", 10, false, 0},
		{"chunked, over 512", 700, false, 0},
		{"chunked, at the limit", 1000, false, 0},
		{"chunked, over", 1001, false, http.StatusRequestEntityTooLarge},
	} {
		want := bytes.Repeat([]byte("x"), c.n)
		r := httptest.NewRequest("POST", "/x", io.MultiReader(bytes.NewReader(want)))
		if c.declared {
			r.ContentLength = int64(c.n)
		} else {
			r.ContentLength = -1
		}
		got, err := s.readBody(r)
		switch {
		case c.status != 0 && (err == nil || err.Status != c.status || err.Type != "SerializationException"):
			t.Errorf("%s: got %d bytes, error %v; want a %d", c.name, len(got), err, c.status)
		case c.status == 0 && (err != nil || !bytes.Equal(got, want)):
			t.Errorf("%s: got %d bytes, error %v; want the %d bytes", c.name, len(got), err, c.n)
		}
	}
}

func TestRequestIDHeaderIsCanonical(t *testing.T) {
	if k := http.CanonicalHeaderKey("x-amzn-RequestId"); k != requestIDHeader {
		t.Fatalf("requestIDHeader = %q, Header.Set would store %q", requestIDHeader, k)
	}
}
