// One page of entities in ascending id order (kg.OrderByID, the default order): the page of
// entities.cypher, but ordered by n.id alone, which the :Entity(id) index gives in order, so that
// Neo4j reads the index until the page is full instead of every entity (at a million entities, a
// page of one type reads about as many entries as the page over that type's share). The caller
// asks for one row more than the page to learn whether more follow.
MATCH (n:Entity)
WHERE n.id IS NOT NULL AND (size($types) = 0 OR n.type IN $types)
  AND (size($categories) = 0 OR coalesce(n.category, '') IN $categories)
WITH n, n.id AS id
ORDER BY id ASC
SKIP $offset
LIMIT $limit
RETURN n
