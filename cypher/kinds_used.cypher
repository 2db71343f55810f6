// kinds_used: which `kind` codes does the graph use, per label?
// Answers: one row per label whose nodes carry a `kind`: `label`, `kinds` (the distinct codes, sorted).
// Parameters: none.
MATCH (n)
WHERE n.kind IS NOT NULL
UNWIND labels(n) AS label
WITH label, n.kind AS kind ORDER BY kind
RETURN label, collect(DISTINCT kind) AS kinds
