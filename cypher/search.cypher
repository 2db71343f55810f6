// search: full-text search over Chinese and English names (the `name_fulltext` index, CJK analyser).
// Answers: up to $first nodes whose name or name_en matches the Lucene query $text (the API escapes the user's
//   text), in the index's order — best score first (equal scores in index order) — each with its labels,
//   properties and score; only nodes carrying one of $labels when that list is not null. The index already
//   yields by score, so no sort: the query stops after $first hits.
// Parameters: $text (Lucene query string), $labels (list of kind or family labels, or null), $first (int).
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node, score
WHERE $labels IS NULL OR any(label IN labels(node) WHERE label IN $labels)
WITH node, score
LIMIT $first
RETURN properties(node) AS node, labels(node) AS labels, score
