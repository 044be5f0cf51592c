package flowres

import (
	"github.com/connect-local/connect-local/internal/instance"
	"sort"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/resourcesearch"
)

// Hours-of-operation overrides (CreateHoursOfOperationOverride …
// GetEffectiveHoursOfOperations): dated exceptions to a weekly schedule —
// a holiday closed, a Saturday open — that CheckHoursOfOperation honours
// (docs/flows.md#hours-of-operation-overrides). Dates are days in the
// hours' time zone, EffectiveFrom and EffectiveTill both included.

const bucketOverrides = "hours-overrides" // {i}/{overrideId} → HoursOverride

// Override types.
const (
	OverrideStandard = "STANDARD" // open only in the override's slots on its days
	OverrideOpen     = "OPEN"     // the same: open in its slots
	OverrideClosed   = "CLOSED"   // closed in its slots (all day when it has none)
)

// HoursOverride is a stored override.
type HoursOverride struct {
	ID            string                 `json:"id"`
	HoursID       string                 `json:"hoursId"`
	Name          string                 `json:"name"`
	Description   string                 `json:"description,omitempty"`
	Type          string                 `json:"type"`
	Config        []instance.HoursConfig `json:"config"`
	EffectiveFrom string                 `json:"effectiveFrom"` // YYYY-MM-DD
	EffectiveTill string                 `json:"effectiveTill"`
	// Recurrence is the RecurrenceConfig: the override applies on every
	// occurrence of the pattern (recurrence.go).
	Recurrence *OverrideRecurrence `json:"recurrence,omitempty"`
	instance.Modified
}

// OverrideRecurrence is a RecurrencePattern.
type OverrideRecurrence struct {
	Frequency           string  `json:"frequency"`
	Interval            int64   `json:"interval"`
	ByMonth             []int64 `json:"byMonth,omitempty"`
	ByMonthDay          []int64 `json:"byMonthDay,omitempty"`
	ByWeekdayOccurrence []int64 `json:"byWeekdayOccurrence,omitempty"`
}

var overrideFamily = instance.Family[HoursOverride]{Bucket: bucketOverrides, Kind: "operating-hours-override", Noun: "Hours of operation override",
	Records: func(st *instance.State) map[string]*HoursOverride { return of(st).overrides },
	ID:      func(r *HoursOverride) string { return r.ID }, SetID: func(r *HoursOverride, id, _ string) { r.ID = id },
	Stamp: func(r *HoursOverride, m instance.Modified) { r.Modified = m }}

// OverrideInput is what Create/UpdateHoursOfOperationOverride take; nil
// fields are left unchanged on update.
type OverrideInput struct {
	Name, Description, Type      *string
	Config                       []instance.HoursConfig
	EffectiveFrom, EffectiveTill *string
	Recurrence                   *OverrideRecurrence
}

const dateLayout = "2006-01-02"

func checkOverride(st *instance.State, o *HoursOverride) error {
	if strings.TrimSpace(o.Name) == "" {
		return instance.InvalidParam("Name must not be empty.")
	}
	from, err1 := time.Parse(dateLayout, o.EffectiveFrom)
	till, err2 := time.Parse(dateLayout, o.EffectiveTill)
	if err1 != nil || err2 != nil {
		return instance.InvalidParam("EffectiveFrom and EffectiveTill must be dates (YYYY-MM-DD).")
	}
	if till.Before(from) {
		return instance.InvalidParam("EffectiveTill %s is before EffectiveFrom %s.", o.EffectiveTill, o.EffectiveFrom)
	}
	for _, c := range o.Config {
		if c.Start.Hours*60+c.Start.Minutes > 24*60 || c.End.Hours*60+c.End.Minutes > 24*60 {
			return instance.InvalidParam("Override times must be within the day.")
		}
	}
	if err := checkRecurrence(o.Recurrence); err != nil {
		return err
	}
	for _, x := range of(st).overrides {
		if x.ID != o.ID && x.HoursID == o.HoursID && strings.EqualFold(x.Name, o.Name) {
			return instance.Duplicate("The hours of operation already have an override named %s.", o.Name)
		}
	}
	return nil
}

func (o *HoursOverride) apply(in OverrideInput) {
	for dst, v := range map[*string]*string{&o.Name: in.Name, &o.Description: in.Description, &o.Type: in.Type,
		&o.EffectiveFrom: in.EffectiveFrom, &o.EffectiveTill: in.EffectiveTill} {
		if v != nil {
			*dst = *v
		}
	}
	if in.Config != nil {
		o.Config = in.Config
	}
	if in.Recurrence != nil {
		o.Recurrence = in.Recurrence
	}
	if o.Type == "" {
		o.Type = OverrideStandard
	}
}

// CreateHoursOfOperationOverride adds an override to hours.
func (s *FlowRes) CreateHoursOfOperationOverride(sc instance.Scope, instanceID, hoursID string, in OverrideInput) (*HoursOverride, error) {
	return overrideFamily.Create(s.core, sc, instanceID, func(st *instance.State) (*HoursOverride, error) {
		h, err := s.hoursOf(sc, st, hoursID)
		if err != nil {
			return nil, err
		}
		o := &HoursOverride{HoursID: h.ID}
		o.apply(in)
		if err := checkOverride(st, o); err != nil {
			return nil, err
		}
		return o, nil
	})
}

// overrideOf finds an override of the given hours.
func (s *FlowRes) overrideOf(sc instance.Scope, st *instance.State, hoursID, overrideID string) (*HoursOverride, error) {
	h, err := s.hoursOf(sc, st, hoursID)
	if err != nil {
		return nil, err
	}
	o := of(st).overrides[overrideID]
	if o == nil || o.HoursID != h.ID {
		return nil, instance.NotFound("Hours of operation override not found: %s", overrideID)
	}
	return o, nil
}

// DescribeHoursOfOperationOverride returns one override of hours.
func (s *FlowRes) DescribeHoursOfOperationOverride(sc instance.Scope, instanceID, hoursID, overrideID string) (*HoursOverride, *instance.HoursOfOperation, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	o, err := s.overrideOf(sc, st, hoursID, overrideID)
	if err != nil {
		return nil, nil, err
	}
	out, h := *o, *st.Hours[o.HoursID]
	return &out, &h, nil
}

// ListHoursOfOperationOverrides pages through the overrides of hours.
func (s *FlowRes) ListHoursOfOperationOverrides(sc instance.Scope, instanceID, hoursID string, req instance.PageRequest) (instance.Page[HoursOverride], *instance.HoursOfOperation, error) {
	h, err := hoursFamily.Describe(s.core, sc, instanceID, hoursID)
	if err != nil {
		return instance.Page[HoursOverride]{}, nil, err
	}
	p, err := overrideFamily.List(s.core, sc, instanceID, func(id string) string { return "ListHoursOfOperationOverrides|" + id + "|" + h.ID },
		func(o *HoursOverride) bool { return o.HoursID == h.ID }, req)
	return p, h, err
}

// UpdateHoursOfOperationOverride changes the fields that are set.
func (s *FlowRes) UpdateHoursOfOperationOverride(sc instance.Scope, instanceID, hoursID, overrideID string, in OverrideInput) error {
	return overrideFamily.Update(s.core, sc, instanceID, overrideID, func(st *instance.State, o *HoursOverride) error {
		if _, err := s.overrideOf(sc, st, hoursID, overrideID); err != nil {
			return err
		}
		o.apply(in)
		return checkOverride(st, o)
	})
}

// DeleteHoursOfOperationOverride deletes an override.
func (s *FlowRes) DeleteHoursOfOperationOverride(sc instance.Scope, instanceID, hoursID, overrideID string) error {
	return overrideFamily.Remove(s.core, sc, instanceID, overrideID, func(st *instance.State, _ *HoursOverride) error {
		_, err := s.overrideOf(sc, st, hoursID, overrideID)
		return err
	})
}

// DateCondition is a SearchHoursOfOperationOverrides DateCondition over
// effectiveFrom or effectiveTill.
type DateCondition struct {
	Field, Comparison, Value string
}

func (d DateCondition) holds(o *HoursOverride) bool {
	v := o.EffectiveFrom
	if strings.EqualFold(d.Field, "effectiveTill") {
		v = o.EffectiveTill
	}
	c := strings.Compare(v, d.Value) // YYYY-MM-DD compares as dates
	switch d.Comparison {
	case "GREATER_THAN":
		return c > 0
	case "LESS_THAN":
		return c < 0
	case "GREATER_THAN_OR_EQUAL_TO":
		return c >= 0
	case "LESS_THAN_OR_EQUAL_TO":
		return c <= 0
	}
	return c == 0
}

// CheckDateCondition validates a DateCondition.
func CheckDateCondition(d DateCondition) error {
	if !strings.EqualFold(d.Field, "effectiveFrom") && !strings.EqualFold(d.Field, "effectiveTill") {
		return instance.InvalidParam("DateCondition.FieldName must be effectiveFrom or effectiveTill, not %q.", d.Field)
	}
	if _, err := time.Parse(dateLayout, d.Value); err != nil {
		return instance.InvalidParam("DateCondition.Value must be a date (YYYY-MM-DD).")
	}
	return nil
}

// SchemaOverrides is what SearchHoursOfOperationOverrides may name.
var SchemaOverrides = resourcesearch.Schema{Resource: "hours of operation overrides", Fields: []string{"name", "description", "resourceID", "hoursOfOperationId"}}

// SearchOverridesIn searches an instance's overrides; every date
// condition must hold as well as q. The tag filter reads the tags of the
// override's hours.
func (s *FlowRes) SearchOverridesIn(sc instance.Scope, instanceID string, q resourcesearch.Query, dates []DateCondition, req instance.PageRequest) (instance.Page[HoursOverride], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchHoursOfOperationOverrides", q, req, func(st *instance.State) []HoursOverride {
		var out []HoursOverride
		for _, o := range of(st).overrides {
			keep := true
			for _, d := range dates {
				keep = keep && d.holds(o)
			}
			if keep {
				out = append(out, *o)
			}
		}
		return out
	}, func(st *instance.State, r HoursOverride) instance.Searchable {
		var tags map[string]string
		if h := st.Hours[r.HoursID]; h != nil {
			tags = h.Tags
		}
		return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID,
			"hoursOfOperationId": r.HoursID}, TagMap: tags}
	}, func(r HoursOverride) string { return r.ID })
}

// daySlot is one open (or closed) interval of a day, in minutes.
type daySlot struct{ start, end int }

func slotOf(c instance.HoursConfig) daySlot {
	return daySlot{int(c.Start.Hours*60 + c.Start.Minutes), int(c.End.Hours*60 + c.End.Minutes)}
}

// covers reports whether minute m of the day is in the slot; a slot whose
// start equals its end is the whole day.
func (d daySlot) covers(m int) bool {
	return d.start == d.end || (m >= d.start && m < d.end) || (d.end < d.start && m >= d.start)
}

// dayOverrides is what the overrides of hours say about one date: the
// closed slots and the open slots (nil open: no STANDARD/OPEN override
// applies, the weekly schedule does), with the overrides' names.
type dayOverrides struct {
	closed, open []daySlot
	hours        []OverrideHourOn
}

// OverrideHourOn is one slot an override sets on a date.
type OverrideHourOn struct {
	Name, Status string // Status: OPEN or CLOSED
	Start, End   instance.HourMinute
}

func overridesOn(st *instance.State, hoursID string, day time.Time) dayOverrides {
	weekday := strings.ToUpper(day.Weekday().String())
	var out dayOverrides
	os := applyingOverrides(st, hoursID, day, map[string]bool{})
	sort.SliceStable(os, func(i, j int) bool { return os[i].Name < os[j].Name })
	for _, o := range os {
		status := "OPEN"
		if o.Type == OverrideClosed {
			status = "CLOSED"
		}
		configs := o.Config
		if len(configs) == 0 && o.Type == OverrideClosed {
			configs = []instance.HoursConfig{{Day: weekday}}
		}
		for _, c := range configs {
			if c.Day != weekday {
				continue
			}
			if status == "CLOSED" {
				out.closed = append(out.closed, slotOf(c))
			} else {
				out.open = append(out.open, slotOf(c))
			}
			out.hours = append(out.hours, OverrideHourOn{Name: o.Name, Status: status, Start: c.Start, End: c.End})
		}
	}
	return out
}

// applyingOverrides are the overrides of hours hoursID that apply on day;
// when it has none there, those its parents inherit to it (hourslinks.go),
// the parents' own first and then, for a parent with none that day, its
// parents'. An hours' own overrides of a date replace the inherited ones.
func applyingOverrides(st *instance.State, hoursID string, day time.Time, seen map[string]bool) []*HoursOverride {
	if seen[hoursID] {
		return nil
	}
	seen[hoursID] = true
	var os []*HoursOverride
	for _, o := range of(st).overrides {
		if o.HoursID == hoursID && o.appliesOn(day) {
			os = append(os, o)
		}
	}
	if len(os) > 0 {
		return os
	}
	for _, p := range parentsOf(st, hoursID) {
		os = append(os, applyingOverrides(st, p, day, seen)...)
	}
	return os
}

// hoursOpenAt is CheckHoursOfOperation: h's weekly schedule at t in its
// time zone, as the overrides of that date change it. A CLOSED slot wins;
// else a date with STANDARD/OPEN slots is open only in them.
func (s *FlowRes) hoursOpenAt(st *instance.State, h *instance.HoursOfOperation, t time.Time) bool {
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	t = t.In(loc)
	m := t.Hour()*60 + t.Minute()
	d := overridesOn(st, h.ID, t)
	for _, c := range d.closed {
		if c.covers(m) {
			return false
		}
	}
	if d.open != nil {
		for _, o := range d.open {
			if o.covers(m) {
				return true
			}
		}
		return false
	}
	return h.OpenAt(t)
}

// EffectiveDay is one date of GetEffectiveHoursOfOperations.
type EffectiveDay struct {
	Date      string
	Open      []instance.HoursConfig // Day empty
	Overrides []OverrideHourOn
}

// maxEffectiveDays bounds a GetEffectiveHoursOfOperations range
// (connect-local's limit; Connect documents none).
const maxEffectiveDays = 366

// GetEffectiveHoursOfOperations lists, per date from..to, the slots the
// hours are open once the overrides apply.
func (s *FlowRes) GetEffectiveHoursOfOperations(sc instance.Scope, instanceID, hoursID, from, to string) ([]EffectiveDay, *instance.HoursOfOperation, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	h, err := s.hoursOf(sc, st, hoursID)
	if err != nil {
		return nil, nil, err
	}
	f, err1 := time.Parse(dateLayout, from)
	t, err2 := time.Parse(dateLayout, to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return nil, nil, instance.InvalidParam("FromDate and ToDate must be dates (YYYY-MM-DD), FromDate not after ToDate.")
	}
	if t.Sub(f) > maxEffectiveDays*24*time.Hour {
		return nil, nil, instance.InvalidParam("The range may hold at most %d days.", maxEffectiveDays)
	}
	var out []EffectiveDay
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		weekday := strings.ToUpper(d.Weekday().String())
		o := overridesOn(st, h.ID, d)
		day := EffectiveDay{Date: d.Format(dateLayout), Overrides: o.hours}
		allClosed := false
		for _, c := range o.closed {
			allClosed = allClosed || c.start == c.end
		}
		switch {
		case allClosed:
		case o.open != nil:
			for _, x := range o.hours {
				if x.Status == "OPEN" {
					day.Open = append(day.Open, instance.HoursConfig{Start: x.Start, End: x.End})
				}
			}
		default:
			for _, c := range h.Config {
				if c.Day == weekday {
					day.Open = append(day.Open, instance.HoursConfig{Start: c.Start, End: c.End})
				}
			}
		}
		out = append(out, day)
	}
	hc := *h
	return out, &hc, nil
}
