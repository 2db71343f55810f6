// ping: does Neo4j answer, which version is it, and which graph version does it hold? (for /healthz)
// Answers: one row: the server's version and edition, and the graph version every load advances (null before
//   the first load).
// Parameters: none.
CALL dbms.components() YIELD versions, edition
OPTIONAL MATCH (meta:GraphMeta {id: 'govgraph'})
RETURN versions[0] AS version, edition, meta['version'] AS graphVersion
