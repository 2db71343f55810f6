// tie_single: for each node of a DataLoader batch, the one node its single-valued {{REL}} tie points to
//   (a tie written as a column of the node's own file: an area's parent, an organisation's area …).
// Answers: one row per id that has such a tie: the id and the target's labels and properties (the lowest
//   target id, should a node have several).
// Parameters: $ids (list of node ids).
// Template: {{SELF}}, {{REL}}, {{OTHER}} are a label, a relationship type and a label, from graph/ontology.py only.
UNWIND $ids AS id
MATCH (:{{SELF}} {id: id})-[:{{REL}}]->(m:{{OTHER}})
WITH id, m
ORDER BY m.id
WITH id, collect(m)[0] AS m
RETURN id, labels(m) AS labels, properties(m) AS node
