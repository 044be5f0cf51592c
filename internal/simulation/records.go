package simulation

import "time"

// records are the contacts' records (Options.KeepContacts) as the run
// keeps them: compact and without pointers, so that a run of a million
// contacts neither copies nor has the garbage collector scan 90-byte
// ContactRecords as it goes. Report expands them into ContactRecords.
type records struct {
	rs       []record
	queueIDs []string         // by record.queue
	queues   map[string]int32 // index in queueIDs by queue ID
	// wide are the records a record cannot hold exactly (a time not in
	// UTC or outside UnixNano's range), by index in rs.
	wide map[int]ContactRecord
}

// record is a ContactRecord: times in Unix nanoseconds, the queue as an
// index into records.queueIDs.
type record struct {
	queued, disconnected, wait int64
	typ, queue                 int32
	answered, abandoned        bool
}

// queue is the index of queue id; hint is the index of the queue the
// contact's type starts in (-1: none yet), which it most often ends in.
func (rs *records) queue(id string, hint *int32) int32 {
	if *hint >= 0 && rs.queueIDs[*hint] == id {
		return *hint
	}
	i, ok := rs.queues[id]
	if !ok {
		if rs.queues == nil {
			rs.queues = map[string]int32{}
		}
		i = int32(len(rs.queueIDs))
		rs.queueIDs = append(rs.queueIDs, id)
		rs.queues[id] = i
	}
	if *hint < 0 {
		*hint = i
	}
	return i
}

// add appends r; hint is as for queue.
func (rs *records) add(r ContactRecord, hint *int32) {
	q, okQ := unixNano(r.Queued)
	dis, okD := unixNano(r.Disconnected)
	if !okQ || !okD {
		if rs.wide == nil {
			rs.wide = map[int]ContactRecord{}
		}
		rs.wide[len(rs.rs)] = r
		rs.rs = append(rs.rs, record{})
		return
	}
	rs.rs = append(rs.rs, record{queued: q, disconnected: dis, wait: int64(r.Wait), typ: int32(r.Type),
		queue: rs.queue(r.QueueID, hint), answered: r.Answered, abandoned: r.Abandoned})
}

// unixNano is t in Unix nanoseconds, if fromUnixNano gives t back exactly.
func unixNano(t time.Time) (int64, bool) {
	n := t.UnixNano()
	return n, fromUnixNano(n) == t
}

func fromUnixNano(n int64) time.Time { return time.Unix(0, n).UTC() }

// expand is the records as ContactRecords, in the order they were added
// (nil if none).
func (rs *records) expand() []ContactRecord {
	if len(rs.rs) == 0 {
		return nil
	}
	out := make([]ContactRecord, len(rs.rs))
	for i, r := range rs.rs {
		if w, ok := rs.wide[i]; ok {
			out[i] = w
			continue
		}
		out[i] = ContactRecord{Type: int(r.typ), QueueID: rs.queueIDs[r.queue], Queued: fromUnixNano(r.queued),
			Disconnected: fromUnixNano(r.disconnected), Wait: time.Duration(r.wait), Answered: r.answered, Abandoned: r.abandoned}
	}
	return out
}
