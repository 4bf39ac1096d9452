MATCH (n:Entity)
WHERE (size($types) = 0 OR n.type IN $types)
  AND (size($categories) = 0 OR coalesce(n.category, '') IN $categories)
  AND ((coalesce(n.type, '') IN $w1) AND (coalesce(n.sortNameEn, '') CONTAINS $w2 OR coalesce(n.sortNameFr, '') CONTAINS $w3) AND ((coalesce(n.startDate, '') <> '' AND coalesce(n.startDate, '') >= $w4)) AND EXISTS { MATCH (n)-[:LOCATED_IN*0..5]->(fc5:Entity) WHERE fc5.type = 'Place' AND fc5.category = 'country' AND fc5.id IN $w6 } AND EXISTS { MATCH (n)-[fr7:RUNS|PARTICIPATES_IN]->(fm8:Entity) WHERE any(k IN coalesce(fr7.evidenceKinds, []) WHERE k <> 'reference') AND (EXISTS { MATCH (fm8)-[fr9:TARGETS]->(fm10:Entity) WHERE ((coalesce(fm10.type, '') IN $w11)) }) } AND NOT EXISTS { MATCH (n)-[fr12]-(fm13:Entity) WHERE NOT ((fm13.type = 'Fact' AND coalesce(fm13.value, 0.0) > $w14)) } AND COUNT { MATCH (n)-[fr15:PART_OF]->(fm16:Entity) } = 1 AND NOT EXISTS { MATCH (n)<-[fr17:OPERATES_IN]-(fm18:Entity) WHERE 'reference' IN coalesce(fr17.evidenceKinds, []) } AND COUNT { MATCH (n)-[fr19:PRESENTED_AT]->(fm20:Entity) } > $w21 AND (((coalesce(n.number, 0) <> 0 AND coalesce(n.number, 0) IN $w22)) OR (NOT ((coalesce(n.category, '') STARTS WITH $w23)))))
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
