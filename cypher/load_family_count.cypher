// load_family_count: how many nodes one family has (answered from Neo4j's count store, without a scan),
// so that a first load can skip looking up each of its ids.
// Parameters: none. Template: {{FAMILY}} is filled from graph/ontology.py only.
MATCH (n:{{FAMILY}})
RETURN count(n) AS nodes
