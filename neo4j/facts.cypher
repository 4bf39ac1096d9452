// One page of figures, filtered by subject (ABOUT one of $about), unit, kind, session (DISCUSSED_IN one
// of $sessions) and period (containing $period), in the order of kg.CompareEntities (the folded
// name or the value, then the id ascending), with the number of figures the filters select.
MATCH (f:Entity)
WHERE f.type = 'Fact'
  AND (size($units) = 0 OR f.unit IN $units)
  AND (size($kinds) = 0 OR f.kind IN $kinds)
  AND ($period = '' OR coalesce(f.period, '') CONTAINS $period)
  AND (size($about) = 0 OR EXISTS { MATCH (f)-[:ABOUT]->(s:Entity) WHERE s.id IN $about })
  AND (size($sessions) = 0 OR EXISTS { MATCH (f)-[:DISCUSSED_IN]->(s:Entity) WHERE s.id IN $sessions })
WITH f,
  CASE $orderBy
    WHEN 'nameEn' THEN f.sortNameEn
    WHEN 'nameFr' THEN f.sortNameFr
    WHEN 'value' THEN coalesce(f.value, 0.0)
    ELSE null
  END AS sortKey
ORDER BY
  CASE WHEN $descending THEN null ELSE sortKey END ASC,
  CASE WHEN $descending THEN sortKey ELSE null END DESC,
  f.id ASC
WITH collect(f) AS facts
RETURN size(facts) AS total, facts[$offset..$offset + $limit] AS page
