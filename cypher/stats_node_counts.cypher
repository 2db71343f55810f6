// stats_node_counts: how many nodes carry each label (family and kind labels alike).
// Parameters: none.
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS nodes
ORDER BY label
