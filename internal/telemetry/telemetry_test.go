package telemetry

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/connect-local/connect-local/internal/storage"
)

// TestStoreCountsTransactions: each Update is one observation of the
// transaction histogram (by outcome), and its puts and deletes are one
// observation of the writes histogram; the wrapped store sees the writes.
func TestStoreCountsTransactions(t *testing.T) {
	tel := New()
	s := tel.Store(storage.NewMemory())
	defer s.Close()
	if err := s.Update(func(tx storage.Tx) error {
		tx.Put("b", "k1", []byte("v"))
		tx.Put("b", "k2", []byte("v"))
		return tx.Delete("b", "k1")
	}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := s.Update(func(tx storage.Tx) error { tx.Put("b", "k3", []byte("v")); return boom }); !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	if err := s.View(func(tx storage.ReadTx) error {
		_, err := tx.Get("b", "k2")
		return err
	}); err != nil {
		t.Fatalf("k2 not stored: %v", err)
	}

	rec := httptest.NewRecorder()
	tel.Serve(rec, httptest.NewRequest("GET", "/_local/metrics", nil), nil)
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]uint64{}
	for _, m := range fams["connect_local_store_transaction_seconds"].GetMetric() {
		outcomes[m.GetLabel()[0].GetValue()] = m.GetHistogram().GetSampleCount()
	}
	if outcomes["committed"] != 1 || outcomes["failed"] != 1 {
		t.Errorf("transactions by outcome = %v, want one of each", outcomes)
	}
	w := fams["connect_local_store_transaction_writes"].GetMetric()
	if len(w) != 1 || w[0].GetHistogram().GetSampleCount() != 1 || w[0].GetHistogram().GetSampleSum() != 3 {
		t.Errorf("writes = %v, want one committed transaction of 3", w)
	}
	if fams["go_goroutines"] == nil {
		t.Error("no Go runtime metrics")
	}
}
