package neo4j_test

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/seed"
)

// graphDB answers the store's statements over the seed dataset the way Neo4j would answer them
// on a database loaded by the seed scripts: nodes carry seed.NodeProperties, relationships
// seed.RelationshipProperties. It emulates each statement of this package by what its Cypher
// says, so that the whole store (parameters, columns, decoding, paging, walks) runs through the
// real driver and the real Bolt protocol. It cannot tell whether Neo4j reads the Cypher the same
// way: the Neo4j leg of TestContract (NEO4J_URI) and the Cypher linter check that.
type graphDB struct {
	ds    *seed.Dataset
	byID  map[string]kg.Entity
	num   map[string]int64 // node number per entity id
	adj   map[string][]half
	nodes map[string]boltNode
	rels  []boltRel

	mu         sync.Mutex
	writes     int   // data and schema statements received
	missingRel int64 // relationships the seed check reports missing
}

// half is a relationship seen from one of its ends.
type half struct {
	rel      int // index in ds.Relationships
	other    string
	outgoing bool
}

func newGraphDB(t testing.TB) *graphDB {
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	g := &graphDB{ds: ds, byID: map[string]kg.Entity{}, num: map[string]int64{}, adj: map[string][]half{}, nodes: map[string]boltNode{}}
	for i, e := range ds.Entities {
		g.byID[e.ID] = e
		g.num[e.ID] = int64(i)
		props := map[string]any{}
		for _, p := range seed.NodeProperties(e) {
			props[p.Key] = p.Value
		}
		g.nodes[e.ID] = boltNode{id: int64(i), labels: []string{"Entity", string(e.Type)}, props: props}
	}
	for i, r := range ds.Relationships {
		props := map[string]any{}
		for _, p := range seed.RelationshipProperties(r) {
			props[p.Key] = p.Value
		}
		g.rels = append(g.rels, boltRel{id: int64(i), start: g.num[r.From], end: g.num[r.To], typ: r.Type, props: props})
		g.adj[r.From] = append(g.adj[r.From], half{i, r.To, true})
		g.adj[r.To] = append(g.adj[r.To], half{i, r.From, false})
	}
	// The order of ORDER BY type(r), m.id, outgoing DESC.
	for id, list := range g.adj {
		slices.SortFunc(list, func(a, b half) int {
			return cmp.Or(
				cmp.Compare(ds.Relationships[a.rel].Type, ds.Relationships[b.rel].Type),
				cmp.Compare(a.other, b.other),
				-cmpBool(a.outgoing, b.outgoing),
			)
		})
		g.adj[id] = list
	}
	return g
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func strList(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// in reports whether v is in list, or list is empty: the filters size($x) = 0 OR v IN $x.
func in(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }

// slice is Cypher's list[from..to].
func slice[T any](list []T, from, to int64) []T {
	n := int64(len(list))
	from, to = min(max(from, 0), n), min(max(to, 0), n)
	if from >= to {
		return nil
	}
	return list[from:to]
}

func (g *graphDB) relEntry(h half) map[string]any {
	r := g.ds.Relationships[h.rel]
	return map[string]any{"rel": g.rels[h.rel], "from": r.From, "to": r.To}
}

func (g *graphDB) answer(query string, p map[string]any) reply {
	switch {
	case strings.HasPrefix(query, "RETURN 1 AS ok"):
		return reply{fields: []string{"ok"}, rows: [][]any{{int64(1)}}}

	case strings.Contains(query, "COUNT { MATCH (:Entity) }"): // seed-check.cypher
		g.mu.Lock()
		missing := g.missingRel
		g.mu.Unlock()
		n, m := int64(len(g.ds.Entities)), int64(len(g.ds.Relationships))
		return reply{
			fields: []string{"version", "wantEntities", "wantRelationships", "entities", "relationships"},
			rows:   [][]any{{g.ds.Version, n, m, n, m - missing}},
		}

	case strings.Contains(query, "RETURN m.dataVersion AS version"):
		return reply{fields: []string{"version"}, rows: [][]any{{g.ds.Version}}}

	case strings.Contains(query, "DETACH DELETE n\nRETURN count(*) AS deleted"): // reset.cypher
		return reply{fields: []string{"deleted"}, rows: [][]any{{int64(0)}}, stats: map[string]any{}}

	case strings.HasPrefix(query, "UNWIND $ids AS id\nMATCH (n:Entity {id: id})\nRETURN n"):
		var rows [][]any
		for _, id := range strList(p["ids"]) {
			if n, ok := g.nodes[id]; ok {
				rows = append(rows, []any{n})
			}
		}
		return reply{fields: []string{"n"}, rows: rows}

	case strings.Contains(query, "SKIP $offset"), strings.Contains(query, "RETURN count(n) AS total"):
		types, cats := strList(p["types"]), strList(p["categories"])
		var list []kg.Entity
		for _, e := range g.ds.Entities {
			if in(types, string(e.Type)) && in(cats, e.Category) {
				list = append(list, e)
			}
		}
		if strings.Contains(query, "RETURN count(n) AS total") {
			return reply{fields: []string{"total"}, rows: [][]any{{int64(len(list))}}}
		}
		order, desc := p["orderBy"].(string), p["descending"].(bool)
		slices.SortFunc(list, func(a, b kg.Entity) int {
			var c int
			switch order {
			case "nameEn":
				c = cmp.Compare(kg.SortKey(&a, kg.EN), kg.SortKey(&b, kg.EN))
			case "nameFr":
				c = cmp.Compare(kg.SortKey(&a, kg.FR), kg.SortKey(&b, kg.FR))
			case "number":
				c = cmp.Compare(a.Number, b.Number)
			case "value":
				c = cmp.Compare(a.Value, b.Value)
			case "degree":
				c = cmp.Compare(len(g.adj[a.ID]), len(g.adj[b.ID]))
			}
			if desc {
				c = -c
			}
			return cmp.Or(c, cmp.Compare(a.ID, b.ID))
		})
		offset, limit := p["offset"].(int64), p["limit"].(int64)
		var rows [][]any
		for _, e := range slice(list, offset, offset+limit) {
			rows = append(rows, []any{g.nodes[e.ID]})
		}
		return reply{fields: []string{"n"}, rows: rows}

	case strings.Contains(query, "rels[$offset..$offset + $limit] AS page"):
		types, others, dir := strList(p["types"]), strList(p["otherTypes"]), p["direction"].(string)
		offset, limit := p["offset"].(int64), p["limit"].(int64)
		var rows [][]any
		ids := strList(p["ids"])
		slices.Sort(ids)
		for _, id := range ids {
			var list []any
			for _, h := range g.adj[id] {
				r := g.ds.Relationships[h.rel]
				if in(types, r.Type) && in(others, string(g.byID[h.other].Type)) &&
					(dir == "BOTH" || dir == "OUTGOING" && h.outgoing || dir == "INCOMING" && !h.outgoing) {
					list = append(list, g.relEntry(h))
				}
			}
			if len(list) > 0 {
				rows = append(rows, []any{id, int64(len(list)), slice(list, offset, offset+limit)})
			}
		}
		return reply{fields: []string{"id", "total", "page"}, rows: rows}

	case strings.Contains(query, "db.index.fulltext.queryNodes"):
		types := strList(p["types"])
		var terms []string
		for _, t := range strings.Fields(p["query"].(string)) {
			terms = append(terms, strings.TrimSuffix(strings.TrimPrefix(t, "searchText:"), "*"))
		}
		var rows [][]any
		for _, e := range g.ds.Entities {
			if in(types, string(e.Type)) && matchesAny(strings.Fields(seed.SearchText(e)), terms) {
				rows = append(rows, []any{g.nodes[e.ID]})
			}
		}
		return reply{fields: []string{"node"}, rows: rows}

	case strings.Contains(query, "MATCH (node:Entity)"): // search-all.cypher
		types := strList(p["types"])
		var rows [][]any
		for _, e := range g.ds.Entities {
			if in(types, string(e.Type)) {
				rows = append(rows, []any{g.nodes[e.ID]})
			}
		}
		return reply{fields: []string{"node"}, rows: rows}

	case strings.Contains(query, "endNode(r).id AS to, m"): // neighbors.cypher
		types := strList(p["types"])
		ids := strList(p["ids"])
		slices.Sort(ids)
		var rows [][]any
		for _, id := range ids {
			for _, h := range g.adj[id] {
				r := g.ds.Relationships[h.rel]
				if in(types, r.Type) {
					rows = append(rows, []any{id, g.rels[h.rel], r.From, r.To, g.nodes[h.other]})
				}
			}
		}
		return reply{fields: []string{"id", "r", "from", "to", "m"}, rows: rows}

	case strings.Contains(query, "allShortestPaths"):
		from, to, maxHops := p["from"].(string), p["to"].(string), p["maxHops"].(int64)
		types := strList(p["types"])
		_, fromFound := g.byID[from]
		_, toFound := g.byID[to]
		var path any
		if fromFound && toFound {
			if steps := g.shortestPath(from, to, types); steps != nil && int64(len(steps)) <= maxHops {
				bp := boltPath{nodes: []boltNode{g.nodes[from]}}
				for _, h := range steps {
					bp.nodes = append(bp.nodes, g.nodes[h.other])
					bp.rels = append(bp.rels, g.rels[h.rel])
				}
				path = bp
			}
		}
		return reply{fields: []string{"fromFound", "toFound", "path"}, rows: [][]any{{fromFound, toFound, path}}}

	case strings.Contains(query, "RETURN size(facts) AS total"): // facts.cypher
		about, units, sessions := strList(p["about"]), strList(p["units"]), strList(p["sessions"])
		period := p["period"].(string)
		linked := func(e kg.Entity, typ string, ids []string) bool {
			if len(ids) == 0 {
				return true
			}
			for _, h := range g.adj[e.ID] {
				r := g.ds.Relationships[h.rel]
				if h.outgoing && r.Type == typ && slices.Contains(ids, r.To) {
					return true
				}
			}
			return false
		}
		var list []kg.Entity
		for _, e := range g.ds.Entities {
			if e.Type == kg.Fact && in(units, e.Unit) && strings.Contains(e.Period, period) &&
				linked(e, "ABOUT", about) && linked(e, "DISCUSSED_IN", sessions) {
				list = append(list, e)
			}
		}
		field := kg.OrderField(p["orderBy"].(string))
		slices.SortFunc(list, func(a, b kg.Entity) int { return kg.CompareEntities(&a, &b, field, p["descending"].(bool)) })
		var page []any
		for _, e := range slice(list, p["offset"].(int64), p["offset"].(int64)+p["limit"].(int64)) {
			page = append(page, g.nodes[e.ID])
		}
		return reply{fields: []string{"total", "page"}, rows: [][]any{{int64(len(list)), page}}}

	case strings.Contains(query, "startNode(r) = n AS outgoing, count(r) AS count"): // relationship-counts.cypher
		type key struct {
			id, typ string
			out     bool
		}
		counts := map[key]int64{}
		var keys []key
		for _, id := range strList(p["ids"]) {
			for _, h := range g.adj[id] {
				k := key{id, g.ds.Relationships[h.rel].Type, h.outgoing}
				if counts[k] == 0 {
					keys = append(keys, k)
				}
				counts[k]++
			}
		}
		var rows [][]any
		for _, k := range keys {
			rows = append(rows, []any{k.id, k.typ, k.out, counts[k]})
		}
		return reply{fields: []string{"id", "type", "outgoing", "count"}, rows: rows}

	case strings.Contains(query, "coalesce(n.category, '') AS category, count(n) AS count"): // facets.cypher
		counts := map[[2]string]int64{}
		for _, e := range g.ds.Entities {
			counts[[2]string{string(e.Type), e.Category}]++
		}
		var rows [][]any
		for k, n := range counts {
			rows = append(rows, []any{k[0], k[1], n})
		}
		return reply{fields: []string{"type", "category", "count"}, rows: rows}

	case strings.Contains(query, "UNION ALL"): // stats.cypher
		var rows [][]any
		ents, ev := map[string]int64{}, map[string]int64{}
		for _, e := range g.ds.Entities {
			ents[string(e.Type)]++
			ev[string(e.Type)] += int64(len(e.Evidence))
		}
		for t, n := range ents {
			rows = append(rows, []any{"entity", t, n, ev[t]})
		}
		rels, rev := map[string]int64{}, map[string]int64{}
		for _, r := range g.ds.Relationships {
			rels[r.Type]++
			rev[r.Type] += int64(len(r.Evidence))
		}
		for t, n := range rels {
			rows = append(rows, []any{"relationship", t, n, rev[t]})
		}
		return reply{fields: []string{"kind", "name", "count", "evidence"}, rows: rows}

	case strings.HasPrefix(query, "MERGE "), strings.HasPrefix(query, "MATCH "), strings.HasPrefix(query, "CREATE "), strings.HasPrefix(query, "CALL db.awaitIndexes"):
		// A statement of the seed scripts.
		g.mu.Lock()
		g.writes++
		g.mu.Unlock()
		stats := map[string]any{}
		switch {
		case strings.HasPrefix(query, "MERGE (n:Entity"):
			stats = map[string]any{"nodes-created": int64(1), "labels-added": int64(2), "properties-set": int64(10)}
		case strings.Contains(query, "MERGE (a)-["):
			stats = map[string]any{"relationships-created": int64(1), "properties-set": int64(3)}
		case strings.HasPrefix(query, "CREATE CONSTRAINT"):
			stats = map[string]any{"constraints-added": int64(1)}
		case strings.HasPrefix(query, "CREATE "):
			stats = map[string]any{"indexes-added": int64(1)}
		}
		return reply{stats: stats}
	}
	return reply{fields: []string{"unknown statement"}, rows: [][]any{{query}}}
}

// matchesAny reports whether an indexed token starts with one of the prefixes: the full-text
// query's terms, any of which may match.
func matchesAny(tokens, prefixes []string) bool {
	for _, p := range prefixes {
		for _, t := range tokens {
			if !slices.Contains(englishStopWords, t) && strings.HasPrefix(t, p) {
				return true
			}
		}
	}
	return false
}

// englishStopWords is what the 'standard-folding' analyzer leaves out of the index.
var englishStopWords = []string{
	"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
	"no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
	"they", "this", "to", "was", "will", "with",
}

// shortestPath returns the steps of the path that shortest-path.cypher keeps: among all the
// shortest paths of at most 6 hops, the smallest sequence of (type, next id, incoming); nil if
// there is none. Only relationships of types are followed, when types is not empty.
func (g *graphDB) shortestPath(from, to string, types []string) []half {
	follow := func(h half) bool {
		return len(types) == 0 || slices.Contains(types, g.ds.Relationships[h.rel].Type)
	}
	dist := func(src string) map[string]int {
		d := map[string]int{src: 0}
		for frontier := []string{src}; len(frontier) > 0; {
			var next []string
			for _, id := range frontier {
				for _, h := range g.adj[id] {
					if _, ok := d[h.other]; !ok && follow(h) {
						d[h.other] = d[id] + 1
						next = append(next, h.other)
					}
				}
			}
			frontier = next
		}
		return d
	}
	df, dt := dist(from), dist(to)
	total, ok := df[to]
	if !ok || total > kg.MaxHops {
		return nil
	}
	key := func(steps []half) []step {
		out := make([]step, len(steps))
		for i, h := range steps {
			out[i] = step{g.ds.Relationships[h.rel].Type, h.other, !h.outgoing}
		}
		return out
	}
	var best []half
	var walk func(at string, steps []half)
	walk = func(at string, steps []half) {
		if at == to {
			if best == nil || compareSteps(key(steps), key(best)) < 0 {
				best = slices.Clone(steps)
			}
			return
		}
		for _, h := range g.adj[at] {
			if follow(h) && df[h.other] == df[at]+1 && dt[h.other] == total-df[h.other] {
				walk(h.other, append(steps, h))
			}
		}
	}
	walk(from, nil)
	return best
}
