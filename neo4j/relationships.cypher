// The relationships of each entity in $ids, filtered by type, direction and the type of the other
// end, in the order of the embedded store: type, then the other end's id, outgoing before incoming.
// Each entity gets its total and the requested slice of its list.
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
WHERE (size($types) = 0 OR type(r) IN $types)
  AND (size($otherTypes) = 0 OR m.type IN $otherTypes)
WITH id, r, m, startNode(r) = n AS outgoing
WHERE $direction = 'BOTH'
  OR ($direction = 'OUTGOING' AND outgoing)
  OR ($direction = 'INCOMING' AND NOT outgoing)
WITH id, r, m, outgoing
ORDER BY id, type(r), m.id, outgoing DESC
WITH id, collect({rel: r, from: startNode(r).id, to: endNode(r).id}) AS rels
RETURN id, size(rels) AS total, rels[$offset..$offset + $limit] AS page
