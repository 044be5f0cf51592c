package service

import (
	"crypto/rand"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/engine"
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
//
// Locking: mu guards only the map of instances (held for a lookup, an
// insert or a delete, never across other work); each instance has its own
// lock (instanceState.mu) over everything inside it. A request locks the
// one instance it names, so a write to one instance never waits for
// another. Lock order: an instance's lock may be held while taking mu,
// never the other way round. A goroutine holds at most one instance lock,
// except a phone number's move, which takes two in ID order
// (phonenumbers.go), and recoverWrites, which takes many but never waits
// for one while holding another (commit.go).
type Service struct {
	mu          sync.RWMutex
	store       storage.Store
	keepsEngine bool // store.Durable(): engine state is written to it (engine.go flush)
	clock       clock.Clock
	log         *slog.Logger
	newID       func() string
	tokenSecret []byte
	instances   map[string]*instanceState
	observers   observers    // events.go
	flowSaid    sayers       // flowchat.go
	remaining   remainingSet // hookflows.go: customers in a disconnect flow
	// phoneMu serialises the phone-number operations, which span the
	// instances of an account (phonenumbers.go).
	phoneMu sync.Mutex
	// group commits every write, many to a transaction (commit.go).
	group    *storage.Group
	quotas   Quotas
	search   *search.Index
	indexers []ContactIndexer
	// lambda and lex are the clients flows call (flowexec.go).
	lambda, lex *invoke.Client
	streams     *serviceStreams // nil: nothing streams (streams_records.go)
}

// instanceState is one instance: its lock, and everything inside it.
// id and scope never change; the rest (instanceData) is guarded by mu and
// replaced as a whole when the instance is reloaded from the store after a
// failed write (commit.go), so a pointer to an instanceState stays valid
// for the life of the instance.
type instanceState struct {
	mu    sync.RWMutex
	id    string
	scope Scope
	alias string
	// deleted is set, under mu, when the instance is deleted (or a reload
	// finds it gone): whoever locks it afterwards answers not found.
	deleted bool
	instanceData
}

// instanceData is everything that lives inside one instance.
type instanceData struct {
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
	// eng is the instance's contact engine; cfg its view of the
	// configuration (engine.go); metrics what metrics keep (metrics.go).
	eng     *engine.Engine
	cfg     *engineConfig
	metrics *instanceMetrics
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
	// defaultTags is the tag map of every contact started without tags of
	// its own, shared: tag maps are replaced, never changed in place.
	defaultTags map[string]string
	// execs are the contacts' flow executions, by contact ID (flowexec.go).
	execs map[string]*contactFlow
	// hooks is the work queued for after the current engine operation
	// and the agents' side of the contacts' flows (hookflows.go).
	hooks eventFlows
	// Provisioning (docs/phone-numbers.md, instanceattrs.go,
	// vocabularies.go): claimed numbers, instance attributes by type,
	// approved origins, custom vocabularies.
	phones    map[string]*PhoneNumber
	instAttrs map[string]string
	origins   map[string]bool
	vocabs    map[string]*Vocabulary
	// Task templates, views and rules (tasktemplates.go, views.go, rules.go).
	templates map[string]*TaskTemplate
	views     map[string]*View
	rules     map[string]*Rule
	// streams is the instance's storage configs and streaming state
	// (streams_records.go; nil until first used).
	streams *instanceStreams
	// res is the instance's test cases, prompts, modules, hours
	// overrides and bots (flowresources.go).
	res *flowResources
	// more is issue 16's breadth: traffic distribution groups,
	// integrations, use cases, security keys, authentication profiles
	// (moreresources.go).
	more *moreResources
}

func newInstanceState(in Instance) *instanceState {
	st := &instanceState{id: in.ID, scope: in.Scope, alias: in.Alias}
	st.instanceData = instanceData{
		Instance:  in,
		eng:       engine.New(engine.Options{InstanceID: in.ID}),
		metrics:   newInstanceMetrics(),
		quick:     map[string]*QuickConnect{},
		hours:     map[string]*HoursOfOperation{},
		queues:    map[string]*Queue{},
		profiles:  map[string]*RoutingProfile{},
		statuses:  map[string]*AgentStatus{},
		security:  map[string]*SecurityProfile{},
		flows:     map[string]*ContactFlow{},
		users:     map[string]*User{},
		groups:    map[string]*HierarchyGroup{},
		lambdas:   map[string]bool{},
		execs:     map[string]*contactFlow{},
		phones:    map[string]*PhoneNumber{},
		vocabs:    map[string]*Vocabulary{},
		templates: map[string]*TaskTemplate{},
		views:     map[string]*View{},
		rules:     map[string]*Rule{},
		origins:   map[string]bool{},
	}
	st.instAttrs = defaultInstanceAttributes(in)
	st.attrs = systemAttributes(in)
	st.profIndex = proficiencyIndex{}
	st.searchKeys = map[string]time.Time{}
	st.res = newFlowResources()
	st.more = newMoreResources(st)
	return st
}

// contactTags is the shared tag map of a contact started without tags.
func (st *instanceState) contactTags() map[string]string {
	if st.defaultTags == nil {
		st.defaultTags = map[string]string{"aws:connect:instanceId": st.ID}
	}
	return st.defaultTags
}

// New opens the service over a store, loading every record into memory.
func New(opts Options) (*Service, error) {
	s := &Service{store: opts.Store, keepsEngine: opts.Store.Durable(), clock: opts.Clock, log: opts.Logger, newID: opts.NewID,
		instances: map[string]*instanceState{}, quotas: opts.Quotas.withDefaults(), search: search.New(),
		lambda: opts.Lambda, lex: opts.Lex}
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
	for _, st := range s.instances {
		st.mu.Lock()
		s.bind(st)
		s.reindex(st)
		s.restoreEngine(st)
		st.mu.Unlock()
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

// lookup finds an instance by ID or ARN within the caller's scope, taking
// s.mu only for the map read. The instance is not locked: it may be
// deleted before the caller locks it (lockInstance checks).
func (s *Service) lookup(sc Scope, idOrARN string) (*instanceState, error) {
	id, ok := resolveID(sc, "", "instance", idOrARN)
	if ok {
		s.mu.RLock()
		st := s.instances[id]
		s.mu.RUnlock()
		if st != nil && st.scope == sc {
			return st, nil
		}
	}
	return nil, notFound("Instance not found: %s", idOrARN)
}

// lockInstance finds the caller's instance and locks it for writing; the
// caller unlocks st.mu. This is the one preamble of every method that
// changes an instance: the instance lock is the only lock it holds.
func (s *Service) lockInstance(sc Scope, idOrARN string) (*instanceState, error) {
	st, err := s.lookup(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	if st.deleted {
		st.mu.Unlock()
		return nil, notFound("Instance not found: %s", idOrARN)
	}
	return st, nil
}

// rlockInstance is lockInstance for reading; the caller read-unlocks st.mu.
func (s *Service) rlockInstance(sc Scope, idOrARN string) (*instanceState, error) {
	st, err := s.lookup(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	if st.deleted {
		st.mu.RUnlock()
		return nil, notFound("Instance not found: %s", idOrARN)
	}
	return st, nil
}

// allInstances is every instance at this moment, unlocked.
func (s *Service) allInstances() []*instanceState {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*instanceState, 0, len(s.instances))
	for _, st := range s.instances {
		out = append(out, st)
	}
	return out
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
