package memory_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench/synth"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed"
)

// synthetic returns a synthetic graph of n entities shaped like the seed graph.
func synthetic(b *testing.B, n int) ([]kg.Entity, []kg.Relationship) {
	b.Helper()
	ds, err := seed.Load()
	if err != nil {
		b.Fatal(err)
	}
	ents, rels, err := synth.Generate(ds.Entities, ds.Relationships, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	return ents, rels
}

// BenchmarkNewSynthetic measures loading a synthetic graph: what the -scale run of cmd/load reports as
// load time, profiled with -cpuprofile and -memprofile.
func BenchmarkNewSynthetic(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		ents, rels := synthetic(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := memory.New(ents, rels, "synthetic"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchSynthetic measures the mix's searches over synthetic graphs of growing size.
func BenchmarkSearchSynthetic(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		ents, rels := synthetic(b, n)
		s, err := memory.New(ents, rels, "synthetic")
		if err != nil {
			b.Fatal(err)
		}
		for _, text := range []string{"police", "fentanyl", "organisations criminelles", "zz"} {
			b.Run(fmt.Sprintf("%d/%s", n, text), func(b *testing.B) {
				var page kg.SearchPage
				for b.Loop() {
					q := kg.SearchQuery{Text: text, Page: kg.Page{Limit: 10}}
					if page, err = s.Search(context.Background(), q); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(page.Total), "hits")
			})
		}
	}
}
