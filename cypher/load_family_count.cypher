// load_family_count: how many nodes one family has (answered from Neo4j's count store, without a scan),
// so that a first load can skip looking up each of its ids.
// Parameters: none. Template: __FAMILY__ is filled from graph/ontology.py only.
MATCH (n:__FAMILY__)
RETURN count(n) AS nodes
