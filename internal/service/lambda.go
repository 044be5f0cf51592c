package service

import (
	"regexp"
	"sort"

	"github.com/connect-local/connect-local/internal/storage"
)

// Lambda functions associated with an instance (AssociateLambdaFunction,
// ListLambdaFunctions, DisassociateLambdaFunction): an InvokeLambdaFunction
// block may only call a function associated with its instance, as in
// Connect; any other takes the block's Error branch (docs/flows.md#invokelambdafunction).

const bucketLambdas = "lambda-functions" // {i}/{functionArn} → lambdaAssociation

type lambdaAssociation struct {
	FunctionARN string `json:"functionArn"`
}

// lambdaARN is the model's FunctionArn pattern.
var lambdaARN = regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[a-zA-Z0-9_.-]+(:[a-zA-Z0-9_$.-]+)?$`)

// AssociateLambdaFunction allows the instance's flows to call a function.
func (s *Service) AssociateLambdaFunction(sc Scope, instanceID, functionARN string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	if !lambdaARN.MatchString(functionARN) {
		return invalidParam("FunctionArn %s is not a Lambda function ARN.", functionARN)
	}
	if st.lambdas[functionARN] {
		return nil // associating again changes nothing (connect-local's choice; docs/flows.md)
	}
	rec := lambdaAssociation{FunctionARN: functionARN}
	return s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketLambdas, childKey(st.ID, functionARN), &rec) },
		func() { st.lambdas[functionARN] = true })
}

// DisassociateLambdaFunction removes an association.
func (s *Service) DisassociateLambdaFunction(sc Scope, instanceID, functionARN string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	if !st.lambdas[functionARN] {
		return notFound("The function is not associated with the instance: %s", functionARN)
	}
	return s.commitData(st, func(tx storage.Tx) error { return tx.Delete(bucketLambdas, childKey(st.ID, functionARN)) },
		func() { delete(st.lambdas, functionARN) })
}

// ListLambdaFunctions lists the associated functions' ARNs, sorted.
func (s *Service) ListLambdaFunctions(sc Scope, instanceID string, req PageRequest) (Page[string], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[string]{}, err
	}
	defer st.Mu.RUnlock()
	arns := make([]string, 0, len(st.lambdas))
	for a := range st.lambdas {
		arns = append(arns, a)
	}
	sort.Strings(arns)
	return paginate(s, arns, func(a string) string { return a }, req)
}

// lambdaAssociated reports whether a block may call the function.
func (s *Service) lambdaAssociated(st *instanceState, functionARN string) bool {
	return st.lambdas[functionARN]
}
