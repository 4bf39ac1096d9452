// Entities per type and relationships per type, each with its number of evidence quotes.
MATCH (n:Entity)
RETURN 'entity' AS kind, n.type AS name, count(n) AS count, sum(size(coalesce(n.evidenceQuotes, []))) AS evidence
UNION ALL
MATCH (:Entity)-[r]->(:Entity)
RETURN 'relationship' AS kind, type(r) AS name, count(r) AS count, sum(size(coalesce(r.evidenceQuotes, []))) AS evidence
