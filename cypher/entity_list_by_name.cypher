// entity_list_by_name: one page of the nodes of a kind or family in name order, read off the name index by keyset.
// Answers: up to $limit nodes labelled {{LABEL}} whose (name, id) comes after ($afterName, $afterId) (from the
//   start when $afterName is null) and before ($beforeName, $beforeId) (to the end when $beforeName is null),
//   each with labels and properties; only those carrying one of $kinds (if not null) and whose `kind`
//   property is $subtype (if not null); ordered by name, then id.
//   Matching the family label too lets the planner walk the family's name index (schema.cypher) in order from
//   $afterName and stop after the page, instead of sorting every node of the family or reading past the items
//   before the cursor: a page deep in the list costs what the first costs. Every node has a name (it is
//   required), so `name >= ''` drops none.
// Parameters: $kinds (list of kind labels or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py), $afterName, $afterId,
//   $beforeName, $beforeId (strings or null), $limit (int).
// Template: {{FAMILY}} is the family of {{LABEL}} (a kind or that family), filled from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
MATCH (n:{{FAMILY}}:{{LABEL}})
WHERE n.name >= coalesce($afterName, '')
  AND ($afterName IS NULL OR NOT (n.name = $afterName AND n.id <= $afterId))
  AND ($beforeName IS NULL OR n.name < $beforeName OR (n.name = $beforeName AND n.id < $beforeId))
  {{FILTERS}}
WITH n
ORDER BY n.name, n.id
LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
