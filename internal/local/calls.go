package local

import (
	"net/http"
	"strings"

	"github.com/connect-local/connect-local/internal/wire"
)

// callRoutes adds the telephone network's side (docs/local-api.md#calls):
// a customer dials a claimed number. The number decides the instance, in
// the caller's account and region only.
func callRoutes(add func(Route)) {
	add(callerRoute("POST /_local/calls", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		var body struct{ To, From string }
		if err := decode(r, &body); err != nil || body.To == "" || body.From == "" {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"To": "+E.164 number claimed in this account and region", "From": "+E.164 caller"}.`))
			return
		}
		c, err := e.svc.PlaceCall(t.scope, body.To, body.From)
		if err != nil {
			reply(w, nil, err)
			return
		}
		instanceID, _, _ := cutInstance(c.ARN())
		reply(w, map[string]string{"ContactId": c.ID, "ContactArn": c.ARN(), "InstanceId": instanceID}, nil)
	}))
}

// cutInstance reads the instance ID out of a contact ARN
// (…:instance/{i}/contact/{c}).
func cutInstance(arn string) (instanceID, rest string, ok bool) {
	_, after, ok := strings.Cut(arn, ":instance/")
	if !ok {
		return "", "", false
	}
	return strings.Cut(after, "/")
}
