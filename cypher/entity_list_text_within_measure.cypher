// entity_list_text_within_measure: one page of organisations inside an area whose names match a query, by a measure.
// Answers: like entity_list_text_within.cypher (full-text matches placed, {{OUTWARD}}, in the area $within or any
//   area below it), ordered by the node property named $measure (written by `govgraph analyze`), highest first;
//   nodes without it last; then name and id.
//   Ordered and cut in one step, and uncounted: the API runs entity_list_text_within_count.cypher beside it
//   when `totalCount` is asked for (why: entity_list_text.cypher's header).
// Parameters: $measure (a property name of graph.analysis.MEASURE_PROPS, taken by the API from its
//   OrganizationMeasure enum, never from user text), $text (Lucene query), $within (Area id), $kinds (list or
//   null), $subtype (string or null), $where (conditions on property values [{p, op, v}], api/filters.py),
//   $skip, $limit (int).
// Template: {{LABEL}} is an organisation kind or family label; {{OUTWARD}} the path from such a node to its area
//   (api/templates.py placement), both built from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n
WHERE n:{{LABEL}}
  {{FILTERS}}
  AND EXISTS { (n){{OUTWARD}}-[:WITHIN*0..]->(:Area {id: $within}) }
WITH n, n[$measure] AS value
ORDER BY value IS NULL, value DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
