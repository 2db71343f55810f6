// graph_version_begin_load: mark a load in progress, before its first write (graph/store/version.py).
// Answers: the graph version (unchanged: graph_version_bump advances it, and clears the mark, once the load has
//   written everything). While `loading_since` is set, graph_version answers a stamp that never repeats, so no
//   answer kept before a load that may write only part of its rows (or computed while it writes) is served
//   again; a load that dies part-way leaves the mark, and answers are not kept until a load completes.
// Parameters: none.
MERGE (m:GraphMeta {id: 'govgraph'})
  ON CREATE SET m.version = 0
SET m.updated_at = datetime(), m.loading_since = datetime()
RETURN m.version AS version
