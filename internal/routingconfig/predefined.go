package routingconfig

import (
	"encoding/json"
	"github.com/connect-local/connect-local/internal/instance"
	"regexp"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// Predefined attributes (docs/predefined-attributes.md#predefined-attributes-and-user-proficiencies). Names are unique per instance without
// regard to case; lookups (Describe, Update, Delete, proficiencies) are exact
// on the stored name. docs/predefined-attributes.md records the choices made
// where AWS documents nothing.

// SystemLanguageAttribute is the system attribute every instance has
// (docs/predefined-attributes.md#concepts). It is not listed by List or Search, but Describe returns it
// and users can hold proficiencies in its values.
const SystemLanguageAttribute = "connect:Language"

// SystemLanguageValues are connect:Language's built-in values. AWS documents
// connect:English and connect:French; the rest of the list is ours [INF].
var SystemLanguageValues = []string{
	"connect:Arabic", "connect:Chinese", "connect:Danish", "connect:Dutch", "connect:English",
	"connect:Finnish", "connect:French", "connect:German", "connect:Greek", "connect:Hebrew",
	"connect:Hindi", "connect:Indonesian", "connect:Italian", "connect:Japanese", "connect:Korean",
	"connect:Malay", "connect:Norwegian", "connect:Polish", "connect:Portuguese", "connect:Russian",
	"connect:Spanish", "connect:Swedish", "connect:Thai", "connect:Turkish", "connect:Vietnamese",
}

// systemAttributes are the attributes a new (or loaded) instance starts
// with. They are stored only once changed; until then they date from the
// instance's creation.
func systemAttributes(in instance.Instance) map[string]*instance.PredefinedAttribute {
	a := &instance.PredefinedAttribute{Name: SystemLanguageAttribute, Values: slices.Clone(SystemLanguageValues), System: true,
		Modified: instance.Modified{LastModifiedTime: in.CreatedTime, LastModifiedRegion: in.Scope.Region}}
	return map[string]*instance.PredefinedAttribute{a.Name: a}
}

// PredefinedAttributeInput is what Create and Update take. A nil slice or
// pointer is a member the request left out.
type PredefinedAttributeInput struct {
	Values                             []string
	Purposes                           []string
	EnableValueValidationOnAssociation *bool
}

// attrTextPattern is the documented name and value pattern without its
// lookahead, which RE2 lacks; checkAttrText tests the prefixes. Inside the
// class, "+-@" is a range (docs/predefined-attributes.md#limits), kept as documented.
var attrTextPattern = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+-@']+$`)

const attrPatternText = `^(?!(aws:|connect:))[\p{L}\p{Z}\p{N}_.:/=+-@']+$`

func checkAttrText(field, v string) error {
	if strings.HasPrefix(v, "aws:") || strings.HasPrefix(v, "connect:") || !attrTextPattern.MatchString(v) {
		return instance.InvalidParam("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", v, field, attrPatternText)
	}
	return nil
}

// checkValues checks a value list against the pattern, the quota and for
// duplicates (case-sensitive, docs/predefined-attributes.md#operations). minItems is 1 for user attributes
// (2023 model) and 0 for connect:Language's added values.
func (s *RoutingConfig) checkValues(values []string, minItems int) error {
	if len(values) < minItems {
		return instance.InvalidParam("1 validation error detected: Value at 'values.stringList' failed to satisfy constraint: Member must have length greater than or equal to %d", minItems)
	}
	if max := s.quotas.ValuesPerPredefinedAttribute; len(values) > max {
		return instance.InvalidParam("1 validation error detected: Value at 'values.stringList' failed to satisfy constraint: Member must have length less than or equal to %d", max)
	}
	seen := make(map[string]bool, len(values))
	for _, v := range values {
		if err := checkAttrText("values.stringList.member", v); err != nil {
			return err
		}
		if seen[v] {
			return instance.InvalidParam("The value %s appears more than once in Values.", v)
		}
		seen[v] = true
	}
	return nil
}

func (s *RoutingConfig) attrOf(st *instance.State, name string) (*instance.PredefinedAttribute, error) {
	if a := of(st).attrs[name]; a != nil {
		return a, nil
	}
	return nil, instance.NotFound("Predefined attribute not found: %s", name)
}

func cloneAttr(a *instance.PredefinedAttribute) instance.PredefinedAttribute {
	out := *a
	out.Values = slices.Clone(a.Values)
	out.Purposes = slices.Clone(a.Purposes)
	if a.EnableValueValidationOnAssociation != nil {
		v := *a.EnableValueValidationOnAssociation
		out.EnableValueValidationOnAssociation = &v
	}
	return out
}

// CreatePredefinedAttribute creates an attribute (docs/predefined-attributes.md#operations).
func (s *RoutingConfig) CreatePredefinedAttribute(sc instance.Scope, instanceID, name string, in PredefinedAttributeInput) error {
	if err := checkAttrText("name", name); err != nil {
		return err
	}
	if in.Values == nil {
		return instance.InvalidParam("1 validation error detected: Value null at 'values' failed to satisfy constraint: Member must not be null")
	}
	if err := s.checkValues(in.Values, 1); err != nil {
		return err
	}
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	users := 0
	for _, a := range of(st).attrs {
		if strings.EqualFold(a.Name, name) {
			return instance.Duplicate("A predefined attribute named %s already exists.", a.Name)
		}
		if !a.System {
			users++
		}
	}
	if max := s.quotas.PredefinedAttributesPerInstance; users >= max {
		return instance.LimitExceeded("The instance already has %d predefined attributes, the quota.", max)
	}
	a := &instance.PredefinedAttribute{Name: name, Values: slices.Clone(in.Values), Purposes: slices.Clone(in.Purposes),
		EnableValueValidationOnAssociation: in.EnableValueValidationOnAssociation, Modified: s.core.Modified(sc)}
	return s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketAttrs, instance.ChildKey(st.ID, a.Name), a)
	},
		func() { of(st).attrs[a.Name] = a })
}

// DescribePredefinedAttribute returns one attribute, connect:Language too.
func (s *RoutingConfig) DescribePredefinedAttribute(sc instance.Scope, instanceID, name string) (*instance.PredefinedAttribute, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	a, err := s.attrOf(st, name)
	if err != nil {
		return nil, err
	}
	out := cloneAttr(a)
	return &out, nil
}

// UpdatePredefinedAttribute replaces the members the input sets. New Values
// replace the whole list; a removed value that a user still holds answers
// InvalidRequestException (docs/predefined-attributes.md#operations). For connect:Language, Values are the
// values added to the built-in ones, which always stay.
func (s *RoutingConfig) UpdatePredefinedAttribute(sc instance.Scope, instanceID, name string, in PredefinedAttributeInput) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	a, err := s.attrOf(st, name)
	if err != nil {
		return err
	}
	n := cloneAttr(a)
	if in.Values != nil {
		minItems := 1
		if a.System {
			minItems = 0
		}
		if err := s.checkValues(in.Values, minItems); err != nil {
			return err
		}
		n.Values = slices.Clone(in.Values)
		if a.System {
			n.Values = append(slices.Clone(SystemLanguageValues), in.Values...)
		}
		for _, v := range a.Values {
			if !slices.Contains(n.Values, v) && len(of(st).profIndex[a.Name][v]) > 0 {
				return instance.InvalidRequest("The value %s of predefined attribute %s cannot be removed: %d users hold it as a proficiency.", v, a.Name, len(of(st).profIndex[a.Name][v]))
			}
		}
	}
	if in.Purposes != nil {
		n.Purposes = slices.Clone(in.Purposes)
	}
	if in.EnableValueValidationOnAssociation != nil {
		v := *in.EnableValueValidationOnAssociation
		n.EnableValueValidationOnAssociation = &v
	}
	n.Modified = s.core.Modified(sc)
	return s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketAttrs, instance.ChildKey(st.ID, n.Name), &n)
	},
		func() { of(st).attrs[n.Name] = &n })
}

// DeletePredefinedAttribute deletes an attribute no user holds (docs/predefined-attributes.md#operations).
func (s *RoutingConfig) DeletePredefinedAttribute(sc instance.Scope, instanceID, name string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	a, err := s.attrOf(st, name)
	if err != nil {
		return err
	}
	if a.System {
		return instance.InvalidRequest("%s is a system attribute and cannot be deleted.", a.Name)
	}
	if holders := of(st).profIndex.attributeHolders(a.Name); len(holders) > 0 {
		var arn string
		if u := st.Users[holders[0]]; u != nil {
			arn = u.ARN
		}
		return instance.InUse("USER", arn, "Predefined attribute %s is in use: %d users hold a proficiency in it.", a.Name, len(holders))
	}
	return s.core.Commit(st, func(tx storage.Tx) error { return tx.Delete(bucketAttrs, instance.ChildKey(st.ID, a.Name)) },
		func() { delete(of(st).attrs, a.Name) })
}

// attrKey orders attributes by name without regard to case, and is unique
// because names are.
func attrKey(a instance.PredefinedAttribute) string { return strings.ToLower(a.Name) + "\x00" + a.Name }

// userAttributes are the attributes List and Search show: all but system ones.
func userAttributes(st *instance.State, keep func(*instance.PredefinedAttribute) bool) []instance.PredefinedAttribute {
	var out []instance.PredefinedAttribute
	for _, a := range of(st).attrs {
		if !a.System && keep(a) {
			out = append(out, cloneAttr(a))
		}
	}
	return out
}

// ListPredefinedAttributes pages through the attributes users created, by
// name (docs/predefined-attributes.md#operations).
func (s *RoutingConfig) ListPredefinedAttributes(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[instance.PredefinedAttribute], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[instance.PredefinedAttribute]{}, err
	}
	defer st.Mu.RUnlock()
	all := userAttributes(st, func(*instance.PredefinedAttribute) bool { return true })
	req.Binding = "ListPredefinedAttributes|" + st.ID
	return instance.Paginate(s.core, all, attrKey, req)
}

// AttributeSearchCriteria is SearchPredefinedAttributes' criteria tree
// (docs/predefined-attributes.md#search-criteria): every member set must hold; Or holds when any child does.
type AttributeSearchCriteria struct {
	And    []AttributeSearchCriteria `json:"and,omitempty"`
	Or     []AttributeSearchCriteria `json:"or,omitempty"`
	String *StringMatch              `json:"string,omitempty"`
}

// StringMatch compares one field with a value, without regard to case.
type StringMatch struct {
	FieldName      string `json:"fieldName"`
	Value          string `json:"value"`
	ComparisonType string `json:"comparisonType"` // EXACT | STARTS_WITH | CONTAINS
}

func (c *AttributeSearchCriteria) check() error {
	if c == nil {
		return nil
	}
	if m := c.String; m != nil {
		switch strings.ToLower(m.FieldName) {
		case "name", "description":
		default:
			return instance.InvalidParam("Unsupported FieldName %q in StringCondition: use name or description.", m.FieldName)
		}
		switch m.ComparisonType {
		case "EXACT", "STARTS_WITH", "CONTAINS":
		default:
			return instance.InvalidParam("StringCondition ComparisonType must be one of EXACT, STARTS_WITH, CONTAINS.")
		}
	}
	for i := range c.And {
		if err := c.And[i].check(); err != nil {
			return err
		}
	}
	for i := range c.Or {
		if err := c.Or[i].check(); err != nil {
			return err
		}
	}
	return nil
}

func (c *AttributeSearchCriteria) Matches(a *instance.PredefinedAttribute) bool {
	if c == nil {
		return true
	}
	if c.String != nil && !c.String.Matches(a) {
		return false
	}
	for i := range c.And {
		if !c.And[i].Matches(a) {
			return false
		}
	}
	if len(c.Or) == 0 {
		return true
	}
	for i := range c.Or {
		if c.Or[i].Matches(a) {
			return true
		}
	}
	return false
}

func (m *StringMatch) Matches(a *instance.PredefinedAttribute) bool {
	if !strings.EqualFold(m.FieldName, "name") {
		return false // attributes have no description (docs/predefined-attributes.md#search-criteria)
	}
	field, v := strings.ToLower(a.Name), strings.ToLower(m.Value)
	switch m.ComparisonType {
	case "EXACT":
		return field == v
	case "STARTS_WITH":
		return strings.HasPrefix(field, v)
	case "CONTAINS":
		return strings.Contains(field, v)
	}
	return false
}

// SearchPredefinedAttributes pages through the attributes users created
// that match the criteria (nil matches all), by name; Page.Total is every
// match (docs/predefined-attributes.md#search-criteria).
func (s *RoutingConfig) SearchPredefinedAttributes(sc instance.Scope, instanceID string, criteria *AttributeSearchCriteria, req instance.PageRequest) (instance.Page[instance.PredefinedAttribute], error) {
	if err := criteria.check(); err != nil {
		return instance.Page[instance.PredefinedAttribute]{}, err
	}
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[instance.PredefinedAttribute]{}, err
	}
	defer st.Mu.RUnlock()
	all := userAttributes(st, criteria.Matches)
	crit, _ := json.Marshal(criteria)
	req.Binding = "SearchPredefinedAttributes|" + st.ID + "|" + string(crit)
	return instance.Paginate(s.core, all, attrKey, req)
}
