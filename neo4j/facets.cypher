// The number of entities per type and category, for kg.Facets; an entity without a category has
// the empty one, which the store leaves out of the categories.
MATCH (n:Entity)
RETURN n.type AS type, coalesce(n.category, '') AS category, count(n) AS count
