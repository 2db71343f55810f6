// analysis_graph_version: the graph version analysis caches are keyed on, read without writing.
// Answers: the version every load advances (graph.db.bump_graph_version) and when it last moved; a wiped and
//   reloaded database starts its version again from 1, but its stamp is later, so the pair never repeats.
// Parameters: none.
OPTIONAL MATCH (m:GraphMeta {id: 'govgraph'})
RETURN coalesce(m.version, 0) AS version, coalesce(toString(m.updated_at), '') AS stamp
