// One level of a neighbourhood walk (kg.Walk, kg.HopsFunc): of the relationships of the entities
// of $ids (the frontier, in the walk's order), those the walk keeps. $kept holds the ids the walk
// has kept so far and $room how many more it may keep. The new entities kept (new) are the first
// $room met, frontier entity after frontier entity, each in adjacency order (type, then the other
// end's id): first holds each one's place in that order, and only the ids of the others are read
// and only $room + 1 of them leave the subquery, so a hub's neighbours beyond the limit are never
// sent. hops are the relationships to kept entities, old or new, in adjacency order (type, the
// other end's id, outgoing first); more reports that some entity was left out. With $centre, the
// first level also returns the centre's node (null when there is none). With $lightNodes, nodes are
// read as their id, type and names alone; with $lightRels, relationships as their type and ends
// (rel null), for a request that reads no more of them.
//
// hubs lists the frontier's entities with more than $hubDegree relationships (a count Neo4j keeps
// for a dense node). When there is one, nothing is expanded and new, more and hops are empty: the
// store walks that level by the hub path (hub.go), which never expands a hub whole.
OPTIONAL MATCH (c:Entity {id: $centre})
WITH c, [id IN $ids WHERE EXISTS { MATCH (n:Entity {id: id}) WHERE COUNT { (n)--() } > $hubDegree }] AS hubs
CALL (hubs) {
  UNWIND CASE WHEN size(hubs) = 0 THEN range(0, size($ids) - 1) ELSE [] END AS i
  MATCH (:Entity {id: $ids[i]})-[r]-(m:Entity)
  WHERE (size($types) = 0 OR type(r) IN $types) AND NOT m.id IN $kept
  WITH m, min(right('00000' + toString(i), 6) + ' ' + type(r) + ' ' + m.id) AS first
  ORDER BY first
  LIMIT $room + 1
  RETURN collect(m) AS met
}
WITH c, hubs, met[..$room] AS new, size(met) > $room AS more
CALL (hubs, new) {
  UNWIND CASE WHEN size(hubs) = 0 THEN range(0, size($ids) - 1) ELSE [] END AS i
  MATCH (n:Entity {id: $ids[i]})-[r]-(m:Entity)
  WHERE (size($types) = 0 OR type(r) IN $types) AND (m.id IN $kept OR m IN new)
  WITH i, n, r, m
  ORDER BY i, type(r), m.id, startNode(r) = n DESC
  RETURN collect({id: n.id, rel: CASE WHEN $lightRels THEN null ELSE r END, type: type(r), from: startNode(r).id, to: endNode(r).id, other: m.id}) AS hops
}
RETURN CASE WHEN $lightNodes AND c IS NOT NULL THEN c {.id, .type, .nameEn, .nameFr} ELSE c END AS c,
  CASE WHEN $lightNodes THEN [x IN new | x {.id, .type, .nameEn, .nameFr}] ELSE new END AS new,
  more, hops, hubs
