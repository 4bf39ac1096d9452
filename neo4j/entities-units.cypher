// The distinct units of the figures among the entities that the filters of entities.cypher
// select: an order by value compares figures of one unit only (kg.CheckUnits). The store adds the
// predicate of a filter (kg.Filter) before RETURN.
MATCH (n:Entity)
WHERE (size($types) = 0 OR n.type IN $types)
  AND (size($categories) = 0 OR coalesce(n.category, '') IN $categories)
  AND n.type = 'Fact'
RETURN collect(DISTINCT coalesce(n.unit, '')) AS units
