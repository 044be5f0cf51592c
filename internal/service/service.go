package service

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/search"
	"github.com/connect-local/connect-local/internal/storage"
)

// Options configures a Service.
type Options struct {
	Store  storage.Store
	Clock  clock.Clock
	Logger *slog.Logger
	// NewID makes resource IDs; nil means random UUIDs.
	NewID func() string
	// Quotas are the adjustable resource quotas; zero fields take defaults.
	Quotas Quotas
	// Indexers also receive every contact change, after the service's
	// own search index (search.go).
	Indexers []ContactIndexer
}

// Service is the domain core. All methods are safe for concurrent use.
type Service struct {
	mu          sync.RWMutex
	store       storage.Store
	durable     bool // store.Durable(): engine state is written to it (engine.go flush)
	clock       clock.Clock
	log         *slog.Logger
	newID       func() string
	tokenSecret []byte
	instances   map[string]*instanceState
	observers   []observer
	observerSeq uint64
	timerGen    uint64
	// configGen counts configuration commits; the engine rebuilds its
	// agent views when it moves.
	configGen uint64
	quotas    Quotas
	search    *search.Index
	indexers  []ContactIndexer
	// parsedFlows caches parsed flow content (flows.go).
	parsedFlows flowCache
}

// instanceState is everything that lives inside one instance.
type instanceState struct {
	Instance
	hours     map[string]*HoursOfOperation
	queues    map[string]*Queue
	profiles  map[string]*RoutingProfile
	statuses  map[string]*AgentStatus
	security  map[string]*SecurityProfile
	flows     map[string]*ContactFlow
	users     map[string]*User
	groups    map[string]*HierarchyGroup
	structure HierarchyStructure
	quick     map[string]*QuickConnect
	eng       *engineState
	// attrs are the predefined attributes by exact name, connect:Language
	// included; profIndex finds users by proficiency (proficiencies.go).
	attrs     map[string]*PredefinedAttribute
	profIndex proficiencyIndex
	// searchKeys are the attribute keys configured for contact search and
	// since when (transcripts.go).
	searchKeys map[string]time.Time
}

func newInstanceState(in Instance) *instanceState {
	st := &instanceState{
		Instance: in,
		eng:      newEngineState(),
		quick:    map[string]*QuickConnect{},
		hours:    map[string]*HoursOfOperation{},
		queues:   map[string]*Queue{},
		profiles: map[string]*RoutingProfile{},
		statuses: map[string]*AgentStatus{},
		security: map[string]*SecurityProfile{},
		flows:    map[string]*ContactFlow{},
		users:    map[string]*User{},
		groups:   map[string]*HierarchyGroup{},
	}
	st.attrs = systemAttributes(in)
	st.profIndex = proficiencyIndex{}
	st.searchKeys = map[string]time.Time{}
	return st
}

// New opens the service over a store, loading every record into memory.
func New(opts Options) (*Service, error) {
	s := &Service{store: opts.Store, durable: opts.Store.Durable(), clock: opts.Clock, log: opts.Logger, newID: opts.NewID,
		instances: map[string]*instanceState{}, quotas: opts.Quotas.withDefaults(), search: search.New()}
	s.indexers = append([]ContactIndexer{searchIndexer{s.search}}, opts.Indexers...)
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.newID == nil {
		s.newID = uuid.NewString
	}
	if err := s.load(); err != nil {
		return nil, err
	}
	s.initMetrics()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.instances {
		s.reindex(st)
		s.restoreEngine(st)
	}
	return s, nil
}

// Now is the service clock's time.
func (s *Service) Now() time.Time { return s.clock.Now() }

// loaders decode one bucket's records into instance state.
var loaders = []struct {
	bucket string
	load   func(st *instanceState, v []byte) error
}{
	{bucketHours, loadInto(func(st *instanceState, r *HoursOfOperation) { st.hours[r.ID] = r })},
	{bucketQueues, loadInto(func(st *instanceState, r *Queue) { st.queues[r.ID] = r })},
	{bucketProfiles, loadInto(func(st *instanceState, r *RoutingProfile) { st.profiles[r.ID] = r })},
	{bucketStatuses, loadInto(func(st *instanceState, r *AgentStatus) { st.statuses[r.ID] = r })},
	{bucketSecurity, loadInto(func(st *instanceState, r *SecurityProfile) { st.security[r.ID] = r })},
	{bucketFlows, loadInto(func(st *instanceState, r *ContactFlow) { st.flows[r.ID] = r })},
	{bucketUsers, loadInto(func(st *instanceState, r *User) { st.users[r.ID] = r })},
	{bucketGroups, loadInto(func(st *instanceState, r *HierarchyGroup) { st.groups[r.ID] = r })},
	{bucketStructure, loadInto(func(st *instanceState, r *HierarchyStructure) { st.structure = *r })},
	{bucketQuick, loadInto(func(st *instanceState, r *QuickConnect) { st.quick[r.ID] = r })},
	{bucketContacts, loadInto(func(st *instanceState, r *Contact) { st.eng.contacts[r.ID] = r })},
	{bucketAgentStates, loadInto(func(st *instanceState, r *AgentState) { st.eng.agents[r.UserID] = r })},
	{bucketAttrs, loadInto(func(st *instanceState, r *PredefinedAttribute) { st.attrs[r.Name] = r })},
	{bucketTranscripts, loadInto(func(st *instanceState, r *contactTranscript) {
		if c := st.eng.contacts[r.ContactID]; c != nil {
			c.setTranscript(r.Segments)
		}
	})},
	{bucketSearchKeys, loadInto(func(st *instanceState, r *searchableKey) { st.searchKeys[r.Key] = r.Since })},
	{bucketMetrics, loadMetrics},
}

func loadInto[T any](put func(*instanceState, *T)) func(*instanceState, []byte) error {
	return func(st *instanceState, v []byte) error {
		r := new(T)
		if err := json.Unmarshal(v, r); err != nil {
			return err
		}
		put(st, r)
		return nil
	}
}

func (s *Service) load() error {
	return s.store.Update(func(tx storage.Tx) error {
		secret, err := tx.Get(bucketMeta, "token-secret")
		if errors.Is(err, storage.ErrNotFound) {
			secret = make([]byte, 32)
			if _, err := rand.Read(secret); err != nil {
				return err
			}
			if err := tx.Put(bucketMeta, "token-secret", secret); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		s.tokenSecret = secret
		if err := tx.Scan(bucketInstances, "", func(k string, v []byte) error {
			var in Instance
			if err := json.Unmarshal(v, &in); err != nil {
				return fmt.Errorf("instance %s: %w", k, err)
			}
			s.instances[in.ID] = newInstanceState(in)
			return nil
		}); err != nil {
			return err
		}
		for _, l := range loaders {
			if err := tx.Scan(l.bucket, "", func(k string, v []byte) error {
				iid, _, _ := strings.Cut(k, "/")
				st := s.instances[iid]
				if st == nil {
					return nil // orphan of a deleted instance
				}
				if err := l.load(st, v); err != nil {
					return fmt.Errorf("%s %s: %w", l.bucket, k, err)
				}
				return nil
			}); err != nil {
				return err
			}
		}
		for _, st := range s.instances {
			st.reindexProficiencies()
		}
		return nil
	})
}

// commit writes durably, then applies the change to memory. The caller
// holds s.mu for writing. When the write fails nothing is applied.
func (s *Service) commit(write func(tx storage.Tx) error, apply func()) error {
	if err := s.store.Update(write); err != nil {
		s.log.Error("storage write failed", "error", err)
		return storageErr(err)
	}
	if apply != nil {
		apply()
	}
	s.configGen++
	// A routing profile, queue, status or proficiency change can make
	// waiting contacts routable (SPEC §2.4): route again where any wait.
	for _, st := range s.instances {
		if st.eng.waiting() {
			s.pass(st)
			if err := s.flush(st); err != nil {
				return err
			}
		}
	}
	return nil
}

func putJSON(tx storage.Tx, bucket, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(bucket, key, b)
}

// instance finds an instance by ID or ARN within the caller's scope. The
// caller holds s.mu.
func (s *Service) instance(sc Scope, idOrARN string) (*instanceState, error) {
	id, ok := resolveID(sc, "", "instance", idOrARN)
	if ok {
		if st := s.instances[id]; st != nil && st.Scope == sc {
			return st, nil
		}
	}
	return nil, notFound("Instance not found: %s", idOrARN)
}

func (s *Service) modified(sc Scope) Modified {
	return Modified{LastModifiedTime: s.clock.Now(), LastModifiedRegion: sc.Region}
}

func cloneTags(t map[string]string) map[string]string {
	if len(t) == 0 {
		return nil
	}
	out := make(map[string]string, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}
