package sdk

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func hoursFlow(hoursARN string) string {
	return `{"Version":"2019-10-30","StartAction":"h","Actions":[
 {"Identifier":"h","Type":"CheckHoursOfOperation","Parameters":{"HoursOfOperationId":"` + hoursARN + `"},
  "Transitions":{"Conditions":[{"NextAction":"open","Condition":{"Operator":"Equals","Operands":["True"]}},
   {"NextAction":"closed","Condition":{"Operator":"Equals","Operands":["False"]}}],"Errors":[{"ErrorType":"NoMatchingError","NextAction":"closed"}]}},
 {"Identifier":"open","Type":"MessageParticipant","Parameters":{"Text":"open"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"closed","Type":"MessageParticipant","Parameters":{"Text":"closed"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

func slice(h, m int64) *types.OverrideTimeSlice {
	return &types.OverrideTimeSlice{Hours: aws.Int32(int32(h)), Minutes: aws.Int32(int32(m))}
}

// The clock stands at T0, Thursday 2023-12-21 09:00 UTC.
func TestHoursOverridesChangeCheckHoursOfOperation(t *testing.T) {
	c := newCenter(t, "overrides")
	var cfg []types.HoursOfOperationConfig
	for _, d := range types.HoursOfOperationDays("").Values() {
		cfg = append(cfg, types.HoursOfOperationConfig{Day: d, StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(8), Minutes: aws.Int32(0)},
			EndTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(0)}})
	}
	h, err := c.c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &c.iid, Name: aws.String("Office"),
		TimeZone: aws.String("Europe/Paris"), Config: cfg, Tags: map[string]string{"site": "paris"}})
	if err != nil {
		t.Fatal(err)
	}
	flow := c.mkFlow("hours", hoursFlow(*h.HoursOfOperationArn))
	say := func() string { texts, _ := c.runSaid(flow); return strings.Join(texts, "|") }
	if got := say(); got != "open" {
		t.Fatalf("before the override: %q", got)
	}
	o, err := c.c.CreateHoursOfOperationOverride(ctx(), &connect.CreateHoursOfOperationOverrideInput{InstanceId: &c.iid, HoursOfOperationId: h.HoursOfOperationId,
		Name: aws.String("Holiday"), OverrideType: types.OverrideTypeClosed, EffectiveFrom: aws.String("2023-12-21"), EffectiveTill: aws.String("2023-12-21"),
		Config: []types.HoursOfOperationOverrideConfig{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := say(); got != "closed" {
		t.Fatalf("closed override: %q", got)
	}
	// A STANDARD override that opens only 11:00–12:00 Paris time (10:00 UTC) on Thursdays.
	if _, err := c.c.UpdateHoursOfOperationOverride(ctx(), &connect.UpdateHoursOfOperationOverrideInput{InstanceId: &c.iid, HoursOfOperationId: h.HoursOfOperationId,
		HoursOfOperationOverrideId: o.HoursOfOperationOverrideId, OverrideType: types.OverrideTypeStandard,
		Config: []types.HoursOfOperationOverrideConfig{{Day: types.OverrideDaysThursday, StartTime: slice(11, 0), EndTime: slice(12, 0)}}}); err != nil {
		t.Fatal(err)
	}
	if got := say(); got != "closed" {
		t.Fatalf("10:00 Paris, override 11–12: %q", got)
	}
	c.advance(60 * 60 * 1e9)
	if got := say(); got != "open" {
		t.Fatalf("11:00 Paris, override 11–12: %q", got)
	}

	d, err := c.c.DescribeHoursOfOperationOverride(ctx(), &connect.DescribeHoursOfOperationOverrideInput{InstanceId: &c.iid,
		HoursOfOperationId: h.HoursOfOperationId, HoursOfOperationOverrideId: o.HoursOfOperationOverrideId})
	if err != nil || *d.HoursOfOperationOverride.Name != "Holiday" || d.HoursOfOperationOverride.OverrideType != types.OverrideTypeStandard ||
		*d.HoursOfOperationOverride.HoursOfOperationArn != *h.HoursOfOperationArn {
		t.Fatalf("describe %+v %v", d, err)
	}
	l, err := c.c.ListHoursOfOperationOverrides(ctx(), &connect.ListHoursOfOperationOverridesInput{InstanceId: &c.iid, HoursOfOperationId: h.HoursOfOperationId})
	if err != nil || len(l.HoursOfOperationOverrideList) != 1 {
		t.Fatalf("list %+v %v", l, err)
	}
	search := func(cmp types.DateComparisonType, v string) int {
		t.Helper()
		s, err := c.c.SearchHoursOfOperationOverrides(ctx(), &connect.SearchHoursOfOperationOverridesInput{InstanceId: &c.iid,
			SearchCriteria: &types.HoursOfOperationOverrideSearchCriteria{AndConditions: []types.HoursOfOperationOverrideSearchCriteria{
				{DateCondition: &types.DateCondition{FieldName: aws.String("effectiveFrom"), ComparisonType: cmp, Value: aws.String(v)}},
				{StringCondition: &types.StringCondition{FieldName: aws.String("name"), Value: aws.String("holi"), ComparisonType: types.StringComparisonTypeContains}}}}})
		if err != nil {
			t.Fatal(err)
		}
		return len(s.HoursOfOperationOverrides)
	}
	if search(types.DateComparisonTypeGreaterThanOrEqualTo, "2023-12-21") != 1 || search(types.DateComparisonTypeGreaterThan, "2023-12-21") != 0 {
		t.Fatal("date condition")
	}

	e, err := c.c.GetEffectiveHoursOfOperations(ctx(), &connect.GetEffectiveHoursOfOperationsInput{InstanceId: &c.iid, HoursOfOperationId: h.HoursOfOperationId,
		FromDate: aws.String("2023-12-20"), ToDate: aws.String("2023-12-22")})
	if err != nil || len(e.EffectiveHoursOfOperationList) != 3 || *e.TimeZone != "Europe/Paris" {
		t.Fatalf("effective %+v %v", e, err)
	}
	if oh := e.EffectiveHoursOfOperationList[1].OperationalHours; len(oh) != 1 || *oh[0].Start.Hours != 11 ||
		*e.EffectiveHoursOfOperationList[0].OperationalHours[0].Start.Hours != 8 || len(e.EffectiveOverrideHoursList) != 1 {
		t.Fatalf("effective days %+v", e.EffectiveHoursOfOperationList)
	}
	// Hours with an override cannot be deleted; the override can.
	if _, err := c.c.DeleteHoursOfOperation(ctx(), &connect.DeleteHoursOfOperationInput{InstanceId: &c.iid, HoursOfOperationId: h.HoursOfOperationId}); err == nil || !strings.Contains(err.Error(), "ResourceInUseException") {
		t.Fatalf("delete hours: %v", err)
	}
	if _, err := c.c.DeleteHoursOfOperationOverride(ctx(), &connect.DeleteHoursOfOperationOverrideInput{InstanceId: &c.iid,
		HoursOfOperationId: h.HoursOfOperationId, HoursOfOperationOverrideId: o.HoursOfOperationOverrideId}); err != nil {
		t.Fatal(err)
	}
	c.advance(5 * 60 * 60 * 1e9) // 15:00 Paris: the weekly schedule again
	if got := say(); got != "open" {
		t.Fatalf("after the delete: %q", got)
	}
}

func lexFlow(alias string) string {
	return `{"Version":"2019-10-30","StartAction":"bot","Actions":[
 {"Identifier":"bot","Type":"ConnectParticipantWithLexBot","Parameters":{"Text":"How can I help?","LexV2Bot":{"AliasArn":"` + alias + `"}},
  "Transitions":{"Errors":[{"ErrorType":"NoMatchingError","NextAction":"err"},{"ErrorType":"NoMatchingCondition","NextAction":"err"}]}},
 {"Identifier":"err","Type":"MessageParticipant","Parameters":{"Text":"bot error"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

func TestBotAssociationsGateLexBlocks(t *testing.T) {
	c := newCenter(t, "bots")
	alias := "arn:aws:lex:us-east-1:111111111111:bot-alias/BOT1234567/TSTALIASID"
	flow := c.mkFlow("lex", lexFlow(alias))
	if texts, _ := c.runSaid(flow); strings.Join(texts, "|") != "bot error" {
		t.Fatalf("unassociated bot: said %q", texts)
	}
	if _, err := c.c.AssociateBot(ctx(), &connect.AssociateBotInput{InstanceId: &c.iid, LexV2Bot: &types.LexV2Bot{AliasArn: aws.String("nope")}}); err == nil {
		t.Fatal("a bad alias ARN was accepted")
	}
	if _, err := c.c.AssociateBot(ctx(), &connect.AssociateBotInput{InstanceId: &c.iid, LexV2Bot: &types.LexV2Bot{AliasArn: &alias}}); err != nil {
		t.Fatal(err)
	}
	if texts, _ := c.runSaid(flow); strings.Join(texts, "|") != "How can I help?" {
		t.Fatalf("associated bot: said %q (the block should wait for the customer)", texts)
	}
	l, err := c.c.ListBots(ctx(), &connect.ListBotsInput{InstanceId: &c.iid, LexVersion: types.LexVersionV2})
	if err != nil || len(l.LexBots) != 1 || *l.LexBots[0].LexV2Bot.AliasArn != alias {
		t.Fatalf("list %+v %v", l, err)
	}
	// Lex V1.
	if _, err := c.c.AssociateLexBot(ctx(), &connect.AssociateLexBotInput{InstanceId: &c.iid, LexBot: &types.LexBot{Name: aws.String("Orders"), LexRegion: aws.String("us-east-1")}}); err != nil {
		t.Fatal(err)
	}
	v1, err := c.c.ListLexBots(ctx(), &connect.ListLexBotsInput{InstanceId: &c.iid})
	if err != nil || len(v1.LexBots) != 1 || *v1.LexBots[0].Name != "Orders" {
		t.Fatalf("list V1 %+v %v", v1, err)
	}
	if _, err := c.c.DisassociateLexBot(ctx(), &connect.DisassociateLexBotInput{InstanceId: &c.iid, BotName: aws.String("Orders"), LexRegion: aws.String("us-east-1")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.DisassociateBot(ctx(), &connect.DisassociateBotInput{InstanceId: &c.iid, LexV2Bot: &types.LexV2Bot{AliasArn: &alias}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.c.DisassociateBot(ctx(), &connect.DisassociateBotInput{InstanceId: &c.iid, LexV2Bot: &types.LexV2Bot{AliasArn: &alias}}); !isType[*types.ResourceNotFoundException](err) {
		t.Fatalf("disassociate twice: %v", err)
	}
	if texts, _ := c.runSaid(flow); strings.Join(texts, "|") != "bot error" {
		t.Fatalf("disassociated bot: said %q", texts)
	}
}
