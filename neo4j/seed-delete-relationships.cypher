// Seed: deletes the relationships of $keys ([type, from id, to id] each), which the data no longer
// has.
UNWIND $keys AS key
MATCH (a:Entity {id: key[1]})-[r]->(b:Entity {id: key[2]})
WHERE type(r) = key[0]
DELETE r
