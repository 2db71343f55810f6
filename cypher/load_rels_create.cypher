// load_rels_create: create one batch of relationships of one type between two families, on a load where no
// such tie can exist yet (the type has none in the graph, or the source family had no node before the load).
// The fast path of cypher/load_rels.cypher: no look-up of an old tie on either end, no comparison. Safe on a
// rerun after a crash, because a rerun finds the type or family no longer empty and MERGEs instead.
// Rows come grouped by target, so a target shared by many ties (a community, a committee) is looked up once.
// Answers: nothing (created relationships are counted by the summary counters).
// Parameters: $type: the relationship type, which loaders/write.py takes from graph/ontology.py only and
// checks there (one query per pair of families, planned once for all their types);
// $rows: list of {target, ties: list of {source, props}}; props holds the tie's id and its properties.
// Template: {{SOURCE}} and {{TARGET}} (family labels) are filled from graph/ontology.py only.
UNWIND $rows AS row
MATCH (b:{{TARGET}} {id: row.target})
UNWIND row.ties AS tie
MATCH (a:{{SOURCE}} {id: tie.source})
CREATE (a)-[r:$($type)]->(b)
SET r = tie.props
