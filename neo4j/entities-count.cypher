// The number of entities that the filters of entities.cypher select.
MATCH (n:Entity)
WHERE (size($types) = 0 OR n.type IN $types)
  AND (size($categories) = 0 OR coalesce(n.category, '') IN $categories)
RETURN count(n) AS total
