package service

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// CheckReport is what Check found: records per bucket, and records whose
// instance no longer exists (ignored at start, as New ignores them).
type CheckReport struct {
	Records map[string]int
	Orphans map[string]int
}

// Check reads every record of a store as New would load it, without
// writing anything, and fails on the first record that does not decode
// (`connect-local check`). It complements Store.Check, which checks the
// file's structure.
func Check(store storage.Store) (CheckReport, error) {
	rep := CheckReport{Records: map[string]int{}, Orphans: map[string]int{}}
	err := store.View(func(tx storage.ReadTx) error {
		instances := map[string]*instanceState{}
		if err := tx.Scan(bucketInstances, "", func(k string, v []byte) error {
			var in Instance
			if err := json.Unmarshal(v, &in); err != nil {
				return fmt.Errorf("%s %s: %w", bucketInstances, k, err)
			}
			if in.ID != k {
				return fmt.Errorf("%s %s: record holds instance %q", bucketInstances, k, in.ID)
			}
			instances[in.ID] = newInstanceState(in)
			rep.Records[bucketInstances]++
			return nil
		}); err != nil {
			return err
		}
		for _, l := range loaders {
			if err := tx.Scan(l.bucket, "", func(k string, v []byte) error {
				iid, _, _ := strings.Cut(k, "/")
				st := instances[iid]
				if st == nil {
					rep.Orphans[l.bucket]++
					return nil
				}
				if err := l.load(st, v); err != nil {
					return fmt.Errorf("%s %s: %w", l.bucket, k, err)
				}
				rep.Records[l.bucket]++
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return rep, err
}
