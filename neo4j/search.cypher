// Search candidates: the entities whose folded words start with a term of $query, of the types
// asked for, in the index's order (Lucene's score), at most $limit of them.
// Only what kg.Matcher ranks with is returned (id, type, category, names, aliases, descriptions, a
// figure's statement), not the whole node; the caller ranks them with kg.Matcher, as the embedded
// store does, and reads the whole nodes of the page's hits only. $options bound what
// Lucene collects ({limit: $limit}) when no type filter applies; otherwise it is empty.
CALL db.index.fulltext.queryNodes($index, $query, $options) YIELD node
WHERE node:Entity AND (size($types) = 0 OR node.type IN $types) AND NOT node.type IN $excludeTypes
WITH node
LIMIT $limit
RETURN node {.id, .type, .category, .nameFr, .nameEn, .aliases, .descriptionFr, .descriptionEn, .statementFr, .statementEn} AS node
