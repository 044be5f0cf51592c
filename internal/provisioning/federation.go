package provisioning

import (
	"time"

	"github.com/connect-local/connect-local/internal/instance"
)

// GetFederationToken (docs/provisioning.md).

// FederationToken is GetFederationToken's answer: a credential set that
// connect-local issues and nothing checks.
type FederationToken struct {
	AccessToken, RefreshToken           string
	AccessExpiration, RefreshExpiration time.Time
	SignInURL                           string
}

// Federation token lifetimes [INF: Connect's documentation gives none].
const (
	FederationAccessTTL  = 12 * time.Hour
	FederationRefreshTTL = 30 * 24 * time.Hour
)

// GetFederationToken issues a fake credential set for the instance: the
// tokens are MACs of the instance and the time (the same instant gives the
// same tokens), carry nothing secret, and no request ever needs them.
func (s *Provisioning) GetFederationToken(sc instance.Scope, instanceID string) (*FederationToken, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	now := s.core.Clock.Now()
	alias := st.Alias
	if alias == "" {
		alias = st.ID
	}
	return &FederationToken{
		AccessToken:      "connect-local-access-" + s.core.MAC("federation-access", st.ID, now.String()),
		RefreshToken:     "connect-local-refresh-" + s.core.MAC("federation-refresh", st.ID, now.String()),
		AccessExpiration: now.Add(FederationAccessTTL), RefreshExpiration: now.Add(FederationRefreshTTL),
		SignInURL: "https://" + alias + ".my.connect.aws/auth/sign-in",
	}, nil
}
