// Seed scripts (04-version.cypher): deletes the entities whose id is after $after, the data's
// greatest id (or every entity, for data with none), with their relationships: the last range of
// the prune (seed-prune-entities.cypher).
MATCH (n:Entity)
WHERE n.id > $after
DETACH DELETE n
