// Seed: the definition and state of the full-text index, to replace it when the data wants another
// one and to wait until it is populated.
SHOW FULLTEXT INDEXES
YIELD name, labelsOrTypes, properties, options, state, populationPercent
WHERE name = $name
RETURN labelsOrTypes, properties, options.indexConfig AS config, state, populationPercent
