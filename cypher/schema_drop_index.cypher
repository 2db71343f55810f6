// schema_drop_index: drop one index of schema.cypher by its name, if it is there (graph/store/schema.py
// drop_indexes, before a large load into an empty database; `schema.apply` creates it again after).
// Answers: nothing.
// Parameters: $name: the index's name, one of schema.cypher's (graph/store/schema.py index_names), never a
// constraint's.
DROP INDEX $name IF EXISTS
