package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
)

// facts answers a facts query from the dataset directly, in id order.
func (x *expect) facts(q kg.FactQuery) []string {
	about := slices.Clone(q.About)
	if q.IncludeNarrower {
		for level, frontier := 0, about; level < kg.MaxNarrowerDepth && len(frontier) > 0; level++ {
			var next []string
			for _, r := range x.ds.Relationships {
				if slices.Contains(kg.NarrowerTypes, r.Type) && slices.Contains(frontier, r.To) && !slices.Contains(about, r.From) {
					about = append(about, r.From)
					next = append(next, r.From)
				}
			}
			frontier = next
		}
	}
	linked := func(id string, typ kg.RelationshipType, ids []string) bool {
		return len(ids) == 0 || slices.ContainsFunc(x.ds.Relationships, func(r kg.Relationship) bool {
			return r.From == id && r.Type == typ && slices.Contains(ids, r.To)
		})
	}
	var out []string
	for _, e := range x.ds.Entities {
		if e.Type == kg.Fact && (len(q.Units) == 0 || slices.Contains(q.Units, e.Unit)) && (len(q.Kinds) == 0 || slices.Contains(q.Kinds, e.Kind)) &&
			strings.Contains(e.Period, q.Period) &&
			linked(e.ID, "ABOUT", about) && linked(e.ID, "DISCUSSED_IN", q.Sessions) {
			out = append(out, e.ID)
		}
	}
	slices.Sort(out)
	return out
}

func testFacts(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	all := func(t *testing.T, q kg.FactQuery) ([]string, []kg.Entity) {
		t.Helper()
		var ents []kg.Entity
		ids := walk(t, 7, func(p kg.Page) ([]string, bool, error) {
			q.Page = p
			page, err := s.Facts(ctx, q)
			if err == nil && page.Total < len(page.Entities) {
				t.Errorf("total %d below a page of %d", page.Total, len(page.Entities))
			}
			ents = append(ents, page.Entities...)
			return entityIDs(page.Entities), page.HasMore, err
		})
		return ids, ents
	}
	queries := map[string]kg.FactQuery{
		"All":             {},
		"About":           {About: []string{"methamphetamine"}},
		"AboutNarrower":   {About: []string{"methamphetamine"}, IncludeNarrower: true},
		"OpioidsNarrower": {About: []string{"opioids", "hells-angels"}, IncludeNarrower: true},
		"Units":           {Units: []string{"kilograms", "percent"}},
		"Kinds":           {Kinds: []string{kg.KindAmount, kg.KindMoney}},
		"KindsAbout":      {About: []string{"methamphetamine"}, IncludeNarrower: true, Kinds: []string{kg.KindAmount, kg.KindShare, kg.KindCount}},
		"Session":         {Sessions: []string{"winnipeg-2019-plenary-4", "winnipeg-2019-plenary-1"}},
		"Period":          {Period: "2019"},
		"Everything":      {About: []string{"methamphetamine"}, IncludeNarrower: true, Units: []string{"percent", "kilograms"}, Period: "20"},
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			got, _ := all(t, q)
			slices.Sort(got)
			want := x.facts(q)
			if diff := cmp.Diff(want, got); diff != "" || name != "Everything" && len(want) == 0 {
				t.Errorf("facts %+v (-want +got):\n%s", q, diff)
			}
		})
	}
	t.Run("NarrowerAddsFigures", func(t *testing.T) {
		for _, id := range []string{"opioids", "methamphetamine", "illicit-drugs"} {
			plain := x.facts(kg.FactQuery{About: []string{id}})
			wide := x.facts(kg.FactQuery{About: []string{id}, IncludeNarrower: true})
			if len(wide) > len(plain) {
				return
			}
		}
		t.Error("no subject gains figures from its narrower classes: the test checks nothing")
	})
	t.Run("OrderByValueDescending", func(t *testing.T) {
		_, ents := all(t, kg.FactQuery{Units: []string{"percent"}, OrderBy: kg.OrderByValue, Descending: true})
		for i := 1; i < len(ents); i++ {
			if kg.CompareEntities(&ents[i-1], &ents[i], kg.OrderByValue, true) > 0 {
				t.Errorf("figures out of order at %d: %s (%v) then %s (%v)", i, ents[i-1].ID, ents[i-1].Value, ents[i].ID, ents[i].Value)
			}
		}
	})
	// Every figure quoted from a session's section is reachable from that session.
	t.Run("ReachableFromItsSession", func(t *testing.T) {
		for _, e := range x.ds.Entities {
			if e.Type != kg.Session {
				continue
			}
			got, _ := all(t, kg.FactQuery{Sessions: []string{e.ID}})
			for _, f := range x.ds.Entities {
				if f.Type != kg.Fact {
					continue
				}
				for _, ev := range f.Evidence {
					if strings.HasSuffix(e.ID, "-"+ev.Section) && !slices.Contains(got, f.ID) {
						t.Errorf("figure %s is quoted from %s but facts(sessions: [%s]) does not return it", f.ID, ev.Section, e.ID)
					}
				}
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, q := range []kg.FactQuery{
			{OrderBy: kg.OrderByNumber, Page: kg.Page{Limit: 1}},
			{Page: kg.Page{Limit: kg.MaxPageSize + 1}},
			{Period: strings.Repeat("x", 101), Page: kg.Page{Limit: 1}},
			{Kinds: []string{"weight"}, Page: kg.Page{Limit: 1}},
		} {
			if _, err := s.Facts(ctx, q); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("Facts(%+v): %v, want ErrInvalid", q, err)
			}
		}
	})
}
