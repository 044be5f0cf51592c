package routingconfig

// Quotas are the adjustable resource quotas of docs/quotas.md#resource-quotas that the service
// enforces. A zero field takes its default; the defaults are the 2023
// baseline the spec recommends (docs/predefined-attributes.md#limits).
type Quotas struct {
	// PredefinedAttributesPerInstance (quota L-3828FBF0) counts attributes
	// users created; the system attribute connect:Language is not counted.
	// Creating beyond it answers LimitExceededException.
	PredefinedAttributesPerInstance int
	// ValuesPerPredefinedAttribute bounds an attribute's value list (for
	// connect:Language, the values added to the built-in ones). Going past
	// it answers InvalidParameterException, as a count violation.
	ValuesPerPredefinedAttribute int
	// ProficienciesPerUser (quota L-50375162) bounds one agent's
	// proficiencies. Going past it answers InvalidRequestException.
	ProficienciesPerUser int
	// QueuesPerInstance and UsersPerInstance bound an instance's standard
	// queues and users (docs/quotas.md#resource-quotas; both adjustable in Connect). Going past
	// them answers LimitExceededException.
	QueuesPerInstance int
	UsersPerInstance  int
}

// The default quotas (docs/predefined-attributes.md#limits, 2023 baseline).
const (
	DefaultPredefinedAttributesPerInstance = 25
	DefaultValuesPerPredefinedAttribute    = 75
	DefaultProficienciesPerUser            = 10
	DefaultQueuesPerInstance               = 100
	DefaultUsersPerInstance                = 500
)

// WithDefaults is q with every zero field at its default.
func (q Quotas) WithDefaults() Quotas {
	if q.PredefinedAttributesPerInstance <= 0 {
		q.PredefinedAttributesPerInstance = DefaultPredefinedAttributesPerInstance
	}
	if q.ValuesPerPredefinedAttribute <= 0 {
		q.ValuesPerPredefinedAttribute = DefaultValuesPerPredefinedAttribute
	}
	if q.ProficienciesPerUser <= 0 {
		q.ProficienciesPerUser = DefaultProficienciesPerUser
	}
	if q.QueuesPerInstance <= 0 {
		q.QueuesPerInstance = DefaultQueuesPerInstance
	}
	if q.UsersPerInstance <= 0 {
		q.UsersPerInstance = DefaultUsersPerInstance
	}
	return q
}
