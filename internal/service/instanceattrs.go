package service

import (
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

func defaultInstanceAttributes(Instance) map[string]string {
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

func instanceAttr(st *instanceState, typ string) string {
	switch typ {
	case "INBOUND_CALLS":
		return strconv.FormatBool(st.InboundCallsEnabled)
	case "OUTBOUND_CALLS":
		return strconv.FormatBool(st.OutboundCallsEnabled)
	}
	return st.instAttrs[typ]
}

// DescribeInstanceAttribute returns one attribute's value ("true"/"false").
func (s *Service) DescribeInstanceAttribute(sc Scope, instanceID, typ string) (string, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return "", err
	}
	defer st.Mu.RUnlock()
	if !slices.Contains(InstanceAttributeTypes, typ) {
		return "", invalidParam("Unknown instance attribute type %s.", typ)
	}
	return instanceAttr(st, typ), nil
}

// ListInstanceAttributes returns every attribute, in the model's order.
func (s *Service) ListInstanceAttributes(sc Scope, instanceID string, req PageRequest) (Page[[2]string], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[[2]string]{}, err
	}
	defer st.Mu.RUnlock()
	var all [][2]string
	for _, t := range InstanceAttributeTypes {
		all = append(all, [2]string{t, instanceAttr(st, t)})
	}
	req.Binding = "ListInstanceAttributes|" + st.ID
	return paginate(s, all, func(a [2]string) string { return a[0] }, req)
}

// UpdateInstanceAttribute sets one attribute; the value is "true" or
// "false" (any case) [INF: Connect documents no other value].
func (s *Service) UpdateInstanceAttribute(sc Scope, instanceID, typ, value string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	if !slices.Contains(InstanceAttributeTypes, typ) {
		return invalidParam("Unknown instance attribute type %s.", typ)
	}
	b, perr := strconv.ParseBool(strings.ToLower(value))
	if perr != nil || (value != "true" && value != "false" && !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false")) {
		return invalidParam("Value must be true or false.")
	}
	v := strconv.FormatBool(b)
	if typ == "INBOUND_CALLS" || typ == "OUTBOUND_CALLS" {
		in := st.Instance
		if typ == "INBOUND_CALLS" {
			in.InboundCallsEnabled = b
		} else {
			in.OutboundCallsEnabled = b
		}
		return s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketInstances, in.ID, in) },
			func() { st.Instance = in })
	}
	return s.commitData(st, func(tx storage.Tx) error {
		return putJSON(tx, bucketInstAttrs, childKey(st.ID, typ), instanceAttribute{Type: typ, Value: v})
	}, func() { st.instAttrs[typ] = v })
}

// normalizeOrigin checks an approved origin: an http(s) URL with a host
// and nothing after it.
func normalizeOrigin(o string) (string, error) {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", invalidParam("Origin must be a web origin such as https://example.com (scheme, host and optional port).")
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// AssociateApprovedOrigin lets a web origin embed the instance's CCP.
// An origin already approved is a ResourceConflictException.
func (s *Service) AssociateApprovedOrigin(sc Scope, instanceID, origin string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	o, err := normalizeOrigin(origin)
	if err != nil {
		return err
	}
	if st.origins[o] {
		return newErr(KindConflict, "Origin %s is already approved.", o)
	}
	return s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketOrigins, childKey(st.ID, o), approvedOrigin{o}) },
		func() { st.origins[o] = true })
}

// DisassociateApprovedOrigin removes an approved origin.
func (s *Service) DisassociateApprovedOrigin(sc Scope, instanceID, origin string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	o, err := normalizeOrigin(origin)
	if err != nil {
		return err
	}
	if !st.origins[o] {
		return notFound("Origin not approved: %s", o)
	}
	return s.commitData(st, func(tx storage.Tx) error { return tx.Delete(bucketOrigins, childKey(st.ID, o)) },
		func() { delete(st.origins, o) })
}

// ListApprovedOrigins pages through an instance's approved origins.
func (s *Service) ListApprovedOrigins(sc Scope, instanceID string, req PageRequest) (Page[string], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[string]{}, err
	}
	defer st.Mu.RUnlock()
	var all []string
	for o := range st.origins {
		all = append(all, o)
	}
	req.Binding = "ListApprovedOrigins|" + st.ID
	return paginate(s, all, func(o string) string { return o }, req)
}
