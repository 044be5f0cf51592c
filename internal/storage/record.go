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

func recordSum(bucket, key string, payload []byte) uint32 {
	h := crc32.New(castagnoli)
	h.Write([]byte(bucket))
	h.Write([]byte{0})
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write(payload)
	return h.Sum32()
}

// SealRecord frames payload for storing at bucket/key.
func SealRecord(bucket, key string, payload []byte) []byte {
	out := make([]byte, recordHeaderLen, recordHeaderLen+len(payload))
	out[0] = recordV1
	binary.BigEndian.PutUint32(out[1:], recordSum(bucket, key, payload))
	return append(out, payload...)
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
	if want, got := binary.BigEndian.Uint32(v[1:]), recordSum(bucket, key, payload); want != got {
		return nil, fmt.Errorf("checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	return payload, nil
}
