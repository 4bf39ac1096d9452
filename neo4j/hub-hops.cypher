// The relationships of a hub of a neighbourhood walk (hub.go) to the entities of $targets (the
// walk's kept entities and those it met so far), of $types (all when empty), in adjacency order
// (type, the other end's id, outgoing first), read from each target's side (Expand(Into) starts
// at the end of smaller degree; a pattern whose two ends are bound is always one) rather than
// by expanding the hub; and the entities of $new, the hub's new neighbours. $lightNodes and $lightRels are those of neighbor-level.cypher.
MATCH (h:Entity {id: $id})
CALL (h) {
  UNWIND $targets AS k
  MATCH (m:Entity {id: k})
  WHERE m <> h
  UNWIND [(h)-[r]-(m) WHERE size($types) = 0 OR type(r) IN $types | r] AS r
  WITH r, m ORDER BY type(r), m.id, startNode(r) = h DESC
  RETURN collect({id: h.id, rel: CASE WHEN $lightRels THEN null ELSE r END, type: type(r), from: startNode(r).id, to: endNode(r).id, other: m.id}) AS hops
}
CALL (h) {
  UNWIND $new AS k
  MATCH (x:Entity {id: k})
  RETURN collect(CASE WHEN $lightNodes THEN x {.id, .type, .nameEn, .nameFr} ELSE x END) AS new
}
RETURN hops, new
