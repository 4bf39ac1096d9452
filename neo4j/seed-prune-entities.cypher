// Seed: deletes the entities that the data no longer has, with their relationships.
MATCH (n:Entity)
WHERE NOT n.id IN $ids
DETACH DELETE n
