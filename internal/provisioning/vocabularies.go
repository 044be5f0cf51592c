package provisioning

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/storage"
)

// Custom vocabularies (docs/operations.md#vocabularies). A vocabulary is
// CREATION_IN_PROGRESS for VocabularyDelay on the service clock, then
// ACTIVE, or CREATION_FAILED when its content is not a vocabulary table;
// a deleted one is DELETE_IN_PROGRESS for VocabularyDelay, then gone.

// VocabularyDelay is how long creating or deleting a vocabulary takes [INF].
const VocabularyDelay = 5 * time.Second

// Vocabulary is a custom vocabulary for Contact Lens transcription.
type Vocabulary struct {
	ID            string            `json:"id"`
	ARN           string            `json:"arn"`
	Name          string            `json:"name"`
	LanguageCode  string            `json:"languageCode"`
	Content       string            `json:"content"`
	FailureReason string            `json:"failureReason,omitempty"`
	Default       bool              `json:"default,omitempty"`
	ClientToken   string            `json:"clientToken,omitempty"`
	Tags          map[string]string `json:"tags,omitempty"`
	ReadyAt       time.Time         `json:"readyAt"`
	GoneAt        time.Time         `json:"goneAt,omitzero"`
	instance.Modified
}

// State is the vocabulary's state at now.
func (v *Vocabulary) State(now time.Time) string {
	switch {
	case !v.GoneAt.IsZero():
		return "DELETE_IN_PROGRESS"
	case now.Before(v.ReadyAt):
		return "CREATION_IN_PROGRESS"
	case v.FailureReason != "":
		return "CREATION_FAILED"
	}
	return "ACTIVE"
}

func (v *Vocabulary) gone(now time.Time) bool { return !v.GoneAt.IsZero() && !now.Before(v.GoneAt) }

// vocabularyProblem checks content as Amazon Transcribe reads a
// vocabulary table: a header of Phrase and optional IPA, SoundsLike,
// DisplayAs columns, tab-separated, then at least one phrase.
func vocabularyProblem(content string) string {
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(content, "\r\n", "\n"), "\n"), "\n")
	head := strings.Split(lines[0], "\t")
	if head[0] != "Phrase" {
		return "The vocabulary table must start with a header line whose first column is Phrase."
	}
	for _, h := range head[1:] {
		if !slices.Contains([]string{"IPA", "SoundsLike", "DisplayAs"}, h) {
			return "Unknown column " + h + " in the vocabulary table's header."
		}
	}
	if len(lines) < 2 {
		return "The vocabulary table holds no phrase."
	}
	for i, l := range lines[1:] {
		if f := strings.Split(l, "\t"); len(f) > len(head) || strings.TrimSpace(f[0]) == "" {
			return "Line " + itoa(i+2) + " of the vocabulary table does not match its header."
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }

func (s *Provisioning) vocabularyOf(sc instance.Scope, st *instance.State, idOrARN string) (*Vocabulary, error) {
	id, ok := instance.ResolveID(sc, st.ID, "vocabulary", idOrARN)
	if v := of(st).vocabs[id]; ok && v != nil && !v.gone(s.core.Clock.Now()) {
		return v, nil
	}
	return nil, instance.NotFound("Vocabulary not found: %s", idOrARN)
}

// sweepVocabularies drops vocabularies whose deletion has finished, in tx.
func (s *Provisioning) sweepVocabularies(st *instance.State) (func(storage.Tx) error, func()) {
	var done []string
	for id, v := range of(st).vocabs {
		if v.gone(s.core.Clock.Now()) {
			done = append(done, id)
		}
	}
	return func(tx storage.Tx) error {
			for _, id := range done {
				if err := tx.Delete(bucketVocabs, instance.ChildKey(st.ID, id)); err != nil {
					return err
				}
			}
			return nil
		}, func() {
			for _, id := range done {
				delete(of(st).vocabs, id)
			}
		}
}

// CreateVocabulary stores a vocabulary; a name is unique per instance and
// language, and a repeated ClientToken answers the first creation.
func (s *Provisioning) CreateVocabulary(sc instance.Scope, instanceID string, v Vocabulary) (*Vocabulary, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	now := s.core.Clock.Now()
	for _, o := range of(st).vocabs {
		if o.gone(now) {
			continue
		}
		if v.ClientToken != "" && o.ClientToken == v.ClientToken {
			out := *o
			return &out, nil
		}
		if o.Name == v.Name && o.LanguageCode == v.LanguageCode && o.GoneAt.IsZero() {
			return nil, instance.NewErr(instance.KindConflict, "A vocabulary named %s already exists for %s.", v.Name, v.LanguageCode)
		}
	}
	v.ID = s.core.NewID()
	v.ARN = sc.ARN("instance/" + st.ID + "/vocabulary/" + v.ID)
	v.Tags = instance.CloneTags(v.Tags)
	v.FailureReason = vocabularyProblem(v.Content)
	v.ReadyAt = now.Add(VocabularyDelay)
	v.Modified = s.core.Modified(sc)
	sweep, swept := s.sweepVocabularies(st)
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		if err := sweep(tx); err != nil {
			return err
		}
		return instance.PutJSON(tx, bucketVocabs, instance.ChildKey(st.ID, v.ID), &v)
	}, func() { swept(); of(st).vocabs[v.ID] = &v })
	if err != nil {
		return nil, err
	}
	out := v
	return &out, nil
}

// DescribeVocabulary returns one vocabulary.
func (s *Provisioning) DescribeVocabulary(sc instance.Scope, instanceID, id string) (*Vocabulary, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	v, err := s.vocabularyOf(sc, st, id)
	if err != nil {
		return nil, err
	}
	out := *v
	return &out, nil
}

// DeleteVocabulary starts deleting a vocabulary. One still being created
// is ResourceInUseException.
func (s *Provisioning) DeleteVocabulary(sc instance.Scope, instanceID, id string) (*Vocabulary, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	v, err := s.vocabularyOf(sc, st, id)
	if err != nil {
		return nil, err
	}
	now := s.core.Clock.Now()
	switch v.State(now) {
	case "CREATION_IN_PROGRESS":
		return nil, instance.InUse("VOCABULARY", v.ARN, "Vocabulary %s is still being created.", v.Name)
	case "DELETE_IN_PROGRESS":
		return nil, instance.InUse("VOCABULARY", v.ARN, "Vocabulary %s is already being deleted.", v.Name)
	}
	n := *v
	n.GoneAt, n.Default = now.Add(VocabularyDelay), false
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketVocabs, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() { of(st).vocabs[n.ID] = &n })
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// VocabularyFilter selects vocabularies for SearchVocabularies.
type VocabularyFilter struct {
	State, NameStartsWith, LanguageCode string
}

// SearchVocabularies pages through an instance's vocabularies.
func (s *Provisioning) SearchVocabularies(sc instance.Scope, instanceID string, f VocabularyFilter, req instance.PageRequest) (instance.Page[Vocabulary], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[Vocabulary]{}, err
	}
	defer st.Mu.RUnlock()
	now := s.core.Clock.Now()
	var all []Vocabulary
	for _, v := range of(st).vocabs {
		if v.gone(now) || f.State != "" && v.State(now) != f.State || f.LanguageCode != "" && v.LanguageCode != f.LanguageCode ||
			!strings.HasPrefix(strings.ToLower(v.Name), strings.ToLower(f.NameStartsWith)) {
			continue
		}
		all = append(all, *v)
	}
	req.Binding = "SearchVocabularies|" + st.ID + "|" + f.State + "|" + f.NameStartsWith + "|" + f.LanguageCode
	return instance.Paginate(s.core, all, func(v Vocabulary) string { return v.ID }, req)
}

// AssociateDefaultVocabulary makes an ACTIVE vocabulary its language's
// default, or with id "" clears the language's default.
func (s *Provisioning) AssociateDefaultVocabulary(sc instance.Scope, instanceID, language, id string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	now := s.core.Clock.Now()
	var target *Vocabulary
	if id != "" {
		if target, err = s.vocabularyOf(sc, st, id); err != nil {
			return err
		}
		if target.LanguageCode != language {
			return instance.InvalidParam("Vocabulary %s is for %s, not %s.", target.Name, target.LanguageCode, language)
		}
		if target.State(now) != "ACTIVE" {
			return instance.InUse("VOCABULARY", target.ARN, "Vocabulary %s is %s, not ACTIVE.", target.Name, target.State(now))
		}
	}
	var changed []*Vocabulary
	for _, v := range of(st).vocabs {
		if v.LanguageCode != language || v.gone(now) {
			continue
		}
		want := target != nil && v.ID == target.ID
		if v.Default != want {
			n := *v
			n.Default = want
			changed = append(changed, &n)
		}
	}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		for _, n := range changed {
			if err := instance.PutJSON(tx, bucketVocabs, instance.ChildKey(st.ID, n.ID), n); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		for _, n := range changed {
			of(st).vocabs[n.ID] = n
		}
	})
}

// ListDefaultVocabularies pages through the languages' default vocabularies.
func (s *Provisioning) ListDefaultVocabularies(sc instance.Scope, instanceID, language string, req instance.PageRequest) (instance.Page[Vocabulary], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[Vocabulary]{}, err
	}
	defer st.Mu.RUnlock()
	var all []Vocabulary
	for _, v := range of(st).vocabs {
		if v.Default && !v.gone(s.core.Clock.Now()) && (language == "" || v.LanguageCode == language) {
			all = append(all, *v)
		}
	}
	req.Binding = "ListDefaultVocabularies|" + st.ID + "|" + language
	return instance.Paginate(s.core, all, func(v Vocabulary) string { return v.LanguageCode }, req)
}
