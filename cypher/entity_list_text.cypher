// entity_list_text: one page of the nodes of a kind or family whose names match a full-text query.
// Answers: like entity_list.cypher, among the nodes the `name_fulltext` index (CJK analyser; name and name_en)
//   finds for the Lucene query $text; with $sort = 'RELEVANCE' best score first (then name, id).
//   Each row also carries `total`, how many match over all pages: the matches are sorted, gathered once and
//   counted, and the page is cut out of them, which spares entity_list_text_count.cypher's second pass over
//   the index (that one still answers when the page is empty). Not a Top of the page's rows over a list of
//   every match, as before: Neo4j accounts each row a Top keeps with all it carries, list included, so that
//   held (page rows) × (matches) of transaction memory — 26.6 MB for the bench's 3,307-match name query at
//   ×1 against 1.9 MB now, and at ×10, 32 such queries at once ran the server out of transaction memory.
//   With $sort = 'PROPERTY' (the API's orderBy) ordered by the property $orderBy, descending when $descending,
//   nodes without it last, then name and id; the other orders pass $orderBy = 'name' (which changes nothing).
// Parameters: $text (Lucene query; the API escapes user text), $kinds (list or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py),
//   $sort ('NAME' | 'TIES' | 'RELEVANCE'), $skip, $limit (int),
//   $orderBy (a property name, from api/filters.py's orderBy enums), $descending (bool).
// Template: {{LABEL}} is a kind or family label, filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n, score
WHERE n:{{LABEL}}
  {{FILTERS}}
WITH n, score
ORDER BY CASE $sort WHEN 'TIES' THEN toFloat(COUNT { (n)--() }) WHEN 'RELEVANCE' THEN score ELSE 0.0 END DESC,
         n[$orderBy] IS NULL, CASE WHEN $descending THEN n[$orderBy] END DESC, n[$orderBy], n.name, n.id
WITH collect(n) AS ordered
UNWIND ordered[$skip..$skip + $limit] AS n
RETURN labels(n) AS labels, properties(n) AS node, size(ordered) AS total
