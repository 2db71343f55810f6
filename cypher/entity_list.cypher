// entity_list: one page of the nodes of a kind or family, in a chosen order.
// Answers: up to $limit nodes labelled {{LABEL}} after skipping $skip, each with labels and properties; only
//   those carrying one of $kinds (if not null) and whose `kind` property is $subtype (if not null). Ordered by
//   name (then id), or with $sort = 'TIES' by number of relationships (most first), then name and id.
//   With $sort = 'PROPERTY' (the API's orderBy) ordered by the property $orderBy, descending when $descending,
//   nodes without it last, then name and id; the other orders pass $orderBy = 'name' (which changes nothing).
// Parameters: $kinds (list of kind labels or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py), $sort ('NAME' | 'TIES'),
//   $skip, $limit (int),
//   $orderBy (a property name, from api/filters.py's orderBy enums), $descending (bool).
// Template: {{LABEL}} is a kind or family label, filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
MATCH (n:{{LABEL}})
WHERE true {{FILTERS}}
WITH n
ORDER BY CASE WHEN $sort = 'TIES' THEN COUNT { (n)--() } ELSE 0 END DESC,
         n[$orderBy] IS NULL, CASE WHEN $descending THEN n[$orderBy] END DESC, n[$orderBy], n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
