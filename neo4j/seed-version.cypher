// Seed: records the version of the data and its counts, once everything else is written. Readers
// (version.cypher) and the seed check (seed-check.cypher) read them.
MERGE (m:GraphMeta {id: $id})
SET m.dataVersion = $version, m.entityCount = $entities, m.relationshipCount = $relationships
