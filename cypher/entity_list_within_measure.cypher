// entity_list_within_measure: one page of organisations inside an area, ordered by a measure `govgraph analyze` wrote.
// Answers: like entity_list_within.cypher (placed, {{INWARD}}, in the area $within or any area below it),
//   ordered by the node property named $measure, highest first; nodes without it last; then name and id.
// Parameters: $measure (a property name of graph.analysis.MEASURE_PROPS, taken by the API from its
//   OrganizationMeasure enum, never from user text), $within (Area id), $kinds (list of kind labels or null),
//   $subtype (string or null), $where (conditions on property values [{p, op, v}], api/filters.py), $skip,
//   $limit (int).
// Template: {{LABEL}} is an organisation kind or family label; {{INWARD}} the path from an area back to such a
//   node (api/templates.py placement), both built from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
MATCH (:Area {id: $within})<-[:WITHIN*0..]-{{INWARD}}(n:{{LABEL}})
WITH DISTINCT n
WHERE true {{FILTERS}}
WITH n, n[$measure] AS value
ORDER BY value IS NULL, value DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
