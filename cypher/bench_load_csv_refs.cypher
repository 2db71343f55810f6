// bench_load_csv_refs: the LOAD CSV peer of govgraph's loader for one reference column of a node file
// (a Ref such as `parent` → WITHIN, `based_in` → BASED_IN): MERGE the tie from the row's node to the node
// the cell names. Run after every node file is loaded, as the loader resolves references across files.
// Parameters: $url (file:/// URL relative to the import folder), $column (the Ref column), $batch (rows per
// transaction). Template: {{SOURCE}} and {{TARGET}} (family labels) and {{TYPE}} are filled from
// graph/ontology.py only. Needs an auto-commit transaction.
LOAD CSV WITH HEADERS FROM $url AS row
WITH row WHERE row[$column] IS NOT NULL AND row[$column] <> ''
CALL (row) {
  MATCH (a:{{SOURCE}} {id: row.id})
  MATCH (b:{{TARGET}} {id: row[$column]})
  MERGE (a)-[:{{TYPE}}]->(b)
} IN TRANSACTIONS OF $batch ROWS
