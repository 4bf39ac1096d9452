// After seeding: the version and counts that the scripts recorded, and the counts in the database.
MATCH (m:GraphMeta {id: $id})
RETURN m.dataVersion AS version,
  m.entityCount AS wantEntities,
  m.relationshipCount AS wantRelationships,
  COUNT { MATCH (:Entity) } AS entities,
  COUNT { MATCH (:Entity)-[]->(:Entity) } AS relationships
