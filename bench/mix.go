// Package bench holds the fixed mix of GraphQL requests that the benchmarks (graph/bench_test.go),
// the load command (cmd/load) and the Node peer (bench/peer) all send, so that every figure of
// BENCHMARKS.md measures the same work.
package bench

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed/checked"
)

// The queries of the mix. Each reads what a front end reads for one screen.
const (
	// EntityPage is an entity page: names, evidence, and the first 20 relationships with both
	// ends and their evidence.
	EntityPage = `query EntityPage($id: ID!) {
  entity(id: $id) {
    id type name nameFr: name(lang: FR) aliases description
    evidence { document section quote }
    relationships(first: 20) {
      totalCount
      edges {
        direction
        node { type from { id type name } to { id type name } evidence { section quote } }
      }
    }
  }
}`
	// Search is a full-text search, first page.
	Search = `query Search($text: String!) {
  search(text: $text, first: 10) {
    totalCount
    edges { score matchedField node { id type name } }
  }
}`
	// Neighborhood is the depth-2 neighbourhood of an entity, as a graph view draws it.
	Neighborhood = `query Neighborhood($id: ID!) {
  neighborhood(id: $id, depth: 2, limit: 200) {
    truncated
    nodes { id type name }
    relationships { type from { id } to { id } }
  }
}`
	// Path is a shortest path of at most 4 hops between two entities.
	Path = `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxHops: 4) {
    length
    nodes { id type name }
    relationships { type evidence { quote } }
  }
}`
	// Deep follows typed relationship fields three levels down.
	Deep = `query Deep {
  entities(types: [ORGANIZATION], first: 10) {
    edges { node { id name
      ... on Organization {
        runs { edges { node { id name
          ... on Initiative {
            targets { edges { node { id name } evidence { quote } } }
            participants(first: 5) { totalCount edges { node { id name } } }
          } } } }
        partners { edges { node { id name } } }
      } } }
  }
}`
)

// Request is one GraphQL request of the mix.
type Request struct {
	// Name is the query's name: EntityPage, Search, Neighborhood, Path or Deep.
	Name string
	// Body is the JSON body of a POST.
	Body []byte
}

// Mix is the requests of each query, by name, in the order to send them.
type Mix map[string][]Request

// Names are the queries of a mix in a fixed order.
var Names = []string{"EntityPage", "Search", "Neighborhood", "Path", "Deep"}

// Searches are the texts the Search query cycles through.
var Searches = []string{"méthamphétamine", "police", "fentanyl", "gendarmerie royale", "cannabis", "J-CODE", "crime organisé", "opioïdes"}

// Paths are the pairs of ends the Path query cycles through.
var Paths = [][2]string{
	{"hells-angels", "j-code"},
	{"royal-canadian-mounted-police", "fentanyl"},
	{"methamphetamine", "winnipeg-police-service"},
	{"canada-border-services-agency", "cannabis"},
}

// NewMix builds the mix over a graph: the entity page and the neighbourhood cycle through every
// organization, initiative and substance; paths whose ends are missing are left out.
func NewMix(entities []kg.Entity) (Mix, error) {
	var ids []string
	known := map[string]bool{}
	for _, e := range entities {
		known[e.ID] = true
		if e.Type == kg.Organization || e.Type == kg.Initiative || e.Type == kg.Substance {
			ids = append(ids, e.ID)
		}
	}
	slices.Sort(ids)
	if len(ids) == 0 {
		return nil, fmt.Errorf("bench: no organization, initiative or substance to query")
	}
	m := Mix{}
	add := func(name, query string, vars map[string]any) error {
		body, err := json.Marshal(map[string]any{"query": query, "operationName": name, "variables": vars})
		if err != nil {
			return fmt.Errorf("bench: %s: %w", name, err)
		}
		m[name] = append(m[name], Request{Name: name, Body: body})
		return nil
	}
	for _, id := range ids {
		if err := add("EntityPage", EntityPage, map[string]any{"id": id}); err != nil {
			return nil, err
		}
		if err := add("Neighborhood", Neighborhood, map[string]any{"id": id}); err != nil {
			return nil, err
		}
	}
	for _, text := range Searches {
		if err := add("Search", Search, map[string]any{"text": text}); err != nil {
			return nil, err
		}
	}
	paths := slices.DeleteFunc(slices.Clone(Paths), func(p [2]string) bool { return !known[p[0]] || !known[p[1]] })
	if len(paths) == 0 {
		// Another graph than the seed: pairs spread over its ids.
		for i := range 4 {
			paths = append(paths, [2]string{ids[i*len(ids)/4], ids[(i*len(ids)/4+len(ids)/3)%len(ids)]})
		}
	}
	for _, p := range paths {
		if err := add("Path", Path, map[string]any{"from": p[0], "to": p[1]}); err != nil {
			return nil, err
		}
	}
	if err := add("Deep", Deep, nil); err != nil {
		return nil, err
	}
	return m, nil
}

// Seeded returns the embedded store over the seed data and the mix over its entities: what the
// benchmarks and the load command measure.
func Seeded() (*memory.Store, Mix, error) {
	ds, err := checked.Load()
	if err != nil {
		return nil, nil, err
	}
	store, err := memory.New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		return nil, nil, err
	}
	mix, err := NewMix(ds.Entities)
	if err != nil {
		return nil, nil, err
	}
	return store, mix, nil
}
