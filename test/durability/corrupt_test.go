package durability

import (
	"bytes"
	"context"
	bo "encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/storage"
)

// damageFixture is a real data file made by the binary: an instance with
// enough queues that the queues bucket has branch pages, a user and a
// contact.
type damageFixture struct {
	file            []byte
	iid, qid, uid   string
	queueMark       string // a string only the queue qid's record holds
	userMark        string // a string only the user uid's record holds
	layout          boltLayout
	targetQueueName string
}

func makeDamageFixture(t *testing.T) damageFixture {
	t.Helper()
	dir := t.TempDir()
	p := start(t, dir)
	c := p.client()
	f := damageFixture{queueMark: "queue-mark-5f1d2e", userMark: "Usermark7c4b"}
	f.iid = createInstance(t, c, "damage")
	hl, err := c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	hours := hl.HoursOfOperationSummaryList[0].Id
	filler := strings.Repeat("a long description that fills pages ", 6)
	for i := range 60 {
		desc := filler
		if i == 30 {
			desc = f.queueMark
		}
		out, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &f.iid, Name: aws.String(fmt.Sprintf("damage-queue-%02d", i)),
			HoursOfOperationId: hours, Description: &desc})
		if err != nil {
			t.Fatal(err)
		}
		if i == 30 {
			f.qid = *out.QueueId
		}
	}
	rps, err := c.ListRoutingProfiles(ctx(), &connect.ListRoutingProfilesInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	sps, err := c.ListSecurityProfiles(ctx(), &connect.ListSecurityProfilesInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.CreateUser(ctx(), &connect.CreateUserInput{InstanceId: &f.iid, Username: aws.String("damage-agent"),
		RoutingProfileId: rps.RoutingProfileSummaryList[0].Id, SecurityProfileIds: []string{*sps.SecurityProfileSummaryList[0].Id},
		IdentityInfo: &types.UserIdentityInfo{FirstName: &f.userMark, LastName: aws.String("Agent")},
		PhoneConfig:  &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone}})
	if err != nil {
		t.Fatal(err)
	}
	f.uid = *u.UserId
	flow := flowNamed(t, c, f.iid, "Basic routing flow")
	if _, err := c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &f.iid, ContactFlowId: &flow, Name: aws.String("damage-task")}); err != nil {
		t.Fatal(err)
	}
	p.term(t, 10*time.Second)
	checkFile(t, dir)
	f.file, err = os.ReadFile(filepath.Join(dir, storage.BoltFile))
	if err != nil {
		t.Fatal(err)
	}
	f.layout = parseLayout(t, f.file)
	return f
}

// boltLayout is where things are in a bbolt file, read from its page
// headers the way bbolt lays them out (go.etcd.io/bbolt internal/common:
// a 16-byte page header id/flags/count/overflow, the meta after the
// header of pages 0 and 1).
type boltLayout struct {
	pageSize, hwm, newest int
	root, freelist        int
	top                   []int // the top level's pages: the root, and its children if it is a branch
	branches, leaves      []int // live pages of the buckets, the top level's excluded
}

func parseLayout(t *testing.T, b []byte) boltLayout {
	t.Helper()
	le := bo.LittleEndian
	l := boltLayout{pageSize: int(le.Uint32(b[16+8:]))}
	metaAt := func(i int) []byte { return b[i*l.pageSize+16:] }
	if le.Uint64(metaAt(1)[48:]) > le.Uint64(metaAt(0)[48:]) {
		l.newest = 1
	}
	m := metaAt(l.newest)
	l.root, l.freelist, l.hwm = int(le.Uint64(m[16:])), int(le.Uint64(m[32:])), int(le.Uint64(m[40:]))
	fl := b[l.freelist*l.pageSize:]
	free := map[int]bool{}
	for i := range int(le.Uint16(fl[10:])) {
		free[int(le.Uint64(fl[16+8*i:]))] = true
	}
	l.top = []int{l.root}
	if r := b[l.root*l.pageSize:]; le.Uint16(r[8:]) == 0x01 {
		for i := range int(le.Uint16(r[10:])) {
			l.top = append(l.top, int(le.Uint64(r[16+16*i+8:])))
		}
	}
	for id := 2; id < l.hwm; {
		if free[id] {
			id++
			continue
		}
		h := b[id*l.pageSize:]
		switch {
		case id == l.freelist || slices.Contains(l.top, id):
		case le.Uint16(h[8:]) == 0x01:
			l.branches = append(l.branches, id)
		case le.Uint16(h[8:]) == 0x02 && le.Uint16(h[10:]) >= 2:
			l.leaves = append(l.leaves, id)
		}
		id += int(le.Uint32(h[12:])) + 1
	}
	if len(l.branches) == 0 || len(l.leaves) == 0 || l.hwm < 10 {
		t.Fatalf("fixture too small for the damage cases: %+v", l)
	}
	return l
}

// Mutations of a copy of the file.
func cut(n int) func([]byte) []byte { return func(b []byte) []byte { return b[:n] } }

func flip(offs ...int) func([]byte) []byte {
	return func(b []byte) []byte {
		for _, o := range offs {
			b[o] ^= 0xFF
		}
		return b
	}
}

func zeroPages(ps int, ids ...int) func([]byte) []byte {
	return func(b []byte) []byte {
		for _, id := range ids {
			clear(b[id*ps : (id+1)*ps])
		}
		return b
	}
}

// flipEvery flips the last byte of every copy of mark in the file: the
// live record's and any stale copy in free pages, so the live one is hit.
func flipEvery(t *testing.T, b []byte, marks ...string) []int {
	var offs []int
	for _, mark := range marks {
		n := 0
		for i := 0; ; {
			j := bytes.Index(b[i:], []byte(mark))
			if j < 0 {
				break
			}
			offs = append(offs, i+j+len(mark)-1)
			i += j + len(mark)
			n++
		}
		if n == 0 {
			t.Fatalf("no %q in the file", mark)
		}
	}
	return offs
}

// TestDamagedDataFileIsRefused corrupts copies of a real data file in
// many ways and runs the built binary's serve and check on each: both
// must exit non-zero with exactly one line on stderr naming the file, and
// never panic, fault or serve. Each case says why it is detectable; none
// touches only free space, which nothing reads and nothing can detect.
func TestDamagedDataFileIsRefused(t *testing.T) {
	f := makeDamageFixture(t)
	l := f.layout
	ps, n := l.pageSize, len(f.file)
	br, lf := l.branches[0], l.leaves[0]
	topName := -1
	for _, id := range l.top {
		if i := bytes.Index(f.file[id*ps:(id+1)*ps], []byte("queues")); i >= 0 {
			topName = id*ps + i
		}
	}
	if topName < 0 {
		t.Fatal("no bucket name queues in the top-level pages")
	}
	// The last byte of the first key of a leaf: after the element headers.
	le := bo.LittleEndian
	keyEnd := lf*ps + 16 + 16*int(le.Uint16(f.file[lf*ps+10:])) + int(le.Uint32(f.file[lf*ps+16+8:])) - 1
	garbage := make([]byte, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	cases := []struct {
		name, why string
		mutate    func([]byte) []byte
	}{
		{"empty", "a data file always has at least 4 pages; bbolt would make an empty file a new, empty store", cut(0)},
		{"garbage", "no meta page has bbolt's magic", func([]byte) []byte { return append([]byte(nil), garbage...) }},
		{"cut in meta 0", "shorter than a page", cut(100)},
		{"cut in meta 1", "not a whole number of pages", cut(ps + 100)},
		{"cut to 3 pages", "fewer than the 4 pages of every data file", cut(3 * ps)},
		{"cut mid-page", "not a whole number of pages", cut(l.hwm/2*ps + 123)},
		{"cut one page short", "the newest meta says more pages are in use than the file holds", cut((l.hwm - 1) * ps)},
		{"cut to half", "the newest meta says more pages are in use than the file holds", cut(max(4, l.hwm/2) * ps)},
		{"meta 0 magic", "the meta's magic (and checksum) fail", flip(16)},
		{"meta 1 txid", "the meta's FNV checksum fails", flip(ps + 16 + 48)},
		{"newest meta root", "the meta's FNV checksum fails (bbolt would silently fall back to the older meta)", flip(l.newest*ps + 16 + 16)},
		{"meta 0 checksum", "the meta's FNV checksum fails", flip(16 + 56)},
		{"zeroed meta 0", "the page is not a meta page", zeroPages(ps, 0)},
		{"zeroed meta 1", "the page is not a meta page", zeroPages(ps, 1)},
		{"zeroed metas", "no meta page at all", zeroPages(ps, 0, 1)},
		{"zeroed freelist", "the page's header no longer names it", zeroPages(ps, l.freelist)},
		{"freelist type", "the freelist page's type is wrong", flip(l.freelist*ps + 8)},
		{"zeroed top level", "the page's header no longer names it", zeroPages(ps, l.root)},
		{"bucket name", "the top-level keys fall out of order, and the bucket is not in the schema", flip(topName)},
		{"zeroed branch", "the page's header no longer names it", zeroPages(ps, br)},
		{"branch child", "the child pointer leads to a page used twice, free, or outside the file", flip(br*ps + 16 + 8)},
		{"branch count", "the elements are no longer packed as bbolt writes them", flip(br*ps + 10)},
		{"zeroed leaf", "the page's header no longer names it", zeroPages(ps, lf)},
		{"leaf id", "the page's header no longer names it", flip(lf * ps)},
		{"leaf type", "neither a branch nor a leaf", flip(lf*ps + 8)},
		{"leaf value size", "the elements are no longer packed as bbolt writes them", flip(lf*ps + 16 + 12)},
		{"leaf key", "the record's checksum covers its key", flip(keyEnd)},
		{"record value", "the record fails its CRC-32C", flip(flipEvery(t, f.file, f.queueMark)...)},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			dir := t.TempDir()
			b := tc.mutate(append([]byte(nil), f.file...))
			if err := os.WriteFile(filepath.Join(dir, storage.BoltFile), b, 0o600); err != nil {
				t.Fatal(err)
			}
			t.Logf("detectable because %s", tc.why)
			expectRefused(t, dir, "serve")
			expectRefused(t, dir, "check")
		})
	}
}

// TestCheckListsEveryBadRecord flips a byte in two records: check names
// both (bucket and key), serve refuses and counts them.
func TestCheckListsEveryBadRecord(t *testing.T) {
	f := makeDamageFixture(t)
	dir := t.TempDir()
	b := flip(flipEvery(t, f.file, f.queueMark, f.userMark)...)(append([]byte(nil), f.file...))
	if err := os.WriteFile(filepath.Join(dir, storage.BoltFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr := expectRefused(t, dir, "check")
	for _, want := range []string{"queues " + f.iid + "/" + f.qid + ": checksum mismatch", "users " + f.iid + "/" + f.uid + ": checksum mismatch"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check does not list %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "2 records fail to load") {
		t.Errorf("check's error: %s", stderr)
	}
	if _, stderr := expectRefused(t, dir, "serve"); !strings.Contains(stderr, "checksum mismatch") || !strings.Contains(stderr, "(and 1 more)") {
		t.Errorf("serve's error: %s", stderr)
	}
}

// expectRefused runs serve or check on dir: a non-zero exit of its own,
// no panic or fault, and exactly one line on stderr, naming the file.
func expectRefused(t *testing.T, dir, cmdName string) (stdout, stderr string) {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	args := []string{cmdName, "--data-dir", dir}
	if cmdName == "serve" {
		args = append(args, "--addr", freeAddr(t), "--log-level", "warn")
	}
	cmd := exec.CommandContext(c, binary(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	stdout, stderr = out.String(), errb.String()
	all := stdout + stderr
	var ee *exec.ExitError
	switch {
	case c.Err() != nil:
		t.Fatalf("%s still running after 20 s on a damaged file:\n%s", cmdName, all)
	case !errors.As(err, &ee) || ee.ExitCode() <= 0:
		t.Fatalf("%s: %v, want a non-zero exit:\n%s", cmdName, err, all)
	}
	for _, bad := range []string{"panic:", "goroutine ", "SIGBUS", "SIGSEGV", "fatal error", "unexpected fault address"} {
		if strings.Contains(all, bad) {
			t.Fatalf("%s says %q:\n%s", cmdName, bad, all)
		}
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	file := filepath.Join(dir, storage.BoltFile)
	if len(lines) != 1 || !strings.Contains(lines[0], file) || !strings.Contains(lines[0], "damaged") {
		t.Fatalf("%s: want one error line naming %s as damaged, got:\n%s", cmdName, file, stderr)
	}
	if strings.Contains(stderr, "another connect-local") {
		t.Fatalf("%s blames a lock nobody holds: %s", cmdName, stderr)
	}
	t.Logf("%s: %s", cmdName, lines[0])
	return stdout, stderr
}

// TestOldFormatDataDirLoadsAndIsUpgraded rewrites every record of a real
// data dir as connect-local wrote it before records carried a checksum
// (bare JSON; the token secret as 32 raw bytes): check accepts it and
// counts them, serve loads it and rewrites every record with a checksum.
func TestOldFormatDataDirLoadsAndIsUpgraded(t *testing.T) {
	dir := t.TempDir()
	p := start(t, dir)
	c := p.client()
	iid := createInstance(t, c, "oldformat")
	hl, err := c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &iid})
	if err != nil {
		t.Fatal(err)
	}
	q, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("old-queue"), HoursOfOperationId: hl.HoursOfOperationSummaryList[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	p.term(t, 10*time.Second)

	// Strip the envelope off every record, in place.
	stripped := rewriteRecords(t, dir, func(b, k string, v []byte) ([]byte, error) { return storage.OpenRecord(b, k, v) })
	out, err := exec.Command(binary(t), "check", "--data-dir", dir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), fmt.Sprintf("%d records have no checksum", stripped)) {
		t.Fatalf("check of an old-format dir (%d records stripped): %v\n%s", stripped, err, out)
	}

	p = start(t, dir)
	d, err := p.client().DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: q.QueueId})
	if err != nil || aws.ToString(d.Queue.Name) != "old-queue" {
		t.Fatalf("old-format queue after start: %v", err)
	}
	p.term(t, 10*time.Second)
	out, err = exec.Command(binary(t), "check", "--data-dir", dir).CombinedOutput()
	if err != nil || strings.Contains(string(out), "no checksum") {
		t.Fatalf("check after the upgrade: %v\n%s", err, out)
	}
	// Every record carries a checksum now (rewriting each as itself).
	if n := rewriteRecords(t, dir, func(b, k string, v []byte) ([]byte, error) {
		if _, err := storage.OpenRecord(b, k, v); err != nil {
			return nil, err
		}
		return v, nil
	}); n < stripped {
		t.Fatalf("%d records after the upgrade, want at least %d", n, stripped)
	}
}

// rewriteRecords replaces every value of the data dir's store with
// fn's result, in one transaction, and counts them.
func rewriteRecords(t *testing.T, dir string, fn func(bucket, key string, v []byte) ([]byte, error)) int {
	t.Helper()
	s, err := storage.OpenBolt(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type rec struct {
		b, k string
		v    []byte
	}
	var recs []rec
	err = s.Update(func(tx storage.Tx) error {
		var buckets []string
		if err := tx.Buckets(func(b string) error { buckets = append(buckets, b); return nil }); err != nil {
			return err
		}
		for _, b := range buckets {
			if err := tx.Scan(b, "", func(k string, v []byte) error {
				nv, err := fn(b, k, v)
				if err != nil {
					return fmt.Errorf("%s %s: %w", b, k, err)
				}
				recs = append(recs, rec{b, k, append([]byte(nil), nv...)})
				return nil
			}); err != nil {
				return err
			}
		}
		for _, r := range recs {
			if err := tx.Put(r.b, r.k, r.v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}
