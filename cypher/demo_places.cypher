// demo_places: where is every located thing of the city, what it lies in, and in which district?
// Answers: one row per area below district level and per facility, with coordinates: `kind` (its kind label),
//   `id`, `lat`, `lon`; `parent`, `parent_lat`, `parent_lon` (the area it lies WITHIN or is LOCATED_IN);
//   `district` (the id of the District that area lies in).
// Parameters: none.
MATCH (a:Area)-[:WITHIN]->(parent:Area)-[:WITHIN*0..4]->(d:District)
WHERE a.lat IS NOT NULL AND a.lon IS NOT NULL
RETURN [label IN labels(a) WHERE label <> 'Area'][0] AS kind, a.id AS id, a.lat AS lat, a.lon AS lon,
       parent.id AS parent, parent.lat AS parent_lat, parent.lon AS parent_lon, d.id AS district
UNION ALL
MATCH (f:Facility)-[:LOCATED_IN]->(parent:Area)-[:WITHIN*0..5]->(d:District)
WHERE f.lat IS NOT NULL AND f.lon IS NOT NULL
RETURN 'Facility' AS kind, f.id AS id, f.lat AS lat, f.lon AS lon,
       parent.id AS parent, parent.lat AS parent_lat, parent.lon AS parent_lon, d.id AS district
