package service

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
	Modified
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
	Modified
}

// versionParent finds the flow or module a version belongs to: its ID,
// ARN and current content. The caller holds st.Mu.
func (s *Service) versionParent(sc Scope, st *instanceState, kind, idOrARN string) (id, arn, content string, err error) {
	if kind == "module" {
		m, err := s.moduleOf(sc, st, idOrARN)
		if err != nil {
			return "", "", "", err
		}
		return m.ID, m.ARN, m.Content, nil
	}
	f, err := flows.of(sc, st, idOrARN)
	if err != nil {
		return "", "", "", err
	}
	return f.ID, f.ARN, f.Content, nil
}

// CreateVersion stores the current content of a flow or module as its
// next version. A sha256 that is given must be the content's.
func (s *Service) CreateVersion(sc Scope, instanceID, kind, parentID, description, sha256 string) (*FlowVersion, error) {
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
		return nil, invalidRequest("The content SHA-256 %s is not that of the current content; it changed since it was read.", sha256)
	}
	var last int64
	for _, v := range st.flowRes().versions {
		if v.Kind == kind && v.ParentID == id {
			last = max(last, v.Version)
		}
	}
	v := &FlowVersion{Kind: kind, ParentID: id, Version: last + 1, Description: description, Content: content, Modified: s.modified(sc)}
	v.ARN = fmt.Sprintf("%s:%d", arn, v.Version)
	err = s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketVersions, childKey(st.ID, v.key()), v) },
		func() { st.flowRes().versions[v.key()] = v })
	if err != nil {
		return nil, err
	}
	out := *v
	return &out, nil
}

// ListVersions pages through the versions of a flow or module, oldest first.
func (s *Service) ListVersions(sc Scope, instanceID, kind, parentID string, req PageRequest) (Page[FlowVersion], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return Page[FlowVersion]{}, err
	}
	defer unlock()
	id, _, _, err := s.versionParent(sc, st, kind, parentID)
	if err != nil {
		return Page[FlowVersion]{}, err
	}
	var all []FlowVersion
	for _, v := range st.flowRes().versions {
		if v.Kind == kind && v.ParentID == id {
			all = append(all, *v)
		}
	}
	req.Binding = "ListVersions|" + st.ID + "|" + kind + "|" + id
	return paginate(s, all, func(v FlowVersion) string { return fmt.Sprintf("%020d", v.Version) }, req)
}

// DeleteVersion deletes one version; a module version an alias names
// cannot be deleted.
func (s *Service) DeleteVersion(sc Scope, instanceID, kind, parentID string, version int64) error {
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
	v := st.flowRes().versions[k]
	if v == nil {
		return notFound("Version %d not found.", version)
	}
	for _, a := range st.flowRes().aliases {
		if kind == "module" && a.ModuleID == id && a.Version == version {
			return inUse("", v.ARN, "Version %d is named by the alias %s.", version, a.Name)
		}
	}
	return s.commit(st, func(tx storage.Tx) error { return tx.Delete(bucketVersions, childKey(st.ID, k)) },
		func() { delete(st.flowRes().versions, k) })
}

// aliasName is the model's ContactFlowModuleAlias pattern.
var aliasName = regexp.MustCompile(`^([$0-9a-zA-Z][_-]?)+$`)

// AliasInput is what Create/UpdateContactFlowModuleAlias take; nil
// fields are left unchanged on update.
type AliasInput struct {
	Name, Description *string
	Version           *int64
}

func checkAlias(st *instanceState, a *ModuleAlias) error {
	if !aliasName.MatchString(a.Name) || len(a.Name) > 100 {
		return invalidParam("Alias name %q is not valid.", a.Name)
	}
	if st.flowRes().versions[versionKey("module", a.ModuleID, a.Version)] == nil {
		return notFound("The module has no version %d.", a.Version)
	}
	for _, x := range st.flowRes().aliases {
		if x.ID != a.ID && x.ModuleID == a.ModuleID && strings.EqualFold(x.Name, a.Name) {
			return duplicate("The module already has an alias named %s.", a.Name)
		}
	}
	return nil
}

// CreateModuleAlias names a version of a module.
func (s *Service) CreateModuleAlias(sc Scope, instanceID, moduleID string, in AliasInput) (*ModuleAlias, string, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, "", err
	}
	defer unlock()
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return nil, "", err
	}
	a := &ModuleAlias{ID: s.newID(), ModuleID: m.ID, Modified: s.modified(sc)}
	a.apply(in)
	if err := checkAlias(st, a); err != nil {
		return nil, "", err
	}
	err = s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketAliases, childKey(st.ID, a.ID), a) },
		func() { st.flowRes().aliases[a.ID] = a })
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

func (s *Service) aliasOf(sc Scope, st *instanceState, moduleID, aliasID string) (*ModuleAlias, *FlowModule, error) {
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return nil, nil, err
	}
	a := st.flowRes().aliases[aliasID]
	if a == nil || a.ModuleID != m.ID {
		return nil, nil, notFound("Flow module alias not found: %s", aliasID)
	}
	return a, m, nil
}

// DescribeModuleAlias returns one alias and its module's ARN.
func (s *Service) DescribeModuleAlias(sc Scope, instanceID, moduleID, aliasID string) (*ModuleAlias, string, error) {
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
func (s *Service) ListModuleAliases(sc Scope, instanceID, moduleID string, req PageRequest) (Page[ModuleAlias], string, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return Page[ModuleAlias]{}, "", err
	}
	defer unlock()
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return Page[ModuleAlias]{}, "", err
	}
	var all []ModuleAlias
	for _, a := range st.flowRes().aliases {
		if a.ModuleID == m.ID {
			all = append(all, *a)
		}
	}
	req.Binding = "ListContactFlowModuleAliases|" + st.ID + "|" + m.ID
	p, err := paginate(s, all, func(a ModuleAlias) string { return a.ID }, req)
	return p, m.ARN, err
}

// UpdateModuleAlias changes the fields that are set.
func (s *Service) UpdateModuleAlias(sc Scope, instanceID, moduleID, aliasID string, in AliasInput) error {
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
	n.Modified = s.modified(sc)
	return s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketAliases, childKey(st.ID, n.ID), &n) },
		func() { st.flowRes().aliases[n.ID] = &n })
}

// DeleteModuleAlias deletes an alias.
func (s *Service) DeleteModuleAlias(sc Scope, instanceID, moduleID, aliasID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	a, _, err := s.aliasOf(sc, st, moduleID, aliasID)
	if err != nil {
		return err
	}
	return s.commit(st, func(tx storage.Tx) error { return tx.Delete(bucketAliases, childKey(st.ID, a.ID)) },
		func() { delete(st.flowRes().aliases, a.ID) })
}

func contentSHA256(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}
