// Package model holds the Go types that the GraphQL schema binds to. Entity types wrap a
// kg.Entity and expose its fields in the shape of the schema; fields that follow relationships are
// left to resolvers in package graph, which batch them through dataloaders.
package model

import (
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Entity is any entity of the graph, whatever its type; it backs the Entity and Node interfaces.
type Entity interface {
	// KG returns the domain entity.
	KG() *kg.Entity
	// Planned returns what a plan read of the entity beyond its properties, and the plan; nil
	// when no plan read it.
	Planned() (*kg.PlannedEntity, *kg.NodePlan)
}

// Wrap returns e as the model type of its entity type.
func Wrap(e *kg.Entity) Entity { return wrap(base{e: e}) }

// WrapPlanned returns the entity that a plan read as the model type of its entity type; plan is
// what was read of it.
func WrapPlanned(pe *kg.PlannedEntity, plan *kg.NodePlan) Entity {
	return wrap(base{e: pe.Entity, planned: pe, plan: plan})
}

func wrap(b base) Entity {
	e := b.e
	switch e.Type {
	case kg.Organization:
		return &Organization{b}
	case kg.Person:
		return &Person{b}
	case kg.Event:
		return &Event{b}
	case kg.Session:
		return &Session{b}
	case kg.Initiative:
		return &Initiative{b}
	case kg.Substance:
		return &Substance{b}
	case kg.Place:
		return &Place{b}
	case kg.Fact:
		return &Fact{b}
	default:
		return &Document{b}
	}
}

// base holds the fields every entity type shares.
type base struct {
	e *kg.Entity
	// planned and plan are set when a plan read the entity.
	planned *kg.PlannedEntity
	plan    *kg.NodePlan
}

// KG implements Entity.
func (b base) KG() *kg.Entity { return b.e }

// Planned implements Entity.
func (b base) Planned() (*kg.PlannedEntity, *kg.NodePlan) { return b.planned, b.plan }

// ID returns the entity's id.
func (b base) ID() string { return b.e.ID }

// Type returns the entity's type.
func (b base) Type() EntityType { return GQLType(b.e.Type) }

// Name returns the entity's name in lang.
func (b base) Name(lang *Language) string { return b.e.Name.In(Lang(lang)) }

// Aliases returns the entity's aliases.
func (b base) Aliases() []string { return b.e.Aliases }

// Description returns the entity's description in lang, or nil when it has none.
func (b base) Description(lang *Language) *string { return optional(b.e.Description.In(Lang(lang))) }

// Evidence returns the passages that support the entity.
func (b base) Evidence() []*Evidence { return EvidenceList(b.e.Evidence) }

// Category returns the entity's finer kind.
func (b base) Category() string { return b.e.Category }

// StartDate returns when the entity started, or nil.
func (b base) StartDate() *string { return optional(b.e.StartDate) }

// EndDate returns when the entity ended, or nil.
func (b base) EndDate() *string { return optional(b.e.EndDate) }

// Organization is an agency, service, company, association or criminal organization.
type Organization struct{ base }

// Person is a named person.
type Person struct{ base }

// Role returns the person's title in lang.
func (p Person) Role(lang *Language) string { return p.e.Role.In(Lang(lang)) }

// Event is a roundtable or another gathering.
type Event struct{ base }

// Session is a session of an event.
type Session struct{ base }

// Number returns the plenary number, or nil for sessions without one.
func (s Session) Number() *int {
	if s.e.Number == 0 {
		return nil
	}
	n := s.e.Number
	return &n
}

// Initiative is a project, operation, program, strategy, team or tool.
type Initiative struct{ base }

// Substance is a drug, a class of drugs or a precursor.
type Substance struct{ base }

// Place is a city, province, country or region.
type Place struct{ base }

// Fact is a figure that a source reports.
type Fact struct{ base }

// Value returns the figure.
func (f Fact) Value() float64 { return f.e.Value }

// ValueText returns the words of the source that give the figure.
func (f Fact) ValueText() string { return f.e.ValueText }

// Unit returns the figure's unit.
func (f Fact) Unit() string { return f.e.Unit }

// Period returns the period the figure covers, or nil.
func (f Fact) Period() *string { return optional(f.e.Period) }

// Statement returns the figure in one sentence in lang.
func (f Fact) Statement(lang *Language) string { return f.e.Statement.In(Lang(lang)) }

// Kind returns what sort of figure the fact is: "more-than" in the data is MORE_THAN here.
func (f Fact) Kind() FactKind { return FactKind(enumName(f.e.Kind)) }

// SessionNote returns why the fact was reported in no session, or nil.
func (f Fact) SessionNote() *string { return optional(f.e.SessionNote) }

// Qualifier returns how the source bounds the value.
func (f Fact) Qualifier() ValueQualifier { return ValueQualifier(enumName(f.e.Qualifier)) }

// Measure returns what the figure measures: seizures, deaths, cases, ...
func (f Fact) Measure() string { return f.e.Measure }

// Series returns the name of the series of figures the fact belongs to, or nil.
func (f Fact) Series() *string { return optional(f.e.Series) }

// enumName turns a data value ("more-than") into the name of a GraphQL enum value (MORE_THAN).
func enumName(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "_")) }

// Document is a source document.
type Document struct{ base }

// Title returns the document's title in lang: its name.
func (d Document) Title(lang *Language) string { return d.e.Name.In(Lang(lang)) }

// Publisher returns who published the document, in lang.
func (d Document) Publisher(lang *Language) string { return d.e.Publisher.In(Lang(lang)) }

// Language returns the language the document is written in.
func (d Document) Language() Language {
	if d.e.Language == kg.EN {
		return LanguageEn
	}
	return LanguageFr
}

// EventDate returns the date of the event the document summarises, or nil.
func (d Document) EventDate() *string { return optional(d.e.EventDate) }

// PublicationDate returns when the document was published, or nil when it does not say.
func (d Document) PublicationDate() *string { return optional(d.e.PublicationDate) }

// URL returns the document's address.
func (d Document) URL() string { return d.e.URL }

// Sections returns the document's sections in order.
func (d Document) Sections() []*kg.Section {
	out := make([]*kg.Section, len(d.e.Sections))
	for i := range d.e.Sections {
		s := d.e.Sections[i]
		out[i] = &s
	}
	return out
}

// Relationship is a relationship of the graph with its ends. The resolver that lists it sets the
// ends, loading those of a whole page in one call, so that they need no resolver of their own;
// they are nil when the query does not select them.
type Relationship struct {
	R        kg.Relationship
	From, To Entity
}

// Type returns the relationship type.
func (r *Relationship) Type() string { return string(r.R.Type) }

// Evidence returns the passages that support the relationship.
func (r *Relationship) Evidence() []*Evidence { return EvidenceList(r.R.Evidence) }

// Rank returns the place of the relationship's end in the order the source gives, or nil.
func (r *Relationship) Rank() *int {
	if r.R.Rank <= 0 {
		return nil
	}
	n := r.R.Rank
	return &n
}

// Lang returns the domain language for a GraphQL one; English when none is given.
func Lang(l *Language) kg.Language {
	if l != nil && *l == LanguageFr {
		return kg.FR
	}
	return kg.EN
}

// GQLType returns the GraphQL entity type of a domain one.
func GQLType(t kg.EntityType) EntityType { return EntityType(strings.ToUpper(string(t))) }

// KGType returns the domain entity type of a GraphQL one.
func KGType(t EntityType) kg.EntityType {
	s := strings.ToLower(string(t))
	return kg.EntityType(strings.ToUpper(s[:1]) + s[1:])
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
