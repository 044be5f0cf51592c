package flowres

import (
	"regexp"
	"sort"

	"github.com/connect-local/connect-local/internal/instance"
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
func (s *FlowRes) AssociateLambdaFunction(sc instance.Scope, instanceID, functionARN string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	if !lambdaARN.MatchString(functionARN) {
		return instance.InvalidParam("FunctionArn %s is not a Lambda function ARN.", functionARN)
	}
	res := of(st)
	if res.lambdas[functionARN] {
		return nil // associating again changes nothing (connect-local's choice; docs/flows.md)
	}
	rec := lambdaAssociation{FunctionARN: functionARN}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketLambdas, instance.ChildKey(st.ID, functionARN), &rec)
	},
		func() { res.lambdas[functionARN] = true })
}

// DisassociateLambdaFunction removes an association.
func (s *FlowRes) DisassociateLambdaFunction(sc instance.Scope, instanceID, functionARN string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	res := of(st)
	if !res.lambdas[functionARN] {
		return instance.NotFound("The function is not associated with the instance: %s", functionARN)
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(bucketLambdas, instance.ChildKey(st.ID, functionARN)) },
		func() { delete(res.lambdas, functionARN) })
}

// ListLambdaFunctions lists the associated functions' ARNs, sorted.
func (s *FlowRes) ListLambdaFunctions(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[string], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return instance.Page[string]{}, err
	}
	defer unlock()
	res := of(st)
	arns := make([]string, 0, len(res.lambdas))
	for a := range res.lambdas {
		arns = append(arns, a)
	}
	sort.Strings(arns)
	return instance.Paginate(s.core, arns, func(a string) string { return a }, req)
}

// LambdaAssociated reports whether a flow block of st may call the
// function. The caller holds st.Mu.
func LambdaAssociated(st *instance.State, functionARN string) bool {
	return of(st).lambdas[functionARN]
}
