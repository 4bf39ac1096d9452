// Seed: records the version of the data and its counts, once everything else is written, unless
// they are recorded already (a property that is missing compares as null, hence the coalesce).
// Readers (version.cypher) and the seed check (seed-check.cypher) read them.
MERGE (m:GraphMeta {id: $id})
WITH m
WHERE coalesce(m.dataVersion <> $version OR m.entityCount <> $entities OR m.relationshipCount <> $relationships, true)
SET m.dataVersion = $version, m.entityCount = $entities, m.relationshipCount = $relationships
