// search_count: how many nodes a full-text search finds (the totalCount of `search`).
// Answers: one row, `total`: the nodes whose name or name_en matches the Lucene query $text, only those
//   carrying one of $labels when that list is not null (what cypher/search.cypher pages through).
// Parameters: $text (Lucene query string), $known (the ontology's node labels: only nodes of a kind), $labels (list of kind or family labels, or null).
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node
WHERE any(label IN labels(node) WHERE label IN $known)
  AND ($labels IS NULL OR any(label IN labels(node) WHERE label IN $labels))
RETURN count(node) AS total
