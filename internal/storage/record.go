package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// The record envelope: every value the service stores is framed as
//
//	0x01 | CRC-32C (big-endian, 4 bytes) | payload
//
// where the checksum covers bucket, a zero byte, key, a zero byte and the
// payload, so a flipped byte in the value, or a value found under another
// key or bucket, fails to open. The first byte is the envelope's version;
// 0x01 can begin neither JSON (which starts with '{' or '[' for every
// record written before the envelope existed) nor anything else the
// service wrote, so old records are recognisably different.
const (
	recordV1        = 0x01
	recordHeaderLen = 5
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// recordSum is the checksum of bucket, key and payload. scratch, when it
// is long enough, holds "bucket\x00key\x00" while they are summed (the
// caller overwrites it after), so that summing allocates nothing.
func recordSum(bucket, key string, payload, scratch []byte) uint32 {
	if n := len(bucket) + len(key) + 2; len(scratch) < n {
		scratch = make([]byte, n)
	}
	s := append(append(append(append(scratch[:0], bucket...), 0), key...), 0)
	return crc32.Update(crc32.Update(0, castagnoli, s), castagnoli, payload)
}

// SealRecord frames payload for storing at bucket/key.
func SealRecord(bucket, key string, payload []byte) []byte {
	out := make([]byte, recordHeaderLen+len(payload))
	out[0] = recordV1
	binary.BigEndian.PutUint32(out[1:], recordSum(bucket, key, payload, out[recordHeaderLen:]))
	copy(out[recordHeaderLen:], payload)
	return out
}

// PutSealed stores payload at bucket/key in the record envelope: tx.Put of
// SealRecord's value. Recorded writes (a *Writes) keep the sealed value as
// it is, which is nobody else's, where Put would copy it once more.
func PutSealed(tx Tx, bucket, key string, payload []byte) error {
	v := SealRecord(bucket, key, payload)
	if w, ok := tx.(*Writes); ok {
		w.ops = append(w.ops, writeOp{kind: 'p', bucket: bucket, key: key, value: v})
		return nil
	}
	return tx.Put(bucket, key, v)
}

// ErrNotSealed is OpenRecord's error for a value that does not start with
// the envelope's version byte: a record from before the envelope, or
// damage.
var ErrNotSealed = errors.New("no record envelope")

// OpenRecord returns the payload of a value SealRecord framed for
// bucket/key, after verifying its checksum. The payload shares v's bytes.
func OpenRecord(bucket, key string, v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != recordV1 {
		return nil, ErrNotSealed
	}
	if len(v) < recordHeaderLen {
		return nil, errors.New("record envelope cut short")
	}
	payload := v[recordHeaderLen:]
	if want, got := binary.BigEndian.Uint32(v[1:]), recordSum(bucket, key, payload, nil); want != got {
		return nil, fmt.Errorf("checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	return payload, nil
}
