// entity_by_id: the nodes with the given ids (one DataLoader batch: node(id:) and every field linking to a node).
// Answers: one row per id found among nodes labelled {{LABEL}}: the id, the node's labels and properties.
// Parameters: $ids (list of node ids).
// Template: {{LABEL}} is a kind or family label, or several joined by `|`, filled from graph/ontology.py only.
UNWIND $ids AS id
MATCH (n:{{LABEL}} {id: id})
RETURN id, labels(n) AS labels, properties(n) AS node
