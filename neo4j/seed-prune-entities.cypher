// Seed scripts (04-version.cypher): deletes the entities that the data no longer has, with their
// relationships; $ids holds every entity id of the data. The seed command, which must also serve
// graphs too large for one list, reads the database page by page instead (seed-entity-page.cypher)
// and deletes what it finds stale (seed-delete-entities.cypher).
MATCH (n:Entity)
WHERE NOT n.id IN $ids
DETACH DELETE n
