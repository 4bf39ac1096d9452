package kg

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Props is a set of the properties of an entity, or of the evidence of a relationship, that a
// request reads. An entity's id and type are always read.
type Props uint16

// The properties a plan may read.
const (
	// PropNameEN and PropNameFR are the name as read in English and in French: in that language,
	// or in the other one when it has none there.
	PropNameEN Props = 1 << iota
	PropNameFR
	PropAliases
	// PropDescriptionEN and PropDescriptionFR are the description as read in English and in
	// French, as the names are.
	PropDescriptionEN
	PropDescriptionFR
	PropCategory
	// The parts of evidence: each is one list of the evidence, read for an entity or for a
	// relationship.
	PropEvidenceDocument
	PropEvidenceSection
	PropEvidenceQuote
	PropEvidenceQuoteEN
	PropEvidenceParagraph
	PropEvidenceKind
	PropEvidenceNote
	PropEvidenceFootnote
	// PropAll is every property of an entity.
	PropAll

	// PropName and PropDescription are the name and the description in both languages.
	PropName        = PropNameEN | PropNameFR
	PropDescription = PropDescriptionEN | PropDescriptionFR
	// PropEvidence is every part of evidence.
	PropEvidence = PropEvidenceDocument | PropEvidenceSection | PropEvidenceQuote | PropEvidenceQuoteEN | PropEvidenceParagraph |
		PropEvidenceKind | PropEvidenceNote | PropEvidenceFootnote
)

// propNames are the names of the properties, in the order of their bits, as MarshalText writes
// them.
var propNames = []string{"nameEn", "nameFr", "aliases", "descriptionEn", "descriptionFr", "category",
	"evidenceDocuments", "evidenceSections", "evidenceQuotes", "evidenceQuotesEn", "evidenceParagraphs",
	"evidenceKinds", "evidenceNotes", "evidenceFootnotes", "all"}

// MarshalText writes the set as the names of its properties, separated by spaces.
func (p Props) MarshalText() ([]byte, error) {
	var names []string
	for i, name := range propNames {
		if p&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	return []byte(strings.Join(names, " ")), nil
}

// UnmarshalText reads what MarshalText writes.
func (p *Props) UnmarshalText(text []byte) error {
	*p = 0
	for _, name := range strings.Fields(string(text)) {
		i := slices.Index(propNames, name)
		if i < 0 {
			return fmt.Errorf("kg: unknown property %q", name)
		}
		*p |= 1 << i
	}
	return nil
}

// Plan is what one request reads, in domain terms: a set of root entities (by id, or a page of
// entities) and, for each, the properties read and the typed connections followed, with their
// pages and what is read at their other ends. A store that implements PlanReader reads it in
// one go; ReadPlan reads it through any Store, one call per level.
type Plan struct {
	// IDs are the root entities, in order, unless Entities is set.
	IDs []string
	// Entities selects a page of root entities.
	Entities *EntityQuery
	// Node is what is read of each root entity.
	Node NodePlan
}

// NodePlan is what is read of each entity of one level of a plan.
type NodePlan struct {
	Props Props
	Conns []ConnPlan
}

// ConnPlan is one connection followed from each entity of a level whose type is one of Owners.
type ConnPlan struct {
	// Name is the caller's name for the connection, by which it finds the connection's result.
	Name string
	// Owners are the entity types that follow it; every type when empty.
	Owners []EntityType
	// Query selects the relationships and their page; Page.WantTotal asks for the total.
	Query RelQuery
	// Evidence is the parts of the relationships' evidence read; none when zero.
	Evidence Props
	// Other is what is read of the entities at the other end; nil when only their ids are.
	Other *NodePlan
}

// Follows reports whether an entity of type t follows c.
func (c ConnPlan) Follows(t EntityType) bool {
	return len(c.Owners) == 0 || slices.Contains(c.Owners, t)
}

// PlanResult is what a plan read.
type PlanResult struct {
	// Entities holds one entry per id of Plan.IDs (nil for a missing entity), or the page of
	// Plan.Entities.
	Entities []*PlannedEntity
	// HasMore and Total describe the page of Plan.Entities; Total only when asked for.
	HasMore bool
	Total   int
}

// PlannedEntity is an entity read by a plan: the properties its NodePlan reads (the others may
// be zero) and the connections it follows.
type PlannedEntity struct {
	Entity *Entity
	// Conns has one entry per ConnPlan of the NodePlan, nil where the entity does not follow it.
	Conns []*PlannedConn
}

// PlannedConn is the page of one connection of one entity.
type PlannedConn struct {
	// Page is the page of relationships, each with the evidence the plan reads. Total is set
	// only when the query asked for it.
	Page RelPage
	// Others are the entities at the other end, one per relationship of the page; nil when the
	// plan reads none.
	Others []*PlannedEntity
}

// PlanReader is implemented by stores that read a whole plan at once.
type PlanReader interface {
	ReadPlan(ctx context.Context, p Plan) (PlanResult, error)
}

// Scoper is implemented by stores that can serve the calls of one request from one session and
// one read transaction, so that they see the same data and pay for one transaction.
type Scoper interface {
	// Scope returns a context whose store calls share one read transaction, and the function
	// that ends it when the request is done.
	Scope(ctx context.Context) (context.Context, func())
}

type onlyCallKey struct{}

// OnlyCall returns ctx marked as the context of the only store call its request makes: the
// caller knows that no other call of the request follows it, nor ran before it. A Scoper may
// then serve that call outside the request's shared transaction, as a transaction of its own,
// which can cost fewer round trips than opening one to share.
func OnlyCall(ctx context.Context) context.Context {
	return context.WithValue(ctx, onlyCallKey{}, true)
}

// IsOnlyCall reports whether ctx was marked by OnlyCall.
func IsOnlyCall(ctx context.Context) bool {
	only, _ := ctx.Value(onlyCallKey{}).(bool)
	return only
}

// CheckPlan returns an ErrInvalid error if a query of p cannot be served.
func CheckPlan(p Plan) error {
	if p.Entities != nil {
		if err := CheckEntityQuery(*p.Entities); err != nil {
			return err
		}
	}
	return checkNodePlan(p.Node)
}

func checkNodePlan(n NodePlan) error {
	for _, c := range n.Conns {
		if err := CheckRelQuery(c.Query); err != nil {
			return err
		}
		if err := checkTypes(c.Owners); err != nil {
			return err
		}
		if c.Other != nil {
			if err := checkNodePlan(*c.Other); err != nil {
				return err
			}
		}
	}
	return nil
}

// PlanSource is what ReadPlan reads a plan through: the batch methods of a Store.
type PlanSource interface {
	EntitiesByID(ctx context.Context, ids []string) ([]*Entity, error)
	Entities(ctx context.Context, q EntityQuery) (EntityPage, error)
	Relationships(ctx context.Context, ids []string, q RelQuery) ([]RelPage, error)
}

// ReadPlan reads p through the batch methods of s: one call for the roots, then, for each level,
// one call per connection for the relationships of every entity of the level that follows it,
// and one call for the other ends of them all. It reads every property, whatever the plan says.
func ReadPlan(ctx context.Context, s PlanSource, p Plan) (PlanResult, error) {
	if err := CheckPlan(p); err != nil {
		return PlanResult{}, err
	}
	var res PlanResult
	var roots []*Entity
	if p.Entities != nil {
		page, err := s.Entities(ctx, *p.Entities)
		if err != nil {
			return PlanResult{}, err
		}
		res.HasMore, res.Total = page.HasMore, page.Total
		for i := range page.Entities {
			roots = append(roots, &page.Entities[i])
		}
	} else {
		found, err := s.EntitiesByID(ctx, p.IDs)
		if err != nil {
			return PlanResult{}, err
		}
		roots = found
	}
	res.Entities = make([]*PlannedEntity, len(roots))
	var level []*PlannedEntity
	for i, e := range roots {
		if e != nil {
			res.Entities[i] = &PlannedEntity{Entity: e}
			level = append(level, res.Entities[i])
		}
	}
	if err := readLevel(ctx, s, p.Node, level); err != nil {
		return PlanResult{}, err
	}
	return res, nil
}

// readLevel reads the connections of n for the entities of one level, and the levels below:
// one call per connection for the relationships, then one call for the other ends of them all.
func readLevel(ctx context.Context, s PlanSource, n NodePlan, level []*PlannedEntity) error {
	for _, pe := range level {
		pe.Conns = make([]*PlannedConn, len(n.Conns))
	}
	var otherIDs []string
	for ci, c := range n.Conns {
		var ids []string
		var from []*PlannedEntity
		for _, pe := range level {
			if c.Follows(pe.Entity.Type) {
				ids = append(ids, pe.Entity.ID)
				from = append(from, pe)
			}
		}
		if len(ids) == 0 {
			continue
		}
		pages, err := s.Relationships(ctx, ids, c.Query)
		if err != nil {
			return err
		}
		for i, pe := range from {
			pe.Conns[ci] = &PlannedConn{Page: pages[i]}
			if c.Other == nil {
				continue
			}
			for _, r := range pages[i].Relationships {
				otherIDs = append(otherIDs, r.OtherEnd(pe.Entity.ID))
			}
		}
	}
	if len(otherIDs) == 0 {
		return nil
	}
	found, err := s.EntitiesByID(ctx, otherIDs)
	if err != nil {
		return err
	}
	k := 0
	for ci, c := range n.Conns {
		if c.Other == nil {
			continue
		}
		var next []*PlannedEntity
		for _, pe := range level {
			pc := pe.Conns[ci]
			if pc == nil {
				continue
			}
			pc.Others = make([]*PlannedEntity, len(pc.Page.Relationships))
			for j := range pc.Others {
				e := found[k]
				if e == nil {
					return Errorf(ErrNotFound, "entity %q named by a relationship", otherIDs[k])
				}
				k++
				pc.Others[j] = &PlannedEntity{Entity: e}
				next = append(next, pc.Others[j])
			}
		}
		if err := readLevel(ctx, s, *c.Other, next); err != nil {
			return err
		}
	}
	return nil
}

// OtherEnd returns the id at the other end of r from the entity id.
func (r Relationship) OtherEnd(id string) string {
	if r.From == id {
		return r.To
	}
	return r.From
}
