// A shortest path between two entities, ignoring direction, or a null path. Among paths of the
// same length it picks the one that the embedded store's breadth-first search finds: the smallest
// sequence of steps (relationship type, next entity's id, outgoing before incoming). A missing
// end gives fromFound or toFound false.
//
// With $project, the path is a map {nodes, rels} of what the request reads: each relationship as
// its type, whether it points the path's way (forward), and the values of the properties named
// in $evidence (lists of evidence, in that order); each node whole, or with $lightNodes as its
// id, type and names. Without, the whole path.
//
// The bound *..6 is kg.MaxHops: the store runs this text with the request's bound (1 to 6)
// written in its place, since Cypher takes no parameter for a pattern's length. With the bound in
// the pattern, Neo4j's bidirectional breadth-first search stops at it. shortest-path-typed.cypher
// is the same search following only some relationship types.
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
OPTIONAL CALL (a, b) {
  WITH * WHERE a IS NOT NULL AND b IS NOT NULL
  MATCH p = allShortestPaths((a)-[*..6]-(b))
  WITH p, [i IN range(0, length(p) - 1) |
    [type(relationships(p)[i]), nodes(p)[i + 1].id, startNode(relationships(p)[i]) <> nodes(p)[i]]] AS steps
  ORDER BY steps
  LIMIT 1
  RETURN p
}
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound,
  CASE WHEN $project AND p IS NOT NULL THEN {
    nodes: [n IN nodes(p) | CASE WHEN $lightNodes THEN n {.id, .type, .nameEn, .nameFr} ELSE n END],
    rels: [i IN range(0, length(p) - 1) | {
      type: type(relationships(p)[i]),
      forward: startNode(relationships(p)[i]) = nodes(p)[i],
      evidence: [k IN $evidence | relationships(p)[i][k]]
    }]
  } ELSE p END AS path
