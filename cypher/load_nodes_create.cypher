// load_nodes_create: create one batch of nodes, on a load where their family had no node at all.
// The fast path of cypher/load_nodes.cypher: no look-up, no comparison, as nothing can exist yet. Safe on a
// rerun after a crash, because a rerun finds the family no longer empty and MERGEs (load_nodes) instead; the
// family's unique constraint still refuses a second node with the same id.
// Answers: nothing (created nodes are counted by the summary counters).
// Parameters: $labels: the kind's labels (family and kind), which loaders/write.py takes from
// graph/ontology.py only and checks there (one query for every kind: planned once, not once per kind);
// $rows: list of {props, times}: props the node's id and properties (a null value is simply not set), times
// its datetimes with a fixed offset as ISO 8601 text (`2020-03-01T08:30:00+08:00`), which the server parses
// far faster than the Python driver packs a datetime.
UNWIND $rows AS row
CREATE (n:$($labels))
SET n = row.props
FOREACH (key IN keys(row.times) | SET n[key] = datetime(row.times[key]))
