// load_nodes: create or update one batch of nodes of one kind, MERGEd on the family's unique id.
// Answers: how many existing nodes the batch changed (created ones are counted by the summary counters;
// a node that existed has more than its id, since every loaded node has a name).
// Used when the family already has nodes (a first load of a family uses load_nodes_create).
// Parameters: $rows: list of {id, props}; props has no id, and a null value removes that property.
// Template: __FAMILY__ and __KIND__ are filled from graph/ontology.py only.
UNWIND $rows AS row
MERGE (n:__FAMILY__ {id: row.id})
WITH n, row, size(keys(n)) > 1 AND any(k IN keys(row.props)
     WHERE NOT (n[k] IS NULL AND row.props[k] IS NULL) AND coalesce(n[k] <> row.props[k], true)) AS changed
SET n += row.props, n:__KIND__
RETURN count(CASE WHEN changed THEN 1 END) AS changed
