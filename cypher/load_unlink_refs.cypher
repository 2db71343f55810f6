// load_unlink_refs: remove a node's single-valued tie (written through a Ref column such as `parent`)
// that its file no longer gives: the tie now points elsewhere, or the cell was emptied.
// Answers: how many ties were removed.
// Parameters: $rows: list of {source, target}; target null when the cell is empty.
// Template: {{SOURCE}} (family label) and {{TYPE}} are filled from graph/ontology.py only.
UNWIND $rows AS row
MATCH (a:{{SOURCE}} {id: row.source})-[old:{{TYPE}}]->(b)
WHERE row.target IS NULL OR b.id <> row.target
DELETE old
RETURN count(*) AS removed
