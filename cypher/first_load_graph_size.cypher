// first_load_graph_size: is the database empty, so that a first load may go through neo4j-admin import?
// (loaders/first_load). Counts come from Neo4j's count store: no scan, whatever the size.
// Answers: one row: `nodes` (GraphMeta bookkeeping left out), `relationships`, and `version`, the graph
//   version on the GraphMeta node (0 when there is none), which the load advances as every load does.
// Parameters: none.
CALL () { MATCH (n) RETURN count(n) AS all_nodes }
CALL () { MATCH (m:GraphMeta) RETURN count(m) AS meta }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
OPTIONAL MATCH (g:GraphMeta {id: 'govgraph'})
RETURN all_nodes - meta AS nodes, relationships, coalesce(g.version, 0) AS version
