// One level of a neighbourhood, as neighbors.cypher but with the other end's id instead of the
// whole node: the walk needs only ids, and reads the nodes it keeps at the end (entities-by-id),
// so that a hub's thousands of neighbours are not sent whole to be dropped by the limit.
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
WHERE size($types) = 0 OR type(r) IN $types
RETURN id, r, startNode(r).id AS from, endNode(r).id AS to, m.id AS other
ORDER BY id, type(r), other, from = id DESC
