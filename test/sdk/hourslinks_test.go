package sdk

import (
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
)

// A child hours of operation inherits its parents' overrides: linking
// "Office" to "Holidays", whose CLOSED override covers T0's date
// (Thursday 2023-12-21), turns CheckHoursOfOperation and
// GetEffectiveHoursOfOperations of the office to closed; the office's own
// override of that date wins over the inherited one; unlinking restores
// the weekly schedule. Linked hours cannot be deleted.
func TestHoursOfOperationLinks(t *testing.T) {
	c := newCenter(t, "hourslinks")
	var cfg []types.HoursOfOperationConfig
	for _, d := range types.HoursOfOperationDays("").Values() {
		cfg = append(cfg, types.HoursOfOperationConfig{Day: d, StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(8), Minutes: aws.Int32(0)},
			EndTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(0)}})
	}
	mk := func(name string) *connect.CreateHoursOfOperationOutput {
		t.Helper()
		h, err := c.c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &c.iid, Name: aws.String(name),
			TimeZone: aws.String("Europe/Paris"), Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	holidays, office, shop, g := mk("Holidays"), mk("Office"), mk("Shop"), mk("Grandparent")
	if _, err := c.c.CreateHoursOfOperationOverride(ctx(), &connect.CreateHoursOfOperationOverrideInput{InstanceId: &c.iid,
		HoursOfOperationId: holidays.HoursOfOperationId, Name: aws.String("Winter day"), OverrideType: types.OverrideTypeClosed,
		EffectiveFrom: aws.String("2023-12-21"), EffectiveTill: aws.String("2023-12-21"), Config: []types.HoursOfOperationOverrideConfig{}}); err != nil {
		t.Fatal(err)
	}
	link := func(child *connect.CreateHoursOfOperationOutput, parents ...*string) error {
		in := &connect.AssociateHoursOfOperationsInput{InstanceId: &c.iid, HoursOfOperationId: child.HoursOfOperationId}
		for _, p := range parents {
			in.ParentHoursOfOperationConfigs = append(in.ParentHoursOfOperationConfigs, types.ParentHoursOfOperationConfig{HoursOfOperationId: p})
		}
		_, err := c.c.AssociateHoursOfOperations(ctx(), in)
		return err
	}
	unlink := func(child *connect.CreateHoursOfOperationOutput, parents ...string) error {
		_, err := c.c.DisassociateHoursOfOperations(ctx(), &connect.DisassociateHoursOfOperationsInput{InstanceId: &c.iid,
			HoursOfOperationId: child.HoursOfOperationId, ParentHoursOfOperationIds: parents})
		return err
	}

	flow := c.mkFlow("office", hoursFlow(*office.HoursOfOperationArn))
	say := func() string { texts, _ := c.runSaid(flow); return strings.Join(texts, "|") }
	if got := say(); got != "open" {
		t.Fatalf("before the link: %q", got)
	}
	if err := link(office, holidays.HoursOfOperationArn); err != nil {
		t.Fatal(err)
	}
	if err := link(shop, holidays.HoursOfOperationId); err != nil {
		t.Fatal(err)
	}
	if err := link(office, holidays.HoursOfOperationId); err != nil {
		t.Fatalf("linking again: %v", err)
	}
	if got := say(); got != "closed" {
		t.Fatalf("linked to the holidays: %q", got)
	}
	e, err := c.c.GetEffectiveHoursOfOperations(ctx(), &connect.GetEffectiveHoursOfOperationsInput{InstanceId: &c.iid,
		HoursOfOperationId: office.HoursOfOperationId, FromDate: aws.String("2023-12-21"), ToDate: aws.String("2023-12-22")})
	if err != nil {
		t.Fatal(err)
	}
	if l := e.EffectiveHoursOfOperationList; len(l) != 2 || len(l[0].OperationalHours) != 0 || len(l[1].OperationalHours) != 1 {
		t.Fatalf("effective hours of the office: %+v", l)
	}

	// The children, one page at a time.
	var kids []string
	var token *string
	for pages := 0; ; pages++ {
		out, err := c.c.ListChildHoursOfOperations(ctx(), &connect.ListChildHoursOfOperationsInput{InstanceId: &c.iid,
			HoursOfOperationId: holidays.HoursOfOperationId, MaxResults: aws.Int32(1), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range out.ChildHoursOfOperationsSummaryList {
			kids = append(kids, *k.Name)
		}
		if token = out.NextToken; token == nil {
			if pages != 1 {
				t.Fatalf("%d pages", pages+1)
			}
			break
		}
	}
	if strings.Join(kids, ",") != "Office,Shop" && strings.Join(kids, ",") != "Shop,Office" {
		t.Fatalf("children: %v", kids)
	}

	// Self-links, cycles, unknown hours and too many parents.
	wantAPIError(t, link(office, office.HoursOfOperationId), "InvalidRequestException", 400)
	wantAPIError(t, link(holidays, office.HoursOfOperationId), "InvalidRequestException", 400)
	if err := link(holidays, g.HoursOfOperationId); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, link(g, office.HoursOfOperationId), "InvalidRequestException", 400)
	wantAPIError(t, link(office, aws.String("00000000-0000-0000-0000-000000000000")), "ResourceNotFoundException", 404)
	wantAPIError(t, link(office, g.HoursOfOperationId, shop.HoursOfOperationId, holidays.HoursOfOperationId, holidays.HoursOfOperationId), "InvalidParameterException", 400)

	// The office's own override of the date wins over the inherited one.
	o, err := c.c.CreateHoursOfOperationOverride(ctx(), &connect.CreateHoursOfOperationOverrideInput{InstanceId: &c.iid,
		HoursOfOperationId: office.HoursOfOperationId, Name: aws.String("Open anyway"), OverrideType: types.OverrideTypeStandard,
		EffectiveFrom: aws.String("2023-12-21"), EffectiveTill: aws.String("2023-12-21"),
		Config: []types.HoursOfOperationOverrideConfig{{Day: types.OverrideDaysThursday, StartTime: slice(9, 0), EndTime: slice(12, 0)}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := say(); got != "open" {
		t.Fatalf("own override: %q", got)
	}
	if _, err := c.c.DeleteHoursOfOperationOverride(ctx(), &connect.DeleteHoursOfOperationOverrideInput{InstanceId: &c.iid,
		HoursOfOperationId: office.HoursOfOperationId, HoursOfOperationOverrideId: o.HoursOfOperationOverrideId}); err != nil {
		t.Fatal(err)
	}

	// Linked hours cannot be deleted; unlinked, they can.
	_, err = c.c.DeleteHoursOfOperation(ctx(), &connect.DeleteHoursOfOperationInput{InstanceId: &c.iid, HoursOfOperationId: shop.HoursOfOperationId})
	wantAPIError(t, err, "ResourceInUseException", 409)
	if err := unlink(office, *holidays.HoursOfOperationId); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, unlink(office, *holidays.HoursOfOperationId), "ResourceNotFoundException", 404)
	if got := say(); got != "open" {
		t.Fatalf("unlinked: %q", got)
	}
	if err := unlink(shop, *holidays.HoursOfOperationId); err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.DeleteHoursOfOperation(ctx(), &connect.DeleteHoursOfOperationInput{InstanceId: &c.iid, HoursOfOperationId: shop.HoursOfOperationId}); err != nil {
		t.Fatal(err)
	}
}

// CreateHoursOfOperation's ParentHoursOfOperationConfigs links the new
// hours to its parents in the same write; DescribeHoursOfOperation and
// SearchHoursOfOperations name the parents (by ID) in
// ParentHoursOfOperations, left out for hours without parents. A create
// naming an unknown parent, or more than 3, creates nothing.
func TestHoursOfOperationParentsOnCreate(t *testing.T) {
	c := newCenter(t, "hoursparents")
	mk := func(name string, parents ...*string) (*connect.CreateHoursOfOperationOutput, error) {
		in := &connect.CreateHoursOfOperationInput{InstanceId: &c.iid, Name: aws.String(name), TimeZone: aws.String("UTC"),
			Config: []types.HoursOfOperationConfig{{Day: types.HoursOfOperationDaysThursday, StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(8), Minutes: aws.Int32(0)},
				EndTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(0)}}}}
		for _, p := range parents {
			in.ParentHoursOfOperationConfigs = append(in.ParentHoursOfOperationConfigs, types.ParentHoursOfOperationConfig{HoursOfOperationId: p})
		}
		return c.c.CreateHoursOfOperation(ctx(), in)
	}
	must := func(h *connect.CreateHoursOfOperationOutput, err error) *connect.CreateHoursOfOperationOutput {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	holidays, region := must(mk("Holidays")), must(mk("Region"))
	if _, err := c.c.CreateHoursOfOperationOverride(ctx(), &connect.CreateHoursOfOperationOverrideInput{InstanceId: &c.iid,
		HoursOfOperationId: holidays.HoursOfOperationId, Name: aws.String("Winter day"), OverrideType: types.OverrideTypeClosed,
		EffectiveFrom: aws.String("2023-12-21"), EffectiveTill: aws.String("2023-12-21"), Config: []types.HoursOfOperationOverrideConfig{}}); err != nil {
		t.Fatal(err)
	}
	office := must(mk("Office", holidays.HoursOfOperationArn, region.HoursOfOperationId, holidays.HoursOfOperationId))

	// The parents, by ID, with their names and ARNs.
	want := []types.HoursOfOperationsIdentifier{{Id: holidays.HoursOfOperationId, Arn: holidays.HoursOfOperationArn, Name: aws.String("Holidays")},
		{Id: region.HoursOfOperationId, Arn: region.HoursOfOperationArn, Name: aws.String("Region")}}
	sort.Slice(want, func(i, j int) bool { return *want[i].Id < *want[j].Id })
	same := func(what string, got []types.HoursOfOperationsIdentifier, want []types.HoursOfOperationsIdentifier) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d parents, want %d", what, len(got), len(want))
		}
		for i := range want {
			if aws.ToString(got[i].Id) != *want[i].Id || aws.ToString(got[i].Name) != *want[i].Name || aws.ToString(got[i].Arn) != *want[i].Arn {
				t.Fatalf("%s: parent %d is %s %s %s, want %s %s %s", what, i, aws.ToString(got[i].Id), aws.ToString(got[i].Name), aws.ToString(got[i].Arn),
					*want[i].Id, *want[i].Name, *want[i].Arn)
			}
		}
	}
	describe := func(h *connect.CreateHoursOfOperationOutput) []types.HoursOfOperationsIdentifier {
		t.Helper()
		d, err := c.c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &c.iid, HoursOfOperationId: h.HoursOfOperationId})
		if err != nil {
			t.Fatal(err)
		}
		return d.HoursOfOperation.ParentHoursOfOperations
	}
	search := func(name string) []types.HoursOfOperationsIdentifier {
		t.Helper()
		out, err := c.c.SearchHoursOfOperations(ctx(), &connect.SearchHoursOfOperationsInput{InstanceId: &c.iid,
			SearchCriteria: &types.HoursOfOperationSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("name"),
				Value: aws.String(name), ComparisonType: types.StringComparisonTypeExact}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.HoursOfOperations) != 1 {
			t.Fatalf("search %s: %d hours", name, len(out.HoursOfOperations))
		}
		return out.HoursOfOperations[0].ParentHoursOfOperations
	}
	same("describe", describe(office), want)
	same("search", search("Office"), want)
	same("describe a parent", describe(holidays), nil)
	same("search a parent", search("Holidays"), nil)

	// The link is a link: the parent lists the child, the child inherits
	// the parent's CLOSED day.
	kids, err := c.c.ListChildHoursOfOperations(ctx(), &connect.ListChildHoursOfOperationsInput{InstanceId: &c.iid, HoursOfOperationId: region.HoursOfOperationId})
	if err != nil {
		t.Fatal(err)
	}
	if l := kids.ChildHoursOfOperationsSummaryList; len(l) != 1 || aws.ToString(l[0].Id) != *office.HoursOfOperationId {
		t.Fatalf("children of the region: %+v", l)
	}
	e, err := c.c.GetEffectiveHoursOfOperations(ctx(), &connect.GetEffectiveHoursOfOperationsInput{InstanceId: &c.iid,
		HoursOfOperationId: office.HoursOfOperationId, FromDate: aws.String("2023-12-21"), ToDate: aws.String("2023-12-21")})
	if err != nil {
		t.Fatal(err)
	}
	if l := e.EffectiveHoursOfOperationList; len(l) != 1 || len(l[0].OperationalHours) != 0 {
		t.Fatalf("effective hours of the office: %+v", l)
	}

	// Unlinked, the parents are gone from the description.
	if _, err := c.c.DisassociateHoursOfOperations(ctx(), &connect.DisassociateHoursOfOperationsInput{InstanceId: &c.iid,
		HoursOfOperationId: office.HoursOfOperationId, ParentHoursOfOperationIds: []string{*region.HoursOfOperationId}}); err != nil {
		t.Fatal(err)
	}
	same("after unlinking the region", describe(office), []types.HoursOfOperationsIdentifier{
		{Id: holidays.HoursOfOperationId, Arn: holidays.HoursOfOperationArn, Name: aws.String("Holidays")}})

	// An unknown parent or more than 3 create nothing.
	_, err = mk("Shop", holidays.HoursOfOperationId, aws.String("00000000-0000-0000-0000-000000000000"))
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = mk("Shop", holidays.HoursOfOperationId, region.HoursOfOperationId, office.HoursOfOperationId, holidays.HoursOfOperationId)
	wantAPIError(t, err, "InvalidParameterException", 400)
	list, err := c.c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &c.iid})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range list.HoursOfOperationSummaryList {
		if aws.ToString(h.Name) == "Shop" {
			t.Fatalf("the failed creates stored %s", *h.Id)
		}
	}
	if kids, err := c.c.ListChildHoursOfOperations(ctx(), &connect.ListChildHoursOfOperationsInput{InstanceId: &c.iid,
		HoursOfOperationId: holidays.HoursOfOperationId}); err != nil || len(kids.ChildHoursOfOperationsSummaryList) != 1 {
		t.Fatalf("children of the holidays after the failed creates: %v %+v", err, kids)
	}
	must(mk("Shop", holidays.HoursOfOperationId))
}

// TestHoursOfOperationLinksAreDurable restarts a disk-backed server
// between linking, unlinking and listing.
func TestHoursOfOperationLinksAreDurable(t *testing.T) {
	dir := t.TempDir()
	vc := clock.NewVirtual(T0)
	open := func() (*connect.Client, func()) {
		srv, err := server.New(server.Options{DataDir: dir, Clock: vc})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		e := &env{t: t, srv: srv, http: hs, clock: vc}
		return e.clientFor("111111111111", "us-east-1"), func() { hs.Close(); srv.Close() }
	}
	c, stop := open()
	iid := newInstance(t, c, "durablelinks")
	var ids []string
	for _, n := range []string{"Parent", "Child A", "Child B"} {
		h, err := c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &iid, Name: aws.String(n),
			TimeZone: aws.String("UTC"), Config: []types.HoursOfOperationConfig{}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *h.HoursOfOperationId)
	}
	// Child C is linked by CreateHoursOfOperation itself.
	cc, err := c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &iid, Name: aws.String("Child C"),
		TimeZone: aws.String("UTC"), Config: []types.HoursOfOperationConfig{},
		ParentHoursOfOperationConfigs: []types.ParentHoursOfOperationConfig{{HoursOfOperationId: &ids[0]}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, child := range ids[1:] {
		if _, err := c.AssociateHoursOfOperations(ctx(), &connect.AssociateHoursOfOperationsInput{InstanceId: &iid, HoursOfOperationId: &child,
			ParentHoursOfOperationConfigs: []types.ParentHoursOfOperationConfig{{HoursOfOperationId: &ids[0]}}}); err != nil {
			t.Fatal(err)
		}
	}
	children := func(c *connect.Client) []string {
		t.Helper()
		out, err := c.ListChildHoursOfOperations(ctx(), &connect.ListChildHoursOfOperationsInput{InstanceId: &iid, HoursOfOperationId: &ids[0]})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, k := range out.ChildHoursOfOperationsSummaryList {
			names = append(names, *k.Name)
		}
		sort.Strings(names)
		return names
	}
	stop()

	c, stop = open()
	if got := strings.Join(children(c), ","); got != "Child A,Child B,Child C" {
		t.Fatalf("after a restart: %q", got)
	}
	if _, err := c.DisassociateHoursOfOperations(ctx(), &connect.DisassociateHoursOfOperationsInput{InstanceId: &iid, HoursOfOperationId: &ids[1],
		ParentHoursOfOperationIds: []string{ids[0]}}); err != nil {
		t.Fatal(err)
	}
	stop()

	c, stop = open()
	defer stop()
	if got := strings.Join(children(c), ","); got != "Child B,Child C" {
		t.Fatalf("after unlinking and a restart: %q", got)
	}
	d, err := c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: cc.HoursOfOperationId})
	if err != nil {
		t.Fatal(err)
	}
	if p := d.HoursOfOperation.ParentHoursOfOperations; len(p) != 1 || aws.ToString(p[0].Id) != ids[0] || aws.ToString(p[0].Name) != "Parent" {
		t.Fatalf("parents of Child C after a restart: %+v", p)
	}
}
