// One page of figures, filtered by subject (ABOUT one of $about), unit, kind, qualifier, measure,
// session (DISCUSSED_IN one of $sessions) and period (containing $period), in the order of
// kg.CompareEntities (the folded name or the value, then the id ascending), with the number of
// figures the filters select and their distinct units (kg.CheckUnits). The store adds the
// predicate of a filter (kg.Filter) before WITH f.
MATCH (f:Entity)
WHERE f.type = 'Fact'
  AND (size($units) = 0 OR f.unit IN $units)
  AND (size($kinds) = 0 OR f.kind IN $kinds)
  AND (size($qualifiers) = 0 OR coalesce(f.qualifier, '') IN $qualifiers)
  AND (size($measures) = 0 OR coalesce(f.measure, '') IN $measures)
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
RETURN size(facts) AS total, facts[$offset..$offset + $limit] AS page,
  reduce(units = [], x IN facts | CASE WHEN coalesce(x.unit, '') IN units THEN units ELSE units + coalesce(x.unit, '') END) AS units
