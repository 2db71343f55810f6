// load_nodes: create or update one batch of nodes of one kind, MERGEd on the family's unique id.
// Answers: how many existing nodes the batch changed (created ones are counted by the summary counters;
// a node that existed has more than its id, since every loaded node has a name).
// Used when the family already has nodes (a first load of a family uses load_nodes_create), for the rows
// that load_nodes_diff found new or changed.
// Parameters: $kind: the kind label, which loaders/write.py takes from graph/ontology.py only and checks there
// (one query per family, planned once for all its kinds); $rows: list of {props, times}: props the node's id
// and properties (a null value removes that property), times its datetimes as ISO 8601 text with an offset.
// Template: {{FAMILY}} is filled from graph/ontology.py only.
UNWIND $rows AS row
MERGE (n:{{FAMILY}} {id: row.props.id})
WITH n, row, size(keys(n)) > 1 AND (
       any(k IN keys(row.props) WHERE NOT (n[k] IS NULL AND row.props[k] IS NULL)
           AND coalesce(n[k] <> row.props[k], true))
       OR any(k IN keys(row.times) WHERE coalesce(n[k] <> datetime(row.times[k]), true))) AS changed
SET n += row.props, n:$($kind)
FOREACH (key IN keys(row.times) | SET n[key] = datetime(row.times[key]))
RETURN count(CASE WHEN changed THEN 1 END) AS changed
