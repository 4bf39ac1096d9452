package neo4j_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/storetest"
)

// The hub graph: the seed data and an organization, hubOrg, with hubPersons persons affiliated
// with it (of hubPersons*4/3 persons, so that its neighbours are not every entry of the index),
// funding hubFunded organizations, having adopted two initiatives (its first type, sparse),
// located in Canada and partnering with a small organization, hubSmall, itself partnering with
// one more.
const (
	hubOrg     = "hub-org"
	hubSmall   = "hub-small"
	hubPersons = 15_000
	hubFunded  = 5_000
)

// hubDataset returns the hub graph.
func hubDataset(tb testing.TB) *seed.Dataset {
	tb.Helper()
	base := mustDataset(tb)
	ents := slices.Clone(base.Entities)
	rels := slices.Clone(base.Relationships)
	org := func(id string) kg.Entity {
		return kg.Entity{ID: id, Type: kg.Organization, Name: kg.Text{EN: id, FR: id}}
	}
	ents = append(ents, org(hubOrg), org(hubSmall), org("hub-small-partner"))
	rel := func(t kg.RelationshipType, from, to string) kg.Relationship {
		return kg.Relationship{Type: t, From: from, To: to}
	}
	rels = append(rels,
		rel("ADOPTED", hubOrg, "angel-program"),
		rel("ADOPTED", hubOrg, "community-policing-initiative-framework-agreement"),
		rel("LOCATED_IN", hubOrg, "canada"),
		rel("PARTNERS_WITH", hubSmall, hubOrg),
		rel("PARTNERS_WITH", hubSmall, "hub-small-partner"),
	)
	for i := range hubPersons * 4 / 3 {
		id := fmt.Sprintf("hub-person-%05d", i)
		ents = append(ents, kg.Entity{ID: id, Type: kg.Person, Name: kg.Text{EN: id, FR: id}})
		if i%4 != 3 {
			rels = append(rels, rel("AFFILIATED_WITH", id, hubOrg))
		}
	}
	for i := range hubFunded {
		id := fmt.Sprintf("hub-funded-%05d", i)
		ents = append(ents, org(id))
		rels = append(rels, rel("FUNDS", hubOrg, id))
	}
	ids := map[string]bool{}
	for _, e := range ents {
		ids[e.ID] = true
	}
	for _, r := range rels {
		if !ids[r.From] || !ids[r.To] {
			tb.Fatalf("relationship %s has an unknown end", r.Key())
		}
	}
	return &seed.Dataset{Entities: ents, Relationships: rels, Version: "hub-test"}
}

// TestNeighborhoodAtAHub checks the neighbourhood walk at a hub of 20,000 relationships against
// the embedded store's, and that the hub path reads a bounded part of it: the database hits,
// which do not depend on the machine, stay far below the hub's degree.
func TestNeighborhoodAtAHub(t *testing.T) {
	ds := hubDataset(t)
	mem, err := memory.New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		t.Fatal(err)
	}
	s := mustOpenHubGraph(t, ds)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	types := func(names ...kg.RelationshipType) []kg.RelationshipType { return names }
	type walk struct {
		id    string
		depth int
		limit int
		types []kg.RelationshipType
	}
	var walks []walk
	for _, id := range []string{hubOrg, hubSmall, "hub-person-00000", "hub-funded-00007", "canada"} {
		for _, depth := range []int{1, 2} {
			for _, limit := range []int{1, 2, 3, 10, 200, kg.MaxNeighborhoodLimit} {
				for _, ts := range [][]kg.RelationshipType{nil, types("AFFILIATED_WITH"), types("FUNDS", "LOCATED_IN"), types("PARTNERS_WITH", "AFFILIATED_WITH")} {
					walks = append(walks, walk{id, depth, limit, ts})
				}
			}
		}
	}
	for _, w := range walks {
		q := kg.NeighborhoodQuery{Depth: w.depth, Limit: w.limit, Types: w.types}
		want, err := mem.Neighborhood(ctx, w.id, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Neighborhood(ctx, w.id, q)
		if err != nil {
			t.Fatalf("%+v: %v", w, err)
		}
		if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%+v (-embedded +neo4j):\n%s", w, diff)
		}
		// Projected to ids, types and names, as the mix's request reads it.
		q.Project = true
		got, err = s.Neighborhood(ctx, w.id, q)
		if err != nil {
			t.Fatalf("%+v projected: %v", w, err)
		}
		if diff := gocmp.Diff(outline(want), outline(got)); diff != "" {
			t.Fatalf("%+v projected (-embedded +neo4j):\n%s", w, diff)
		}
	}

	// The hub path's reads are bounded: far below the hub's 20,000 relationships, and far below
	// what the walk reads when it expands the hub in one statement (a hub degree above any).
	for _, c := range []struct {
		id    string
		depth int
		limit int
		types []kg.RelationshipType
		// budget bounds the hub path's database hits; 0 for a walk that meets no hub where the
		// hub path runs.
		budget int64
	}{
		{hubOrg, 1, 10, nil, 1_000},
		{hubOrg, 2, 10, nil, 1_500},
		{hubOrg, 1, 10, types("FUNDS"), 3_000},
		{hubOrg, 1, 200, nil, 6_000},
		{hubSmall, 2, 10, nil, 1_000},
		{hubSmall, 2, 200, nil, 6_000},
		{"hub-person-00000", 2, 200, nil, 6_000},
		{"canada", 2, 200, nil, 0},
		{"canada", 1, 200, nil, 0},
	} {
		q := kg.NeighborhoodQuery{Depth: c.depth, Limit: c.limit, Types: c.types, Project: true}
		want, err := mem.Neighborhood(ctx, c.id, q)
		if err != nil {
			t.Fatal(err)
		}
		var hits [2]int64
		for i, degree := range []int{0, math.MaxInt32} {
			s.SetHubDegree(degree)
			got, p, err := s.ProfileNeighborhood(ctx, c.id, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(outline(want), outline(got)); diff != "" {
				t.Fatalf("%+v, hub degree %d (-embedded +neo4j):\n%s", c, degree, diff)
			}
			hits[i] = p.DBHits
			how := "the store's hub path"
			if degree != 0 {
				how = "one statement a level"
			}
			t.Logf("%s depth %d limit %d types %v, %s: %d statements, %d db hits: %v",
				c.id, c.depth, c.limit, c.types, how, p.Statements, p.DBHits, p.Names)
		}
		s.SetHubDegree(0)
		if c.budget > 0 && (hits[0] > c.budget || hits[0] > hits[1]/10) {
			t.Errorf("%s depth %d limit %d types %v: %d db hits (%d expanding the hub), want at most %d and a tenth",
				c.id, c.depth, c.limit, c.types, hits[0], hits[1], c.budget)
		}
	}
}

// mustOpenHubGraph opens the store of the environment and seeds it with ds, the hub graph.
// Without a reset, a database that holds the hub graph already is left as it is; the first
// planning of a hub statement may take seconds, hence the minute.
func mustOpenHubGraph(tb testing.TB, ds *seed.Dataset) *neo4j.Store {
	tb.Helper()
	return mustOpen(tb, ds, neo4j.SeedOptions{}, time.Minute)
}

// BenchmarkNeighborhoodAtAHub times walks that meet the hub of the hub graph by the hub path and
// by one statement a level (a hub degree above any), with the statements a walk sends. It
// asserts nothing about time:
//
//	go test -run '^$' -bench NeighborhoodAtAHub -benchtime 50x ./neo4j/
func BenchmarkNeighborhoodAtAHub(b *testing.B) {
	s := mustOpenHubGraph(b, hubDataset(b))
	for _, c := range []struct {
		id           string
		depth, limit int
	}{{hubOrg, 1, 10}, {hubOrg, 2, 200}, {hubSmall, 2, 200}} {
		for _, path := range []struct {
			name   string
			degree int
		}{{"hub-path", 0}, {"one-statement", math.MaxInt32}} {
			b.Run(fmt.Sprintf("%s/depth-%d/limit-%d/%s", c.id, c.depth, c.limit, path.name), func(b *testing.B) {
				s.SetHubDegree(path.degree)
				defer s.SetHubDegree(0)
				q := kg.NeighborhoodQuery{Depth: c.depth, Limit: c.limit, Project: true}
				if _, err := s.Neighborhood(b.Context(), c.id, q); err != nil { // plans the statements
					b.Fatal(err)
				}
				var latencies []time.Duration
				before := s.Queries()
				for b.Loop() {
					start := time.Now()
					if _, err := s.Neighborhood(b.Context(), c.id, q); err != nil {
						b.Fatal(err)
					}
					latencies = append(latencies, time.Since(start))
				}
				slices.Sort(latencies)
				b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(s.Queries()-before)/float64(len(latencies)), "statements/op")
			})
		}
	}
}

// outlined is a subgraph as ids: what a walk decides.
type outlined struct {
	Nodes     []string
	Rels      []string
	Truncated bool
}

func outline(sub kg.Subgraph) outlined {
	o := outlined{Truncated: sub.Truncated}
	for _, n := range sub.Nodes {
		o.Nodes = append(o.Nodes, string(n.Type)+" "+n.ID)
	}
	for _, r := range sub.Relationships {
		o.Rels = append(o.Rels, r.Key())
	}
	return o
}

// TestContractByTheHubPath runs the contract suites with every entity of more than two
// relationships taken for a hub, so that the hub path walks most levels, runs of other
// entities between hubs included, and must give the embedded store's answers.
func TestContractByTheHubPath(t *testing.T) {
	s := MustOpenSeeded(t)
	s.SetHubDegree(2)
	storetest.Run(t, func(t *testing.T) kg.Store { return s })
	storetest.RunSynthetic(t, func(t *testing.T, ds *seed.Dataset) kg.Store {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if err := s.Seed(ctx, ds, neo4j.SeedOptions{Reset: true}, tbWriter{t}); err != nil {
			t.Fatal(err)
		}
		return s
	})
}
