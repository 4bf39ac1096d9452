// The number of relationships of each entity in $ids per type and direction; an entity without
// relationships, or unknown, has no row.
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(:Entity)
RETURN id, type(r) AS type, startNode(r) = n AS outgoing, count(r) AS count
