package service

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/storage"
)

// CheckReport is what Check found: records per bucket, records whose
// instance no longer exists (skipped at start, as New skips them),
// records from before the checksum envelope (which the next start
// rewrites), and every record that would fail the start.
type CheckReport struct {
	Records  map[string]int
	Orphans  map[string]int
	Legacy   int
	Problems []RecordProblem
}

// Check reads every record of a store as New would load it (the same walk
// of the schema), without writing anything, and reports every record
// that does not load (`connect-local check`). It complements Store.Check,
// which checks the file's structure. The error is the store's.
func Check(store storage.Store) (CheckReport, error) {
	var rep CheckReport
	err := store.View(func(tx storage.ReadTx) error {
		ls, err := instance.WalkRecords(tx)
		if err != nil {
			return err
		}
		rep = CheckReport{Records: ls.Records, Orphans: ls.Orphans, Legacy: len(ls.Legacy), Problems: ls.Problems}
		return nil
	})
	return rep, err
}
