// load_rels: create or update one batch of relationships of one type between two families, MERGEd on the tie's id.
// Answers: how many existing relationships the batch changed (created ones are counted by the summary counters).
// Used when a tie of this type may exist already (otherwise load_rels_create, without the look-up).
// Parameters: $rows: list of {id, source, target, props}; a null prop removes that property.
// Template: {{SOURCE}} and {{TARGET}} (family labels) and {{TYPE}} are filled from graph/ontology.py only.
UNWIND $rows AS row
MATCH (a:{{SOURCE}} {id: row.source})
MATCH (b:{{TARGET}} {id: row.target})
OPTIONAL MATCH (a)-[old:{{TYPE}} {id: row.id}]->(b)
WITH a, b, row, old IS NOT NULL AND any(k IN keys(row.props)
     WHERE NOT (old[k] IS NULL AND row.props[k] IS NULL) AND coalesce(old[k] <> row.props[k], true)) AS changed
MERGE (a)-[r:{{TYPE}} {id: row.id}]->(b)
SET r += row.props
RETURN count(CASE WHEN changed THEN 1 END) AS changed
