// bench_load_csv_rels: the LOAD CSV peer of govgraph's loader (cypher/load_rels.cypher) for one relationship
// file: MERGE each row's tie on its id between the two nodes it names, and set every non-empty cell converted
// to its ontology type. An undirected tie (CO_BUILDS) is stored once, from the smaller id to the larger, as
// the loader does. Parameters: $url, $batch, $types, $list_separator, $timezone, $offset_pattern (as in
// bench_load_csv_nodes), $undirected (bool). Template: {{SOURCE}} and {{TARGET}} (family labels) and
// {{TYPE}} are filled from graph/ontology.py only. Needs an auto-commit transaction.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  WITH row, $undirected AND row.target < row.source AS swap
  MATCH (a:{{SOURCE}} {id: CASE WHEN swap THEN row.target ELSE row.source END})
  MATCH (b:{{TARGET}} {id: CASE WHEN swap THEN row.source ELSE row.target END})
  MERGE (a)-[r:{{TYPE}} {id: row.id}]->(b)
  WITH r, row
  UNWIND [k IN keys($types) WHERE row[k] IS NOT NULL AND row[k] <> ''] AS k
  WITH r, k, row[k] AS v
  SET r[k] = CASE $types[k]
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
