// entity_list_text_measure: one page of organisations whose names match a full-text query, ordered by a measure.
// Answers: like entity_list_text.cypher (the `name_fulltext` index finds them for the Lucene query $text), ordered
//   by the node property named $measure (written by `govgraph analyze`), highest first; nodes without it last;
//   then name and id.
//   Ordered and cut in one step, and uncounted: the API runs entity_list_text_count.cypher beside it when
//   `totalCount` is asked for (why: entity_list_text.cypher's header).
// Parameters: $measure (a property name of graph.analysis.MEASURE_PROPS, taken by the API from its
//   OrganizationMeasure enum, never from user text), $text (Lucene query; the API escapes user text), $kinds
//   (list or null), $subtype (string or null), $where (conditions on property values [{p, op, v}],
//   api/filters.py), $skip, $limit (int).
// Template: {{LABEL}} is an organisation kind or family label, filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n
WHERE n:{{LABEL}}
  {{FILTERS}}
WITH n, n[$measure] AS value
ORDER BY value IS NULL, value DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
