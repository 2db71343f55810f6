// entity_list_text_relevance: one page of the nodes of a kind or family whose names match a full-text query,
//   best score first (the default order of a list asked with `text`).
// Answers: like entity_list_text.cypher with $sort = 'RELEVANCE' (labels and node), ordered by score, then
//   name, then id, and nothing else: entity_list_text.cypher's sort keys for its other orders (ties, a
//   property) would be read for every match — two thirds of the page's database hits.
//   Ordered and cut in one step, and uncounted: the API runs entity_list_text_count.cypher beside it when
//   `totalCount` is asked for (why: entity_list_text.cypher's header).
// Parameters: $text (Lucene query; the API escapes user text), $kinds (list or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py), $skip, $limit (int).
// Template: {{LABEL}} is a kind or family label, filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n, score
WHERE n:{{LABEL}}
  {{FILTERS}}
WITH n, score
ORDER BY score DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
