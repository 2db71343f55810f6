// first_load_await_indexes: wait until every index (constraints' included) is ONLINE after a first load by
// neo4j-admin import, where they are created over data already there (loaders/first_load).
// Answers: nothing; fails if an index is not online within the time given.
// Parameters: $seconds: how long to wait.
CALL db.awaitIndexes($seconds)
