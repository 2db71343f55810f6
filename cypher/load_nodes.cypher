// load_nodes: create or update one batch of nodes of one kind, MERGEd on the family's unique id.
// Answers: how many rows created or changed a node (created ones are counted by the summary counters).
// Parameters: $rows: list of {id, props}; props has no id, and a null value removes that property.
// Template: __FAMILY__ and __KIND__ are filled from graph/ontology.py only.
UNWIND $rows AS row
MERGE (n:__FAMILY__ {id: row.id})
WITH n, row, [k IN keys(row.props)
              WHERE NOT (n[k] IS NULL AND row.props[k] IS NULL) AND coalesce(n[k] <> row.props[k], true)] AS changed
SET n += row.props, n:__KIND__
RETURN count(CASE WHEN size(changed) > 0 THEN 1 END) AS changed
