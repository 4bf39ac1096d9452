// Search candidates: the entities whose folded words start with every term of $query. The caller
// ranks them with kg.Score, so the ranking is the embedded store's, not Lucene's.
CALL db.index.fulltext.queryNodes($index, $query) YIELD node
WHERE node:Entity AND (size($types) = 0 OR node.type IN $types)
RETURN node
