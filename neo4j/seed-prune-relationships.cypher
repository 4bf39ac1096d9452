// Seed scripts (04-version.cypher): deletes the relationships that the data no longer has; $keys
// holds [type, from, to] for each relationship of the data. The seed command pages instead
// (seed-entity-page.cypher, seed-delete-relationships.cypher).
MATCH (a:Entity)-[r]->(b:Entity)
WHERE NOT [type(r), a.id, b.id] IN $keys
DELETE r
