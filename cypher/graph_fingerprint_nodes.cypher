// graph_fingerprint_nodes: every node's labels and properties, to checksum a graph (loaders/demo/fingerprint.py).
// Answers: one row per node (GraphMeta bookkeeping left out): `labels`, `props` (all its properties).
// Parameters: none.
MATCH (n)
WHERE NOT 'GraphMeta' IN labels(n)  // by name: no warning on a graph that has none yet
RETURN labels(n) AS labels, properties(n) AS props
