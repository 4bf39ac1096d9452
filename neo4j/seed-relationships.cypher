// Seed: one batch of relationships. Each row is {type, from, to, properties}; one relationship per
// (type, from, to). A row whose ends are missing writes nothing, and the caller counts the rows
// written. The properties are replaced only when they differ, so that seeding the same data again
// changes nothing.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:$(row.type)]->(b)
WITH r, row
CALL (r, row) {
  WITH r, row
  WHERE properties(r) <> row.properties
  SET r = row.properties
}
RETURN count(r) AS written
