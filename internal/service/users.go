package service

import (
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

func (in IdentityInfoInput) applyTo(ii *UserIdentityInfo) {
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

func (in PhoneConfigInput) applyTo(pc *UserPhoneConfig) error {
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
		return invalidParam("AfterContactWorkTimeLimit must be at most %d seconds.", maxAfterContactWork)
	}
	if pc.PhoneType == "DESK_PHONE" && pc.DeskPhoneNumber == "" {
		return invalidParam("A DeskPhoneNumber is required when PhoneType is DESK_PHONE.")
	}
	return nil
}

func (s *Service) userOf(sc Scope, st *instanceState, idOrARN string) (*User, error) {
	return userFamily.of(sc, st, idOrARN)
}

// securityProfileIDs resolves IDs or ARNs to the bare IDs of existing
// security profiles, dropping repeats.
func (s *Service) securityProfileIDs(sc Scope, st *instanceState, ids []string) ([]string, error) {
	out := make([]string, 0, len(ids))
	for _, v := range ids {
		id, ok := resolveID(sc, st.ID, "security-profile", v)
		if !ok || st.security[id] == nil {
			return nil, notFound("Security profile not found: %s", v)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func checkUsername(st *instanceState, name string) error {
	// Case-insensitive, as sign-in names are.
	for _, u := range st.users {
		if strings.EqualFold(u.Username, name) {
			return duplicate("A user with the username %s already exists.", name)
		}
	}
	return nil
}

// CreateUser creates a user. The routing profile and every security
// profile must exist, and so must the hierarchy group when one is given.
// It does not use userFamily.create: it takes the user's ID before the
// later checks, as it always has (a deterministic NewID sees the same
// sequence).
func (s *Service) CreateUser(sc Scope, instanceID string, in UserInput) (*User, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	rp, err := s.profileOf(sc, st, in.RoutingProfileID)
	if err != nil {
		return nil, err
	}
	sps, err := s.securityProfileIDs(sc, st, in.SecurityProfileIDs)
	if err != nil {
		return nil, err
	}
	u := &User{ID: s.newID(), Username: in.Username, DirectoryUserID: in.DirectoryUserID,
		SecurityProfileIDs: sps, RoutingProfileID: rp.ID, Tags: cloneTags(in.Tags), Modified: s.modified(sc),
		PhoneConfig: UserPhoneConfig{PhoneType: "SOFT_PHONE"}}
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
	if len(st.users) >= s.quotas.UsersPerInstance {
		return nil, limitExceeded("The instance already has %d users, the quota.", s.quotas.UsersPerInstance)
	}
	u.ARN = sc.ARN("instance/" + st.ID + "/agent/" + u.ID)
	if err := userFamily.put(s, st, u); err != nil {
		return nil, err
	}
	return cloneUser(u), nil
}

func cloneUser(u *User) *User {
	out := *u
	out.SecurityProfileIDs = slices.Clone(u.SecurityProfileIDs)
	out.Proficiencies = slices.Clone(u.Proficiencies)
	out.Tags = cloneTags(u.Tags)
	out.Channels = maps.Clone(u.Channels)
	return &out
}

// DescribeUser returns one user.
func (s *Service) DescribeUser(sc Scope, instanceID, userID string) (*User, error) {
	return userFamily.describe(s, sc, instanceID, userID)
}

// ListUsers pages through an instance's users.
func (s *Service) ListUsers(sc Scope, instanceID string, req PageRequest) (Page[User], error) {
	return userFamily.list(s, sc, instanceID, func(id string) string { return "ListUsers|" + id }, nil, req)
}

// DeleteUser removes a user, and with it the proficiencies it holds
// (userFamily.removed).
func (s *Service) DeleteUser(sc Scope, instanceID, userID string) error {
	return userFamily.remove(s, sc, instanceID, userID, nil)
}

// updateUser applies change to a copy of the user and stores it.
func (s *Service) updateUser(sc Scope, instanceID, userID string, change func(st *instanceState, u *User) error) error {
	return userFamily.update(s, sc, instanceID, userID, change)
}

// UpdateUserRoutingProfile assigns the user another (existing) routing profile.
func (s *Service) UpdateUserRoutingProfile(sc Scope, instanceID, userID, profileID string) error {
	return s.updateUser(sc, instanceID, userID, func(st *instanceState, u *User) error {
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
func (s *Service) UpdateUserPhoneConfig(sc Scope, instanceID, userID string, in PhoneConfigInput) error {
	return s.updateUser(sc, instanceID, userID, func(_ *instanceState, u *User) error {
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
func (s *Service) UpdateUserIdentityInfo(sc Scope, instanceID, userID string, in IdentityInfoInput) error {
	return s.updateUser(sc, instanceID, userID, func(_ *instanceState, u *User) error {
		in.applyTo(&u.IdentityInfo)
		return nil
	})
}

// UpdateUserHierarchy puts the user in an (existing) group, or in none
// when groupID is "".
func (s *Service) UpdateUserHierarchy(sc Scope, instanceID, userID, groupID string) error {
	return s.updateUser(sc, instanceID, userID, func(st *instanceState, u *User) error {
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
func (s *Service) UpdateUserSecurityProfiles(sc Scope, instanceID, userID string, ids []string) error {
	return s.updateUser(sc, instanceID, userID, func(st *instanceState, u *User) error {
		sps, err := s.securityProfileIDs(sc, st, ids)
		if err != nil {
			return err
		}
		u.SecurityProfileIDs = sps
		return nil
	})
}
