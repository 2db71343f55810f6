// entity_list_within_count: how many nodes entity_list_within.cypher would list over all its pages.
// Answers: one row: the count of distinct nodes labelled {{LABEL}} placed in the area $within or below it,
//   carrying one of $kinds (if not null), whose `kind` property is $subtype (if not null).
// Parameters: $within (Area id), $kinds (list of kind labels or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py).
// Template: {{LABEL}} and {{INWARD}} as in entity_list_within.cypher, from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
MATCH (:Area {id: $within})<-[:WITHIN*0..]-{{INWARD}}(n:{{LABEL}})
WITH DISTINCT n
WHERE true {{FILTERS}}
RETURN count(n) AS total
