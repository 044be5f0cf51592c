//go:build !unix

package storage

import (
	"os"
	"time"
)

// lockShared is a no-op where flock is missing; bbolt's own lock still
// keeps two servers apart.
func lockShared(*os.File, time.Duration) error { return nil }
