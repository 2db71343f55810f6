// planning_facilities: the existing facilities of one kind and where they stand, to find the compounds they already cover.
// Answers: each facility of kind $kind with its position (its own lat/lon, else its area's).
// Parameters: $kind (a Facility kind, e.g. 'canteen').
MATCH (f:Facility {kind: $kind})
OPTIONAL MATCH (f)-[:LOCATED_IN]->(a:Area)
RETURN f.id AS id, coalesce(f.lat, a.lat) AS lat, coalesce(f.lon, a.lon) AS lon
