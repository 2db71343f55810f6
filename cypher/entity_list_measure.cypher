// entity_list_measure: one page of organisations (a kind or the family) ordered by a measure `govgraph analyze` wrote.
// Answers: like entity_list.cypher, ordered by the node property named $measure, highest first; nodes without it
//   (never analysed, or added since the last analysis) last; ties broken by name, then id.
// Parameters: $measure (a property name of graph.analysis.MEASURE_PROPS, taken by the API from its
//   OrganizationMeasure enum, never from user text), $kinds (list of kind labels or null), $subtype (string or
//   null), $where (conditions on property values [{p, op, v}], api/filters.py), $skip, $limit (int). ($sort is
//   passed but not read: the order is always by the measure.)
// Template: {{LABEL}} is an organisation kind or family label, filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
MATCH (n:{{LABEL}})
WHERE true {{FILTERS}}
WITH n, n[$measure] AS value
ORDER BY value IS NULL, value DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
