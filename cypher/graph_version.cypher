// graph_version: the graph version every cache of answers is keyed on, read without writing (graph/store/version.py).
// Answers: the version every load advances (graph_version_bump) and when it last moved; a wiped and reloaded
//   database starts its version again from 1, but its stamp is later, so the pair never repeats. 0 and '' before
//   the first load.
// Parameters: none.
OPTIONAL MATCH (m:GraphMeta {id: 'govgraph'})
RETURN coalesce(m.version, 0) AS version, coalesce(toString(m.updated_at), '') AS stamp
