// load_graph_counts: how many nodes each label and how many relationships each type has, in one call to
// Neo4j's count store (no scan), so a load knows which families and types it is the first to fill.
// Answers: one row, `data`, with lists `nodes` ({label?, count}) and `relationships`
// ({relationshipType?, startLabel?, endLabel?, count}); entries without a label or type are totals.
// Parameters: none. A server may refuse this procedure to a non-admin user: the loader then asks
// load_family_count and load_type_count once per family and type instead.
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
RETURN data
