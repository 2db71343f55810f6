// load_rels_by_ends: make sure a derived tie exists between two nodes (a Popolo membership's sending unit
// holding a seat, SEATS_ON), without adding a second one where a tie of that type is already there;
// a tie this load derived before (same id) gets its dates updated.
// Answers: how many existing derived ties the batch changed.
// Parameters: $rows: list of {id, source, target, props}.
// Template: {{SOURCE}} and {{TARGET}} (family labels) and {{TYPE}} are filled from graph/ontology.py only.
UNWIND $rows AS row
MATCH (a:{{SOURCE}} {id: row.source})
MATCH (b:{{TARGET}} {id: row.target})
MERGE (a)-[r:{{TYPE}}]->(b)
  ON CREATE SET r.id = row.id, r += row.props
WITH r, row WHERE r.id = row.id AND any(k IN keys(row.props)
     WHERE NOT (r[k] IS NULL AND row.props[k] IS NULL) AND coalesce(r[k] <> row.props[k], true))
SET r += row.props
RETURN count(r) AS changed
