// graph_fingerprint_relationships: every relationship's type, end ids and properties, to checksum a graph.
// Answers: one row per relationship: `type`, `source` and `target` (the ends' stable ids), `props`.
// Parameters: none.
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a['id'] AS source, b['id'] AS target, properties(r) AS props
