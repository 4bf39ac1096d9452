// Seed scripts (04-version.cypher): deletes the relationships that the data no longer has among
// those that start at an entity whose id is after $after and at most $upTo; $keys holds
// [type, from, to] for each relationship of the data that starts in that range. The scripts run it
// over the same ranges as seed-prune-entities.cypher, after it: a relationship that starts past
// the data's last id went with its entity. The seed command pages instead
// (seed-entity-page.cypher, seed-delete-relationships.cypher).
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id > $after AND a.id <= $upTo AND NOT [type(r), a.id, b.id] IN $keys
DELETE r
