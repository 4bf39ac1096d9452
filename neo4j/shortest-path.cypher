// A shortest path between two entities, ignoring direction, or null. Among paths of the same
// length it picks the one that the embedded store's breadth-first search finds: the smallest
// sequence of steps (relationship type, next entity's id, outgoing before incoming). The search
// is bounded by kg.MaxHops (6), the largest bound a request may give; paths longer than $maxHops
// are then dropped. When $types is not empty, only relationships of those types are followed (the
// predicate on every relationship of the path is applied during the search). A missing end gives
// fromFound or toFound false.
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
OPTIONAL MATCH p = allShortestPaths((a)-[*..6]-(b))
  WHERE size($types) = 0 OR all(r IN relationships(p) WHERE type(r) IN $types)
WITH a, b, p,
  CASE WHEN p IS NULL THEN [] ELSE
    [i IN range(0, length(p) - 1) |
      [type(relationships(p)[i]), nodes(p)[i + 1].id, startNode(relationships(p)[i]) <> nodes(p)[i]]]
  END AS steps
ORDER BY steps
LIMIT 1
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound,
  CASE WHEN length(p) <= $maxHops THEN p ELSE null END AS path
