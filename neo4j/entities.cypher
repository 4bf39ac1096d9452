// One page of entities, in the order of kg.CompareEntities: the folded name (sortNameEn,
// sortNameFr), the number, the value or the number of relationships (but those of the types $degreeExcludes), ascending or descending, then the id ascending. A missing
// number or value counts as 0, as in the embedded store, but a session without a number other than
// the opening sorts last ($numberLast, kg.NumberKey). The caller asks for one row more than the
// page to learn whether more follow.
MATCH (n:Entity)
WHERE (size($types) = 0 OR n.type IN $types)
  AND (size($categories) = 0 OR coalesce(n.category, '') IN $categories)
WITH n,
  CASE $orderBy
    WHEN 'nameEn' THEN n.sortNameEn
    WHEN 'nameFr' THEN n.sortNameFr
    WHEN 'number' THEN
      CASE WHEN n.type = 'Session' AND coalesce(n.number, 0) = 0 AND coalesce(n.category, '') <> 'opening'
        THEN $numberLast ELSE coalesce(n.number, 0) END
    WHEN 'value' THEN coalesce(n.value, 0.0)
    WHEN 'degree' THEN COUNT { (n)-[r]-(:Entity) WHERE NOT type(r) IN $degreeExcludes }
    ELSE null
  END AS sortKey
ORDER BY
  CASE WHEN $descending THEN null ELSE sortKey END ASC,
  CASE WHEN $descending THEN sortKey ELSE null END DESC,
  n.id ASC
SKIP $offset
LIMIT $limit
RETURN n
