// bench_clear: empty the database between benchmark runs (nodes and relationships; constraints and
// indexes stay). Batched so a province-sized graph does not need one huge transaction.
// Parameters: $batch — nodes deleted per transaction. Must run in an auto-commit (implicit) transaction.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS
