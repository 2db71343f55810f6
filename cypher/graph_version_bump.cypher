// graph_version_bump: advance the graph version, as every load does once it has written (graph/store/version.py).
// Answers: the new version; the GraphMeta node is created (at version 0) by the first load, and its updated_at
//   stamped with the time of this one; the in-progress mark of graph_version_begin_load is cleared.
// Parameters: none.
MERGE (m:GraphMeta {id: 'govgraph'})
  ON CREATE SET m.version = 0
SET m.version = m.version + 1, m.updated_at = datetime()
REMOVE m.loading_since
RETURN m.version AS version
