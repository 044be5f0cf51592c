package provisioning

import (
	"github.com/connect-local/connect-local/internal/instance"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// Instance attributes and approved origins (docs/operations.md#instance-attributes-and-approved-origins).
//
// INBOUND_CALLS and OUTBOUND_CALLS are the instance's own fields (set by
// CreateInstance); the other types are stored per instance, with the
// defaults the Terraform provider documents for a new instance [INF].

// InstanceAttributeTypes lists every type in the model's enum.
var InstanceAttributeTypes = []string{"INBOUND_CALLS", "OUTBOUND_CALLS", "CONTACTFLOW_LOGS", "CONTACT_LENS",
	"AUTO_RESOLVE_BEST_VOICES", "USE_CUSTOM_TTS_VOICES", "EARLY_MEDIA", "MULTI_PARTY_CONFERENCE", "HIGH_VOLUME_OUTBOUND",
	"ENHANCED_CONTACT_MONITORING", "ENHANCED_CHAT_MONITORING", "MULTI_PARTY_CHAT_CONFERENCE", "MESSAGE_STREAMING"}

type instanceAttribute struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type approvedOrigin struct {
	Origin string `json:"origin"`
}

func defaultInstanceAttributes(instance.Instance) map[string]string {
	m := map[string]string{}
	for _, t := range InstanceAttributeTypes {
		m[t] = "false"
	}
	for _, t := range []string{"CONTACT_LENS", "AUTO_RESOLVE_BEST_VOICES", "EARLY_MEDIA"} {
		m[t] = "true"
	}
	delete(m, "INBOUND_CALLS")
	delete(m, "OUTBOUND_CALLS")
	return m
}

func instanceAttr(st *instance.State, typ string) string {
	switch typ {
	case "INBOUND_CALLS":
		return strconv.FormatBool(st.InboundCallsEnabled)
	case "OUTBOUND_CALLS":
		return strconv.FormatBool(st.OutboundCallsEnabled)
	}
	return of(st).instAttrs[typ]
}

// DescribeInstanceAttribute returns one attribute's value ("true"/"false").
func (s *Provisioning) DescribeInstanceAttribute(sc instance.Scope, instanceID, typ string) (string, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return "", err
	}
	defer st.Mu.RUnlock()
	if !slices.Contains(InstanceAttributeTypes, typ) {
		return "", instance.InvalidParam("Unknown instance attribute type %s.", typ)
	}
	return instanceAttr(st, typ), nil
}

// ListInstanceAttributes returns every attribute, in the model's order.
func (s *Provisioning) ListInstanceAttributes(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[[2]string], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[[2]string]{}, err
	}
	defer st.Mu.RUnlock()
	var all [][2]string
	for _, t := range InstanceAttributeTypes {
		all = append(all, [2]string{t, instanceAttr(st, t)})
	}
	req.Binding = "ListInstanceAttributes|" + st.ID
	return instance.Paginate(s.core, all, func(a [2]string) string { return a[0] }, req)
}

// UpdateInstanceAttribute sets one attribute; the value is "true" or
// "false" (any case) [INF: Connect documents no other value].
func (s *Provisioning) UpdateInstanceAttribute(sc instance.Scope, instanceID, typ, value string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	if !slices.Contains(InstanceAttributeTypes, typ) {
		return instance.InvalidParam("Unknown instance attribute type %s.", typ)
	}
	b, perr := strconv.ParseBool(strings.ToLower(value))
	if perr != nil || (value != "true" && value != "false" && !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false")) {
		return instance.InvalidParam("Value must be true or false.")
	}
	v := strconv.FormatBool(b)
	if typ == "INBOUND_CALLS" || typ == "OUTBOUND_CALLS" {
		in := st.Instance
		if typ == "INBOUND_CALLS" {
			in.InboundCallsEnabled = b
		} else {
			in.OutboundCallsEnabled = b
		}
		return s.core.CommitData(st, func(tx storage.Tx) error { return instance.PutJSON(tx, instance.BucketInstances, in.ID, in) },
			func() { st.Instance = in })
	}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketInstAttrs, instance.ChildKey(st.ID, typ), instanceAttribute{Type: typ, Value: v})
	}, func() { of(st).instAttrs[typ] = v })
}

// normalizeOrigin checks an approved origin: an http(s) URL with a host
// and nothing after it.
func normalizeOrigin(o string) (string, error) {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", instance.InvalidParam("Origin must be a web origin such as https://example.com (scheme, host and optional port).")
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// AssociateApprovedOrigin lets a web origin embed the instance's CCP.
// An origin already approved is a ResourceConflictException.
func (s *Provisioning) AssociateApprovedOrigin(sc instance.Scope, instanceID, origin string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	o, err := normalizeOrigin(origin)
	if err != nil {
		return err
	}
	if of(st).origins[o] {
		return instance.NewErr(instance.KindConflict, "Origin %s is already approved.", o)
	}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketOrigins, instance.ChildKey(st.ID, o), approvedOrigin{o})
	},
		func() { of(st).origins[o] = true })
}

// DisassociateApprovedOrigin removes an approved origin.
func (s *Provisioning) DisassociateApprovedOrigin(sc instance.Scope, instanceID, origin string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	o, err := normalizeOrigin(origin)
	if err != nil {
		return err
	}
	if !of(st).origins[o] {
		return instance.NotFound("Origin not approved: %s", o)
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(bucketOrigins, instance.ChildKey(st.ID, o)) },
		func() { delete(of(st).origins, o) })
}

// ListApprovedOrigins pages through an instance's approved origins.
func (s *Provisioning) ListApprovedOrigins(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[string], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[string]{}, err
	}
	defer st.Mu.RUnlock()
	var all []string
	for o := range of(st).origins {
		all = append(all, o)
	}
	req.Binding = "ListApprovedOrigins|" + st.ID
	return instance.Paginate(s.core, all, func(o string) string { return o }, req)
}
