// Package export writes the graph, or a neighbourhood of it, in files that other tools open:
// GraphML (Gephi, yEd, Cytoscape), JSON nodes and links (D3 and most JavaScript graph libraries),
// the CSV files of neo4j-admin database import, a CSV of citations, one row per quote, and JSON-LD
// for RDF tools.
//
// Every format holds every node and relationship with its properties and its evidence. The
// writers stream: each node or relationship is written as soon as it is encoded.
package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Graph is what an export writes: entities, the relationships between them, and the names of the
// documents their evidence cites.
type Graph struct {
	Nodes         []kg.Entity
	Relationships []kg.Relationship
	// Documents holds each document cited by an evidence, by id, when the graph has it.
	Documents map[string]*kg.Entity
}

// Format is one file format of the export.
type Format struct {
	// Name is what the URL and the command line call it.
	Name string
	// File is the file name a download suggests.
	File        string
	ContentType string
	Write       func(w io.Writer, g *Graph) error
}

// Formats lists every format, in the order the help shows them.
var Formats = []Format{
	{"graphml", "roundtable-kg.graphml", "application/graphml+xml; charset=utf-8", WriteGraphML},
	{"json", "roundtable-kg.json", "application/json; charset=utf-8", WriteJSON},
	{"neo4j-nodes", "nodes.csv", "text/csv; charset=utf-8", WriteNeo4jNodes},
	{"neo4j-relationships", "relationships.csv", "text/csv; charset=utf-8", WriteNeo4jRelationships},
	{"citations", "citations.csv", "text/csv; charset=utf-8", WriteCitations},
	{"jsonld", "roundtable-kg.jsonld", "application/ld+json; charset=utf-8", WriteJSONLD},
}

// Lookup returns the format named name.
func Lookup(name string) (Format, bool) {
	i := slices.IndexFunc(Formats, func(f Format) bool { return f.Name == name })
	if i < 0 {
		return Format{}, false
	}
	return Formats[i], true
}

// Names returns the names of the formats.
func Names() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = f.Name
	}
	return out
}

// Scope says what to export: the whole graph when ID is empty, else the neighbourhood of ID
// within Depth relationships.
type Scope struct {
	ID    string
	Depth int
}

// Read reads what scope selects from the store: the whole graph page by page, or a neighbourhood
// (at most kg.MaxNeighborhoodLimit nodes; Truncated says when it was cut).
func Read(ctx context.Context, s kg.Store, scope Scope) (*Graph, error) {
	g := &Graph{Documents: map[string]*kg.Entity{}}
	if scope.ID != "" {
		sub, err := s.Neighborhood(ctx, scope.ID, kg.NeighborhoodQuery{Depth: scope.Depth, Limit: kg.MaxNeighborhoodLimit})
		if err != nil {
			return nil, err
		}
		g.Nodes, g.Relationships = sub.Nodes, sub.Relationships
	} else if err := readAll(ctx, s, g); err != nil {
		return nil, err
	}
	var docs []string
	for _, ev := range evidenceOf(g) {
		if !slices.Contains(docs, ev.Document) {
			docs = append(docs, ev.Document)
		}
	}
	found, err := s.EntitiesByID(ctx, docs)
	if err != nil {
		return nil, fmt.Errorf("export: documents: %w", err)
	}
	for i, e := range found {
		if e != nil {
			g.Documents[docs[i]] = e
		}
	}
	return g, nil
}

// readAll pages through every entity, and through the outgoing relationships of each page.
func readAll(ctx context.Context, s kg.Store, g *Graph) error {
	for offset := 0; ; offset += kg.MaxPageSize {
		page, err := s.Entities(ctx, kg.EntityQuery{OrderBy: kg.OrderByID, Page: kg.Page{Offset: offset, Limit: kg.MaxPageSize}})
		if err != nil {
			return fmt.Errorf("export: entities: %w", err)
		}
		g.Nodes = append(g.Nodes, page.Entities...)
		ids := make([]string, len(page.Entities))
		for i, e := range page.Entities {
			ids[i] = e.ID
		}
		for relOffset := 0; len(ids) > 0; relOffset += kg.MaxPageSize {
			pages, err := s.Relationships(ctx, ids, kg.RelQuery{Direction: kg.Outgoing, Page: kg.Page{Offset: relOffset, Limit: kg.MaxPageSize}})
			if err != nil {
				return fmt.Errorf("export: relationships: %w", err)
			}
			var more []string
			for i, p := range pages {
				g.Relationships = append(g.Relationships, p.Relationships...)
				if p.HasMore {
					more = append(more, ids[i])
				}
			}
			ids = more
		}
		if !page.HasMore {
			return nil
		}
	}
}

func evidenceOf(g *Graph) []kg.Evidence {
	var out []kg.Evidence
	for _, e := range g.Nodes {
		out = append(out, e.Evidence...)
	}
	for _, r := range g.Relationships {
		out = append(out, r.Evidence...)
	}
	return out
}

// errWriter remembers the first write error, so that writers can check once at the end.
type errWriter struct {
	w   *bufio.Writer
	err error
}

func newErrWriter(w io.Writer) *errWriter { return &errWriter{w: bufio.NewWriter(w)} }

func (e *errWriter) str(s ...string) {
	for _, x := range s {
		if e.err == nil {
			_, e.err = e.w.WriteString(x)
		}
	}
}

func (e *errWriter) flush() error {
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}

// citation is a ready citation of an evidence in lang (kg.Cite): publisher, date, title, section,
// paragraph and address of the document.
func citation(g *Graph, ev kg.Evidence, lang kg.Language) string {
	return kg.Cite(g.Documents[ev.Document], ev, lang)
}
