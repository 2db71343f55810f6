// projection_serves_in: the person–organisation two-mode network: posts (SERVES_IN) valid at a date.
// Answers: one row per post: the person (id, name, labels; no personal data), the organisation, role, part_time.
// Parameters: $orgs (list of Organization ids the post must be in, or null for all), $asOf (date).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
MATCH (p:Person)-[r:SERVES_IN]->(o:Organization)
WHERE ($orgs IS NULL OR o.id IN $orgs)
  AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
RETURN ['person', 'name', 'labels', 'organization', 'role', 'part_time'] AS columns,
       collect([p.id, p.name, labels(p), o.id, r.role, r.part_time]) AS rows
