package flowres

import (
	"github.com/connect-local/connect-local/internal/instance"
	"regexp"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/storage"
)

// Prompts (CreatePrompt … SearchPrompts, GetPromptFile): named audio files
// in S3 that MessageParticipant and GetParticipantInput play by PromptId
// (docs/flows.md#prompts). connect-local stores the S3 URI and never reads
// the object; a flow that names a prompt records the prompt's name in what
// the system said.

const bucketPrompts = "prompts" // {i}/{promptId} → Prompt

// Prompt is a stored prompt.
type Prompt struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	S3URI       string            `json:"s3Uri"`
	Tags        map[string]string `json:"tags,omitempty"`
	instance.Modified
}

var promptFamily = instance.Family[Prompt]{Bucket: bucketPrompts, Kind: "prompt", Noun: "Prompt",
	Records: func(st *instance.State) map[string]*Prompt { return of(st).prompts },
	ID:      func(r *Prompt) string { return r.ID }, SetID: func(r *Prompt, id, arn string) { r.ID, r.ARN = id, arn },
	Stamp: func(r *Prompt, m instance.Modified) { r.Modified = m },
	Clone: func(r *Prompt) *Prompt { out := *r; out.Tags = instance.CloneTags(r.Tags); return &out }}

// s3URI is the model's S3Uri pattern (s3://bucket/key or the virtual-host
// https form); the model's own pattern is over-escaped and checked here.
var s3URI = regexp.MustCompile(`^(s3://[^\s/]+/\S+|https://\S+\.s3\.\S+\.amazonaws\.com/\S+)$`)

// PromptInput is what CreatePrompt and UpdatePrompt take; nil fields are
// left unchanged on update.
type PromptInput struct {
	Name, Description, S3URI *string
	Tags                     map[string]string
}

func checkPrompt(st *instance.State, selfID string, in PromptInput) error {
	if in.S3URI != nil && !s3URI.MatchString(*in.S3URI) {
		return instance.InvalidParam("S3Uri %s is not an S3 URI (s3://bucket/key or https://bucket.s3.region.amazonaws.com/key).", *in.S3URI)
	}
	if in.Name != nil {
		if strings.TrimSpace(*in.Name) == "" {
			return instance.InvalidParam("Name must not be empty.")
		}
		for _, p := range of(st).prompts {
			if p.ID != selfID && strings.EqualFold(p.Name, *in.Name) {
				return instance.Duplicate("A prompt named %s already exists.", *in.Name)
			}
		}
	}
	return nil
}

// CreatePrompt stores a prompt; names are unique per instance.
func (s *FlowRes) CreatePrompt(sc instance.Scope, instanceID string, in PromptInput) (*Prompt, error) {
	return promptFamily.Create(s.core, sc, instanceID, func(st *instance.State) (*Prompt, error) {
		if err := checkPrompt(st, "", in); err != nil {
			return nil, err
		}
		p := &Prompt{Name: *in.Name, S3URI: *in.S3URI, Tags: instance.CloneTags(in.Tags)}
		if in.Description != nil {
			p.Description = *in.Description
		}
		return p, nil
	})
}

// DescribePrompt returns one prompt.
func (s *FlowRes) DescribePrompt(sc instance.Scope, instanceID, promptID string) (*Prompt, error) {
	return promptFamily.Describe(s.core, sc, instanceID, promptID)
}

// ListPrompts pages through an instance's prompts.
func (s *FlowRes) ListPrompts(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[Prompt], error) {
	return promptFamily.List(s.core, sc, instanceID, func(id string) string { return "ListPrompts|" + id }, nil, req)
}

// UpdatePrompt changes the fields that are set and returns the prompt.
func (s *FlowRes) UpdatePrompt(sc instance.Scope, instanceID, promptID string, in PromptInput) (*Prompt, error) {
	var out Prompt
	err := promptFamily.Update(s.core, sc, instanceID, promptID, func(st *instance.State, p *Prompt) error {
		if err := checkPrompt(st, p.ID, in); err != nil {
			return err
		}
		for dst, v := range map[*string]*string{&p.Name: in.Name, &p.Description: in.Description, &p.S3URI: in.S3URI} {
			if v != nil {
				*dst = *v
			}
		}
		out = *p
		return nil
	})
	return &out, err
}

// DeletePrompt deletes a prompt. Flows that name it take their Error
// branch from then on (Connect does not refuse the delete either).
func (s *FlowRes) DeletePrompt(sc instance.Scope, instanceID, promptID string) error {
	return promptFamily.Remove(s.core, sc, instanceID, promptID, nil)
}

// SchemaPrompts is what SearchPrompts may name.
var SchemaPrompts = resourcesearch.Schema{Resource: "prompts", Fields: []string{"name", "description", "resourceID"}}

// SearchPromptsIn searches an instance's prompts.
func (s *FlowRes) SearchPromptsIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[Prompt], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchPrompts", q, req, func(st *instance.State) []Prompt { return instance.Values(of(st).prompts) },
		func(_ *instance.State, r Prompt) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID}, TagMap: r.Tags}
		}, func(r Prompt) string { return r.ID })
}

// PromptFileTTL is how long a GetPromptFile URL serves the prompt.
const PromptFileTTL = 15 * time.Minute

// PromptFile is GetPromptFile's answer: a token for the URL
// /_local/prompt-files/{token}, valid until Expires on the service clock.
type PromptFile struct {
	Token   string
	Expires time.Time
	Prompt  Prompt
}

// GetPromptFile signs a time-limited token that names the prompt's S3 URI.
func (s *FlowRes) GetPromptFile(sc instance.Scope, instanceID, promptID string) (*PromptFile, error) {
	p, err := promptFamily.Describe(s.core, sc, instanceID, promptID)
	if err != nil {
		return nil, err
	}
	exp := s.core.Clock.Now().Add(PromptFileTTL).Truncate(time.Second)
	key := exp.UTC().Format(time.RFC3339) + "|" + p.S3URI
	return &PromptFile{Token: s.core.MakeToken("prompt-file", key), Expires: exp, Prompt: *p}, nil
}

// OpenPromptFile reads a GetPromptFile token: the S3 URI it names, if it
// is genuine and has not expired.
func (s *FlowRes) OpenPromptFile(token string) (string, error) {
	key, err := s.core.ReadToken(token, "prompt-file")
	if err != nil {
		return "", instance.NotFound("No such prompt file.")
	}
	at, uri, _ := strings.Cut(key, "|")
	exp, err := time.Parse(time.RFC3339, at)
	if err != nil || !s.core.Clock.Now().Before(exp) {
		return "", instance.NotFound("The prompt file URL has expired.")
	}
	return uri, nil
}

// promptName resolves a flow's PromptId (ID or ARN) to the prompt's name.
// The caller holds the instance's lock.
func (s *FlowRes) promptName(st *instance.State, idOrARN string) (string, bool) {
	p, err := promptFamily.Of(st.Scope, st, idOrARN)
	if err != nil {
		return "", false
	}
	return p.Name, true
}

func init() {
	instance.RegisterTagKind("prompt", instance.ChildKind(bucketPrompts, func(st *instance.State) map[string]*Prompt { return of(st).prompts },
		func(r *Prompt) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
}

// defaultPrompts are the prompts CreateInstance makes, as Connect's new
// instances have them (data.aws_connect_prompt looks them up by name).
var defaultPrompts = []string{"Beep.wav", "CustomerHold.wav", "CustomerQueue.wav", "Music_Jazz_MyTimetoFly_Inst.wav",
	"Music_Pop_ThisAndThatIsLife_Inst.wav", "Music_Pop_ThrowYourselfInFrontOfIt_Inst.wav", "Music_Rock_EverywhereTheSunShines_Inst.wav"}

// addDefaultPrompts adds them to a new instance (defaults.go).
func (s *FlowRes) addDefaultPrompts(st *instance.State, mod instance.Modified) {
	for _, name := range defaultPrompts {
		p := &Prompt{ID: s.core.NewID(), Name: name, S3URI: "s3://connect-local-default-prompts/" + name, Modified: mod}
		p.ARN = st.Scope.ARN("instance/" + st.ID + "/prompt/" + p.ID)
		of(st).prompts[p.ID] = p
	}
}

// writePrompts writes an instance's prompts (instances.go writeInstanceState).
func writePrompts(tx storage.Tx, st *instance.State) error {
	for _, p := range of(st).prompts {
		if err := instance.PutJSON(tx, bucketPrompts, instance.ChildKey(st.ID, p.ID), p); err != nil {
			return err
		}
	}
	return nil
}
