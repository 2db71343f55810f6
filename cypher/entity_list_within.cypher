// entity_list_within: one page of the nodes of a kind or family inside an area, at any depth below it.
// Answers: like entity_list.cypher, among the nodes placed ({{INWARD}}: BASED_IN, LOCATED_IN, WITHIN …) in
//   the area $within or any area below it (areas: strictly below it).
// Parameters: $within (Area id), $kinds (list of kind labels or null), $subtype (string or null),
//   $sort ('NAME' | 'TIES'), $skip, $limit (int).
// Template: {{LABEL}} is a kind or family label; {{INWARD}} the path from an area back to such a node
//   (api/templates.py placement), both built from graph/ontology.py only.
MATCH (:Area {id: $within})<-[:WITHIN*0..]-{{INWARD}}(n:{{LABEL}})
WITH DISTINCT n
WHERE ($kinds IS NULL OR any(label IN labels(n) WHERE label IN $kinds))
  AND ($subtype IS NULL OR n.kind = $subtype)
WITH n
ORDER BY CASE WHEN $sort = 'TIES' THEN COUNT { (n)--() } ELSE 0 END DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
