// bench_clone_cases: multiply the residents' cases for the service-levels bench (bench/service_levels_bench.py):
//   each original case (an id without '-x') gets copies `<id>-x<k>` for k in [$first, $last], on the same area
//   and handler, with the same properties, named one by one (a copy of the whole map would hold the original's id
//   for a moment).
// Answers: nothing. Writes in transactions of $batch copies each (a ×50 city's 392,000 copies do not fit one
//   transaction's memory), so it must run in an auto-commit (implicit) transaction.
// Parameters: $first, $last (ints, the copy numbers), $batch (copies per transaction).
MATCH (c:Case)
WHERE NOT c.id CONTAINS '-x'
UNWIND range($first, $last) AS k
CALL (c, k) {
  MATCH (c)-[:REPORTED_IN]->(a:Area)
  OPTIONAL MATCH (c)-[:HANDLED_BY]->(h:Organization)
  CREATE (x:Case {id: c.id + '-x' + k, name: c.name, category: c.category, status: c.status,
                  mediated: c.mediated, reported_at: c.reported_at, accepted_at: c.accepted_at,
                  handled_at: c.handled_at, closed_at: c.closed_at, source: c.source,
                  satisfaction: c.satisfaction})
  CREATE (x)-[:REPORTED_IN]->(a)
  FOREACH (_ IN CASE WHEN h IS NULL THEN [] ELSE [1] END | CREATE (x)-[:HANDLED_BY]->(h))
} IN TRANSACTIONS OF $batch ROWS
