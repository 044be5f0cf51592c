package service

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
	Modified
}

// UseCase is a stored use case of an integration association.
type UseCase struct {
	ID            string            `json:"id"`
	ARN           string            `json:"arn"`
	AssociationID string            `json:"associationId"`
	Type          string            `json:"type"`
	Tags          map[string]string `json:"tags,omitempty"`
	Modified
}

var (
	integrations = family[IntegrationAssociation]{instance.Family[IntegrationAssociation]{Bucket: bucketIntegrations, Kind: "integration-association", Noun: "Integration association",
		Records: func(st *instance.State) map[string]*IntegrationAssociation { return wrap(st).more.integrations },
		ID:      func(r *IntegrationAssociation) string { return r.ID }, SetID: func(r *IntegrationAssociation, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *IntegrationAssociation, m Modified) { r.Modified = m }}}
	useCases = family[UseCase]{instance.Family[UseCase]{Bucket: bucketUseCases, Kind: "use-case", Noun: "Use case",
		Records: func(st *instance.State) map[string]*UseCase { return wrap(st).more.useCases },
		ID:      func(r *UseCase) string { return r.ID }, SetID: func(r *UseCase, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *UseCase, m Modified) { r.Modified = m }}}
)

func init() {
	instance.RegisterTagKind("integration-association", childKind(bucketIntegrations, integrations.records,
		func(r *IntegrationAssociation) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
	instance.RegisterTagKind("use-case", childKind(bucketUseCases, useCases.records,
		func(r *UseCase) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
}

// CreateIntegrationAssociation stores an association.
func (s *Service) CreateIntegrationAssociation(sc Scope, instanceID string, a IntegrationAssociation) (*IntegrationAssociation, error) {
	if !strings.HasPrefix(a.IntegrationARN, "arn:") {
		return nil, invalidRequest("IntegrationArn %s is not an ARN.", a.IntegrationARN)
	}
	if a.Type == "EVENT" && (a.SourceType == "" || a.SourceName == "" || a.SourceURL == "") {
		return nil, invalidRequest("An EVENT integration needs SourceType, SourceApplicationName and SourceApplicationUrl.")
	}
	return integrations.create(s, sc, instanceID, func(st *instanceState) (*IntegrationAssociation, error) {
		for _, o := range st.more.integrations {
			if o.IntegrationARN == a.IntegrationARN {
				return nil, duplicate("Integration %s is already associated (%s).", a.IntegrationARN, o.ID)
			}
		}
		n := a
		n.Tags, n.Created = cloneTags(a.Tags), s.clock.Now()
		return &n, nil
	})
}

// ListIntegrationAssociations pages through associations, by type and
// integration ARN when given.
func (s *Service) ListIntegrationAssociations(sc Scope, instanceID, typ, integrationARN string, req PageRequest) (Page[IntegrationAssociation], error) {
	return integrations.list(s, sc, instanceID, func(i string) string { return "ListIntegrationAssociations|" + i + "|" + typ + "|" + integrationARN },
		func(a *IntegrationAssociation) bool {
			return (typ == "" || a.Type == typ) && (integrationARN == "" || a.IntegrationARN == integrationARN)
		}, req)
}

// DeleteIntegrationAssociation deletes an association without use cases.
func (s *Service) DeleteIntegrationAssociation(sc Scope, instanceID, id string) error {
	return integrations.remove(s, sc, instanceID, id, func(st *instanceState, a *IntegrationAssociation) error {
		for _, u := range st.more.useCases {
			if u.AssociationID == a.ID {
				return invalidRequest("Integration association %s has use cases; delete them first.", a.ID)
			}
		}
		return nil
	})
}

// CreateUseCase stores a use case of an association.
func (s *Service) CreateUseCase(sc Scope, instanceID, associationID, typ string, tags map[string]string) (*UseCase, error) {
	return useCases.create(s, sc, instanceID, func(st *instanceState) (*UseCase, error) {
		a, err := integrations.of(sc, st, associationID)
		if err != nil {
			return nil, err
		}
		for _, o := range st.more.useCases {
			if o.AssociationID == a.ID && o.Type == typ {
				return nil, duplicate("Integration association %s already has a %s use case.", a.ID, typ)
			}
		}
		return &UseCase{AssociationID: a.ID, Type: typ, Tags: cloneTags(tags)}, nil
	})
}

// ListUseCases pages through an association's use cases.
func (s *Service) ListUseCases(sc Scope, instanceID, associationID string, req PageRequest) (Page[UseCase], error) {
	a, err := integrations.describe(s, sc, instanceID, associationID)
	if err != nil {
		return Page[UseCase]{}, err
	}
	id := a.ID
	return useCases.list(s, sc, instanceID, func(i string) string { return "ListUseCases|" + i + "|" + id },
		func(u *UseCase) bool { return u.AssociationID == id }, req)
}

// DeleteUseCase deletes one use case of an association.
func (s *Service) DeleteUseCase(sc Scope, instanceID, associationID, useCaseID string) error {
	return useCases.remove(s, sc, instanceID, useCaseID, func(st *instanceState, u *UseCase) error {
		a, err := integrations.of(sc, st, associationID)
		if err != nil {
			return err
		}
		if u.AssociationID != a.ID {
			return notFound("Use case %s is not a use case of %s.", useCaseID, associationID)
		}
		return nil
	})
}
