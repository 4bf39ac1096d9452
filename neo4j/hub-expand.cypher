// The first $need entities, by id, of those at the other end of the relationships of one type
// (PART_OF here; the store writes it out for each type of the vocabulary: hubStatements) of the
// hub $id, after $after and not in $excluded. Neo4j reads that type's relationships alone.
MATCH (:Entity {id: $id})-[:PART_OF]-(m:Entity)
WHERE m.id > $after AND NOT m.id IN $excluded
WITH DISTINCT m.id AS id
ORDER BY id
LIMIT $need
RETURN collect(id) AS found
