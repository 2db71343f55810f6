// projection_shared_units: pairs of party organisations on whose committees the same unit holds a seat (SEATS_ON).
// Answers: one row per pair of committees (source id < target id) with the number of units they share at $asOf.
// Parameters: $orgs (list of Organization ids both committees must be in, or null for all), $asOf (date).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
MATCH (a:PartyOrganization)<-[r1:SEATS_ON]-(u:Organization)-[r2:SEATS_ON]->(b:PartyOrganization)
WHERE a.id < b.id
  AND ($orgs IS NULL OR (a.id IN $orgs AND b.id IN $orgs))
  AND (r1.start_date IS NULL OR r1.start_date <= $asOf) AND (r1.end_date IS NULL OR r1.end_date >= $asOf)
  AND (r2.start_date IS NULL OR r2.start_date <= $asOf) AND (r2.end_date IS NULL OR r2.end_date >= $asOf)
WITH a.id AS source, b.id AS target, count(DISTINCT u) AS ties
RETURN ['source', 'target', 'ties'] AS columns, collect([source, target, ties]) AS rows
