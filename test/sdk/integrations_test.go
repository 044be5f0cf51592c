package sdk

import (
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
)

const testPublicKey = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYWnm/eplO9BFtXszMRQNL5UtZ8HJ
dTH2jK7vAs6Xe6VaOaT/GXZCKmC6ke2PiAuJKnWk5iVQYGG0H6i6XSumbA==
-----END PUBLIC KEY-----`

// Integrations, use cases, security keys and the default authentication
// profile are stored, checked and read back, and survive a restart. (The
// model's IpCidr pattern, ^[A-Za-z0-9:/]*$, admits no dot: IPv6 only.)
func TestIntegrationsKeysAndAuthProfiles(t *testing.T) {
	dir := t.TempDir()
	open := func() *env {
		vc := clock.NewVirtual(T0)
		srv, err := server.New(server.Options{DataDir: dir, Clock: vc})
		if err != nil {
			t.Fatal(err)
		}
		e := &env{t: t, srv: srv, http: httptest.NewServer(srv.Handler()), clock: vc}
		e.client = e.clientFor("111111111111", "us-east-1")
		return e
	}
	e := open()
	c := e.client
	iid := newInstance(t, c, "integrations")

	_, err := c.CreateIntegrationAssociation(ctx(), &connect.CreateIntegrationAssociationInput{InstanceId: &iid, IntegrationType: types.IntegrationTypeEvent,
		IntegrationArn: aws.String("arn:aws:app-integrations:us-east-1:111111111111:event-integration/sf")})
	wantAPIError(t, err, "InvalidRequestException", 400) // EVENT without its source
	ia, err := c.CreateIntegrationAssociation(ctx(), &connect.CreateIntegrationAssociationInput{InstanceId: &iid, IntegrationType: types.IntegrationTypeCasesDomain,
		IntegrationArn: aws.String("arn:aws:cases:us-east-1:111111111111:domain/d1"), Tags: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateIntegrationAssociation(ctx(), &connect.CreateIntegrationAssociationInput{InstanceId: &iid, IntegrationType: types.IntegrationTypeCasesDomain,
		IntegrationArn: aws.String("arn:aws:cases:us-east-1:111111111111:domain/d1")})
	wantAPIError(t, err, "DuplicateResourceException", 409)
	uc, err := c.CreateUseCase(ctx(), &connect.CreateUseCaseInput{InstanceId: &iid, IntegrationAssociationId: ia.IntegrationAssociationId, UseCaseType: types.UseCaseTypeRulesEvaluation})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateUseCase(ctx(), &connect.CreateUseCaseInput{InstanceId: &iid, IntegrationAssociationId: aws.String("nope"), UseCaseType: types.UseCaseTypeRulesEvaluation})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeleteIntegrationAssociation(ctx(), &connect.DeleteIntegrationAssociationInput{InstanceId: &iid, IntegrationAssociationId: ia.IntegrationAssociationId})
	wantAPIError(t, err, "InvalidRequestException", 400) // it has a use case
	tags, err := c.ListTagsForResource(ctx(), &connect.ListTagsForResourceInput{ResourceArn: ia.IntegrationAssociationArn})
	if err != nil || tags.Tags["k"] != "v" {
		t.Fatalf("association tags %v %v", tags, err)
	}

	_, err = c.AssociateSecurityKey(ctx(), &connect.AssociateSecurityKeyInput{InstanceId: &iid, Key: aws.String("not a key")})
	wantAPIError(t, err, "InvalidParameterException", 400)
	k, err := c.AssociateSecurityKey(ctx(), &connect.AssociateSecurityKeyInput{InstanceId: &iid, Key: aws.String(testPublicKey)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AssociateSecurityKey(ctx(), &connect.AssociateSecurityKeyInput{InstanceId: &iid, Key: aws.String(testPublicKey)})
	wantAPIError(t, err, "ResourceConflictException", 409)

	aps, err := c.ListAuthenticationProfiles(ctx(), &connect.ListAuthenticationProfilesInput{InstanceId: &iid})
	if err != nil || len(aps.AuthenticationProfileSummaryList) != 1 || !aps.AuthenticationProfileSummaryList[0].IsDefault {
		t.Fatalf("auth profiles %+v %v", aps, err)
	}
	apID := *aps.AuthenticationProfileSummaryList[0].Id
	_, err = c.UpdateAuthenticationProfile(ctx(), &connect.UpdateAuthenticationProfileInput{InstanceId: &iid, AuthenticationProfileId: &apID, AllowedIps: []string{"2001:db8::/129"}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	if _, err := c.UpdateAuthenticationProfile(ctx(), &connect.UpdateAuthenticationProfileInput{InstanceId: &iid, AuthenticationProfileId: &apID,
		AllowedIps: []string{"2001:db8::/32"}, BlockedIps: []string{"2001:db8::1"}, PeriodicSessionDuration: aws.Int32(30)}); err != nil {
		t.Fatal(err)
	}

	// A restart finds everything.
	e.http.Close()
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := open()
	t.Cleanup(func() { e2.http.Close(); e2.srv.Close() })
	c = e2.client
	l, err := c.ListIntegrationAssociations(ctx(), &connect.ListIntegrationAssociationsInput{InstanceId: &iid, IntegrationType: types.IntegrationTypeCasesDomain})
	if err != nil || len(l.IntegrationAssociationSummaryList) != 1 || *l.IntegrationAssociationSummaryList[0].IntegrationAssociationId != *ia.IntegrationAssociationId {
		t.Fatalf("associations after restart %+v %v", l, err)
	}
	ucs, err := c.ListUseCases(ctx(), &connect.ListUseCasesInput{InstanceId: &iid, IntegrationAssociationId: ia.IntegrationAssociationId})
	if err != nil || len(ucs.UseCaseSummaryList) != 1 || *ucs.UseCaseSummaryList[0].UseCaseId != *uc.UseCaseId {
		t.Fatalf("use cases after restart %+v %v", ucs, err)
	}
	keys, err := c.ListSecurityKeys(ctx(), &connect.ListSecurityKeysInput{InstanceId: &iid})
	if err != nil || len(keys.SecurityKeys) != 1 || *keys.SecurityKeys[0].AssociationId != *k.AssociationId || *keys.SecurityKeys[0].Key != testPublicKey {
		t.Fatalf("keys after restart %+v %v", keys, err)
	}
	ap, err := c.DescribeAuthenticationProfile(ctx(), &connect.DescribeAuthenticationProfileInput{InstanceId: &iid, AuthenticationProfileId: &apID})
	if err != nil || ap.AuthenticationProfile.AllowedIps[0] != "2001:db8::/32" || ap.AuthenticationProfile.BlockedIps[0] != "2001:db8::1" ||
		ap.AuthenticationProfile.PeriodicSessionDuration == nil || *ap.AuthenticationProfile.PeriodicSessionDuration != 30 {
		t.Fatalf("auth profile after restart %+v %v", ap, err)
	}

	// Delete in order: use case, association, key.
	if _, err := c.DeleteUseCase(ctx(), &connect.DeleteUseCaseInput{InstanceId: &iid, IntegrationAssociationId: ia.IntegrationAssociationId, UseCaseId: uc.UseCaseId}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteIntegrationAssociation(ctx(), &connect.DeleteIntegrationAssociationInput{InstanceId: &iid, IntegrationAssociationId: ia.IntegrationAssociationId}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DisassociateSecurityKey(ctx(), &connect.DisassociateSecurityKeyInput{InstanceId: &iid, AssociationId: k.AssociationId}); err != nil {
		t.Fatal(err)
	}
	keys, err = c.ListSecurityKeys(ctx(), &connect.ListSecurityKeysInput{InstanceId: &iid})
	if err != nil || len(keys.SecurityKeys) != 0 {
		t.Fatalf("keys after disassociate %+v %v", keys, err)
	}
	// Another account sees nothing of the instance.
	_, err = e2.clientFor("222222222222", "us-east-1").ListSecurityKeys(ctx(), &connect.ListSecurityKeysInput{InstanceId: &iid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}
