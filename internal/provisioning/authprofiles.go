package provisioning

import (
	"encoding/pem"
	"github.com/connect-local/connect-local/internal/instance"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Security keys and authentication profiles
// (docs/provisioning.md#integrations-security-keys-and-authentication-profiles)
// are stored and read back: connect-local signs in no agent (no CCP), so
// it verifies no key and enforces no session length or IP list.
//
// Decisions [INF]:
//   - A security key is a PEM "PUBLIC KEY" block (anything else is
//     InvalidParameterException); an instance holds at most
//     QuotaSecurityKeys (ServiceQuotaExceededException); the same key twice
//     is ResourceConflictException; a repeated ClientToken returns the
//     association it made.
//   - Every instance has one authentication profile, the default, made
//     with it: its ID is derived from the instance's ARN (so it is the same
//     before and after a restart, stored or not), PeriodicSessionDuration
//     60 minutes, MaxSessionDuration 720, inactivity handling off.
//     UpdateAuthenticationProfile changes it; each IP entry must be an
//     address or a CIDR block (InvalidParameterException), and an entry
//     cannot be both allowed and blocked (InvalidRequestException).

// QuotaSecurityKeys is the most security keys of an instance.
const QuotaSecurityKeys = 2

// SecurityKey is a stored security key.
type SecurityKey struct {
	ID          string    `json:"id"`
	Key         string    `json:"key"`
	Created     time.Time `json:"created"`
	ClientToken string    `json:"clientToken,omitempty"`
}

// AuthenticationProfile is a stored authentication profile.
type AuthenticationProfile struct {
	ID                 string    `json:"id"`
	ARN                string    `json:"arn"`
	Name               string    `json:"name"`
	Description        string    `json:"description,omitempty"`
	IsDefault          bool      `json:"isDefault"`
	AllowedIPs         []string  `json:"allowedIps,omitempty"`
	BlockedIPs         []string  `json:"blockedIps,omitempty"`
	PeriodicSession    int64     `json:"periodicSessionDuration"`
	MaxSession         int64     `json:"maxSessionDuration"`
	InactivitySession  int64     `json:"sessionInactivityDuration,omitempty"`
	InactivityHandling bool      `json:"sessionInactivityHandlingEnabled"`
	Created            time.Time `json:"created"`
	instance.Modified
}

var authProfiles = instance.Family[AuthenticationProfile]{Bucket: bucketAuthProfiles, Kind: "authentication-profile", Noun: "Authentication profile",
	Records: func(st *instance.State) map[string]*AuthenticationProfile { return of(st).authProfiles },
	ID:      func(r *AuthenticationProfile) string { return r.ID }, SetID: func(r *AuthenticationProfile, id, arn string) { r.ID, r.ARN = id, arn },
	Stamp: func(r *AuthenticationProfile, m instance.Modified) { r.Modified = m }}

// defaultAuthProfile is an instance's default profile before any change.
func defaultAuthProfile(st *instance.State) *AuthenticationProfile {
	arn := st.FixedScope.ARN("instance/" + st.FixedID)
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte(arn+"/authentication-profile/default")).String()
	return &AuthenticationProfile{ID: id, ARN: arn + "/authentication-profile/" + id, Name: "Default authentication profile", IsDefault: true,
		PeriodicSession: 60, MaxSession: 720, Created: st.CreatedTime,
		Modified: instance.Modified{LastModifiedTime: st.CreatedTime, LastModifiedRegion: st.FixedScope.Region}}
}

// AssociateSecurityKey stores a public key; it returns the association.
func (s *Provisioning) AssociateSecurityKey(sc instance.Scope, instanceID, key, clientToken string) (*SecurityKey, error) {
	if b, _ := pem.Decode([]byte(strings.TrimSpace(key))); b == nil || b.Type != "PUBLIC KEY" {
		return nil, instance.InvalidParam("Key must be a PEM-encoded public key (-----BEGIN PUBLIC KEY-----).")
	}
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	for _, o := range of(st).keys {
		if clientToken != "" && o.ClientToken == clientToken {
			out := *o
			return &out, nil
		}
		if strings.TrimSpace(o.Key) == strings.TrimSpace(key) {
			return nil, instance.NewErr(instance.KindConflict, "This key is already associated (%s).", o.ID)
		}
	}
	if len(of(st).keys) >= QuotaSecurityKeys {
		return nil, instance.NewErr(instance.KindServiceQuotaExceeded, "An instance can have at most %d security keys.", QuotaSecurityKeys)
	}
	k := &SecurityKey{ID: s.core.NewID(), Key: key, Created: s.core.Clock.Now(), ClientToken: clientToken}
	if err := securityKeys.Put(s.core, st, k); err != nil {
		return nil, err
	}
	out := *k
	return &out, nil
}

var securityKeys = instance.Family[SecurityKey]{Bucket: bucketSecurityKeys, Kind: "security-key", Noun: "Security key",
	Records: func(st *instance.State) map[string]*SecurityKey { return of(st).keys },
	ID:      func(r *SecurityKey) string { return r.ID }, SetID: func(r *SecurityKey, id, _ string) { r.ID = id },
	Stamp: func(*SecurityKey, instance.Modified) {}}

// DisassociateSecurityKey removes a key.
func (s *Provisioning) DisassociateSecurityKey(sc instance.Scope, instanceID, associationID string) error {
	return securityKeys.Remove(s.core, sc, instanceID, associationID, nil)
}

// ListSecurityKeys pages through an instance's keys.
func (s *Provisioning) ListSecurityKeys(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[SecurityKey], error) {
	return securityKeys.List(s.core, sc, instanceID, func(i string) string { return "ListSecurityKeys|" + i }, nil, req)
}

// DescribeAuthenticationProfile returns one profile.
func (s *Provisioning) DescribeAuthenticationProfile(sc instance.Scope, instanceID, id string) (*AuthenticationProfile, error) {
	return authProfiles.Describe(s.core, sc, instanceID, id)
}

// ListAuthenticationProfiles pages through an instance's profiles.
func (s *Provisioning) ListAuthenticationProfiles(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[AuthenticationProfile], error) {
	return authProfiles.List(s.core, sc, instanceID, func(i string) string { return "ListAuthenticationProfiles|" + i }, nil, req)
}

// AuthProfileInput is UpdateAuthenticationProfile's input; nil leaves a
// field as it is.
type AuthProfileInput struct {
	Name, Description           *string
	AllowedIPs, BlockedIPs      []string
	PeriodicSession, Inactivity *int64
	InactivityHandling          *bool
}

// UpdateAuthenticationProfile changes the fields given.
func (s *Provisioning) UpdateAuthenticationProfile(sc instance.Scope, instanceID, id string, in AuthProfileInput) error {
	for _, ip := range slices.Concat(in.AllowedIPs, in.BlockedIPs) {
		if _, err := netip.ParsePrefix(ip); err != nil {
			if _, err := netip.ParseAddr(ip); err != nil {
				return instance.InvalidParam("%s is neither an IP address nor a CIDR block.", ip)
			}
		}
	}
	return authProfiles.Update(s.core, sc, instanceID, id, func(_ *instance.State, p *AuthenticationProfile) error {
		if in.Name != nil {
			p.Name = *in.Name
		}
		if in.Description != nil {
			p.Description = *in.Description
		}
		if in.AllowedIPs != nil {
			p.AllowedIPs = slices.Clone(in.AllowedIPs)
		}
		if in.BlockedIPs != nil {
			p.BlockedIPs = slices.Clone(in.BlockedIPs)
		}
		for _, ip := range p.AllowedIPs {
			if slices.Contains(p.BlockedIPs, ip) {
				return instance.InvalidRequest("%s is both allowed and blocked.", ip)
			}
		}
		if in.PeriodicSession != nil {
			p.PeriodicSession = *in.PeriodicSession
		}
		if in.Inactivity != nil {
			p.InactivitySession = *in.Inactivity
		}
		if in.InactivityHandling != nil {
			p.InactivityHandling = *in.InactivityHandling
		}
		return nil
	})
}
