// first_load_version: the graph version a first load by neo4j-admin import leaves, as every load leaves
// one (the GraphMeta node, which cypher/graph_version_bump.cypher advances after a transactional load).
// Answers: `version`, the new graph version.
// Parameters: $previous: the version the database had before the import replaced it (0 for none).
MERGE (m:GraphMeta {id: 'govgraph'})
SET m.version = $previous + 1, m.updated_at = datetime()
RETURN m.version AS version
