package kg

import "slices"

// EntityType is the kind of an entity; it is also its label in Neo4j.
type EntityType string

// The entity types of the graph.
const (
	Document     EntityType = "Document"
	Event        EntityType = "Event"
	Session      EntityType = "Session"
	Organization EntityType = "Organization"
	Person       EntityType = "Person"
	Initiative   EntityType = "Initiative"
	Substance    EntityType = "Substance"
	Place        EntityType = "Place"
	Fact         EntityType = "Fact"
)

// EntityTypes lists every entity type in a fixed order.
var EntityTypes = []EntityType{Document, Event, Session, Organization, Person, Initiative, Substance, Place, Fact}

// Valid reports whether t is one of EntityTypes.
func (t EntityType) Valid() bool { return slices.Contains(EntityTypes, t) }

// RelationshipType is the type of a relationship, as named in the vocabulary (UPPER_SNAKE_CASE); it
// is also the relationship's type in Neo4j.
type RelationshipType string

// RelationshipTypes turns names, such as a request's, into relationship types; nil stays nil.
// CheckRelTypes says whether they are in the vocabulary.
func RelationshipTypes(names []string) []RelationshipType {
	if names == nil {
		return nil
	}
	out := make([]RelationshipType, len(names))
	for i, n := range names {
		out[i] = RelationshipType(n)
	}
	return out
}

// RelationshipTypeNames returns the names of types, an empty list (never nil) for none: a
// parameter that a Cypher statement may take the size of.
func RelationshipTypeNames(types []RelationshipType) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = string(t)
	}
	return out
}

// RelType describes one relationship type of the vocabulary: its fixed direction is From to To.
type RelType struct {
	Name    RelationshipType
	From    []EntityType
	To      []EntityType
	Meaning string
}

// Allows reports whether a relationship of this type may go from an entity of type from to one of type to.
func (r RelType) Allows(from, to EntityType) bool {
	return slices.Contains(r.From, from) && slices.Contains(r.To, to)
}

var allButFactAndDocument = []EntityType{Event, Session, Organization, Person, Initiative, Substance, Place}

// Vocabulary is the fixed set of relationship types. Relationship types from requests are
// checked against it before they reach a store.
var Vocabulary = []RelType{
	{"PART_OF", []EntityType{Organization, Session, Initiative, Event}, []EntityType{Organization, Event, Initiative}, "a unit of, a session of, a component of"},
	{"ORGANIZED", []EntityType{Organization}, []EntityType{Event, Session}, "organized or hosted"},
	{"HELD_IN", []EntityType{Event, Session}, []EntityType{Place}, "took place in"},
	{"FOLLOWS", []EntityType{Event}, []EntityType{Event}, "the later event follows the earlier one"},
	{"REPORTS_ON", []EntityType{Document}, []EntityType{Event}, "the document summarizes the event"},
	{"PRESENTED_AT", []EntityType{Person, Organization, Initiative}, []EntityType{Session}, "spoke or presented in the session (a team or initiative through its representatives)"},
	{"SPOKE_ON_BEHALF_OF", []EntityType{Person}, []EntityType{Person, Organization}, "gave remarks in the name of"},
	{"AFFILIATED_WITH", []EntityType{Person}, []EntityType{Organization}, "works for or represents"},
	{"RUNS", []EntityType{Organization}, []EntityType{Initiative}, "leads, runs or produces (the text does not say it launched or created it)"},
	{"LAUNCHED", []EntityType{Organization, Initiative}, []EntityType{Initiative}, "launched (« a lancé », « lancé par »)"},
	{"CREATED", []EntityType{Organization}, []EntityType{Initiative, Organization}, "created or set up (« a créé », « a mis sur pied »)"},
	{"ADOPTED", []EntityType{Organization}, []EntityType{Initiative}, "adopted an approach or a program (« a adopté », « ont également adopté »)"},
	{"CONTRIBUTES_TO", []EntityType{Organization}, []EntityType{Initiative}, "launched or contributed to, the text not saying which (« a lancé ou contribué à »)"},
	{"PARTICIPATES_IN", []EntityType{Organization}, []EntityType{Initiative}, "a partner or member of"},
	{"FUNDS", []EntityType{Organization}, []EntityType{Initiative, Organization}, "pays for"},
	{"PARTNERS_WITH", []EntityType{Organization}, []EntityType{Organization}, "works with"},
	{"OWNS", []EntityType{Organization}, []EntityType{Organization}, "owns (a company its subsidiary or product)"},
	{"GOVERNS", []EntityType{Organization}, []EntityType{Organization}, "oversees or governs (a board its police service)"},
	{"TARGETS", []EntityType{Initiative, Organization}, []EntityType{Substance, Organization, Place}, "is aimed at (its mandate or purpose), without saying it seized or intercepted"},
	{"SEIZED", []EntityType{Initiative, Organization}, []EntityType{Substance}, "seized, or led to seizures of"},
	{"INTERCEPTS", []EntityType{Initiative, Organization}, []EntityType{Substance}, "detects or intercepts in transit (at the border, in the mail); rank orders the substances the text lists as most commonly intercepted"},
	{"TRAFFICS", []EntityType{Organization}, []EntityType{Substance}, "produces, imports or sells"},
	{"ORIGINATES_IN", []EntityType{Substance, Initiative}, []EntityType{Place}, "comes from, is produced in; for an initiative, was created in"},
	{"OPERATES_IN", []EntityType{Organization, Initiative}, []EntityType{Place}, "works in, covers"},
	{"LOCATED_IN", []EntityType{Place, Organization}, []EntityType{Place}, "is inside, is based in"},
	{"DISCUSSED_IN", []EntityType{Organization, Initiative, Substance, Place, Fact}, []EntityType{Session}, "was presented or discussed in"},
	{"ABOUT", []EntityType{Fact}, allButFactAndDocument, "the figure is about"},
	{"SUBCLASS_OF", []EntityType{Substance}, []EntityType{Substance}, "narrower to broader"},
	{"SHIPPED_WITH", []EntityType{Substance}, []EntityType{Substance}, "shipped together with (stored once, in either direction)"},
}

// LookupRelType returns the vocabulary entry named name.
func LookupRelType(name RelationshipType) (RelType, bool) {
	for _, r := range Vocabulary {
		if r.Name == name {
			return r, true
		}
	}
	return RelType{}, false
}

// RelTypeNames returns the names of the vocabulary in its fixed order.
func RelTypeNames() []RelationshipType {
	names := make([]RelationshipType, len(Vocabulary))
	for i, r := range Vocabulary {
		names[i] = r.Name
	}
	return names
}

// CheckRelTypes returns an ErrInvalid error naming the first type that is not in the vocabulary.
func CheckRelTypes(types []RelationshipType) error {
	for _, t := range types {
		if _, ok := LookupRelType(t); !ok {
			return Errorf(ErrInvalid, "unknown relationship type %q (known: %v)", t, RelTypeNames())
		}
	}
	return nil
}
