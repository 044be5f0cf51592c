package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// ErrDamaged matches every error that says the data file is damaged
// (errors.Is); the error's text says where and how.
var ErrDamaged = errors.New("data file is damaged")

// DamagedError is a data file that cannot be trusted: its structure is
// broken, reading it faulted, or a record failed its checksum.
type DamagedError struct {
	Path   string
	Reason string
}

func (e *DamagedError) Error() string {
	if e.Path == "" {
		return "data file is damaged: " + e.Reason
	}
	return e.Path + " is damaged: " + e.Reason
}
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// The parts of bbolt's file format (go.etcd.io/bbolt, internal/common)
// that VerifyFile reads. Integers are in the machine's byte order.
const (
	pageHeaderSize = 16 // id u64, flags u16, count u16, overflow u32
	elemSize       = 16 // branch: pos u32, ksize u32, pgid u64; leaf: flags u32, pos u32, ksize u32, vsize u32
	bucketHeader   = 16 // root pgid u64, sequence u64
	metaSize       = 56 // magic .. txid, then the checksum (u64)

	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagMeta     = 0x04
	flagFreelist = 0x10
	leafIsBucket = 0x01

	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	noFreelist     = ^uint64(0)
	minPageSize    = 1 << 10
	maxPageSize    = 1 << 16
	reservedPages  = 4 // two metas, the first freelist and the first root leaf
	maxMetaProbeSz = 1 << 24
)

var ne = binary.NativeEndian

type meta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64
	txid     uint64
}

// parseMeta reads the meta page that starts at b (page header included).
func parseMeta(b []byte) (meta, error) {
	if len(b) < pageHeaderSize+metaSize+8 {
		return meta{}, errors.New("cut short")
	}
	if f := ne.Uint16(b[8:]); f != flagMeta {
		return meta{}, fmt.Errorf("not a meta page (flags %#x)", f)
	}
	m := b[pageHeaderSize:]
	if ne.Uint32(m[0:]) != boltMagic {
		return meta{}, errors.New("bad magic (not a bbolt file)")
	}
	if v := ne.Uint32(m[4:]); v != boltVersion {
		return meta{}, fmt.Errorf("unknown format version %d", v)
	}
	h := fnv.New64a()
	h.Write(m[:metaSize])
	if h.Sum64() != ne.Uint64(m[metaSize:]) {
		return meta{}, errors.New("checksum mismatch")
	}
	return meta{pageSize: ne.Uint32(m[8:]), root: ne.Uint64(m[16:]), freelist: ne.Uint64(m[32:]),
		pgid: ne.Uint64(m[40:]), txid: ne.Uint64(m[48:])}, nil
}

// VerifyFile checks the structure of the bbolt file at path before
// anything maps it: a damaged file is an error, never a fault or a panic
// later. It reads the file (it never maps it) and checks, in order:
//
//   - the size: not empty, a whole number of pages, at least 4 pages;
//   - both meta pages: type, magic, version, checksum, a sane page size,
//     and pointers below the high-water mark. A damaged meta page is not
//     a torn write (a meta is written whole within one disk sector, so a
//     crash leaves the old or the new one); bbolt would fall back to the
//     other meta silently and lose the last acknowledged transaction, so
//     it is refused;
//   - that the file holds every page the newest meta says is in use (a
//     truncated file would fault when read);
//   - the freelist page;
//   - every page of every bucket's tree: in range, the page's own header
//     naming it (a zeroed or misplaced page does not), a branch or leaf,
//     referenced once and not also free, elements packed as bbolt writes
//     them (so a changed count, offset or size shows), keys in order
//     within their parent's range, and buckets only at the top level as
//     Bolt writes them.
//
// It returns nil, a *DamagedError, or the error of reading the file (a
// missing file is fs.ErrNotExist).
func VerifyFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	v := &verifier{f: f, size: fi.Size()}
	if reason := v.run(); reason != "" {
		return &DamagedError{Path: path, Reason: reason}
	}
	return v.readErr
}

type verifier struct {
	f        *os.File
	size     int64
	pageSize int64
	hwm      uint64
	seen     map[uint64]bool
	free     map[uint64]bool
	readErr  error
}

// read returns n bytes at off, or nil when the file holds fewer.
func (v *verifier) read(off, n int64) []byte {
	if off < 0 || n < 0 || off+n > v.size {
		return nil
	}
	b := make([]byte, n)
	if _, err := v.f.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
		v.readErr = err
		return nil
	}
	return b
}

func (v *verifier) run() string {
	if v.size == 0 {
		return "the file is empty"
	}
	ps, reason := v.findPageSize()
	if reason != "" {
		return reason
	}
	v.pageSize = ps
	if v.size%ps != 0 {
		return fmt.Sprintf("its size (%d bytes) is not a whole number of %d-byte pages: the file was cut short", v.size, ps)
	}
	if v.size < reservedPages*ps {
		return fmt.Sprintf("it holds %d pages, fewer than the %d every data file has: the file was cut short", v.size/ps, reservedPages)
	}
	var metas [2]meta
	for i := range metas {
		m, err := parseMeta(v.read(int64(i)*ps, pageHeaderSize+metaSize+8))
		if err != nil {
			return fmt.Sprintf("meta page %d: %v", i, err)
		}
		if int64(m.pageSize) != ps {
			return fmt.Sprintf("meta page %d: page size %d, meta page 0 says %d", i, m.pageSize, ps)
		}
		if m.pgid < reservedPages || m.root >= m.pgid || m.root < 2 || (m.freelist != noFreelist && (m.freelist >= m.pgid || m.freelist < 2)) {
			return fmt.Sprintf("meta page %d: root page %d or freelist page %d outside the %d pages in use", i, m.root, m.freelist, m.pgid)
		}
		metas[i] = m
	}
	m := metas[0]
	if metas[1].txid > m.txid {
		m = metas[1]
	}
	v.hwm = m.pgid
	if held := uint64(v.size / ps); held < m.pgid {
		return fmt.Sprintf("it holds %d pages but %d are in use: the file was cut short", held, m.pgid)
	}
	v.seen = map[uint64]bool{0: true, 1: true}
	v.free = map[uint64]bool{}
	if m.freelist != noFreelist {
		if reason := v.freelist(m.freelist); reason != "" {
			return reason
		}
	}
	return v.page(m.root, "", 0, nil, nil)
}

// findPageSize reads the page size from meta page 0, or else from meta
// page 1 found where a page size would put it (as bbolt does).
func (v *verifier) findPageSize() (int64, string) {
	m0, err0 := parseMeta(v.read(0, pageHeaderSize+metaSize+8))
	ps := int64(m0.pageSize)
	if err0 != nil {
		for try := int64(minPageSize); try <= maxMetaProbeSz && try < v.size; try <<= 1 {
			if m1, err := parseMeta(v.read(try, pageHeaderSize+metaSize+8)); err == nil && int64(m1.pageSize) == try {
				ps = try
				break
			}
		}
		if ps == 0 {
			if v.size < pageHeaderSize+metaSize+8 {
				return 0, fmt.Sprintf("it is %d bytes, too short to be a data file: the file was cut short", v.size)
			}
			return 0, fmt.Sprintf("meta page 0: %v, and no good meta page 1 (not a connect-local data file, or both meta pages are damaged)", err0)
		}
	}
	if ps < minPageSize || ps > maxPageSize || ps&(ps-1) != 0 {
		return 0, fmt.Sprintf("meta page: implausible page size %d", ps)
	}
	return ps, ""
}

// span reads page id with its overflow pages, checking its header.
func (v *verifier) span(id uint64, what string) ([]byte, string) {
	if id < 2 || id >= v.hwm {
		return nil, fmt.Sprintf("%s: page %d is outside the %d pages in use", what, id, v.hwm)
	}
	h := v.read(int64(id)*v.pageSize, pageHeaderSize)
	if h == nil {
		return nil, fmt.Sprintf("%s: page %d cannot be read", what, id)
	}
	if got := ne.Uint64(h); got != id {
		return nil, fmt.Sprintf("%s: page %d's header names page %d (the page was zeroed or overwritten)", what, id, got)
	}
	n := uint64(ne.Uint32(h[12:])) + 1
	if id+n > v.hwm || id+n < id {
		return nil, fmt.Sprintf("%s: page %d runs %d pages, past the %d in use", what, id, n, v.hwm)
	}
	for p := id; p < id+n; p++ {
		if v.seen[p] {
			return nil, fmt.Sprintf("%s: page %d is used twice", what, p)
		}
		if v.free[p] {
			return nil, fmt.Sprintf("%s: page %d is in use and also listed as free", what, p)
		}
		v.seen[p] = true
	}
	b := v.read(int64(id)*v.pageSize, int64(n)*v.pageSize)
	if b == nil {
		return nil, fmt.Sprintf("%s: page %d cannot be read", what, id)
	}
	return b, ""
}

func (v *verifier) freelist(id uint64) string {
	b, reason := v.span(id, "freelist")
	if reason != "" {
		return reason
	}
	if f := ne.Uint16(b[8:]); f != flagFreelist {
		return fmt.Sprintf("freelist: page %d is not a freelist page (flags %#x)", id, f)
	}
	off, count := uint64(pageHeaderSize), uint64(ne.Uint16(b[10:]))
	if count == 0xFFFF {
		count, off = ne.Uint64(b[pageHeaderSize:]), off+8
	}
	if count > uint64(len(b))/8 || off+count*8 > uint64(len(b)) {
		return fmt.Sprintf("freelist: page %d lists %d pages, more than it holds", id, count)
	}
	for i := uint64(0); i < count; i++ {
		p := ne.Uint64(b[off+i*8:])
		switch {
		case p < 2 || p >= v.hwm:
			return fmt.Sprintf("freelist: free page %d is outside the %d pages in use", p, v.hwm)
		case v.free[p]:
			return fmt.Sprintf("freelist: page %d is listed twice", p)
		case v.seen[p]:
			return fmt.Sprintf("freelist: page %d is listed as free but holds the freelist", p)
		}
		v.free[p] = true
	}
	return ""
}

// elem is one element of a branch or leaf page.
type elem struct {
	flags uint32
	key   []byte
	value []byte // leaf
	child uint64 // branch
}

// elems parses a page's elements as bbolt writes them: the element
// headers first, then each element's key (and value) in order, packed.
func elems(b []byte, leaf bool) ([]elem, error) {
	count := int(ne.Uint16(b[10:]))
	next := pageHeaderSize + count*elemSize
	if next > len(b) {
		return nil, fmt.Errorf("%d elements do not fit", count)
	}
	out := make([]elem, count)
	for i := range out {
		h := b[pageHeaderSize+i*elemSize:]
		var pos, ksize, vsize int
		if leaf {
			out[i].flags = ne.Uint32(h)
			pos, ksize, vsize = int(ne.Uint32(h[4:])), int(ne.Uint32(h[8:])), int(ne.Uint32(h[12:]))
		} else {
			pos, ksize = int(ne.Uint32(h)), int(ne.Uint32(h[4:]))
			out[i].child = ne.Uint64(h[8:])
		}
		start := pageHeaderSize + i*elemSize + pos
		if start != next || ksize == 0 || ksize > len(b) || vsize > len(b) || start+ksize+vsize > len(b) {
			return nil, fmt.Errorf("element %d's offset or size is wrong", i)
		}
		out[i].key = b[start : start+ksize]
		out[i].value = b[start+ksize : start+ksize+vsize]
		next = start + ksize + vsize
	}
	return out, nil
}

// page checks the subtree at id of bucket name (depth 0 is the file's
// top level, which holds only buckets), whose keys lie in [lo, hi).
func (v *verifier) page(id uint64, name string, depth int, lo, hi []byte) string {
	what := "the top level"
	if depth > 0 {
		what = fmt.Sprintf("bucket %q", name)
	}
	b, reason := v.span(id, what)
	if reason != "" {
		return reason
	}
	return v.node(b, id, name, depth, lo, hi, what)
}

func (v *verifier) node(b []byte, id uint64, name string, depth int, lo, hi []byte, what string) string {
	flags := ne.Uint16(b[8:])
	if flags != flagBranch && flags != flagLeaf {
		return fmt.Sprintf("%s: page %d is neither a branch nor a leaf (flags %#x)", what, id, flags)
	}
	es, err := elems(b, flags == flagLeaf)
	if err != nil {
		return fmt.Sprintf("%s: page %d: %v", what, id, err)
	}
	if flags == flagBranch && len(es) == 0 {
		return fmt.Sprintf("%s: branch page %d is empty", what, id)
	}
	for i, e := range es {
		if (lo != nil && bytes.Compare(e.key, lo) < 0) || (hi != nil && bytes.Compare(e.key, hi) >= 0) ||
			(i > 0 && bytes.Compare(es[i-1].key, e.key) >= 0) {
			return fmt.Sprintf("%s: page %d: key %d is out of order", what, id, i)
		}
	}
	if flags == flagBranch {
		for i, e := range es {
			next := hi
			if i+1 < len(es) {
				next = es[i+1].key
			}
			if reason := v.page(e.child, name, depth, e.key, next); reason != "" {
				return reason
			}
		}
		return ""
	}
	for _, e := range es {
		switch {
		case e.flags&^leafIsBucket != 0:
			return fmt.Sprintf("%s: page %d: element flags %#x", what, id, e.flags)
		case depth == 0 && e.flags != leafIsBucket:
			return fmt.Sprintf("the top level: page %d: key %q is not a bucket", id, e.key)
		case depth > 0 && e.flags == leafIsBucket:
			return fmt.Sprintf("%s: page %d: key %q is a nested bucket, which connect-local never writes", what, id, e.key)
		case depth > 0:
			continue
		}
		if reason := v.bucket(string(e.key), e.value); reason != "" {
			return reason
		}
	}
	return ""
}

// bucket checks a top-level bucket from its header: a tree of pages, or
// an inline leaf inside the header's value.
func (v *verifier) bucket(name string, value []byte) string {
	what := fmt.Sprintf("bucket %q", name)
	if len(value) < bucketHeader {
		return what + ": its header is cut short"
	}
	if root := ne.Uint64(value); root != 0 {
		return v.page(root, name, 1, nil, nil)
	}
	inline := value[bucketHeader:]
	if len(inline) < pageHeaderSize || ne.Uint16(inline[8:]) != flagLeaf {
		return what + ": its inline page is cut short or not a leaf"
	}
	return v.node(inline, 0, name, 1, nil, nil, what+" (inline)")
}
