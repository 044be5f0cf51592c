package instance

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
)

type sample struct {
	Name  string            `json:"name"`
	Note  string            `json:"note,omitempty"`
	Attrs map[string]string `json:"attrs"`
	N     []int             `json:"n"`
}

// PutJSON stores exactly json.Marshal's bytes in the record envelope, as a
// recorded write and as a store's write, HTML characters escaped as
// Marshal escapes them and with no trailing newline.
func TestPutJSONStoresMarshal(t *testing.T) {
	v := sample{Name: "a <b> & c", Note: strings.Repeat("x", 3000), Attrs: map[string]string{"z": "1", "a": "\u2028"}, N: []int{3, 1}}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	want := storage.SealRecord("bucket", "inst/key", raw)
	w := &storage.Writes{}
	if err := PutJSON(w, "bucket", "inst/key", v); err != nil {
		t.Fatal(err)
	}
	// A second record through the same pooled buffer must not change the first.
	if err := PutJSON(w, "bucket", "inst/other", sample{Name: "other"}); err != nil {
		t.Fatal(err)
	}
	mem := storage.NewMemory()
	if err := mem.Update(w.Apply); err != nil {
		t.Fatal(err)
	}
	if err := mem.Update(func(tx storage.Tx) error { return PutJSON(tx, "bucket", "inst/direct", v) }); err != nil {
		t.Fatal(err)
	}
	err = mem.View(func(tx storage.ReadTx) error {
		for key, want := range map[string][]byte{"inst/key": want, "inst/direct": storage.SealRecord("bucket", "inst/direct", raw)} {
			got, err := tx.Get("bucket", key)
			if err != nil {
				return err
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: stored %q..., want %q...", key, got[:40], want[:40])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(make(chan int)); err == nil || PutJSON(w, "bucket", "k", make(chan int)) == nil {
		t.Error("PutJSON of a value json cannot encode did not fail")
	}
}

// Recording a record allocates its sealed value once, not the JSON, the
// sealed copy and the recorded copy of it, nor the checksum's inputs: 3
// allocations here (the sealed value, the Writes' list, one of encoding),
// 9 before.
func TestPutJSONAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts do not hold under the race detector")
	}
	v := sample{Name: "contact", Note: strings.Repeat("x", 1500), N: []int{1, 2, 3}}
	w := &storage.Writes{}
	PutJSON(w, "bucket", "inst/key", v)
	allocs := testing.AllocsPerRun(200, func() {
		*w = storage.Writes{}
		PutJSON(w, "bucket", "inst/key", v)
	})
	if allocs > 3 {
		t.Errorf("PutJSON allocates %.0f times, want at most 3", allocs)
	}
}
