// entity_list_by_name_backward: the page of `last` items of a name-ordered list, read off the name index backwards.
// Answers: what entity_list_by_name.cypher answers, from the other end: up to $limit nodes labelled {{LABEL}}
//   whose (name, id) comes before ($beforeName, $beforeId) (from the end when $beforeName is null) and after
//   ($afterName, $afterId) (when $afterName is not null), nearest the bound first (name and id descending:
//   the API reverses them); only those carrying one of $kinds (if not null) and whose `kind` is $subtype.
// Parameters: $kinds (list of kind labels or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py), $afterName, $afterId,
//   $beforeName, $beforeId (strings or null), $limit (int).
// Template: {{FAMILY}} is the family of {{LABEL}} (a kind or that family), filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
MATCH (n:{{FAMILY}}:{{LABEL}})
WHERE n.name >= '' AND ($beforeName IS NULL OR n.name <= $beforeName)
  AND ($beforeName IS NULL OR NOT (n.name = $beforeName AND n.id >= $beforeId))
  AND ($afterName IS NULL OR n.name > $afterName OR (n.name = $afterName AND n.id > $afterId))
  {{FILTERS}}
WITH n
ORDER BY n.name DESC, n.id DESC
LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
