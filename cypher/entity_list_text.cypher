// entity_list_text: one page of the nodes of a kind or family whose names match a full-text query.
// Answers: like entity_list.cypher, among the nodes the `name_fulltext` index (CJK analyser; name and name_en)
//   finds for the Lucene query $text; with $sort = 'RELEVANCE' best score first (then name, id).
//   With $sort = 'PROPERTY' (the API's orderBy) ordered by the property $orderBy, descending when $descending,
//   nodes without it last, then name and id; the other orders pass $orderBy = 'name' (which changes nothing).
//   Ordered and cut in one step (a Top of the page's rows, carrying nothing but the node and its sort keys),
//   and uncounted: the API runs entity_list_text_count.cypher beside it when `totalCount` is asked for.
//   Two earlier shapes were slower or heavier (×10 city, 28,781 matches, PROFILE and p50 of 30): a Top whose
//   rows each carried the list of every match held rows × matches of transaction memory (231 MB for 21
//   rows; 32 such queries at once ran the server out of it); sorting every match, then gathering and cutting
//   them, held 17 MB but took 118 ms against this shape's 70 ms (the count beside it: about 20 ms more).
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
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
