// The degrees of a hub of a neighbourhood walk (hub.go): its type, the number of entities of
// each type, and its number of relationships of each type of the vocabulary, both directions.
// The store writes the lists out for every entity type and relationship type (hubStatements;
// the file counts Entity and PART_OF):
// Neo4j answers a count of a static label from its count store, and a count of a static type
// of relationships of a dense node from its relationship groups, each in O(1); a type given as
// a value would read every relationship.
MATCH (h:Entity {id: $id})
RETURN h.type AS type,
  [COUNT { (:Entity) }] AS counts,
  [COUNT { (h)-[:PART_OF]-() }] AS degrees
