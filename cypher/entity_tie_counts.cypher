// entity_tie_counts: how many relationships each node has, of any type and direction (a DataLoader batch).
// Answers: one row per id found among nodes labelled {{LABEL}}: the id and its number of ties.
// Parameters: $ids (list of node ids).
// Template: {{LABEL}} is a family label, filled from graph/ontology.py only.
UNWIND $ids AS id
MATCH (n:{{LABEL}} {id: id})
RETURN id, COUNT { (n)--() } AS ties
