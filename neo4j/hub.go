package neo4j

import (
	"fmt"
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// HubDegree is the least number of relationships above which the neighbourhood walk takes an
// entity of its frontier for a hub and walks the level by the hub path (hubLevel) instead of
// expanding the frontier in one statement (neighbor-level.cypher); hubThreshold raises it with
// the walk's limit. The seed graph's largest degree (55) is far below it, so its walks never take
// the hub path.
const HubDegree = 1000

// hubPerEntity is, per entity of a walk's limit, how many relationships an entity needs for the
// hub path to pay. Expanding an entity reads about six database hits a relationship; the hub path
// about twenty for each entity it keeps, and its hops, read from each kept entity's side, up to
// that entity's degree, plus three statements or more: measured on synthetic graphs, it read more
// than expanding at hubs of 1,000 to 5,600 relationships with a limit of 200, and a 28th of
// it at 20,000.
const hubPerEntity = 30

// hubThreshold returns the number of relationships above which a level of a walk takes an entity
// for a hub: HubDegree, or more for a larger limit (the kept entities and the room left).
func (s *Store) hubThreshold(l kg.Level[string]) int {
	return max(s.hubDegree, s.hubPerEntity*(len(l.Kept)+l.Room))
}

// hubScanStart is the least window of a walk of an id index for a hub's neighbours (firstOfType).
const hubScanStart = 64

// The hub path's statements, written out for each type of the vocabulary from the constant
// lists of package kg (never from a request: a request only selects an entry, by a type checked
// against the vocabulary): Neo4j reads one type's relationships of a dense node, or counts them
// in O(1), only when the type is written in the pattern.
var (
	stmtHubDegrees = hubDegrees(load("hub-degrees.cypher"))
	stmtHubHops    = load("hub-hops.cypher")
	// stmtHubExpand holds a statement per relationship type.
	stmtHubExpand = byType(load("hub-expand.cypher"))
	// stmtHubScan holds, per relationship type, a statement per label that may be at the other
	// end of it ("Entity" for any).
	stmtHubScan = scansByType(load("hub-scan.cypher"))
)

// replaceOnce returns st with old written as new, named name; old must occur exactly once.
func replaceOnce(st statement, name, old, new string) statement {
	if strings.Count(st.text, old) != 1 {
		panic(fmt.Sprintf("neo4j: %s must hold %s once", st.name, old))
	}
	return newStatement(name, strings.Replace(st.text, old, new, 1))
}

// hubDegrees writes out the lists of hub-degrees.cypher: a count of each entity type (Entity
// first) and a count of the relationships of each type of the vocabulary, in kg.RelTypeNames'
// order.
func hubDegrees(st statement) statement {
	counts := []string{"COUNT { (:Entity) }"}
	for _, t := range kg.EntityTypes {
		counts = append(counts, fmt.Sprintf("COUNT { (:%s) }", t))
	}
	var degrees []string
	for _, t := range kg.RelTypeNames() {
		degrees = append(degrees, fmt.Sprintf("COUNT { (h)-[:%s]-() }", t))
	}
	st = replaceOnce(st, st.name, "[COUNT { (:Entity) }]", "["+strings.Join(counts, ", ")+"]")
	return replaceOnce(st, st.name, "[COUNT { (h)-[:PART_OF]-() }]", "["+strings.Join(degrees, ", ")+"]")
}

// byType returns st, written for PART_OF, with its relationship type written as each type of
// the vocabulary instead.
func byType(st statement) map[kg.RelationshipType]statement {
	out := map[kg.RelationshipType]statement{}
	for _, t := range kg.RelTypeNames() {
		out[t] = replaceOnce(st, fmt.Sprintf("%s (%s)", st.name, t), "[:PART_OF]", fmt.Sprintf("[:%s]", t))
	}
	return out
}

// scansByType returns hub-scan.cypher for each relationship type of the vocabulary and each label
// that may be at the other end of it, and Entity.
func scansByType(st statement) map[kg.RelationshipType]map[string]statement {
	out := map[kg.RelationshipType]map[string]statement{}
	for _, rt := range kg.Vocabulary {
		typed := replaceOnce(st, st.name, "[:PART_OF]", fmt.Sprintf("[:%s]", rt.Name))
		out[rt.Name] = map[string]statement{}
		for _, label := range scanLabels(rt) {
			name := fmt.Sprintf("%s (%s, %s)", st.name, rt.Name, label)
			out[rt.Name][label] = replaceOnce(typed, name, "(m:Entity)", fmt.Sprintf("(m:%s)", label))
		}
	}
	return out
}

// scanLabels returns Entity and the entity types at either end of rt.
func scanLabels(rt kg.RelType) []string {
	out := []string{"Entity"}
	for _, t := range kg.EntityTypes {
		if slices.Contains(rt.From, t) || slices.Contains(rt.To, t) {
			out = append(out, string(t))
		}
	}
	return out
}

// otherLabel returns the label to walk for the neighbours of an entity of type hub by
// relationships of rt: the one entity type the vocabulary allows at the other end, or Entity
// when it allows several. The answer relies on the graph obeying the vocabulary, as the seed
// checks (kg.RelType.Allows).
func otherLabel(rt kg.RelType, hub kg.EntityType) string {
	var others []kg.EntityType
	add := func(types []kg.EntityType) {
		for _, t := range types {
			if !slices.Contains(others, t) {
				others = append(others, t)
			}
		}
	}
	if slices.Contains(rt.From, hub) {
		add(rt.To)
	}
	if slices.Contains(rt.To, hub) {
		add(rt.From)
	}
	if len(others) == 1 {
		return string(others[0])
	}
	return "Entity"
}

// hubStatements returns every statement of the hub path.
func hubStatements() []statement {
	out := []statement{stmtHubDegrees, stmtHubHops}
	for _, t := range kg.RelTypeNames() {
		out = append(out, stmtHubExpand[t])
		for _, label := range scanLabels(mustRelType(t)) {
			out = append(out, stmtHubScan[t][label])
		}
	}
	return out
}

func mustRelType(t kg.RelationshipType) kg.RelType {
	rt, ok := kg.LookupRelType(t)
	if !ok {
		panic(fmt.Sprintf("neo4j: internal error: relationship type %q is not in the vocabulary", t))
	}
	return rt
}

// hubWalk is one level of a neighbourhood walk whose frontier holds a hub, walked frontier entity
// after frontier entity: what it has met so far.
type hubWalk struct {
	run   runFunc
	l     kg.Level[string]
	light lightReads
	hubs  map[string]bool
	// hubDegree is the degree above which the level takes an entity for a hub (hubThreshold).
	hubDegree int
	// seen holds the ids kept before the level and those met since, in order; room is how many
	// more the level may keep.
	seen []string
	room int
	lv   level
}

// hubLevel reads one level of a walk whose frontier holds the hubs of hubs, in the frontier's
// order, with the same answer as neighbor-level.cypher: each run of entities that are not hubs
// in one statement of neighbor-level.cypher (their relationships are few), each hub h by the hub
// path, which never expands h whole:
//
//   - hub-degrees.cypher reads h's number of relationships of each type (O(1) each);
//   - for each type in adjacency order, while room is left (and one more entity, to learn
//     whether some entity is left out), firstOfType finds h's first neighbours by that type not
//     met yet, in id order;
//   - hub-hops.cypher reads h's relationships to the kept and met entities from their side.
func hubLevel(run runFunc, l kg.Level[string], light lightReads, hubs []string, hubDegree int) (level, error) {
	w := hubWalk{
		run: run, l: l, light: light, hubs: map[string]bool{}, hubDegree: hubDegree,
		seen: slices.Clone(l.Kept), room: l.Room,
		lv: level{hops: map[string][]neighborID{}},
	}
	for _, h := range hubs {
		w.hubs[h] = true
	}
	for i := 0; i < len(l.Frontier); {
		if w.hubs[l.Frontier[i]] {
			if err := w.hub(l.Frontier[i]); err != nil {
				return level{}, err
			}
			i++
			continue
		}
		j := i + 1
		for j < len(l.Frontier) && !w.hubs[l.Frontier[j]] {
			j++
		}
		if err := w.plain(l.Frontier[i:j]); err != nil {
			return level{}, err
		}
		i = j
	}
	return w.lv, nil
}

// plain walks entities that are not hubs with neighbor-level.cypher.
func (w *hubWalk) plain(ids []string) error {
	sub := w.l
	sub.Frontier, sub.Kept, sub.Room = ids, w.seen, w.room
	lv, hubs, err := neighborLevel(w.run, "", sub, w.light, w.hubDegree)
	if err != nil {
		return err
	}
	if len(hubs) > 0 {
		return decodeErr("neighborhood level", "hubs %v where none were", hubs)
	}
	w.met(lv.new, lv.more)
	for id, hops := range lv.hops {
		w.lv.hops[id] = hops
	}
	return nil
}

// met records the new entities of part of the level.
func (w *hubWalk) met(news []kg.Entity, more bool) {
	for _, e := range news {
		w.seen = append(w.seen, e.ID)
	}
	w.lv.new = append(w.lv.new, news...)
	w.room -= len(news)
	w.lv.more = w.lv.more || more
}

// hub walks one hub.
func (w *hubWalk) hub(h string) error {
	// One entity beyond the room says that some entity is left out, unless that is known.
	need := w.room + 1
	if w.lv.more {
		need = w.room
	}
	var found []string
	if need > 0 {
		var err error
		if found, err = w.firstNeighbors(h, need); err != nil {
			return err
		}
	}
	more := len(found) > w.room
	found = found[:min(len(found), w.room)]
	targets := append(slices.Clone(w.seen), found...)
	rec, err := w.run.one("hub hops", stmtHubHops, map[string]any{
		"id": h, "targets": targets, "new": found, "types": kg.RelationshipTypeNames(w.l.Types),
		"lightNodes": w.light.nodes, "lightRels": w.light.rels,
	})
	if err != nil {
		return err
	}
	hops, err := hopsColumn(rec)
	if err != nil {
		return err
	}
	w.lv.hops[h] = hops[h]
	nodes, err := value[[]any](rec, "new")
	if err != nil {
		return err
	}
	byID := map[string]kg.Entity{}
	for _, raw := range nodes {
		e, err := nodeOrProps("column new", raw)
		if err != nil {
			return err
		}
		byID[e.ID] = e
	}
	news := make([]kg.Entity, len(found))
	for i, id := range found {
		e, ok := byID[id]
		if !ok {
			return decodeErr("hub hops", "new entity %q not read", id)
		}
		news[i] = e
	}
	w.met(news, more)
	return nil
}

// firstNeighbors returns the first need entities not seen yet among h's neighbours, in adjacency
// order (type, then id), fewer when h has fewer.
func (w *hubWalk) firstNeighbors(h string, need int) ([]string, error) {
	rec, err := w.run.one("hub degrees", stmtHubDegrees, map[string]any{"id": h})
	if err != nil {
		return nil, err
	}
	hubType, err := value[string](rec, "type")
	if err != nil {
		return nil, err
	}
	counts, err := value[[]any](rec, "counts")
	if err != nil {
		return nil, err
	}
	degrees, err := value[[]any](rec, "degrees")
	if err != nil {
		return nil, err
	}
	names := kg.RelTypeNames()
	if len(counts) != len(kg.EntityTypes)+1 || len(degrees) != len(names) {
		return nil, decodeErr("hub degrees", "%d counts and %d degrees, want %d and %d", len(counts), len(degrees), len(kg.EntityTypes)+1, len(names))
	}
	count := map[string]int{}
	for i, label := range append([]string{"Entity"}, typeNames(kg.EntityTypes)...) {
		n, ok := counts[i].(int64)
		if !ok {
			return nil, decodeErr("hub degrees", "count %T", counts[i])
		}
		count[label] = int(n)
	}
	degree := map[kg.RelationshipType]int{}
	for i, t := range names {
		d, ok := degrees[i].(int64)
		if !ok {
			return nil, decodeErr("hub degrees", "degree %T", degrees[i])
		}
		degree[t] = int(d)
	}
	// Adjacency order compares types by name (kg.CompareAdjacent).
	slices.Sort(names)
	var found []string
	for _, t := range names {
		if degree[t] == 0 || (len(w.l.Types) > 0 && !slices.Contains(w.l.Types, t)) {
			continue
		}
		label := otherLabel(mustRelType(t), kg.EntityType(hubType))
		ids, err := w.firstOfType(h, t, degree[t], label, count[label], need-len(found), append(slices.Clone(w.seen), found...))
		if err != nil {
			return nil, err
		}
		found = append(found, ids...)
		if len(found) == need {
			break
		}
	}
	return found, nil
}

// firstOfType returns the first k entities by id, not in excluded, among the neighbours of h by
// relationships of type t, of which h has degree; the entities at their other end are of label,
// of which there are n. It expands that type's relationships of h (a group of its own in a
// dense node) when that costs no more than finding them in label's id index: about k·n/degree
// entries, for neighbours spread evenly, so when degree² ≤ 2·k·n. Otherwise it walks the index
// in order, in windows that double from that estimate (the neighbours may be bunched far in the
// index), each entry checked from its own side; once it has walked as many entries as h has
// relationships of the type without finding k, it expands the type after all for the rest.
// Either way it reads at most about twice what expanding the type reads.
func (w *hubWalk) firstOfType(h string, t kg.RelationshipType, degree int, label string, n, k int, excluded []string) ([]string, error) {
	if degree*degree <= 2*k*n {
		return w.expand(h, t, "", k, excluded)
	}
	var found []string
	after, walked := "", 0
	window := max(hubScanStart, 2*k*n/degree)
	for {
		window = min(window, degree-walked)
		rec, err := w.run.one("hub scan", stmtHubScan[t][label], map[string]any{
			"id": h, "after": after, "window": int64(window), "excluded": append(slices.Clone(excluded), found...),
		})
		if err != nil {
			return nil, err
		}
		hits, err := idsColumn(rec, "found")
		if err != nil {
			return nil, err
		}
		scanned, err := value[int64](rec, "scanned")
		if err != nil {
			return nil, err
		}
		slices.Sort(hits)
		found = append(found, hits...)
		if len(found) >= k {
			return found[:k], nil
		}
		if int(scanned) < window {
			return found, nil // the index has no more entities of the label
		}
		if after, err = value[string](rec, "last"); err != nil {
			return nil, err
		}
		walked += int(scanned)
		if walked >= degree {
			rest, err := w.expand(h, t, after, k-len(found), append(slices.Clone(excluded), found...))
			return append(found, rest...), err
		}
		window *= 2
	}
}

// expand returns the first k entities by id after after, not in excluded, among the neighbours of
// h by relationships of type t, reading that type's relationships of h.
func (w *hubWalk) expand(h string, t kg.RelationshipType, after string, k int, excluded []string) ([]string, error) {
	rec, err := w.run.one("hub expand", stmtHubExpand[t], map[string]any{
		"id": h, "after": after, "need": int64(k), "excluded": excluded,
	})
	if err != nil {
		return nil, err
	}
	return idsColumn(rec, "found")
}
