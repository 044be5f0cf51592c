package sdk

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// The Terraform-style harness drives resources as the Terraform AWS
// provider's internal/service/connect does: create, poll the describe
// call until the resource is ready (its waiters poll on an interval),
// read it back (tags included), update it field by field, delete it,
// then poll until the describe call answers ResourceNotFoundException.

// tfPollInterval is how far the virtual clock moves between polls.
const tfPollInterval = time.Second

// waitFor polls cond, moving the clock one interval before each retry,
// as the provider's StateChangeConf does; it fails after a minute of
// virtual time. It returns the number of polls.
func (e *env) waitFor(t *testing.T, what string, cond func() (bool, error)) int {
	t.Helper()
	for i := 1; i <= 60; i++ {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return i
		}
		e.clock.Advance(tfPollInterval)
	}
	t.Fatalf("%s: not after 60 polls", what)
	return 0
}

// waitGone polls describe until it answers ResourceNotFoundException.
func (e *env) waitGone(t *testing.T, what string, describe func() error) {
	t.Helper()
	e.waitFor(t, what+" deleted", func() (bool, error) {
		err := describe()
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) {
			return true, nil
		}
		return false, err
	})
}
