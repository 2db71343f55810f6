// load_rels: create or update one batch of relationships of one type between two families, MERGEd on the tie's id.
// Answers: how many rows created or changed a relationship (created ones are counted by the summary counters).
// Parameters: $rows: list of {id, source, target, props}; a null prop removes that property.
// Template: __SOURCE__ and __TARGET__ (family labels) and __TYPE__ are filled from graph/ontology.py only.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})
MATCH (b:__TARGET__ {id: row.target})
MERGE (a)-[r:__TYPE__ {id: row.id}]->(b)
WITH r, row, [k IN keys(row.props)
              WHERE NOT (r[k] IS NULL AND row.props[k] IS NULL) AND coalesce(r[k] <> row.props[k], true)] AS changed
SET r += row.props
RETURN count(CASE WHEN size(changed) > 0 THEN 1 END) AS changed
