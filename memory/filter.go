package memory

import (
	"slices"

	"github.com/drugwatch/roundtable-kg/kg"
)

// filterEval evaluates a kg.Filter over the store's entities, by position. A nested filter (the
// other end of a relationship filter) is evaluated at most once per entity: its answers are kept,
// so a filter costs at most its clauses times the entities and relationships of the graph, however
// many relationships lead to one entity.
type filterEval struct {
	s    *Store
	memo map[*kg.Filter][]int8 // per nested filter, per entity: 0 unknown, 1 holds, 2 does not
	// countries holds the countries of each entity whose countries were asked, by position.
	countries map[int32][]string
}

// newFilter returns a function that reports whether the entity at a position holds for f; nil f
// holds for every entity.
func (s *Store) newFilter(f *kg.Filter) func(i int32) bool {
	if f == nil {
		return func(int32) bool { return true }
	}
	ev := &filterEval{s: s, memo: map[*kg.Filter][]int8{}, countries: map[int32][]string{}}
	return func(i int32) bool { return ev.holds(f, i) }
}

func (ev *filterEval) holds(f *kg.Filter, i int32) bool {
	e := &ev.s.entities[i]
	for _, c := range f.Fields {
		if !ev.field(c, e, i) {
			return false
		}
	}
	for _, r := range f.Rels {
		matched, total := ev.count(r.RelMatch, i)
		if !r.Quantifier.Holds(matched, total) {
			return false
		}
	}
	for _, c := range f.Counts {
		matched, _ := ev.count(c.RelMatch, i)
		if !c.MatchCount(matched) {
			return false
		}
	}
	for k := range f.And {
		if !ev.holds(&f.And[k], i) {
			return false
		}
	}
	if len(f.Or) > 0 && !slices.ContainsFunc(f.Or, func(g kg.Filter) bool { return ev.holds(&g, i) }) {
		return false
	}
	if f.Not != nil && ev.holds(f.Not, i) {
		return false
	}
	return true
}

// nested reports whether the entity at i holds for the nested filter f, remembering the answer.
func (ev *filterEval) nested(f *kg.Filter, i int32) bool {
	m := ev.memo[f]
	if m == nil {
		m = make([]int8, len(ev.s.entities))
		ev.memo[f] = m
	}
	if m[i] == 0 {
		m[i] = 2
		if ev.holds(f, i) {
			m[i] = 1
		}
	}
	return m[i] == 1
}

// count returns the relationships of the entity at i that m selects by type, direction and
// evidence (total), and those of them whose other end m.Where accepts (matched).
func (ev *filterEval) count(m kg.RelMatch, i int32) (matched, total int) {
	for _, a := range ev.s.adj[i] {
		r := &ev.s.rels[a.rel]
		if m.Direction == kg.Outgoing && !a.outgoing || m.Direction == kg.Incoming && a.outgoing {
			continue
		}
		if len(m.Types) > 0 && !slices.Contains(m.Types, r.Type) || !kg.HasEvidence(r.Evidence, m.Evidence) {
			continue
		}
		total++
		if m.Where == nil || ev.nested(m.Where, a.other) {
			matched++
		}
	}
	return matched, total
}

func (ev *filterEval) field(c kg.FieldFilter, e *kg.Entity, i int32) bool {
	if c.Field.IsNumber() {
		v, ok := kg.FilterNumber(e, c.Field)
		return ok && kg.MatchNumber(c.Op, v, c.Numbers)
	}
	values := c.Folded()
	texts := kg.FilterText(e, c.Field)
	if c.Field == kg.FieldCountry {
		texts = ev.countryOf(i)
	}
	return slices.ContainsFunc(texts, func(v string) bool { return kg.MatchText(c.Op, v, values) })
}

// countryOf returns the ids of the countries of the entity at i: the places of category
// "country" among itself and the entities it reaches by LOCATED_IN within kg.MaxCountryHops.
func (ev *filterEval) countryOf(i int32) []string {
	if c, ok := ev.countries[i]; ok {
		return c
	}
	var out []string
	seen := map[int32]bool{i: true}
	frontier := []int32{i}
	for hop := 0; len(frontier) > 0; hop++ {
		var next []int32
		for _, j := range frontier {
			if e := &ev.s.entities[j]; e.Type == kg.Place && e.Category == "country" {
				out = append(out, e.ID)
			}
			if hop == kg.MaxCountryHops {
				continue
			}
			for _, a := range ev.s.adj[j] {
				if a.outgoing && ev.s.rels[a.rel].Type == "LOCATED_IN" && !seen[a.other] {
					seen[a.other] = true
					next = append(next, a.other)
				}
			}
		}
		frontier = next
	}
	ev.countries[i] = out
	return out
}
