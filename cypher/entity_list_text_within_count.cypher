// entity_list_text_within_count: how many nodes entity_list_text_within.cypher would list over all its pages.
// Answers: one row: the count of nodes labelled {{LABEL}} the full-text query $text finds that are placed in
//   the area $within or below it, carrying one of $kinds (if not null), whose `kind` is $subtype (if not null).
// Parameters: $text (Lucene query), $within (Area id), $kinds (list or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py).
// Template: {{LABEL}} and {{OUTWARD}} as in entity_list_text_within.cypher, from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n
WHERE n:{{LABEL}}
  {{FILTERS}}
  AND EXISTS { (n){{OUTWARD}}-[:WITHIN*0..]->(:Area {id: $within}) }
RETURN count(n) AS total
