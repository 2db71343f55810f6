// entity_list_text_measure: one page of organisations whose names match a full-text query, ordered by a measure.
// Answers: like entity_list_text.cypher (the `name_fulltext` index finds them for the Lucene query $text), ordered
//   by the node property named $measure (written by `govgraph analyze`), highest first; nodes without it last;
//   then name and id.
// Parameters: $measure (a property name of graph.analysis.MEASURE_PROPS, taken by the API from its
//   OrganizationMeasure enum, never from user text), $text (Lucene query; the API escapes user text), $kinds
//   (list or null), $subtype (string or null), $skip, $limit (int).
// Template: {{LABEL}} is an organisation kind or family label, filled from graph/ontology.py only.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n
WHERE n:{{LABEL}}
  AND ($kinds IS NULL OR any(label IN labels(n) WHERE label IN $kinds))
  AND ($subtype IS NULL OR n.kind = $subtype)
WITH n, n[$measure] AS value
ORDER BY value IS NULL, value DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
