// entity_list_text_within_measure: one page of organisations inside an area whose names match a query, by a measure.
// Answers: like entity_list_text_within.cypher (full-text matches placed, {{OUTWARD}}, in the area $within or any
//   area below it), ordered by the node property named $measure (written by `govgraph analyze`), highest first;
//   nodes without it last; then name and id.
// Parameters: $measure (a property name of graph.analysis.MEASURE_PROPS, taken by the API from its
//   OrganizationMeasure enum, never from user text), $text (Lucene query), $within (Area id), $kinds (list or
//   null), $subtype (string or null), $skip, $limit (int).
// Template: {{LABEL}} is an organisation kind or family label; {{OUTWARD}} the path from such a node to its area
//   (api/templates.py placement), both built from graph/ontology.py only.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n
WHERE n:{{LABEL}}
  AND ($kinds IS NULL OR any(label IN labels(n) WHERE label IN $kinds))
  AND ($subtype IS NULL OR n.kind = $subtype)
  AND EXISTS { (n){{OUTWARD}}-[:WITHIN*0..]->(:Area {id: $within}) }
WITH n, n[$measure] AS value
ORDER BY value IS NULL, value DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
