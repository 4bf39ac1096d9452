// Seed: deletes the relationships that the data no longer has; $keys holds [type, from, to] for
// each relationship of the data.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE NOT [type(r), a.id, b.id] IN $keys
DELETE r
