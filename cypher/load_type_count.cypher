// load_type_count: how many relationships of one type the graph holds (answered from Neo4j's count store,
// without a scan), so that a load can create the ties of a type the graph has none of without looking for old ones.
// Parameters: none. Template: {{TYPE}} is filled from graph/ontology.py only.
MATCH ()-[r:{{TYPE}}]->()
RETURN count(r) AS ties
