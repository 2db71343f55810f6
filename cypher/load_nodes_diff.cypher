// load_nodes_diff: which rows of one batch of nodes are new or would change their node (read only).
// A load into a family that has nodes writes only these, so a rerun of unchanged files takes no write lock
// and rewrites nothing (the full-text index included).
// Answers: ids, the ids of the rows to write (the node is missing, lacks its kind label, or differs in a
// property the row gives: a value changed, added, or emptied).
// Parameters: $kind (the kind label) and $rows (list of {props, times}) as for load_nodes.
// Template: {{FAMILY}} is filled from graph/ontology.py only.
UNWIND $rows AS row
OPTIONAL MATCH (n:{{FAMILY}} {id: row.props.id})
WITH row, n
WHERE n IS NULL OR NOT $kind IN labels(n)
   OR any(k IN keys(row.props) WHERE NOT (n[k] IS NULL AND row.props[k] IS NULL)
          AND coalesce(n[k] <> row.props[k], true))
   OR any(k IN keys(row.times) WHERE coalesce(n[k] <> datetime(row.times[k]), true))
RETURN collect(row.props.id) AS ids
