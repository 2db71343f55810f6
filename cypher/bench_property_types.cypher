// bench_property_types: a fingerprint of a loaded graph, to check two loaders built the same one: how many
// values each property key holds, by value type, on nodes and on relationships. A relationship's `id` is
// left out: the loader gives reference ties (parent → WITHIN …) a derived id that LOAD CSV cannot compute.
// Parameters: none. Returns rows (scope: 'node' or 'relationship', key, type, count).
CALL () {
  MATCH (n) WHERE NOT n:GraphMeta
  UNWIND keys(n) AS key
  RETURN 'node' AS scope, key, valueType(n[key]) AS type, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  UNWIND [k IN keys(r) WHERE k <> 'id'] AS key
  RETURN 'relationship' AS scope, key, valueType(r[key]) AS type, count(*) AS count
}
RETURN scope, key, type, count
