// writeback_meta: record on the GraphMeta node which graph version the stored measures describe and how they were computed.
// Answers: the graph version recorded.
// Parameters: $version (graph version analysed), $methods (list of "metric: method" strings), $modularity (float), $asOf (date).
MERGE (m:GraphMeta {id: 'govgraph'})
SET m.analysis_version = $version, m.analysis_at = datetime(), m.analysis_methods = $methods,
    m.analysis_modularity = $modularity, m.analysis_as_of = $asOf
RETURN m.analysis_version AS version
