// entity_list_within: one page of the nodes of a kind or family inside an area, at any depth below it.
// Answers: like entity_list.cypher, among the nodes placed ({{INWARD}}: BASED_IN, LOCATED_IN, WITHIN …) in
//   the area $within or any area below it (areas: strictly below it).
//   With $sort = 'PROPERTY' (the API's orderBy) ordered by the property $orderBy, descending when $descending,
//   nodes without it last, then name and id; the other orders pass $orderBy = 'name' (which changes nothing).
// Parameters: $within (Area id), $kinds (list of kind labels or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py),
//   $sort ('NAME' | 'TIES'), $skip, $limit (int),
//   $orderBy (a property name, from api/filters.py's orderBy enums), $descending (bool).
// Template: {{LABEL}} is a kind or family label; {{INWARD}} the path from an area back to such a node
//   (api/templates.py placement), both built from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
MATCH (:Area {id: $within})<-[:WITHIN*0..]-{{INWARD}}(n:{{LABEL}})
WITH DISTINCT n
WHERE true {{FILTERS}}
WITH n
ORDER BY CASE WHEN $sort = 'TIES' THEN COUNT { (n)--() } ELSE 0 END DESC,
         n[$orderBy] IS NULL, CASE WHEN $descending THEN n[$orderBy] END DESC, n[$orderBy], n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
