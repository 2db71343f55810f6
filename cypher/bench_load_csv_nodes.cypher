// bench_load_csv_nodes: the LOAD CSV peer of govgraph's loader (cypher/load_nodes.cypher) for one node file:
// MERGE each row's node on its family's unique id, add its kind label, set every non-empty cell converted to
// its ontology type. Run by bench/load_csv.py to compare loaders like with like; not used by govgraph itself.
// Parameters: $url (file:/// URL relative to the server's import folder), $batch (rows per transaction),
// $types (map column → ontology type: string, int, float, bool, date, datetime, string_list; id excluded),
// $list_separator, $timezone (offset for datetimes written without one), $offset_pattern (regex: has an offset).
// Template: {{FAMILY}} and {{KIND}} are filled from graph/ontology.py only. Needs an auto-commit transaction.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (n:{{FAMILY}} {id: row.id})
  SET n:{{KIND}}
  WITH n, row
  UNWIND [k IN keys($types) WHERE row[k] IS NOT NULL AND row[k] <> ''] AS k
  WITH n, k, row[k] AS v
  SET n[k] = CASE $types[k]
    WHEN 'int' THEN toInteger(v)
    WHEN 'float' THEN toFloat(v)
    WHEN 'bool' THEN toBoolean(v)
    WHEN 'date' THEN date(v)
    WHEN 'datetime' THEN CASE WHEN v =~ $offset_pattern THEN datetime(v)
                              ELSE datetime({datetime: localdatetime(v), timezone: $timezone}) END
    WHEN 'string_list' THEN [x IN split(v, $list_separator) WHERE trim(x) <> '' | trim(x)]
    ELSE v
  END
} IN TRANSACTIONS OF $batch ROWS
