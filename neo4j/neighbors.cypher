// One level of a neighbourhood: the relationships of each entity in $ids, ignoring direction, with
// the entity at the other end, in the order of the embedded store's adjacency lists: type, then
// the other end's id, outgoing before incoming.
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
WHERE size($types) = 0 OR type(r) IN $types
RETURN id, r, startNode(r).id AS from, endNode(r).id AS to, m
ORDER BY id, type(r), m.id, from = id DESC
