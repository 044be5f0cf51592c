package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"maps"
	"slices"
	"strings"
)

// maxAfterContactWork is the largest ACW limit in seconds (docs/routing.md#users-agents).
const maxAfterContactWork = 2_000_000

// UserInput is what CreateUser takes. There is no password: connect-local
// signs no one in, so the handler drops it and it is never stored.
type UserInput struct {
	Username           string
	IdentityInfo       IdentityInfoInput
	PhoneConfig        PhoneConfigInput
	DirectoryUserID    string
	SecurityProfileIDs []string
	RoutingProfileID   string
	HierarchyGroupID   string // "" for none
	Tags               map[string]string
}

// IdentityInfoInput sets the identity fields that are non-nil; "" clears one.
type IdentityInfoInput struct {
	FirstName, LastName, Email, SecondaryEmail, Mobile *string
}

// PhoneConfigInput sets the phone fields that are non-nil.
type PhoneConfigInput struct {
	PhoneType                 *string
	AutoAccept                *bool
	AfterContactWorkTimeLimit *int64
	DeskPhoneNumber           *string
	PersistentConnection      *bool
}

func (in IdentityInfoInput) applyTo(ii *instance.UserIdentityInfo) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&ii.FirstName, in.FirstName)
	set(&ii.LastName, in.LastName)
	set(&ii.Email, in.Email)
	set(&ii.SecondaryEmail, in.SecondaryEmail)
	set(&ii.Mobile, in.Mobile)
}

func (in PhoneConfigInput) applyTo(pc *instance.UserPhoneConfig) error {
	if in.PhoneType != nil {
		pc.PhoneType = *in.PhoneType
	}
	if in.AutoAccept != nil {
		pc.AutoAccept = *in.AutoAccept
	}
	if in.AfterContactWorkTimeLimit != nil {
		pc.AfterContactWorkTimeLimit = *in.AfterContactWorkTimeLimit
	}
	if in.DeskPhoneNumber != nil {
		pc.DeskPhoneNumber = *in.DeskPhoneNumber
	}
	if in.PersistentConnection != nil {
		v := *in.PersistentConnection
		pc.PersistentConnection = &v
	}
	if pc.AfterContactWorkTimeLimit > maxAfterContactWork {
		return instance.InvalidParam("AfterContactWorkTimeLimit must be at most %d seconds.", maxAfterContactWork)
	}
	if pc.PhoneType == "DESK_PHONE" && pc.DeskPhoneNumber == "" {
		return instance.InvalidParam("A DeskPhoneNumber is required when PhoneType is DESK_PHONE.")
	}
	return nil
}

func (s *RoutingConfig) userOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.User, error) {
	return userFamily.Of(sc, st, idOrARN)
}

// securityProfileIDs resolves IDs or ARNs to the bare IDs of existing
// security profiles, dropping repeats.
func (s *RoutingConfig) securityProfileIDs(sc instance.Scope, st *instance.State, ids []string) ([]string, error) {
	out := make([]string, 0, len(ids))
	for _, v := range ids {
		id, ok := instance.ResolveID(sc, st.ID, "security-profile", v)
		if !ok || st.Security[id] == nil {
			return nil, instance.NotFound("Security profile not found: %s", v)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func checkUsername(st *instance.State, name string) error {
	// Case-insensitive, as sign-in names are.
	for _, u := range st.Users {
		if strings.EqualFold(u.Username, name) {
			return instance.Duplicate("A user with the username %s already exists.", name)
		}
	}
	return nil
}

// CreateUser creates a user. The routing profile and every security
// profile must exist, and so must the hierarchy group when one is given.
// It does not use userFamily.create: it takes the user's ID before the
// later checks, as it always has (a deterministic NewID sees the same
// sequence).
func (s *RoutingConfig) CreateUser(sc instance.Scope, instanceID string, in UserInput) (*instance.User, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	rp, err := s.profileOf(sc, st, in.RoutingProfileID)
	if err != nil {
		return nil, err
	}
	sps, err := s.securityProfileIDs(sc, st, in.SecurityProfileIDs)
	if err != nil {
		return nil, err
	}
	u := &instance.User{ID: s.core.NewID(), Username: in.Username, DirectoryUserID: in.DirectoryUserID,
		SecurityProfileIDs: sps, RoutingProfileID: rp.ID, Tags: instance.CloneTags(in.Tags), Modified: s.core.Modified(sc),
		PhoneConfig: instance.UserPhoneConfig{PhoneType: "SOFT_PHONE"}}
	if in.HierarchyGroupID != "" {
		g, err := s.groupOf(sc, st, in.HierarchyGroupID)
		if err != nil {
			return nil, err
		}
		u.HierarchyGroupID = g.ID
	}
	in.IdentityInfo.applyTo(&u.IdentityInfo)
	if err := in.PhoneConfig.applyTo(&u.PhoneConfig); err != nil {
		return nil, err
	}
	if err := checkUsername(st, in.Username); err != nil {
		return nil, err
	}
	if len(st.Users) >= s.quotas.UsersPerInstance {
		return nil, instance.LimitExceeded("The instance already has %d users, the quota.", s.quotas.UsersPerInstance)
	}
	u.ARN = sc.ARN("instance/" + st.ID + "/agent/" + u.ID)
	if err := userFamily.Put(s.core, st, u); err != nil {
		return nil, err
	}
	return cloneUser(u), nil
}

func cloneUser(u *instance.User) *instance.User {
	out := *u
	out.SecurityProfileIDs = slices.Clone(u.SecurityProfileIDs)
	out.Proficiencies = slices.Clone(u.Proficiencies)
	out.Tags = instance.CloneTags(u.Tags)
	out.Channels = maps.Clone(u.Channels)
	return &out
}

// DescribeUser returns one user.
func (s *RoutingConfig) DescribeUser(sc instance.Scope, instanceID, userID string) (*instance.User, error) {
	return userFamily.Describe(s.core, sc, instanceID, userID)
}

// ListUsers pages through an instance's users.
func (s *RoutingConfig) ListUsers(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[instance.User], error) {
	return userFamily.List(s.core, sc, instanceID, func(id string) string { return "ListUsers|" + id }, nil, req)
}

// DeleteUser removes a user, and with it the proficiencies it holds
// (userFamily.removed).
func (s *RoutingConfig) DeleteUser(sc instance.Scope, instanceID, userID string) error {
	return userFamily.Remove(s.core, sc, instanceID, userID, nil)
}

// updateUser applies change to a copy of the user and stores it.
func (s *RoutingConfig) updateUser(sc instance.Scope, instanceID, userID string, change func(st *instance.State, u *instance.User) error) error {
	return userFamily.Update(s.core, sc, instanceID, userID, change)
}

// UpdateUserRoutingProfile assigns the user another (existing) routing profile.
func (s *RoutingConfig) UpdateUserRoutingProfile(sc instance.Scope, instanceID, userID, profileID string) error {
	return s.updateUser(sc, instanceID, userID, func(st *instance.State, u *instance.User) error {
		rp, err := s.profileOf(sc, st, profileID)
		if err != nil {
			return err
		}
		u.RoutingProfileID = rp.ID
		return nil
	})
}

// UpdateUserPhoneConfig sets the user's phone settings from a request that
// carries the whole PhoneConfig (PhoneType is required). AutoAccept and
// AfterContactWorkTimeLimit left out take their zero values (false, no
// limit), because the AWS SDKs leave out a false bool and a zero number:
// merging them would make AutoAccept impossible to turn off (Terraform's
// auto_accept = false). A desk phone number and the persistent-connection
// setting left out are kept (chosen; docs/provisioning.md#users).
// AutoAccept and the ACW limit then hold for every channel (userconfig.go).
func (s *RoutingConfig) UpdateUserPhoneConfig(sc instance.Scope, instanceID, userID string, in PhoneConfigInput) error {
	return s.updateUser(sc, instanceID, userID, func(_ *instance.State, u *instance.User) error {
		pc := u.PhoneConfig
		pc.AutoAccept, pc.AfterContactWorkTimeLimit = false, 0
		if err := in.applyTo(&pc); err != nil {
			return err
		}
		u.PhoneConfig, u.Channels = pc, phoneConfigForAll(u.Channels)
		return nil
	})
}

// UpdateUserIdentityInfo changes the identity fields that are set.
func (s *RoutingConfig) UpdateUserIdentityInfo(sc instance.Scope, instanceID, userID string, in IdentityInfoInput) error {
	return s.updateUser(sc, instanceID, userID, func(_ *instance.State, u *instance.User) error {
		in.applyTo(&u.IdentityInfo)
		return nil
	})
}

// UpdateUserHierarchy puts the user in an (existing) group, or in none
// when groupID is "".
func (s *RoutingConfig) UpdateUserHierarchy(sc instance.Scope, instanceID, userID, groupID string) error {
	return s.updateUser(sc, instanceID, userID, func(st *instance.State, u *instance.User) error {
		if groupID == "" {
			u.HierarchyGroupID = ""
			return nil
		}
		g, err := s.groupOf(sc, st, groupID)
		if err != nil {
			return err
		}
		u.HierarchyGroupID = g.ID
		return nil
	})
}

// UpdateUserSecurityProfiles replaces the user's security profiles.
func (s *RoutingConfig) UpdateUserSecurityProfiles(sc instance.Scope, instanceID, userID string, ids []string) error {
	return s.updateUser(sc, instanceID, userID, func(st *instance.State, u *instance.User) error {
		sps, err := s.securityProfileIDs(sc, st, ids)
		if err != nil {
			return err
		}
		u.SecurityProfileIDs = sps
		return nil
	})
}
