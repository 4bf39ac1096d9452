// Package synth generates synthetic graphs with the shape of a real one, for measuring how the
// stores scale: the same proportions of entity types, the same relationship types between the
// same types of entity, a skewed degree distribution (a few hubs, many entities with one or two
// relationships), and names, aliases, descriptions and quotes of the real lengths, made of the
// real graph's words. Every graph is a function of its template, its size and its variant, the
// number that starts its random choices.
package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Degree is the mean number of relationships per entity of a generated graph.
const Degree = 5

// Generate returns n entities and about n*Degree/2 relationships shaped like the template's.
func Generate(template []kg.Entity, rels []kg.Relationship, n int, variant uint64) ([]kg.Entity, []kg.Relationship, error) {
	if len(template) == 0 || len(rels) == 0 {
		return nil, nil, fmt.Errorf("synth: empty template")
	}
	rng := rand.New(rand.NewPCG(variant, 0x5eed))
	g := &generator{rng: rng, byType: map[kg.EntityType][]int32{}}
	g.learn(template)

	entities := make([]kg.Entity, n)
	for i := range entities {
		t := template[rng.IntN(len(template))]
		e := kg.Entity{
			ID:       fmt.Sprintf("%s-%07d", strings.ToLower(string(t.Type)), i),
			Type:     t.Type,
			Category: t.Category,
			Name:     kg.Text{EN: g.text(len(t.Name.EN)), FR: g.text(len(t.Name.FR))},
			Aliases:  make([]string, len(t.Aliases)),
			Description: kg.Text{
				EN: g.text(len(t.Description.EN)), FR: g.text(len(t.Description.FR)),
			},
			Evidence:  g.evidence(t.Evidence),
			Role:      kg.Text{EN: g.text(len(t.Role.EN)), FR: g.text(len(t.Role.FR))},
			Number:    t.Number,
			StartDate: t.StartDate, EndDate: t.EndDate,
			Value: t.Value, ValueText: t.ValueText, Unit: t.Unit, Period: t.Period,
			Statement: kg.Text{EN: g.text(len(t.Statement.EN)), FR: g.text(len(t.Statement.FR))},
		}
		for j, a := range t.Aliases {
			e.Aliases[j] = g.text(len(a))
		}
		entities[i] = e
		g.byType[e.Type] = append(g.byType[e.Type], int32(i))
	}

	// Relationship types as the template has them, between the types it has them between.
	var kinds []kind
	types := map[string]kg.EntityType{}
	for _, e := range template {
		types[e.ID] = e.Type
	}
	for _, r := range rels {
		k := kind{string(r.Type), types[r.From], types[r.To], len(r.Evidence)}
		if len(g.byType[k.from]) > 0 && len(g.byType[k.to]) > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return nil, nil, fmt.Errorf("synth: %d entities hold none of the template's relationship kinds", n)
	}
	type key struct {
		kind     string
		from, to int32
	}
	seen := map[key]bool{}
	want := n * Degree / 2
	out := make([]kg.Relationship, 0, want)
	for tries := 0; len(out) < want && tries < 4*want; tries++ {
		k := kinds[rng.IntN(len(kinds))]
		from, to := g.pick(k.from), g.pick(k.to)
		if from == to || seen[key{k.name, from, to}] {
			continue
		}
		seen[key{k.name, from, to}] = true
		ev := make([]kg.Evidence, max(k.evidence, 1))
		for j := range ev {
			ev[j] = kg.Evidence{Document: "synthetic", Section: "s", Quote: g.text(g.quoteLen())}
		}
		out = append(out, kg.Relationship{Type: kg.RelationshipType(k.name), From: entities[from].ID, To: entities[to].ID, Evidence: ev})
	}
	return entities, out, nil
}

type kind struct {
	name     string
	from, to kg.EntityType
	evidence int
}

type generator struct {
	rng    *rand.Rand
	words  []string
	quotes []int // lengths of the template's quotes
	byType map[kg.EntityType][]int32
}

// learn takes the words and quote lengths of the template.
func (g *generator) learn(template []kg.Entity) {
	seen := map[string]bool{}
	for _, e := range template {
		for _, s := range []string{e.Name.EN, e.Name.FR, e.Description.EN, e.Description.FR} {
			for _, w := range strings.Fields(s) {
				if !seen[w] {
					seen[w] = true
					g.words = append(g.words, w)
				}
			}
		}
		for _, ev := range e.Evidence {
			g.quotes = append(g.quotes, len(ev.Quote))
		}
	}
	slices.Sort(g.words)
	if len(g.quotes) == 0 {
		g.quotes = []int{120}
	}
}

// text returns about n bytes of the template's words, numbered so that texts differ.
func (g *generator) text(n int) string {
	if n == 0 {
		return ""
	}
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.words[g.rng.IntN(len(g.words))])
	}
	fmt.Fprintf(&b, " %d", g.rng.IntN(1000))
	return b.String()
}

func (g *generator) quoteLen() int { return g.quotes[g.rng.IntN(len(g.quotes))] }

func (g *generator) evidence(tmpl []kg.Evidence) []kg.Evidence {
	out := make([]kg.Evidence, len(tmpl))
	for i, ev := range tmpl {
		out[i] = kg.Evidence{Document: "synthetic", Section: ev.Section, Quote: g.text(len(ev.Quote))}
	}
	return out
}

// pick returns an entity of type t, skewed towards the first ones of the type, which become
// hubs as in the real graph.
func (g *generator) pick(t kg.EntityType) int32 {
	list := g.byType[t]
	u := g.rng.Float64()
	return list[int(u*u*u*float64(len(list)))]
}
