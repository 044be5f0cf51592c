package instance

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"sort"
	"strings"
)

// Page is one page of a list, with the token for the next one ("" at the end).
type Page[T any] struct {
	Items     []T
	NextToken string
	Total     int // every match, before paging
}

// PageRequest is what a list or search call asks for. Binding identifies the
// request (operation, instance, filters): a token only works for the request
// that produced it.
type PageRequest struct {
	Binding    string
	MaxResults int
	NextToken  string
	// DefaultMax is used when MaxResults is 0.
	DefaultMax int
}

type pageToken struct {
	B string `json:"b"` // binding hash
	K string `json:"k"` // last key returned
	M string `json:"m"` // MAC
}

// Paginate returns the page after the token's key of items, which must be
// keyed uniquely by key; ordering is by key, so pages stay stable and never
// repeat or skip an item while the data does not change.
func Paginate[T any](c *Core, items []T, key func(T) string, req PageRequest) (Page[T], error) {
	sort.SliceStable(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
	max := req.MaxResults
	if max <= 0 {
		max = req.DefaultMax
		if max <= 0 {
			max = 100
		}
	}
	start := 0
	if req.NextToken != "" {
		last, err := c.ReadToken(req.NextToken, req.Binding)
		if err != nil {
			return Page[T]{}, err
		}
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > last })
	}
	end := min(start+max, len(items))
	p := Page[T]{Items: items[start:end], Total: len(items)}
	if end < len(items) {
		p.NextToken = c.MakeToken(req.Binding, key(items[end-1]))
	}
	return p, nil
}

// MAC is a keyed hash of parts, for tokens the service hands out.
func (c *Core) MAC(parts ...string) string {
	h := hmac.New(sha256.New, c.TokenSecret)
	h.Write([]byte(strings.Join(parts, "\x00")))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:16])
}

// MakeToken is the page token after lastKey of the request binding names.
func (c *Core) MakeToken(binding, lastKey string) string {
	b := c.MAC("binding", binding)
	t := pageToken{B: b, K: lastKey, M: c.MAC(b, lastKey)}
	raw, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// ReadToken is the last key of a token MakeToken made for binding.
func (c *Core) ReadToken(token, binding string) (string, error) {
	bad := InvalidParam("The NextToken is not valid for this request.")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", bad
	}
	var t pageToken
	if json.Unmarshal(raw, &t) != nil {
		return "", bad
	}
	if !hmac.Equal([]byte(t.M), []byte(c.MAC(t.B, t.K))) || t.B != c.MAC("binding", binding) {
		return "", bad
	}
	return t.K, nil
}
