package simulation

import (
	"fmt"
	"testing"
)

// TestCountedIDs: the IDs handed out are those fmt makes of 1, 2, 3, …,
// across the blocks, and up to the last number 12 digits hold.
func TestCountedIDs(t *testing.T) {
	var c countedIDs
	for n := uint64(1); n <= 3*idBlock+5; n++ {
		if got, want := c.next(), fmt.Sprintf("00000000-0000-4000-8000-%012d", n); got != want {
			t.Fatalf("ID %d = %q, want %q", n, got, want)
		}
	}
	c = countedIDs{n: idMax - 2}
	for n := uint64(idMax - 1); n <= idMax+2; n++ {
		if got, want := c.next(), fmt.Sprintf("00000000-0000-4000-8000-%012d", n); got != want {
			t.Fatalf("ID %d = %q, want %q", n, got, want)
		}
	}
}
