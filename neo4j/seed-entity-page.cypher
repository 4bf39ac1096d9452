// Seed: one page of the database's entities, in id order after $after, each with the
// relationships it starts ([type, to id]), for the seed command to find what the data no longer
// has. The page follows the id index, so each page costs its size, not the graph's.
MATCH (n:Entity)
WHERE n.id > $after
WITH n
ORDER BY n.id
LIMIT $limit
RETURN n.id AS id, [(n)-[r]->(b:Entity) | [type(r), b.id]] AS out
