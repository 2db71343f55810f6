// projection_org_areas: the ties by which organisations reach areas, valid at a date.
// Answers: one row per BASED_IN, COVERS, MANAGES or REPRESENTS tie from an organisation to an area, with its type.
// Parameters: $orgs (list of Organization ids, or null for all), $areas (list of Area ids, or null for all), $asOf (date).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
MATCH (o:Organization)-[r:BASED_IN|COVERS|MANAGES|REPRESENTS]->(a:Area)
WHERE ($orgs IS NULL OR o.id IN $orgs) AND ($areas IS NULL OR a.id IN $areas)
  AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
RETURN ['source', 'target', 'kind'] AS columns, collect([o.id, a.id, type(r)]) AS rows
