// entity_list_count: how many nodes entity_list.cypher would list over all its pages.
// Answers: one row: the count of nodes labelled {{LABEL}}, carrying one of $kinds (if not null), whose `kind`
//   property is $subtype (if not null).
// Parameters: $kinds (list of kind labels or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py).
// Template: {{LABEL}} is a kind or family label, filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
MATCH (n:{{LABEL}})
WHERE true {{FILTERS}}
RETURN count(n) AS total
