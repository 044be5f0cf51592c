package provisioning

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/storage"
)

// Views (docs/provisioning.md#views): step-by-step guide pages. A view's
// content (its template and actions) is stored as given, without
// rendering; CreateViewVersion freezes the published content as version
// 1, 2, …; "{id}:{version}" describes one. DeleteView of a view that has
// versions is ResourceInUseException until they are deleted [INF].

// View is a customer-managed view and its versions.
type View struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Status      string            `json:"status"` // PUBLISHED | SAVED
	Content     ViewContent       `json:"content"`
	ClientToken string            `json:"clientToken,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	CreatedTime time.Time         `json:"createdTime"`
	Modified    time.Time         `json:"modified"`
	Versions    []ViewVersion     `json:"versions,omitempty"`
	NextVersion int64             `json:"nextVersion"`
}

// ViewContent is a view's template and the actions it may take.
type ViewContent struct {
	Template string   `json:"template"`
	Actions  []string `json:"actions,omitempty"`
}

// Sha256 is the content's ViewContentSha256.
func (c ViewContent) Sha256() string {
	b, _ := json.Marshal(c)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// ViewVersion is a frozen copy of a view's content.
type ViewVersion struct {
	Version     int64       `json:"version"`
	Description string      `json:"description,omitempty"`
	Content     ViewContent `json:"content"`
	Created     time.Time   `json:"created"`
}

// ViewSnapshot is a view as one version (Version 0: the latest) shows it.
type ViewSnapshot struct {
	View
	Version            int64
	VersionDescription string
}

func checkViewContent(c ViewContent) error {
	if c.Template != "" && !json.Valid([]byte(c.Template)) {
		return instance.InvalidParam("Content.Template must be a JSON document.")
	}
	return nil
}

// viewOf finds a view by ID, ARN, "id:version", "id:$LATEST" or
// "id:$SAVED"; version is 0 for the latest.
func (s *Provisioning) viewOf(sc instance.Scope, st *instance.State, ref string) (*View, int64, error) {
	missing := instance.NotFound("View not found: %s", ref)
	id, ok := instance.ResolveID(sc, st.ID, "view", ref)
	if !ok {
		return nil, 0, missing
	}
	var version int64
	if base, qual, has := strings.Cut(id, ":"); has {
		id = base
		if qual != "$LATEST" && qual != "$SAVED" {
			n, err := strconv.ParseInt(qual, 10, 64)
			if err != nil || n < 1 {
				return nil, 0, missing
			}
			version = n
		}
	}
	v := of(st).views[id]
	if v == nil || version > 0 && !slices.ContainsFunc(v.Versions, func(x ViewVersion) bool { return x.Version == version }) {
		return nil, 0, missing
	}
	return v, version, nil
}

func snapshot(v *View, version int64) *ViewSnapshot {
	out := &ViewSnapshot{View: *v}
	out.Tags = instance.CloneTags(v.Tags)
	for _, x := range v.Versions {
		if x.Version == version {
			out.Version, out.VersionDescription, out.Content = x.Version, x.Description, x.Content
			out.ARN = v.ARN + ":" + strconv.FormatInt(x.Version, 10)
		}
	}
	return out
}

func (s *Provisioning) putView(st *instance.State, v *View) error {
	return s.core.CommitData(st, func(tx storage.Tx) error { return instance.PutJSON(tx, bucketViews, instance.ChildKey(st.ID, v.ID), v) },
		func() { of(st).views[v.ID] = v })
}

// CreateView stores a view; names are unique per instance, and a
// repeated ClientToken answers the first creation.
func (s *Provisioning) CreateView(sc instance.Scope, instanceID string, v View) (*ViewSnapshot, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	for _, o := range of(st).views {
		if v.ClientToken != "" && o.ClientToken == v.ClientToken {
			return snapshot(o, 0), nil
		}
		if o.Name == v.Name {
			return nil, instance.Duplicate("A view named %s already exists.", v.Name)
		}
	}
	if err := checkViewContent(v.Content); err != nil {
		return nil, err
	}
	v.ID = s.core.NewID()
	v.ARN = sc.ARN("instance/" + st.ID + "/view/" + v.ID)
	v.Tags = instance.CloneTags(v.Tags)
	v.CreatedTime, v.Modified, v.NextVersion = s.core.Clock.Now(), s.core.Clock.Now(), 1
	if err := s.putView(st, &v); err != nil {
		return nil, err
	}
	return snapshot(&v, 0), nil
}

// DescribeView returns a view, or one of its versions.
func (s *Provisioning) DescribeView(sc instance.Scope, instanceID, ref string) (*ViewSnapshot, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	v, version, err := s.viewOf(sc, st, ref)
	if err != nil {
		return nil, err
	}
	return snapshot(v, version), nil
}

// updateView changes the latest version of a view.
func (s *Provisioning) updateView(sc instance.Scope, instanceID, ref string, change func(st *instance.State, v *View) error) (*ViewSnapshot, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	v, version, err := s.viewOf(sc, st, ref)
	if err != nil {
		return nil, err
	}
	if version != 0 {
		return nil, instance.InvalidRequest("A view version cannot be changed; update %s.", v.ID)
	}
	n := *v
	n.Versions = slices.Clone(v.Versions)
	if err := change(st, &n); err != nil {
		return nil, err
	}
	n.Modified = s.core.Clock.Now()
	if err := s.putView(st, &n); err != nil {
		return nil, err
	}
	return snapshot(&n, 0), nil
}

// UpdateViewContent replaces the view's content and status.
func (s *Provisioning) UpdateViewContent(sc instance.Scope, instanceID, ref, status string, c ViewContent) (*ViewSnapshot, error) {
	return s.updateView(sc, instanceID, ref, func(_ *instance.State, v *View) error {
		if err := checkViewContent(c); err != nil {
			return err
		}
		v.Content, v.Status = c, status
		return nil
	})
}

// UpdateViewMetadata changes the view's name and description.
func (s *Provisioning) UpdateViewMetadata(sc instance.Scope, instanceID, ref string, name, description *string) error {
	_, err := s.updateView(sc, instanceID, ref, func(st *instance.State, v *View) error {
		if name != nil {
			for _, o := range of(st).views {
				if o.ID != v.ID && o.Name == *name {
					return instance.Duplicate("A view named %s already exists.", *name)
				}
			}
			v.Name = *name
		}
		if description != nil {
			v.Description = *description
		}
		return nil
	})
	return err
}

// CreateViewVersion freezes the view's published content as its next
// version; sha, when given, must match the content (a guard against
// versioning content someone else changed).
func (s *Provisioning) CreateViewVersion(sc instance.Scope, instanceID, ref, description, sha string) (*ViewSnapshot, error) {
	var version int64
	out, err := s.updateView(sc, instanceID, ref, func(_ *instance.State, v *View) error {
		if v.Status != "PUBLISHED" {
			return instance.InvalidRequest("Only a PUBLISHED view can be versioned.")
		}
		if sha != "" && sha != v.Content.Sha256() {
			return instance.NewErr(instance.KindConflict, "ViewContentSha256 does not match the view's content.")
		}
		version = v.NextVersion
		v.NextVersion++
		v.Versions = append(v.Versions, ViewVersion{Version: version, Description: description, Content: v.Content, Created: s.core.Clock.Now()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return snapshot(&out.View, version), nil
}

// DeleteViewVersion deletes one version.
func (s *Provisioning) DeleteViewVersion(sc instance.Scope, instanceID, ref string, version int64) error {
	_, err := s.updateView(sc, instanceID, ref, func(_ *instance.State, v *View) error {
		i := slices.IndexFunc(v.Versions, func(x ViewVersion) bool { return x.Version == version })
		if i < 0 {
			return instance.NotFound("View %s has no version %d.", v.ID, version)
		}
		v.Versions = slices.Delete(v.Versions, i, i+1)
		return nil
	})
	return err
}

// DeleteView deletes a view that has no versions left.
func (s *Provisioning) DeleteView(sc instance.Scope, instanceID, ref string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	v, version, err := s.viewOf(sc, st, ref)
	if err != nil {
		return err
	}
	if version != 0 {
		return instance.InvalidRequest("Delete a version with DeleteViewVersion.")
	}
	if len(v.Versions) > 0 {
		return instance.InUse("VIEW", v.ARN, "View %s still has %d versions.", v.Name, len(v.Versions))
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(bucketViews, instance.ChildKey(st.ID, v.ID)) },
		func() { delete(of(st).views, v.ID) })
}

// ListViews pages through the instance's views (every one is
// CUSTOMER_MANAGED: connect-local has no AWS-managed views, so a Type of
// AWS_MANAGED lists none).
func (s *Provisioning) ListViews(sc instance.Scope, instanceID, typ string, req instance.PageRequest) (instance.Page[ViewSnapshot], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[ViewSnapshot]{}, err
	}
	defer st.Mu.RUnlock()
	var all []ViewSnapshot
	if typ == "" || typ == "CUSTOMER_MANAGED" {
		for _, v := range of(st).views {
			all = append(all, *snapshot(v, 0))
		}
	}
	req.Binding = "ListViews|" + st.ID + "|" + typ
	return instance.Paginate(s.core, all, func(v ViewSnapshot) string { return v.ID }, req)
}

// ListViewVersions pages through a view's versions.
func (s *Provisioning) ListViewVersions(sc instance.Scope, instanceID, ref string, req instance.PageRequest) (instance.Page[ViewSnapshot], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[ViewSnapshot]{}, err
	}
	defer st.Mu.RUnlock()
	v, _, err := s.viewOf(sc, st, ref)
	if err != nil {
		return instance.Page[ViewSnapshot]{}, err
	}
	var all []ViewSnapshot
	for _, x := range v.Versions {
		all = append(all, *snapshot(v, x.Version))
	}
	req.Binding = "ListViewVersions|" + st.ID + "|" + v.ID
	return instance.Paginate(s.core, all, func(v ViewSnapshot) string { return strconv.FormatInt(1e12+v.Version, 10) }, req)
}
