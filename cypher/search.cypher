// search: full-text search over Chinese and English names (the `name_fulltext` index, CJK analyser).
// Answers: one page of the nodes whose name or name_en matches the Lucene query $text (the API escapes the
//   user's text), in the index's order — best score first (equal scores in index order) — each with its
//   labels, properties and score; only nodes carrying one of $labels when that list is not null; $skip hits
//   skipped, at most $limit returned. The index already yields by score, so no sort: the query stops after
//   $skip + $limit hits.
// Parameters: $text (Lucene query string), $known (the ontology's node labels: only nodes of a kind), $labels (list of kind or family labels, or null), $skip, $limit (int).
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node, score
WHERE any(label IN labels(node) WHERE label IN $known)
  AND ($labels IS NULL OR any(label IN labels(node) WHERE label IN $labels))
WITH node, score
SKIP $skip LIMIT $limit
RETURN properties(node) AS node, labels(node) AS labels, score
