// stats_rel_snapshot: every relationship with its type, the ids of its ends and its properties, for a checksum.
// Parameters: none.
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props
