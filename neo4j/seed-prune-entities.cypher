// Seed scripts (04-version.cypher): deletes the entities whose id is after $after and at most
// $upTo that the data no longer has, with their relationships; $ids holds the data's ids in that
// range. The scripts cover the data's sorted ids a batch at a time, then what follows the last
// (seed-prune-entities-after.cypher), so that no statement lists every id. The seed command,
// which must also serve graphs too large for one script, reads the database page by page
// instead (seed-entity-page.cypher) and deletes what it finds stale (seed-delete-entities.cypher).
MATCH (n:Entity)
WHERE n.id > $after AND n.id <= $upTo AND NOT n.id IN $ids
DETACH DELETE n
