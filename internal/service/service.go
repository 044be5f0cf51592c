package service

import (
	"crypto/rand"
	"github.com/connect-local/connect-local/internal/flowres"
	"github.com/connect-local/connect-local/internal/reporting"
	"github.com/connect-local/connect-local/internal/routingconfig"
	"github.com/connect-local/connect-local/internal/streaming"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/invoke"
	"github.com/connect-local/connect-local/internal/provisioning"
	"github.com/connect-local/connect-local/internal/search"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/tagging"
	"github.com/connect-local/connect-local/internal/testcase"
	"github.com/connect-local/connect-local/internal/testcases"
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
	// contact events out (internal/streaming).
	Streams *StreamOptions
}

// Service is the domain core. All methods are safe for concurrent use.
//
// Locking: the map of instances and each instance's lock live in the
// core (internal/instance Core): a request locks the one instance it
// names, so a write to one instance never waits for another. A goroutine
// holds at most one instance lock, except a phone number's move, which
// takes two in ID order (internal/provisioning phonenumbers.go), and the
// core's recovery of failed writes, which takes many but never waits for
// one while holding another.
type Service struct {
	// Provisioning is the instance-configuration families
	// (internal/provisioning): its methods are the Service's.
	*provisioning.Provisioning
	// Reporting is the metrics operations (internal/reporting).
	*reporting.Reporting
	// Streaming is the storage configs and streaming out (internal/streaming).
	*streaming.Streaming
	// RoutingConfig is queues, quick connects, statuses, security
	// profiles, hierarchy, users, routing profiles, predefined attributes
	// and proficiencies (internal/routingconfig).
	*routingconfig.RoutingConfig
	// FlowRes is prompts, modules, hours overrides, bots, versions and
	// flow associations (internal/flowres).
	*flowres.FlowRes
	// TestCases is test cases and their executions (internal/testcases);
	// an execution runs against the instance through instanceWorld.
	*testcases.TestCases
	// Tagging is TagResource, UntagResource, ListTagsForResource and
	// SearchResourceTags over every family's taggable types (internal/tagging).
	*tagging.Tagging
	// core is the map of instances, the write path, IDs and page tokens
	// every family shares (internal/instance).
	core        *instance.Core
	store       storage.Store
	keepsEngine bool // store.Durable(): engine state is written to it (engine.go flush)
	clock       clock.Clock
	log         *slog.Logger
	newID       func() string
	observers   observers    // events.go
	flowSaid    sayers       // flowchat.go
	remaining   remainingSet // hookflows.go: customers in a disconnect flow
	search      *search.Index
	indexers    []ContactIndexer
	// lambda and lex are the clients flows call (flowexec.go).
	lambda, lex *invoke.Client
}

// instanceState is the service's view of one instance: the core's State
// (its lock, its core maps and engine) and what the service's own files
// keep beside them (serviceData), replaced as a whole with the State's
// Data when the instance is reloaded (commit.go). A pointer to an
// instanceState stays valid for the life of the instance; State.Ext
// points back to it.
type instanceState struct {
	*instance.State
	serviceData
}

// wrap is the service's view of a core State.
func wrap(st *instance.State) *instanceState { return st.Ext.(*instanceState) }

// serviceData is what the service keeps inside one instance beyond the
// core's State, until each part moves into its family's slot.
type serviceData struct {
	// cfg is the engine's view of the configuration (engine.go).
	cfg *engineConfig
	// searchKeys are the attribute keys configured for contact search and
	// since when (transcripts.go).
	searchKeys map[string]time.Time
	// parsedFlows caches this instance's parsed flow content (flows.go).
	parsedFlows flowCache
	// defaultTags is the tag map of every contact started without tags of
	// its own, shared: tag maps are replaced, never changed in place.
	defaultTags map[string]string
	// arnBase is the instance's contact ARN prefix, shared by its
	// contacts (contactARNBase).
	arnBase *string
	// slots hold the contacts' flow executions, both sides, and their
	// search index slots (contactslots.go).
	slots contactSlots
	// defaultFlows are defaultFlowOfType's answers, by flow type.
	defaultFlows map[string]string
	// hooks is the work queued for after the current engine operation
	// (hookflows.go).
	hooks eventFlows
	// env is what the instance's flows see of it (flowEnv): one for all.
	env *instanceEnv
	// spare is an empty write set flush made and did not hand over (most
	// flushes of a memory store write nothing): the next flush takes it.
	spare *storage.Writes
}

func newInstanceState(in Instance) *instanceState {
	st := &instanceState{State: instance.NewState(in)}
	st.Ext = st
	st.serviceData = serviceData{}
	st.searchKeys = map[string]time.Time{}
	return st
}

// contactTags is the shared tag map of a contact started without tags.
func (st *instanceState) contactTags() map[string]string {
	if st.defaultTags == nil {
		st.defaultTags = map[string]string{"aws:connect:instanceId": st.ID}
	}
	return st.defaultTags
}

// contactARNBase is the shared prefix of the instance's contact ARNs
// (engine.Contact.SetARNBase): one string per instance, not one per contact.
func (st *instanceState) contactARNBase() *string {
	if st.arnBase == nil {
		base := st.FixedScope.ARN("instance/" + st.FixedID + "/contact/")
		st.arnBase = &base
	}
	return st.arnBase
}

// New opens the service over a store, loading every record into memory.
func New(opts Options) (*Service, error) {
	s := &Service{store: opts.Store, keepsEngine: opts.Store.Durable(), clock: opts.Clock, log: opts.Logger, newID: opts.NewID,
		search: search.New(), lambda: opts.Lambda, lex: opts.Lex, indexers: opts.Indexers}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.newID == nil {
		s.newID = uuid.NewString
	}
	s.core = instance.NewCore()
	s.core.Store, s.core.Clock, s.core.Log, s.core.NewID = s.store, s.clock, s.log, s.newID
	s.Provisioning = provisioning.New(s.core)
	s.Reporting = reporting.New(s.core)
	s.Streaming = streaming.New(s.core)
	s.FlowRes = flowres.New(s.core, func(st *instance.State, idOrARN string) (string, bool) {
		for _, p := range provisioning.Phones(st) {
			if p.ID == idOrARN || p.ARN == idOrARN {
				return p.ARN, true
			}
		}
		return "", false
	})
	s.Tagging = tagging.New(s.core, instanceKind, s.resolveTaggedPhone)
	s.TestCases = testcases.New(s.core, func(st *instance.State) testcase.World { return &instanceWorld{s: s, st: wrap(st)} })
	s.RoutingConfig = routingconfig.New(s.core, opts.Quotas, func(st *instance.State, id string) bool { return provisioning.Phones(st)[id] != nil })
	s.core.Record = func(w *storage.Writes, st *instance.State) error { return s.recordEngine(w, wrap(st)) }
	s.core.Reload = func(id string, old *instance.State) {
		if old == nil {
			s.reloadInstance(id, nil)
		} else {
			s.reloadInstance(id, wrap(old))
		}
	}
	if err := s.load(); err != nil {
		return nil, err
	}
	s.core.Group = storage.NewGroup(s.store, s.core.RecoverWrites)
	if err := streaming.Start(s.Streaming, opts.Streams); err != nil {
		s.core.Group.Close()
		return nil, err
	}
	for _, st := range s.allInstances() {
		reporting.NoteLoaded(st.State)
	}
	for _, st := range s.allInstances() {
		st.Mu.Lock()
		s.bind(st)
		s.reindex(st)
		s.restoreEngine(st)
		st.Mu.Unlock()
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
		ls, err := instance.WalkRecords(tx)
		if err != nil {
			return err
		}
		if len(ls.Problems) > 0 {
			return ls.Damaged()
		}
		if ls.Secret == nil {
			ls.Secret = make([]byte, tokenSecretLen)
			if _, err := rand.Read(ls.Secret); err != nil {
				return err
			}
			if err := putRecord(tx, bucketMeta, tokenSecretKey, ls.Secret); err != nil {
				return err
			}
		}
		for _, r := range ls.Legacy {
			if err := putRecord(tx, r.Bucket, r.Key, r.Payload); err != nil {
				return err
			}
		}
		if n := len(ls.Legacy); n > 0 {
			s.log.Info("storage: added checksums to records written by an older connect-local", "records", n)
		}
		s.core.TokenSecret = ls.Secret
		s.core.Load(ls.Instances)
		for _, st := range ls.Instances {
			routingconfig.ReindexProficiencies(st)
		}
		return nil
	})
}

// The core's write path and map of instances under the names the
// service's files use (internal/instance core.go, commit.go).

func (s *Service) commit(st *instanceState, write func(tx storage.Tx) error, apply func()) error {
	return s.core.Commit(st.State, write, apply)
}

func (s *Service) commitData(st *instanceState, write func(tx storage.Tx) error, apply func()) error {
	return s.core.CommitData(st.State, write, apply)
}

func (s *Service) lookup(sc Scope, idOrARN string) (*instanceState, error) {
	st, err := s.core.Lookup(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	return wrap(st), nil
}

func (s *Service) lockInstance(sc Scope, idOrARN string) (*instanceState, error) {
	st, err := s.core.Lock(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	return wrap(st), nil
}

func (s *Service) rlockInstance(sc Scope, idOrARN string) (*instanceState, error) {
	st, err := s.core.RLock(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	return wrap(st), nil
}

// allInstances is every instance at this moment, unlocked.
func (s *Service) allInstances() []*instanceState {
	all := s.core.All()
	out := make([]*instanceState, len(all))
	for i, st := range all {
		out[i] = wrap(st)
	}
	return out
}

func (s *Service) modified(sc Scope) Modified { return s.core.Modified(sc) }

func cloneTags(t map[string]string) map[string]string { return instance.CloneTags(t) }
