// Seed: one batch of entities. Each row is {id, type, properties}. The node is merged on its id
// alone, so an entity whose type changed keeps its node: its old type label is removed and the new
// one set. SET n = row.properties replaces every property, so a field removed from the data goes;
// it runs only when the properties differ, so that seeding the same data again changes nothing
// (and Neo4j counts no property set).
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
WITH n, row
CALL (n, row) {
  WITH n, row
  WHERE properties(n) <> row.properties
  SET n = row.properties
}
REMOVE n:$([label IN labels(n) WHERE label <> 'Entity' AND label <> row.type])
SET n:$(row.type)
RETURN count(n) AS written
