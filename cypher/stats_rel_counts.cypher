// stats_rel_counts: how many relationships there are of each type.
// Parameters: none.
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS relationships
ORDER BY type
