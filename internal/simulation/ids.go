package simulation

import (
	"fmt"
	"strconv"
	"sync"
)

// countedIDs hands out the IDs 1, 2, 3, … in UUID form
// ("00000000-0000-4000-8000-000000000001"). It writes them a block at a
// time into one string and hands out its pieces: a run makes an ID per
// contact, and one string per block keeps the heap from holding an
// object per contact.
type countedIDs struct {
	mu    sync.Mutex
	n     uint64 // the last ID handed out
	first uint64 // the number of block's first ID
	block string
}

const (
	idPrefix = "00000000-0000-4000-8000-"
	idLen    = len(idPrefix) + 12
	idBlock  = 1024
	idMax    = 999_999_999_999 // the largest number 12 digits hold
)

// next is the next ID.
func (c *countedIDs) next() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	n := c.n
	if n > idMax {
		return fmt.Sprintf(idPrefix+"%012d", n)
	}
	if c.block == "" || n < c.first || n >= c.first+idBlock {
		b := make([]byte, 0, idBlock*idLen)
		for k := n; k < n+idBlock && k <= idMax; k++ {
			b = append(b, idPrefix...)
			var digits [20]byte
			d := strconv.AppendUint(digits[:0], k, 10)
			for range 12 - len(d) {
				b = append(b, '0')
			}
			b = append(b, d...)
		}
		c.first, c.block = n, string(b)
	}
	i := int(n-c.first) * idLen
	return c.block[i : i+idLen]
}
