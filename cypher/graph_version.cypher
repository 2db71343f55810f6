// graph_version: the graph version every cache of answers is keyed on, read without writing (graph/store/version.py).
// Answers: the version every load advances (graph_version_bump) and when it last moved; a wiped and reloaded
//   database starts its version again from 1, but its stamp is later, so the pair never repeats. 0 and '' before
//   the first load. While a load is in progress, or after one died part-way (graph_version_begin_load's mark
//   still set), the stamp is new at every read: no answer is found kept, and none kept then is found again.
//   (It begins with the time the mark was set, so stamps still order by time: the load's end is later.)
// Parameters: none.
OPTIONAL MATCH (m:GraphMeta {id: 'govgraph'})
RETURN coalesce(m.version, 0) AS version,
       coalesce(toString(m.updated_at), '')
         + CASE WHEN m.loading_since IS NULL THEN '' ELSE ' loading ' + randomUUID() END AS stamp
