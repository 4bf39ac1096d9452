// Seed: deletes the entities of $ids, which the data no longer has, with their relationships.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
DETACH DELETE n
