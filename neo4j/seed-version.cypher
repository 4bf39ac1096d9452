// Seed: records the version of the data and its counts, once everything else is written, unless
// they are recorded already. Readers (version.cypher) and the seed check (seed-check.cypher) read
// them.
MERGE (m:GraphMeta {id: $id})
WITH m, {id: $id, dataVersion: $version, entityCount: $entities, relationshipCount: $relationships} AS meta
WHERE properties(m) <> meta
SET m = meta
