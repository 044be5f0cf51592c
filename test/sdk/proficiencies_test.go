package sdk

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/service"
)

func up(name, value string, level float32) types.UserProficiency {
	return types.UserProficiency{AttributeName: aws.String(name), AttributeValue: aws.String(value), Level: aws.Float32(level)}
}

func upd(name, value string) types.UserProficiencyDisassociate {
	return types.UserProficiencyDisassociate{AttributeName: aws.String(name), AttributeValue: aws.String(value)}
}

// The helpers send an empty list, not a missing one, when given no items.

func (f *userFixture) associate(userID string, ps ...types.UserProficiency) error {
	ps = append([]types.UserProficiency{}, ps...)
	_, err := f.c.AssociateUserProficiencies(ctx(), &connect.AssociateUserProficienciesInput{InstanceId: &f.iid, UserId: &userID, UserProficiencies: ps})
	return err
}

func (f *userFixture) updateProfs(userID string, ps ...types.UserProficiency) error {
	ps = append([]types.UserProficiency{}, ps...)
	_, err := f.c.UpdateUserProficiencies(ctx(), &connect.UpdateUserProficienciesInput{InstanceId: &f.iid, UserId: &userID, UserProficiencies: ps})
	return err
}

func (f *userFixture) disassociate(userID string, ps ...types.UserProficiencyDisassociate) error {
	ps = append([]types.UserProficiencyDisassociate{}, ps...)
	_, err := f.c.DisassociateUserProficiencies(ctx(), &connect.DisassociateUserProficienciesInput{InstanceId: &f.iid, UserId: &userID, UserProficiencies: ps})
	return err
}

// profs lists a user's proficiencies as "name/value=level", every page.
func (f *userFixture) profs(t *testing.T, userID string) []string {
	t.Helper()
	var out []string
	p := connect.NewListUserProficienciesPaginator(f.c, &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &userID})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.UserProficiencyList {
			out = append(out, fmt.Sprintf("%s/%s=%g", *u.AttributeName, *u.AttributeValue, *u.Level))
		}
	}
	return out
}

func (f *userFixture) agentsWith(t *testing.T, name, value string, min float64) []string {
	t.Helper()
	ids, err := f.e.srv.Service.AgentsWithProficiency(f.scope, f.iid, name, value, min)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestUserProficiencyLifecycle(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "profs")
	createAttr(t, f.c, f.iid, "Technology", "AWS Kinesis", "AWS DynamoDB", "AWS EC2")
	u1, u2 := f.mkUser(t, "agent1"), f.mkUser(t, "agent2")

	e.clock.Advance(time.Minute)
	if err := f.associate(u1, up("Technology", "AWS DynamoDB", 5), up("Technology", "AWS Kinesis", 2), up("connect:Language", "connect:French", 3)); err != nil {
		t.Fatal(err)
	}
	// By user ARN too.
	u2ARN := f.scope.ARN("instance/" + f.iid + "/agent/" + u2)
	if _, err := f.c.AssociateUserProficiencies(ctx(), &connect.AssociateUserProficienciesInput{InstanceId: &f.iidARN, UserId: &u2ARN,
		UserProficiencies: []types.UserProficiency{up("Technology", "AWS DynamoDB", 3)}}); err != nil {
		t.Fatal(err)
	}
	l, err := f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &u1})
	if err != nil {
		t.Fatal(err)
	}
	if !l.LastModifiedTime.Equal(T0.Add(time.Minute)) || *l.LastModifiedRegion != "us-east-1" || l.NextToken != nil {
		t.Fatalf("ListUserProficiencies stamp %v %v", l.LastModifiedTime, l.LastModifiedRegion)
	}
	want := []string{"Technology/AWS DynamoDB=5", "Technology/AWS Kinesis=2", "connect:Language/connect:French=3"}
	if got := f.profs(t, u1); !slices.Equal(got, want) {
		t.Fatalf("proficiencies = %v, want %v", got, want)
	}
	if got := f.agentsWith(t, "Technology", "AWS DynamoDB", 4); !slices.Equal(got, []string{u1}) {
		t.Fatalf("DynamoDB >= 4: %v", got)
	}
	if got := f.agentsWith(t, "Technology", "AWS DynamoDB", 3); len(got) != 2 || got[0] != u1 {
		t.Fatalf("DynamoDB >= 3: %v", got)
	}

	e.clock.Advance(time.Minute)
	if err := f.updateProfs(u1, up("Technology", "AWS DynamoDB", 1), up("connect:Language", "connect:French", 5)); err != nil {
		t.Fatal(err)
	}
	want = []string{"Technology/AWS DynamoDB=1", "Technology/AWS Kinesis=2", "connect:Language/connect:French=5"}
	if got := f.profs(t, u1); !slices.Equal(got, want) {
		t.Fatalf("after update = %v, want %v", got, want)
	}
	if got := f.agentsWith(t, "Technology", "AWS DynamoDB", 2); !slices.Equal(got, []string{u2}) {
		t.Fatalf("DynamoDB >= 2 after update: %v", got)
	}

	if err := f.disassociate(u1, upd("Technology", "AWS Kinesis"), upd("connect:Language", "connect:French")); err != nil {
		t.Fatal(err)
	}
	if got := f.profs(t, u1); !slices.Equal(got, []string{"Technology/AWS DynamoDB=1"}) {
		t.Fatalf("after disassociate = %v", got)
	}
	l, _ = f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &u1})
	if !l.LastModifiedTime.Equal(T0.Add(2 * time.Minute)) {
		t.Fatalf("stamp after disassociate = %v", l.LastModifiedTime)
	}
	// A user that never had proficiencies lists none, with no stamp.
	u3 := f.mkUser(t, "agent3")
	l, err = f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &u3})
	if err != nil || len(l.UserProficiencyList) != 0 || l.LastModifiedTime != nil {
		t.Fatalf("fresh user: %+v %v", l, err)
	}
}

func TestUserProficiencyErrors(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "prof-errors")
	var values []string
	for i := range 12 {
		values = append(values, fmt.Sprint("v", i))
	}
	createAttr(t, f.c, f.iid, "Skill", values...)
	createAttr(t, f.c, f.iid, "Other", "x")
	u := f.mkUser(t, "agent")
	bad := "00000000-0000-0000-0000-000000000000"

	// Associate.
	wantAPIError(t, f.associate(u), "InvalidParameterException", 400)
	wantAPIError(t, f.associate(u, up("Skill", "v0", 0)), "InvalidParameterException", 400)
	wantAPIError(t, f.associate(u, up("Skill", "v0", 6)), "InvalidParameterException", 400)
	wantAPIError(t, f.associate(u, up("Skill", "v0", 2.5)), "InvalidParameterException", 400)
	wantAPIError(t, f.associate(u, up("Skill", "v0", 1), up("Skill", "v0", 2)), "InvalidParameterException", 400)
	wantAPIError(t, f.associate(u, up("Skill", "v0", 1), up("Nope", "v0", 1)), "InvalidRequestException", 400)
	wantAPIError(t, f.associate(u, up("Skill", "v0", 1), up("Skill", "nope", 1)), "InvalidRequestException", 400)
	wantAPIError(t, f.associate(u, up("skill", "v0", 1)), "InvalidRequestException", 400)
	wantAPIError(t, f.associate(u, up("connect:Language", "connect:Esperanto", 1)), "InvalidRequestException", 400)
	if got := f.profs(t, u); len(got) != 0 {
		t.Fatalf("failed requests stored %v", got)
	}
	wantAPIError(t, f.associate(bad, up("Skill", "v0", 1)), "ResourceNotFoundException", 404)
	_, err := f.c.AssociateUserProficiencies(ctx(), &connect.AssociateUserProficienciesInput{InstanceId: &bad, UserId: &u,
		UserProficiencies: []types.UserProficiency{up("Skill", "v0", 1)}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	var ten []types.UserProficiency
	for i := range 10 {
		ten = append(ten, up("Skill", values[i], float32(i%5+1)))
	}
	if err := f.associate(u, ten[:9]...); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, f.associate(u, up("Skill", "v0", 3)), "InvalidRequestException", 400) // already held
	// 9 held: adding two passes the quota of 10, and neither is added.
	wantAPIError(t, f.associate(u, up("Skill", "v9", 1), up("Skill", "v10", 1)), "InvalidRequestException", 400)
	if err := f.associate(u, ten[9]); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, f.associate(u, up("Other", "x", 1)), "InvalidRequestException", 400)

	// Update.
	wantAPIError(t, f.updateProfs(u), "InvalidParameterException", 400)
	wantAPIError(t, f.updateProfs(u, up("Skill", "v0", 3.5)), "InvalidParameterException", 400)
	wantAPIError(t, f.updateProfs(u, up("Skill", "v0", 5), up("Skill", "v11", 5)), "InvalidRequestException", 400) // v11 not held
	wantAPIError(t, f.updateProfs(u, up("Nope", "v0", 5)), "InvalidRequestException", 400)
	wantAPIError(t, f.updateProfs(bad, up("Skill", "v0", 5)), "ResourceNotFoundException", 404)
	if got := f.profs(t, u); got[0] != "Skill/v0=1" {
		t.Fatalf("failed update changed v0: %v", got[0])
	}

	// Disassociate.
	wantAPIError(t, f.disassociate(u), "InvalidParameterException", 400)
	wantAPIError(t, f.disassociate(u, upd("Skill", "v0"), upd("Skill", "v0")), "InvalidParameterException", 400)
	wantAPIError(t, f.disassociate(u, upd("Skill", "v0"), upd("Skill", "v11")), "InvalidRequestException", 400)
	wantAPIError(t, f.disassociate(bad, upd("Skill", "v0")), "ResourceNotFoundException", 404)
	_, err = f.c.DisassociateUserProficiencies(ctx(), &connect.DisassociateUserProficienciesInput{InstanceId: &bad, UserId: &u,
		UserProficiencies: []types.UserProficiencyDisassociate{upd("Skill", "v0")}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if got := f.profs(t, u); len(got) != 10 {
		t.Fatalf("failed disassociate removed some: %v", got)
	}

	// List.
	_, err = f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &bad})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &bad, UserId: &u})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &u, MaxResults: aws.Int32(101)})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &u, NextToken: aws.String("forged")})
	wantAPIError(t, err, "InvalidParameterException", 400)

	// Attributes in use (docs/predefined-attributes.md#operations).
	_, err = f.c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &f.iid, Name: aws.String("Skill")})
	wantAPIError(t, err, "ResourceInUseException", 409)
	var riu *types.ResourceInUseException
	if !errors.As(err, &riu) || riu.ResourceType != types.ResourceTypeUser || *riu.ResourceId != f.scope.ARN("instance/"+f.iid+"/agent/"+u) {
		t.Fatalf("ResourceInUseException members: %+v", riu)
	}
	_, err = f.c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &f.iid, Name: aws.String("Skill"),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: values[1:]}})
	wantAPIError(t, err, "InvalidRequestException", 400)
	// Removing values nobody holds is fine.
	if _, err := f.c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &f.iid, Name: aws.String("Skill"),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: values[:10]}}); err != nil {
		t.Fatal(err)
	}
	// Deleting the user frees the attribute.
	if _, err := f.c.DeleteUser(ctx(), &connect.DeleteUserInput{InstanceId: &f.iid, UserId: &u}); err != nil {
		t.Fatal(err)
	}
	if got := f.agentsWith(t, "Skill", "v0", 1); len(got) != 0 {
		t.Fatalf("deleted user still indexed: %v", got)
	}
	if _, err := f.c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &f.iid, Name: aws.String("Skill")}); err != nil {
		t.Fatal(err)
	}
}

func TestListUserProficienciesPaging(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "prof-pages")
	createAttr(t, f.c, f.iid, "B", "x", "y", "z")
	createAttr(t, f.c, f.iid, "A", "1", "2", "3", "4", "5", "6", "7")
	u, other := f.mkUser(t, "agent"), f.mkUser(t, "other")
	var ps []types.UserProficiency
	for _, v := range []string{"z", "x", "y"} {
		ps = append(ps, up("B", v, 2))
	}
	for _, v := range []string{"7", "1", "2", "3", "4", "5", "6"} {
		ps = append(ps, up("A", v, 4))
	}
	if err := f.associate(u, ps...); err != nil {
		t.Fatal(err)
	}
	var got []string
	pages := 0
	p := connect.NewListUserProficienciesPaginator(f.c, &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &u, MaxResults: aws.Int32(3)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if !out.LastModifiedTime.Equal(T0) || *out.LastModifiedRegion != "us-east-1" {
			t.Fatalf("page %d stamp %v", pages, out.LastModifiedTime)
		}
		for _, x := range out.UserProficiencyList {
			got = append(got, *x.AttributeName+*x.AttributeValue)
		}
	}
	want := []string{"A1", "A2", "A3", "A4", "A5", "A6", "A7", "Bx", "By", "Bz"}
	if pages != 4 || !slices.Equal(got, want) {
		t.Fatalf("%d pages %v, want 4 pages %v", pages, got, want)
	}
	first, err := f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &u, MaxResults: aws.Int32(3)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &other, NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

func TestUserProficiencyIsolation(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "prof-iso")
	createAttr(t, f.c, f.iid, "Technology", "AWS S3")
	u := f.mkUser(t, "agent")
	if err := f.associate(u, up("Technology", "AWS S3", 4)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*connect.Client{e.clientFor("222222222222", "us-east-1"), e.clientFor("111111111111", "eu-west-2")} {
		_, err := c.ListUserProficiencies(ctx(), &connect.ListUserProficienciesInput{InstanceId: &f.iid, UserId: &u})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.AssociateUserProficiencies(ctx(), &connect.AssociateUserProficienciesInput{InstanceId: &f.iid, UserId: &u,
			UserProficiencies: []types.UserProficiency{up("connect:Language", "connect:English", 1)}})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.DisassociateUserProficiencies(ctx(), &connect.DisassociateUserProficienciesInput{InstanceId: &f.iid, UserId: &u,
			UserProficiencies: []types.UserProficiencyDisassociate{upd("Technology", "AWS S3")}})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	// Another instance's user cannot use this instance's attributes, nor be
	// reached through this instance.
	g := newUserFixture(t, e, "prof-iso-2")
	v := g.mkUser(t, "agent")
	wantAPIError(t, g.associate(v, up("Technology", "AWS S3", 4)), "InvalidRequestException", 400)
	wantAPIError(t, f.associate(v, up("Technology", "AWS S3", 4)), "ResourceNotFoundException", 404)
	if ids, _ := e.srv.Service.AgentsWithProficiency(g.scope, g.iid, "Technology", "AWS S3", 1); len(ids) != 0 {
		t.Fatalf("other instance index: %v", ids)
	}
	if got := f.profs(t, u); !slices.Equal(got, []string{"Technology/AWS S3=4"}) {
		t.Fatalf("owner's proficiencies: %v", got)
	}
}

func TestUserProficiencyPersistence(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, server.Options{DataDir: dir})
	f := newUserFixture(t, e, "prof-persist")
	createAttr(t, f.c, f.iid, "Technology", "AWS S3", "AWS EC2")
	u := f.mkUser(t, "agent")
	if err := f.associate(u, up("Technology", "AWS S3", 4), up("Technology", "AWS EC2", 2), up("connect:Language", "connect:English", 5)); err != nil {
		t.Fatal(err)
	}
	if err := f.updateProfs(u, up("Technology", "AWS EC2", 3)); err != nil {
		t.Fatal(err)
	}
	e.http.Close()
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := newEnvWith(t, server.Options{DataDir: dir})
	f.e, f.c = e2, e2.client
	want := []string{"Technology/AWS EC2=3", "Technology/AWS S3=4", "connect:Language/connect:English=5"}
	if got := f.profs(t, u); !slices.Equal(got, want) {
		t.Fatalf("after restart: %v, want %v", got, want)
	}
	if got := f.agentsWith(t, "Technology", "AWS EC2", 3); !slices.Equal(got, []string{u}) {
		t.Fatalf("index after restart: %v", got)
	}
	if got := f.agentsWith(t, service.SystemLanguageAttribute, "connect:English", 5); !slices.Equal(got, []string{u}) {
		t.Fatalf("index after restart (connect:Language): %v", got)
	}
	_, err := f.c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &f.iid, Name: aws.String("Technology")})
	wantAPIError(t, err, "ResourceInUseException", 409)
}
