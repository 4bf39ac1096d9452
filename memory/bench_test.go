package memory_test

import (
	"context"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

func BenchmarkSearchStems(b *testing.B) {
	s := MustOpen(b)
	for _, text := range []string{"methamphetamine", "online pharmacies", "organisations criminelles", "Riverbnk", "Indigenous", "GRC drugs"} {
		b.Run(text, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(context.Background(), kg.SearchQuery{Text: text, Page: kg.Page{Limit: 20}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPaths(b *testing.B) {
	s := MustOpen(b)
	for name, q := range map[string]kg.PathsQuery{
		"explained-4": {MaxHops: 4, First: 3},
		"explained-6": {MaxHops: 6, First: 3},
		"anyLink-6":   {MaxHops: 6, First: 3, AnyLink: true},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Paths(context.Background(), "canada-border-services-agency", "fentanyl", q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFacts(b *testing.B) {
	s := MustOpen(b)
	for b.Loop() {
		if _, err := s.Facts(context.Background(), kg.FactQuery{About: []string{"opioids"}, IncludeNarrower: true, OrderBy: kg.OrderByValue, Page: kg.Page{Limit: 20}}); err != nil {
			b.Fatal(err)
		}
	}
}
