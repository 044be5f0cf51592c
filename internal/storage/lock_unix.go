//go:build unix

package storage

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// lockShared takes a shared flock on f (bbolt's lock: a writer holds it
// exclusively), waiting up to wait for a writer to let go.
func lockShared(f *os.File, wait time.Duration) error {
	const step = 50 * time.Millisecond
	for waited := time.Duration(0); ; waited += step {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
		if err == nil || !errors.Is(err, syscall.EWOULDBLOCK) {
			return err
		}
		if waited >= wait {
			return ErrLocked
		}
		time.Sleep(step)
	}
}
