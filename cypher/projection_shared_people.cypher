// projection_shared_people: pairs of organisations in which the same person holds a post (SERVES_IN) at a date.
// Answers: one row per pair of organisations (source id < target id) with the number of people they share.
// Parameters: $orgs (list of Organization ids both ends must be in, or null for all), $asOf (date).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
MATCH (a:Organization)<-[r1:SERVES_IN]-(p:Person)-[r2:SERVES_IN]->(b:Organization)
WHERE a.id < b.id
  AND ($orgs IS NULL OR (a.id IN $orgs AND b.id IN $orgs))
  AND (r1.start_date IS NULL OR r1.start_date <= $asOf) AND (r1.end_date IS NULL OR r1.end_date >= $asOf)
  AND (r2.start_date IS NULL OR r2.start_date <= $asOf) AND (r2.end_date IS NULL OR r2.end_date >= $asOf)
WITH a.id AS source, b.id AS target, count(DISTINCT p) AS ties
RETURN ['source', 'target', 'ties'] AS columns, collect([source, target, ties]) AS rows
