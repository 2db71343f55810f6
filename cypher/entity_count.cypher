// entity_count: how many nodes carry a kind or family label, read from Neo4j's count store.
// Answers: one row: the count of nodes labelled {{LABEL}} (`total`) — entity_list_count.cypher's answer when
//   neither $kinds nor $subtype narrows the list, without visiting a node.
// Parameters: none.
// Template: {{LABEL}} is a kind or family label, filled from graph/ontology.py only.
MATCH (n:{{LABEL}})
RETURN count(n) AS total
