// Search candidates when the query has no term that the full-text index can look up (only stop
// words or letters outside ASCII): every entity of the types asked for, in id order, at most $limit of
// them, with only what kg.Matcher ranks with (see search.cypher).
MATCH (node:Entity)
WHERE (size($types) = 0 OR node.type IN $types) AND NOT node.type IN $excludeTypes
WITH node
ORDER BY node.id
LIMIT $limit
RETURN node {.id, .type, .category, .nameFr, .nameEn, .aliases, .descriptionFr, .descriptionEn, .statementFr, .statementEn} AS node
