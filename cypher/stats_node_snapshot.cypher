// stats_node_snapshot: every node of the ontology's families with its labels and properties, for a checksum
// that tells whether two loads gave the same graph.
// Parameters: $families: the family labels (from graph/ontology.py).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $families)
RETURN labels(n) AS labels, properties(n) AS props
