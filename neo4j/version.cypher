// The version of the data that the seed scripts recorded; no row when the database is not seeded.
MATCH (m:GraphMeta {id: $id})
RETURN m.dataVersion AS version
