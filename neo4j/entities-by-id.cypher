// The entities with the given ids, in any order; the caller puts them back in request order.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n
