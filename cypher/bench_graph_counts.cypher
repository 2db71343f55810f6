// bench_graph_counts: how big is the graph? Node counts per label and relationship counts per type,
// read from Neo4j's count store (no scan, so cheap even at a million nodes).
// Parameters: none. Returns one row, `data`, with lists `nodes` ({label?, count}) and
// `relationships` ({relationshipType?, startLabel?, endLabel?, count}); entries without a label/type are totals.
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
RETURN data
