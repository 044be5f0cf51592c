package sigv4

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Credential is one access key: its secret and the account it acts as.
type Credential struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	AccountID       string `json:"accountId"`
}

// Credentials are the known access keys by ID.
type Credentials map[string]Credential

// ParseCredentials reads the credentials file format (README, "Strict
// authentication"):
//
//	{"credentials": [
//	  {"accessKeyId": "AKIDTEAMA", "secretAccessKey": "…", "accountId": "111111111111"}
//	]}
//
// Every entry needs all three fields, the account 12 digits, and no key may
// appear twice.
func ParseCredentials(r io.Reader) (Credentials, error) {
	var doc struct {
		Credentials []Credential `json:"credentials"`
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	if len(doc.Credentials) == 0 {
		return nil, fmt.Errorf(`credentials: no entries (want {"credentials": [{"accessKeyId": …, "secretAccessKey": …, "accountId": …}]})`)
	}
	out := Credentials{}
	for i, c := range doc.Credentials {
		switch {
		case c.AccessKeyID == "" || strings.ContainsAny(c.AccessKeyID, "/ ,="):
			return nil, fmt.Errorf("credentials: entry %d: accessKeyId must be set and hold no '/', ',', '=' or space", i+1)
		case c.SecretAccessKey == "":
			return nil, fmt.Errorf("credentials: entry %d (%s): secretAccessKey must be set", i+1, c.AccessKeyID)
		case !isAccountID(c.AccountID):
			return nil, fmt.Errorf("credentials: entry %d (%s): accountId must be 12 digits", i+1, c.AccessKeyID)
		}
		if _, dup := out[c.AccessKeyID]; dup {
			return nil, fmt.Errorf("credentials: accessKeyId %s appears twice", c.AccessKeyID)
		}
		out[c.AccessKeyID] = c
	}
	return out, nil
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
