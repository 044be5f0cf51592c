package flowres

import (
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/instance"
	"regexp"
	"sort"

	"github.com/connect-local/connect-local/internal/storage"
)

// Lex bots associated with an instance (AssociateBot, ListBots,
// DisassociateBot for Lex V2 aliases; AssociateLexBot, ListLexBots,
// DisassociateLexBot for Lex V1 bots). A ConnectParticipantWithLexBot
// block may only talk to a bot associated with its instance, as
// InvokeLambdaFunction may only call an associated function (lambdas.go);
// any other takes the block's Error branch (docs/flows.md#lex-bots).

const bucketBots = "lex-bots" // {i}/{botKey} → BotAssociation; a key may hold "/"

// BotAssociation is one associated bot: a Lex V2 alias (AliasARN) or a
// Lex V1 bot (Name, Region).
type BotAssociation struct {
	LexVersion string `json:"lexVersion"` // V1 | V2
	AliasARN   string `json:"aliasArn,omitempty"`
	Name       string `json:"name,omitempty"`
	Region     string `json:"region,omitempty"`
}

func (b *BotAssociation) key() string {
	if b.LexVersion == "V2" {
		return b.AliasARN
	}
	return "v1:" + b.Region + ":" + b.Name
}

// lexAliasARN is a Lex V2 bot alias ARN.
var lexAliasARN = regexp.MustCompile(`^arn:aws[a-z-]*:lex:[a-z0-9-]+:[0-9]{12}:bot-alias/[a-zA-Z0-9]+/[a-zA-Z0-9]+$`)

// AssociateBot associates a Lex V2 alias (aliasARN) or a Lex V1 bot
// (name, region): exactly one of the two. Associating again changes
// nothing.
func (s *FlowRes) AssociateBot(sc instance.Scope, instanceID string, b BotAssociation) error {
	switch {
	case b.AliasARN != "" && b.Name == "":
		if !lexAliasARN.MatchString(b.AliasARN) {
			return instance.InvalidParam("AliasArn %s is not a Lex V2 bot alias ARN.", b.AliasARN)
		}
		b.LexVersion, b.Region = "V2", ""
	case b.AliasARN == "" && b.Name != "" && b.Region != "":
		b.LexVersion = "V1"
	default:
		return instance.InvalidParam("Give exactly one of LexBot (Name and LexRegion) and LexV2Bot (AliasArn).")
	}
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	bots := of(st).bots
	k := b.key()
	if bots[k] != nil {
		return nil
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return instance.PutJSON(tx, bucketBots, instance.ChildKey(st.ID, k), &b) },
		func() { bots[k] = &b })
}

// DisassociateBot removes an association.
func (s *FlowRes) DisassociateBot(sc instance.Scope, instanceID string, b BotAssociation) error {
	if b.AliasARN != "" {
		b.LexVersion = "V2"
	} else {
		b.LexVersion = "V1"
	}
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	bots := of(st).bots
	k := b.key()
	if bots[k] == nil {
		return instance.NotFound("The bot is not associated with the instance: %s", firstNonEmpty(b.AliasARN, b.Name))
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(bucketBots, instance.ChildKey(st.ID, k)) },
		func() { delete(bots, k) })
}

// ListBots pages through the associated bots of one Lex version, sorted.
func (s *FlowRes) ListBots(sc instance.Scope, instanceID, lexVersion string, req instance.PageRequest) (instance.Page[BotAssociation], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return instance.Page[BotAssociation]{}, err
	}
	defer unlock()
	var all []BotAssociation
	for _, b := range of(st).bots {
		if b.LexVersion == lexVersion {
			all = append(all, *b)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key() < all[j].key() })
	req.Binding = "ListBots|" + st.ID + "|" + lexVersion
	return instance.Paginate(s.core, all, func(b BotAssociation) string { return b.key() }, req)
}

// botAssociated reports whether a Lex block may talk to the alias; the
// caller holds st.Mu.
func (s *FlowRes) botAssociated(st *instance.State, c *engine.Contact, aliasARN string) bool {
	if of(st).bots[aliasARN] != nil {
		return true
	}
	s.core.Log.Warn("ConnectParticipantWithLexBot: the bot is not associated with the instance (AssociateBot); Error branch",
		"contact", c.ID, "bot", aliasARN)
	return false
}
