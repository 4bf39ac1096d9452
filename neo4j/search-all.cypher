// Search candidates when the query has no term that the full-text index can look up (only stop
// words or letters outside ASCII): every entity of the requested types.
MATCH (node:Entity)
WHERE size($types) = 0 OR node.type IN $types
RETURN node
