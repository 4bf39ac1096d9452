// shortest-path.cypher following only the relationship types in $types (checked against the
// vocabulary, never empty). The predicate is a bare all(...) over the path's relationships, the
// only form that Neo4j applies during its fast search: any other form makes it check the
// predicate after the search and, when no path passes, fall back to enumerating every path.
// $project, $lightNodes and $evidence are shortest-path.cypher's.
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
OPTIONAL CALL (a, b) {
  WITH * WHERE a IS NOT NULL AND b IS NOT NULL
  MATCH p = allShortestPaths((a)-[*..6]-(b))
  WHERE all(r IN relationships(p) WHERE type(r) IN $types)
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
