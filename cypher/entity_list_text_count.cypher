// entity_list_text_count: how many nodes entity_list_text.cypher would list over all its pages.
// Answers: one row: the count of nodes labelled {{LABEL}} the full-text query $text finds, carrying one of
//   $kinds (if not null), whose `kind` property is $subtype (if not null).
// Parameters: $text (Lucene query), $kinds (list or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py).
// Template: {{LABEL}} is a kind or family label, filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n
WHERE n:{{LABEL}}
  {{FILTERS}}
RETURN count(n) AS total
