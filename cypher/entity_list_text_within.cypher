// entity_list_text_within: one page of the nodes of a kind or family inside an area whose names match a query.
// Answers: like entity_list_text.cypher, keeping only nodes placed ({{OUTWARD}}) in the area $within or any
//   area below it.
//   With $sort = 'PROPERTY' (the API's orderBy) ordered by the property $orderBy, descending when $descending,
//   nodes without it last, then name and id; the other orders pass $orderBy = 'name' (which changes nothing).
//   Ordered and cut in one step, and uncounted: the API runs entity_list_text_within_count.cypher beside it
//   when `totalCount` is asked for (why: entity_list_text.cypher's header).
// Parameters: $text (Lucene query), $within (Area id), $kinds (list or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py),
//   $sort ('NAME' | 'TIES' | 'RELEVANCE'), $skip, $limit (int),
//   $orderBy (a property name, from api/filters.py's orderBy enums), $descending (bool).
// Template: {{LABEL}} is a kind or family label; {{OUTWARD}} the path from such a node to its area
//   (api/templates.py placement), both built from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n, score
WHERE n:{{LABEL}}
  {{FILTERS}}
  AND EXISTS { (n){{OUTWARD}}-[:WITHIN*0..]->(:Area {id: $within}) }
WITH n, score
ORDER BY CASE $sort WHEN 'TIES' THEN toFloat(COUNT { (n)--() }) WHEN 'RELEVANCE' THEN score ELSE 0.0 END DESC,
         n[$orderBy] IS NULL, CASE WHEN $descending THEN n[$orderBy] END DESC, n[$orderBy], n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
