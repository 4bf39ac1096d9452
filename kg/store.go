package kg

import (
	"context"
	"errors"
)

// Sentinel errors. Stores wrap them with context; callers test them with errors.Is.
var (
	// ErrNotFound means an entity that the request names does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid means the request itself is wrong: a bad argument, cursor or type.
	ErrInvalid = errors.New("invalid input")
	// ErrUnavailable means the backend cannot be reached now; the request may succeed later.
	ErrUnavailable = errors.New("store unavailable")
	// ErrTimeout means the backend answered but gave up on the request because it ran longer than
	// allowed; a narrower request, or the same one when the backend is less busy, may succeed.
	ErrTimeout = errors.New("store timeout")
)

// Limits shared by every store and by the API.
const (
	// MaxPageSize is the largest page a list returns.
	MaxPageSize = 100
	// DefaultPageSize is the page size when a request gives none.
	DefaultPageSize = 20
	// MaxDepth is the deepest neighbourhood a request may ask for.
	MaxDepth = 3
	// MaxHops is the longest path a request may ask for.
	MaxHops = 6
	// MaxNeighborhoodLimit caps the number of nodes of a neighbourhood.
	MaxNeighborhoodLimit = 500
	// MaxSearchWords bounds the words of a search text: each word is looked up and scored in
	// every candidate.
	MaxSearchWords = 32
	// MaxOffset bounds the offset of a page, far past any list of the graph, so that offset plus
	// page size cannot overflow in any store, whatever a client crafts.
	MaxOffset = 1 << 24
	// SearchCountLimit is how far a search counts its hits exactly (SearchPage.Total): past it, a
	// search answers "at least SearchCountLimit", as Lucene and Elasticsearch do
	// (track_total_hits), so that a common word costs a store a bounded read, not one of every
	// entity it matches. See SearchQuery.CountLimit.
	SearchCountLimit = 1000
)

// Page selects a window of an ordered list.
type Page struct {
	Offset int
	Limit  int
	// WantTotal asks the store to count every item, not only the page.
	WantTotal bool
}

// OrderField is what a list of entities is sorted by.
type OrderField string

// The orders of an entity list. Ties are broken by id.
const (
	OrderByID     OrderField = "id"
	OrderByNameEN OrderField = "nameEn"
	OrderByNameFR OrderField = "nameFr"
	// OrderByNumber sorts sessions by their number.
	OrderByNumber OrderField = "number"
	// OrderByValue sorts facts by their value.
	OrderByValue OrderField = "value"
	// OrderByDegree sorts entities by their number of relationships.
	OrderByDegree OrderField = "degree"
)

// Valid reports whether f is one of the orders above.
func (f OrderField) Valid() bool {
	switch f {
	case OrderByID, OrderByNameEN, OrderByNameFR, OrderByNumber, OrderByValue, OrderByDegree:
		return true
	}
	return false
}

// EntityQuery selects a page of entities.
type EntityQuery struct {
	// Types and Categories filter when non-empty.
	Types      []EntityType
	Categories []string
	OrderBy    OrderField
	Descending bool
	// DegreeExcludes leaves relationships of these types out of the degree that OrderByDegree
	// sorts by (the provenance links, say).
	DegreeExcludes []RelationshipType
	// Where keeps only the entities it accepts, when it is set.
	Where *Filter
	Page
}

// EntityPage is one page of entities.
type EntityPage struct {
	Entities []Entity
	HasMore  bool
	// Total counts every entity the query selects; it is zero unless the query asked for it
	// (Page.WantTotal), since counting may cost a query of its own.
	Total int
}

// RelQuery selects the relationships of one entity.
type RelQuery struct {
	// Types filters by relationship type when non-empty; every name must be in Vocabulary.
	Types     []RelationshipType
	Direction Direction
	// OtherTypes filters by the type of the entity at the other end when non-empty.
	OtherTypes []EntityType
	// Where keeps only the relationships whose other end it accepts, when it is set.
	Where *Filter
	Page
}

// RelPage is one page of an entity's relationships, ordered by type, then the other end's id.
type RelPage struct {
	Relationships []Relationship
	HasMore       bool
	Total         int
}

// SearchQuery is a full-text search over names, aliases and descriptions in both languages, and
// the statements of figures.
type SearchQuery struct {
	Text string
	// Types keeps only entities of these types when non-empty; ExcludeTypes leaves out entities
	// of these types.
	Types        []EntityType
	ExcludeTypes []EntityType
	// WantFacets asks for the facets (SearchPage.Facets), which count every hit, however many:
	// a search that asks for them reads every hit.
	WantFacets bool
	// CountLimit replaces SearchCountLimit when above zero (tests set a small one).
	CountLimit int
	Page
}

// Counted returns how far q counts hits exactly: q.CountLimit, or SearchCountLimit.
func (q SearchQuery) Counted() int {
	if q.CountLimit > 0 {
		return q.CountLimit
	}
	return SearchCountLimit
}

// SearchHit is one result of a search.
type SearchHit struct {
	Entity Entity
	Score  float64
	// Field is what matched best: "name", "alias" or "description" (a figure's statement counts as
	// its description).
	Field string
	// Language is the language of the matching text, when it has one.
	Language Language
}

// SearchPage is one page of search results, best first.
type SearchPage struct {
	Hits    []SearchHit
	HasMore bool
	// Total is the number of hits of the types asked for when TotalExact; otherwise there are
	// more than SearchQuery.Counted() hits and Total is that bound: "at least Total".
	Total      int
	TotalExact bool
	// Facets count every entity that matches the text, whatever the type filters, when the
	// query asks for them (SearchQuery.WantFacets); they are empty otherwise.
	Facets Facets
}

// NeighborhoodQuery bounds a neighbourhood.
type NeighborhoodQuery struct {
	Depth int
	Types []RelationshipType
	// Limit caps the number of nodes; the centre counts.
	Limit int
	// Project, when set, says what the answer reads: of each node its id, type and the properties
	// Nodes; of each relationship its type, its ends and the properties Rels (evidence). A store
	// may then read less than whole entities and relationships; one that reads them whole anyway
	// ignores it.
	Project bool
	Nodes   Props
	Rels    Props
}

// PathQuery bounds a shortest path.
type PathQuery struct {
	// MaxHops is the largest number of relationships the path may have.
	MaxHops int
	// Types restricts the path to these relationship types when non-empty.
	Types []RelationshipType
	// Project, Nodes and Rels say what the answer reads, as they do for a NeighborhoodQuery.
	Project bool
	Nodes   Props
	Rels    Props
}

// Subgraph is a set of entities and the relationships between them.
type Subgraph struct {
	Nodes         []Entity
	Relationships []Relationship
	// Truncated reports that the limit cut the subgraph short.
	Truncated bool
}

// Path is a chain of entities joined by relationships; Relationships[i] joins Nodes[i] and Nodes[i+1]
// in one direction or the other.
type Path struct {
	Nodes         []Entity
	Relationships []Relationship
}

// Stats counts the graph.
type Stats struct {
	Entities      map[EntityType]int
	Relationships map[RelationshipType]int
	Evidence      int
}

// Store is what the API reads the graph through. Methods that take a list of ids serve a whole
// level of a GraphQL query in one call, so that dataloaders can batch.
type Store interface {
	// EntitiesByID returns one result per id, in order; a missing entity is nil, not an error.
	EntitiesByID(ctx context.Context, ids []string) ([]*Entity, error)
	// Entities returns a page of entities.
	Entities(ctx context.Context, q EntityQuery) (EntityPage, error)
	// Relationships returns one page per id, in order. An unknown id has an empty page.
	Relationships(ctx context.Context, ids []string, q RelQuery) ([]RelPage, error)
	// Search ranks exact name and alias matches first, folding case and accents.
	Search(ctx context.Context, q SearchQuery) (SearchPage, error)
	// Neighborhood returns the entities within q.Depth hops of id; ErrNotFound if id is unknown.
	Neighborhood(ctx context.Context, id string, q NeighborhoodQuery) (Subgraph, error)
	// ShortestPath returns a shortest path of at most q.MaxHops relationships of q.Types,
	// ignoring direction, or nil when there is none; ErrNotFound if either end is unknown.
	ShortestPath(ctx context.Context, from, to string, q PathQuery) (*Path, error)
	// Stats counts entities per type and relationships per type.
	Stats(ctx context.Context) (Stats, error)
	// Facets counts the entities of the whole graph by type and by category.
	Facets(ctx context.Context) (Facets, error)
	// Paths returns up to q.First paths between two entities, best first (see FindPaths);
	// ErrNotFound if either end is unknown.
	Paths(ctx context.Context, from, to string, q PathsQuery) ([]Path, error)
	// Connections returns a small subgraph linking the entities ids (see Connect); ErrNotFound
	// if one is unknown.
	Connections(ctx context.Context, ids []string, q PathsQuery) (Subgraph, error)
	// RelationshipCounts returns, for each id in order, the number of its relationships per type
	// and direction; an unknown id has none.
	RelationshipCounts(ctx context.Context, ids []string) ([][]RelCount, error)
	// Facts returns a page of figures selected by q, with its total.
	Facts(ctx context.Context, q FactQuery) (EntityPage, error)
	// DataVersion changes whenever the data changes.
	DataVersion(ctx context.Context) (string, error)
	// Ready reports whether the store can serve requests now.
	Ready(ctx context.Context) error
}

// RelCount is the number of relationships of one type and direction of an entity.
type RelCount struct {
	Type      RelationshipType
	Direction Direction // Outgoing or Incoming
	Count     int
}
