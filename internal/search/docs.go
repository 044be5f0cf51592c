package search

// pageSize is the number of docs in a full page of docPages (128 KB).
const pageSize = 1 << 10

// docPages holds the docs of an instance, numbered from 0, in pages of
// pageSize: a new contact never copies the docs before it (as growing
// one slice did: most of what indexing a simulated day allocated). The
// first page grows by append, so that a small instance stays small; the
// others are made full size.
type docPages struct {
	pages [][]doc
	n     uint32 // docs
}

// grow adds a free doc and returns its number.
func (p *docPages) grow() uint32 {
	k := len(p.pages)
	if k == 0 || len(p.pages[k-1]) == pageSize {
		var pg []doc
		if k > 0 {
			pg = make([]doc, 0, pageSize)
		}
		p.pages = append(p.pages, pg)
		k++
	}
	p.pages[k-1] = append(p.pages[k-1], doc{})
	p.n++
	return p.n - 1
}

// doc is doc n of the instance.
func (ix *instIndex) doc(n uint32) *doc { return &ix.docs.pages[n/pageSize][n%pageSize] }
