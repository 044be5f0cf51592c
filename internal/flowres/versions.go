package flowres

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/connect-local/connect-local/internal/instance"
	"regexp"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// Flow and module versions (CreateContactFlowVersion …,
// CreateContactFlowModuleVersion …) and module aliases
// (CreateContactFlowModuleAlias …): a version is an immutable copy of a
// flow's or module's content, numbered from 1 per flow or module; an alias
// names one version of a module (docs/flows.md#versions-and-aliases).

const (
	bucketVersions = "flow-versions"  // {i}/{flow|module}:{parentId}:{version} → FlowVersion
	bucketAliases  = "module-aliases" // {i}/{aliasId} → ModuleAlias
)

// FlowVersion is one version of a flow (Kind "flow") or a module ("module").
type FlowVersion struct {
	Kind        string `json:"kind"`
	ParentID    string `json:"parentId"`
	Version     int64  `json:"version"`
	ARN         string `json:"arn"` // the parent's ARN + ":" + version
	Description string `json:"description,omitempty"`
	Content     string `json:"content"`
	instance.Modified
}

func versionKey(kind, parentID string, v int64) string {
	return fmt.Sprintf("%s:%s:%d", kind, parentID, v)
}

func (v *FlowVersion) key() string { return versionKey(v.Kind, v.ParentID, v.Version) }

// ModuleAlias names one version of a module.
type ModuleAlias struct {
	ID          string `json:"id"`
	ModuleID    string `json:"moduleId"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Version     int64  `json:"version"`
	instance.Modified
}

// versionParent finds the flow or module a version belongs to: its ID,
// ARN and current content. The caller holds st.Mu.
func (s *FlowRes) versionParent(sc instance.Scope, st *instance.State, kind, idOrARN string) (id, arn, content string, err error) {
	if kind == "module" {
		m, err := s.moduleOf(sc, st, idOrARN)
		if err != nil {
			return "", "", "", err
		}
		return m.ID, m.ARN, m.Content, nil
	}
	f, err := flows.Of(sc, st, idOrARN)
	if err != nil {
		return "", "", "", err
	}
	return f.ID, f.ARN, f.Content, nil
}

// CreateVersion stores the current content of a flow or module as its
// next version. A sha256 that is given must be the content's.
func (s *FlowRes) CreateVersion(sc instance.Scope, instanceID, kind, parentID, description, sha256 string) (*FlowVersion, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	id, arn, content, err := s.versionParent(sc, st, kind, parentID)
	if err != nil {
		return nil, err
	}
	if sha256 != "" && !strings.EqualFold(sha256, contentSHA256(content)) {
		return nil, instance.InvalidRequest("The content SHA-256 %s is not that of the current content; it changed since it was read.", sha256)
	}
	var last int64
	for _, v := range of(st).versions {
		if v.Kind == kind && v.ParentID == id {
			last = max(last, v.Version)
		}
	}
	v := &FlowVersion{Kind: kind, ParentID: id, Version: last + 1, Description: description, Content: content, Modified: s.core.Modified(sc)}
	v.ARN = fmt.Sprintf("%s:%d", arn, v.Version)
	err = s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketVersions, instance.ChildKey(st.ID, v.key()), v)
	},
		func() { of(st).versions[v.key()] = v })
	if err != nil {
		return nil, err
	}
	out := *v
	return &out, nil
}

// ListVersions pages through the versions of a flow or module, oldest first.
func (s *FlowRes) ListVersions(sc instance.Scope, instanceID, kind, parentID string, req instance.PageRequest) (instance.Page[FlowVersion], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return instance.Page[FlowVersion]{}, err
	}
	defer unlock()
	id, _, _, err := s.versionParent(sc, st, kind, parentID)
	if err != nil {
		return instance.Page[FlowVersion]{}, err
	}
	var all []FlowVersion
	for _, v := range of(st).versions {
		if v.Kind == kind && v.ParentID == id {
			all = append(all, *v)
		}
	}
	req.Binding = "ListVersions|" + st.ID + "|" + kind + "|" + id
	return instance.Paginate(s.core, all, func(v FlowVersion) string { return fmt.Sprintf("%020d", v.Version) }, req)
}

// DeleteVersion deletes one version; a module version an alias names
// cannot be deleted.
func (s *FlowRes) DeleteVersion(sc instance.Scope, instanceID, kind, parentID string, version int64) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	id, _, _, err := s.versionParent(sc, st, kind, parentID)
	if err != nil {
		return err
	}
	k := versionKey(kind, id, version)
	v := of(st).versions[k]
	if v == nil {
		return instance.NotFound("Version %d not found.", version)
	}
	for _, a := range of(st).aliases {
		if kind == "module" && a.ModuleID == id && a.Version == version {
			return instance.InUse("", v.ARN, "Version %d is named by the alias %s.", version, a.Name)
		}
	}
	return s.core.Commit(st, func(tx storage.Tx) error { return tx.Delete(bucketVersions, instance.ChildKey(st.ID, k)) },
		func() { delete(of(st).versions, k) })
}

// aliasName is the model's ContactFlowModuleAlias pattern.
var aliasName = regexp.MustCompile(`^([$0-9a-zA-Z][_-]?)+$`)

// AliasInput is what Create/UpdateContactFlowModuleAlias take; nil
// fields are left unchanged on update.
type AliasInput struct {
	Name, Description *string
	Version           *int64
}

func checkAlias(st *instance.State, a *ModuleAlias) error {
	if !aliasName.MatchString(a.Name) || len(a.Name) > 100 {
		return instance.InvalidParam("Alias name %q is not valid.", a.Name)
	}
	if of(st).versions[versionKey("module", a.ModuleID, a.Version)] == nil {
		return instance.NotFound("The module has no version %d.", a.Version)
	}
	for _, x := range of(st).aliases {
		if x.ID != a.ID && x.ModuleID == a.ModuleID && strings.EqualFold(x.Name, a.Name) {
			return instance.Duplicate("The module already has an alias named %s.", a.Name)
		}
	}
	return nil
}

// CreateModuleAlias names a version of a module.
func (s *FlowRes) CreateModuleAlias(sc instance.Scope, instanceID, moduleID string, in AliasInput) (*ModuleAlias, string, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, "", err
	}
	defer unlock()
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return nil, "", err
	}
	a := &ModuleAlias{ID: s.core.NewID(), ModuleID: m.ID, Modified: s.core.Modified(sc)}
	a.apply(in)
	if err := checkAlias(st, a); err != nil {
		return nil, "", err
	}
	err = s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketAliases, instance.ChildKey(st.ID, a.ID), a)
	},
		func() { of(st).aliases[a.ID] = a })
	if err != nil {
		return nil, "", err
	}
	out := *a
	return &out, m.ARN, nil
}

func (a *ModuleAlias) apply(in AliasInput) {
	if in.Name != nil {
		a.Name = *in.Name
	}
	if in.Description != nil {
		a.Description = *in.Description
	}
	if in.Version != nil {
		a.Version = *in.Version
	}
}

func (s *FlowRes) aliasOf(sc instance.Scope, st *instance.State, moduleID, aliasID string) (*ModuleAlias, *FlowModule, error) {
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return nil, nil, err
	}
	a := of(st).aliases[aliasID]
	if a == nil || a.ModuleID != m.ID {
		return nil, nil, instance.NotFound("Flow module alias not found: %s", aliasID)
	}
	return a, m, nil
}

// DescribeModuleAlias returns one alias and its module's ARN.
func (s *FlowRes) DescribeModuleAlias(sc instance.Scope, instanceID, moduleID, aliasID string) (*ModuleAlias, string, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, "", err
	}
	defer unlock()
	a, m, err := s.aliasOf(sc, st, moduleID, aliasID)
	if err != nil {
		return nil, "", err
	}
	out := *a
	return &out, m.ARN, nil
}

// ListModuleAliases pages through a module's aliases; it answers the
// module's ARN too.
func (s *FlowRes) ListModuleAliases(sc instance.Scope, instanceID, moduleID string, req instance.PageRequest) (instance.Page[ModuleAlias], string, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return instance.Page[ModuleAlias]{}, "", err
	}
	defer unlock()
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return instance.Page[ModuleAlias]{}, "", err
	}
	var all []ModuleAlias
	for _, a := range of(st).aliases {
		if a.ModuleID == m.ID {
			all = append(all, *a)
		}
	}
	req.Binding = "ListContactFlowModuleAliases|" + st.ID + "|" + m.ID
	p, err := instance.Paginate(s.core, all, func(a ModuleAlias) string { return a.ID }, req)
	return p, m.ARN, err
}

// UpdateModuleAlias changes the fields that are set.
func (s *FlowRes) UpdateModuleAlias(sc instance.Scope, instanceID, moduleID, aliasID string, in AliasInput) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	a, _, err := s.aliasOf(sc, st, moduleID, aliasID)
	if err != nil {
		return err
	}
	n := *a
	n.apply(in)
	if err := checkAlias(st, &n); err != nil {
		return err
	}
	n.Modified = s.core.Modified(sc)
	return s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketAliases, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() { of(st).aliases[n.ID] = &n })
}

// DeleteModuleAlias deletes an alias.
func (s *FlowRes) DeleteModuleAlias(sc instance.Scope, instanceID, moduleID, aliasID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	a, _, err := s.aliasOf(sc, st, moduleID, aliasID)
	if err != nil {
		return err
	}
	return s.core.Commit(st, func(tx storage.Tx) error { return tx.Delete(bucketAliases, instance.ChildKey(st.ID, a.ID)) },
		func() { delete(of(st).aliases, a.ID) })
}

func contentSHA256(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}
