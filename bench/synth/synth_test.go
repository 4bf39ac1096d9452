package synth_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/bench/synth"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed"
)

func TestGenerateIsReproducibleAndShapedLikeTheTemplate(t *testing.T) {
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	const n = 5000
	ents, rels, err := synth.Generate(ds.Entities, ds.Relationships, n, 7)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := synth.Generate(ds.Entities, ds.Relationships, n, 7)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ents[:50], again[:50]); diff != "" {
		t.Errorf("the same variant gave other entities (-first +second):\n%s", diff)
	}
	if len(ents) != n || len(rels) < n*synth.Degree/2*9/10 {
		t.Errorf("%d entities and %d relationships, want %d and about %d", len(ents), len(rels), n, n*synth.Degree/2)
	}
	types := map[kg.EntityType]int{}
	for _, e := range ents {
		types[e.Type]++
	}
	for _, typ := range []kg.EntityType{kg.Organization, kg.Initiative, kg.Person, kg.Fact} {
		if types[typ] == 0 {
			t.Errorf("no %s among %d entities", typ, n)
		}
	}
	for _, r := range rels {
		if err := kg.CheckRelTypes([]kg.RelationshipType{r.Type}); err != nil {
			t.Fatalf("relationship type %q: %v", r.Type, err)
		}
	}
	// The embedded store loads it, and hubs exist: the most connected entity has far more than the mean.
	s, err := memory.New(ents, rels, "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	pages, err := s.Relationships(t.Context(), []string{ents[0].ID}, kg.RelQuery{Page: kg.Page{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	most := pages[0].Total
	for _, e := range ents[:200] {
		p, err := s.Relationships(t.Context(), []string{e.ID}, kg.RelQuery{Page: kg.Page{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		most = max(most, p[0].Total)
	}
	if most < 4*synth.Degree {
		t.Errorf("the most connected of the first entities has %d relationships; want hubs of at least %d", most, 4*synth.Degree)
	}
}

// BenchmarkLoad indexes a synthetic graph of benchSize entities in the embedded store.
func BenchmarkLoad(b *testing.B) {
	ds, err := seed.Load()
	if err != nil {
		b.Fatal(err)
	}
	ents, rels, err := synth.Generate(ds.Entities, ds.Relationships, benchSize, 1)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := memory.New(ents, rels, "synthetic"); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSize is the number of entities BenchmarkLoad indexes.
const benchSize = 10000
