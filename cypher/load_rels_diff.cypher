// load_rels_diff: which rows of one batch of ties are new or would change their tie (read only).
// A load of a type the graph already has writes only these (with load_rels), so a rerun of unchanged files
// takes no write lock and rewrites nothing.
// Answers: ids, the ids of the ties to write (missing, or differing in a property the row gives).
// Parameters: $rows: list of {id, source, target, props} as for load_rels.
// Template: {{SOURCE}} and {{TARGET}} (family labels) and {{TYPE}} are filled from graph/ontology.py only.
UNWIND $rows AS row
OPTIONAL MATCH (:{{SOURCE}} {id: row.source})-[old:{{TYPE}} {id: row.id}]->(:{{TARGET}} {id: row.target})
WITH row, old
WHERE old IS NULL OR any(k IN keys(row.props) WHERE NOT (old[k] IS NULL AND row.props[k] IS NULL)
                         AND coalesce(old[k] <> row.props[k], true))
RETURN collect(row.id) AS ids
