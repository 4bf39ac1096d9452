// Seed: the definition of the full-text index, to replace it when the data wants another one.
SHOW FULLTEXT INDEXES
YIELD name, labelsOrTypes, properties, options
WHERE name = $name
RETURN labelsOrTypes, properties, options.indexConfig AS config
