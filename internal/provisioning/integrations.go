package provisioning

import (
	"github.com/connect-local/connect-local/internal/instance"
	"strings"
	"time"
)

// Integration associations and their use cases
// (docs/provisioning.md#integrations-security-keys-and-authentication-profiles)
// are stored and read back: connect-local calls no integrated application
// (Salesforce, Zendesk, Cases, Wisdom, Pinpoint, …) and runs no use case.
//
// Decisions [INF]: an IntegrationArn is associated once per instance
// (DuplicateResourceException); EVENT integrations need SourceType,
// SourceApplicationName and SourceApplicationUrl, as the API reference
// says (InvalidRequestException); an association with use cases cannot be
// deleted (InvalidRequestException, the API reference's "must not have any
// use cases"); a use case type appears once per association
// (DuplicateResourceException).

// IntegrationAssociation is a stored integration association.
type IntegrationAssociation struct {
	ID             string            `json:"id"`
	ARN            string            `json:"arn"`
	IntegrationARN string            `json:"integrationArn"`
	Type           string            `json:"type"`
	SourceName     string            `json:"sourceApplicationName,omitempty"`
	SourceURL      string            `json:"sourceApplicationUrl,omitempty"`
	SourceType     string            `json:"sourceType,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
	Created        time.Time         `json:"created"`
	instance.Modified
}

// UseCase is a stored use case of an integration association.
type UseCase struct {
	ID            string            `json:"id"`
	ARN           string            `json:"arn"`
	AssociationID string            `json:"associationId"`
	Type          string            `json:"type"`
	Tags          map[string]string `json:"tags,omitempty"`
	instance.Modified
}

var (
	integrations = instance.Family[IntegrationAssociation]{Bucket: bucketIntegrations, Kind: "integration-association", Noun: "Integration association",
		Records: func(st *instance.State) map[string]*IntegrationAssociation { return of(st).integrations },
		ID:      func(r *IntegrationAssociation) string { return r.ID }, SetID: func(r *IntegrationAssociation, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *IntegrationAssociation, m instance.Modified) { r.Modified = m }}
	useCases = instance.Family[UseCase]{Bucket: bucketUseCases, Kind: "use-case", Noun: "Use case",
		Records: func(st *instance.State) map[string]*UseCase { return of(st).useCases },
		ID:      func(r *UseCase) string { return r.ID }, SetID: func(r *UseCase, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *UseCase, m instance.Modified) { r.Modified = m }}
)

func init() {
	instance.RegisterTagKind("integration-association", instance.ChildKind(bucketIntegrations, integrations.Records,
		func(r *IntegrationAssociation) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
	instance.RegisterTagKind("use-case", instance.ChildKind(bucketUseCases, useCases.Records,
		func(r *UseCase) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
}

// CreateIntegrationAssociation stores an association.
func (s *Provisioning) CreateIntegrationAssociation(sc instance.Scope, instanceID string, a IntegrationAssociation) (*IntegrationAssociation, error) {
	if !strings.HasPrefix(a.IntegrationARN, "arn:") {
		return nil, instance.InvalidRequest("IntegrationArn %s is not an ARN.", a.IntegrationARN)
	}
	if a.Type == "EVENT" && (a.SourceType == "" || a.SourceName == "" || a.SourceURL == "") {
		return nil, instance.InvalidRequest("An EVENT integration needs SourceType, SourceApplicationName and SourceApplicationUrl.")
	}
	return integrations.Create(s.core, sc, instanceID, func(st *instance.State) (*IntegrationAssociation, error) {
		for _, o := range of(st).integrations {
			if o.IntegrationARN == a.IntegrationARN {
				return nil, instance.Duplicate("Integration %s is already associated (%s).", a.IntegrationARN, o.ID)
			}
		}
		n := a
		n.Tags, n.Created = instance.CloneTags(a.Tags), s.core.Clock.Now()
		return &n, nil
	})
}

// ListIntegrationAssociations pages through associations, by type and
// integration ARN when given.
func (s *Provisioning) ListIntegrationAssociations(sc instance.Scope, instanceID, typ, integrationARN string, req instance.PageRequest) (instance.Page[IntegrationAssociation], error) {
	return integrations.List(s.core, sc, instanceID, func(i string) string { return "ListIntegrationAssociations|" + i + "|" + typ + "|" + integrationARN },
		func(a *IntegrationAssociation) bool {
			return (typ == "" || a.Type == typ) && (integrationARN == "" || a.IntegrationARN == integrationARN)
		}, req)
}

// DeleteIntegrationAssociation deletes an association without use cases.
func (s *Provisioning) DeleteIntegrationAssociation(sc instance.Scope, instanceID, id string) error {
	return integrations.Remove(s.core, sc, instanceID, id, func(st *instance.State, a *IntegrationAssociation) error {
		for _, u := range of(st).useCases {
			if u.AssociationID == a.ID {
				return instance.InvalidRequest("Integration association %s has use cases; delete them first.", a.ID)
			}
		}
		return nil
	})
}

// CreateUseCase stores a use case of an association.
func (s *Provisioning) CreateUseCase(sc instance.Scope, instanceID, associationID, typ string, tags map[string]string) (*UseCase, error) {
	return useCases.Create(s.core, sc, instanceID, func(st *instance.State) (*UseCase, error) {
		a, err := integrations.Of(sc, st, associationID)
		if err != nil {
			return nil, err
		}
		for _, o := range of(st).useCases {
			if o.AssociationID == a.ID && o.Type == typ {
				return nil, instance.Duplicate("Integration association %s already has a %s use case.", a.ID, typ)
			}
		}
		return &UseCase{AssociationID: a.ID, Type: typ, Tags: instance.CloneTags(tags)}, nil
	})
}

// ListUseCases pages through an association's use cases.
func (s *Provisioning) ListUseCases(sc instance.Scope, instanceID, associationID string, req instance.PageRequest) (instance.Page[UseCase], error) {
	a, err := integrations.Describe(s.core, sc, instanceID, associationID)
	if err != nil {
		return instance.Page[UseCase]{}, err
	}
	id := a.ID
	return useCases.List(s.core, sc, instanceID, func(i string) string { return "ListUseCases|" + i + "|" + id },
		func(u *UseCase) bool { return u.AssociationID == id }, req)
}

// DeleteUseCase deletes one use case of an association.
func (s *Provisioning) DeleteUseCase(sc instance.Scope, instanceID, associationID, useCaseID string) error {
	return useCases.Remove(s.core, sc, instanceID, useCaseID, func(st *instance.State, u *UseCase) error {
		a, err := integrations.Of(sc, st, associationID)
		if err != nil {
			return err
		}
		if u.AssociationID != a.ID {
			return instance.NotFound("Use case %s is not a use case of %s.", useCaseID, associationID)
		}
		return nil
	})
}
