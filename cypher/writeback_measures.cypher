// writeback_measures: store network measures on organisations, so Cypher and GraphQL can filter and sort by them.
// Answers: how many organisations were updated. A null value removes a measure left from an earlier analysis.
// Parameters: $rows (list of {id: Organization id, props: map measure name -> number or null}), $version (graph version analysed).
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
SET o += row.props, o.analysis_version = $version
RETURN count(o) AS updated
