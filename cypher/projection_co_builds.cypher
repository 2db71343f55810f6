// projection_co_builds: co-building agreements (CO_BUILDS) between organisations, valid at a date.
// Answers: one row per agreement: its two organisations and how many mechanisms it names.
// Parameters: $orgs (list of Organization ids both ends must be in, or null for all), $asOf (date).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
MATCH (a:Organization)-[r:CO_BUILDS]->(b:Organization)
WHERE a <> b
  AND ($orgs IS NULL OR (a.id IN $orgs AND b.id IN $orgs))
  AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
RETURN ['source', 'target', 'mechanisms'] AS columns, collect([a.id, b.id, size(coalesce(r.mechanisms, []))]) AS rows
