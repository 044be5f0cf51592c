package service

import (
	"crypto/rand"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/invoke"
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
	// Lambda and Lex reach the functions and bots flows call (serve's
	// --lambda-endpoint and --lex-endpoint); nil or unconfigured, those
	// blocks take their Error branch (flowexec.go).
	Lambda, Lex *invoke.Client
	// Streams, when set, streams contact records, agent events and
	// contact events out (streams.go).
	Streams *StreamOptions
}

// Service is the domain core. All methods are safe for concurrent use.
type Service struct {
	mu          sync.RWMutex
	store       storage.Store
	keepsEngine bool // store.Durable(): engine state is written to it (engine.go flush)
	clock       clock.Clock
	log         *slog.Logger
	newID       func() string
	tokenSecret []byte
	instances   map[string]*instanceState
	observers   []observer
	observerSeq uint64
	// group commits every write, many to a transaction (commit.go).
	group    *storage.Group
	quotas   Quotas
	search   *search.Index
	indexers []ContactIndexer
	// execs are the contacts' flow executions, by instance/contact
	// (flowexec.go); lambda and lex the clients flows call.
	execs       map[string]*contactFlow
	lambda, lex *invoke.Client
	streams     *serviceStreams // nil: nothing streams (streams_records.go)
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
	// configGen counts this instance's configuration commits; its engine
	// rebuilds its agent views when it moves. Nothing outside the
	// instance moves it (one instance's write never invalidates another's
	// caches).
	configGen uint64
	// parsedFlows caches this instance's parsed flow content (flows.go).
	parsedFlows flowCache
	// lambdas are the associated Lambda functions' ARNs (lambda.go).
	lambdas map[string]bool
	// Provisioning (docs/phone-numbers.md, instanceattrs.go,
	// vocabularies.go): claimed numbers, instance attributes by type,
	// approved origins, custom vocabularies.
	phones    map[string]*PhoneNumber
	instAttrs map[string]string
	origins   map[string]bool
	vocabs    map[string]*Vocabulary
	// streams is the instance's storage configs and streaming state
	// (streams_records.go; nil until first used).
	streams *instanceStreams
	// res is the instance's test cases, prompts, modules, hours
	// overrides and bots (flowresources.go).
	res *flowResources
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
		lambdas:  map[string]bool{},
		phones:   map[string]*PhoneNumber{},
		vocabs:   map[string]*Vocabulary{},
		origins:  map[string]bool{},
	}
	st.instAttrs = defaultInstanceAttributes(in)
	st.attrs = systemAttributes(in)
	st.profIndex = proficiencyIndex{}
	st.searchKeys = map[string]time.Time{}
	st.res = newFlowResources()
	return st
}

// New opens the service over a store, loading every record into memory.
func New(opts Options) (*Service, error) {
	s := &Service{store: opts.Store, keepsEngine: opts.Store.Durable(), clock: opts.Clock, log: opts.Logger, newID: opts.NewID,
		instances: map[string]*instanceState{}, quotas: opts.Quotas.withDefaults(), search: search.New(),
		execs: map[string]*contactFlow{}, lambda: opts.Lambda, lex: opts.Lex}
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
	s.group = storage.NewGroup(s.store, s.recoverWrites)
	if err := s.startStreams(opts.Streams); err != nil {
		s.group.Close()
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

// load reads every record of the schema (schema.go) into memory, in one
// transaction. A damaged record fails the start (a *storage.DamagedError
// naming it); records stored before the record envelope are rewritten in
// it, in the same transaction.
func (s *Service) load() error {
	return s.store.Update(func(tx storage.Tx) error {
		ls, err := walkRecords(tx)
		if err != nil {
			return err
		}
		if len(ls.problems) > 0 {
			return ls.damaged()
		}
		if ls.secret == nil {
			ls.secret = make([]byte, tokenSecretLen)
			if _, err := rand.Read(ls.secret); err != nil {
				return err
			}
			if err := putRecord(tx, bucketMeta, tokenSecretKey, ls.secret); err != nil {
				return err
			}
		}
		for _, r := range ls.legacy {
			if err := putRecord(tx, r.bucket, r.key, r.payload); err != nil {
				return err
			}
		}
		if n := len(ls.legacy); n > 0 {
			s.log.Info("storage: added checksums to records written by an older connect-local", "records", n)
		}
		s.tokenSecret = ls.secret
		s.instances = ls.instances
		for _, st := range s.instances {
			st.reindexProficiencies()
		}
		return nil
	})
}

// commit writes a configuration change of instance st: it applies the
// change to memory, routes st again when contacts wait in it (a routing
// profile, queue, status or proficiency change can make them routable,
// docs/routing.md#the-matching-loop), and returns once the change and the engine changes it caused
// are durable (commit.go). The caller holds s.mu for writing; commit
// releases it while the write syncs. When the write fails, the instance is
// back to what the store holds and commit returns an internal error. Only
// st is touched: its configuration generation moves; no other instance is
// routed, flushed or invalidated.
func (s *Service) commit(st *instanceState, write func(tx storage.Tx) error, apply func()) error {
	return s.write(st, write, apply, true)
}

// commitData is commit for records routing never reads (tags,
// transcripts, searchable keys): the instance's caches stay valid and it
// is not routed again.
func (s *Service) commitData(st *instanceState, write func(tx storage.Tx) error, apply func()) error {
	return s.write(st, write, apply, false)
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
