CALL () {
MATCH (n:Entity)
WHERE n.id IS NOT NULL AND (size($types) = 0 OR n.type IN $types)
  AND (size($categories) = 0 OR coalesce(n.category, '') IN $categories)
WITH n, n.id AS id
ORDER BY id ASC
SKIP $offset
LIMIT $limit
RETURN collect(n {.id, .type, nameEn: CASE WHEN coalesce(n.nameEn, '') <> '' THEN n.nameEn ELSE n.nameFr END, c0: CASE WHEN n.type IN $p1Owners THEN COLLECT { MATCH (n)-[r1:RUNS]->(n1:Entity) WITH r1, n1, true AS o1 ORDER BY type(r1), n1.id, o1 DESC SKIP $p1Offset LIMIT $p1Limit RETURN {t: type(r1), o: o1, m: n1 {.id, .type, nameEn: CASE WHEN coalesce(n1.nameEn, '') <> '' THEN n1.nameEn ELSE n1.nameFr END, c0: CASE WHEN n1.type IN $p2Owners THEN COLLECT { MATCH (n1)-[r2:TARGETS]->(n2:Entity) WITH r2, n2, true AS o2 ORDER BY type(r2), n2.id, o2 DESC SKIP $p2Offset LIMIT $p2Limit RETURN {t: type(r2), o: o2, m: n2 {.id, .type, nameEn: CASE WHEN coalesce(n2.nameEn, '') <> '' THEN n2.nameEn ELSE n2.nameFr END}, e: r2 {.evidenceQuotes}} } END, c1: CASE WHEN n1.type IN $p3Owners THEN COLLECT { MATCH (n1)<-[r2:PARTICIPATES_IN]-(n2:Entity) WITH r2, n2, false AS o2 ORDER BY type(r2), n2.id, o2 DESC SKIP $p3Offset LIMIT $p3Limit RETURN {t: type(r2), o: o2, m: n2 {.id, .type, nameEn: CASE WHEN coalesce(n2.nameEn, '') <> '' THEN n2.nameEn ELSE n2.nameFr END}} } END, c1t: COUNT { MATCH (n1)<-[r2:PARTICIPATES_IN]-(n2:Entity) }}} } END, c1: CASE WHEN n.type IN $p4Owners THEN COLLECT { MATCH (n)-[r1:PARTNERS_WITH]-(n1:Entity) WITH r1, n1, startNode(r1) = n AS o1 ORDER BY type(r1), n1.id, o1 DESC SKIP $p4Offset LIMIT $p4Limit RETURN {t: type(r1), o: o1, m: n1 {.id, .type, nameEn: CASE WHEN coalesce(n1.nameEn, '') <> '' THEN n1.nameEn ELSE n1.nameFr END}} } END}) AS page
}
RETURN page
