// projection_org_hierarchy: organisation-to-organisation ties of hierarchy and membership, valid at a date.
// Answers: one row per SUB_ORGANIZATION_OF or MEMBER_OF tie between organisations, with its type.
// Parameters: $orgs (list of Organization ids both ends must be in, or null for all), $asOf (date).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
MATCH (a:Organization)-[r:SUB_ORGANIZATION_OF|MEMBER_OF]->(b:Organization)
WHERE a <> b
  AND ($orgs IS NULL OR (a.id IN $orgs AND b.id IN $orgs))
  AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
RETURN ['source', 'target', 'kind'] AS columns, collect([a.id, b.id, type(r)]) AS rows
