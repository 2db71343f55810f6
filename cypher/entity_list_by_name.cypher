// entity_list_by_name: one page of the nodes of a kind or family in name order, read off the name index.
// Answers: what entity_list.cypher answers with $sort = 'NAME': up to $limit nodes labelled {{LABEL}} after
//   skipping $skip, each with labels and properties; only those carrying one of $kinds (if not null) and whose
//   `kind` property is $subtype (if not null); ordered by name, then id.
//   Matching the family label too lets the planner walk the family's name index (schema.cypher) in order and
//   stop after the page, instead of sorting every node of the family (a province's 400,000 people: 76 ms
//   sorted, 2 ms walked). Every node has a name (it is required), so `name IS NOT NULL` drops none.
// Parameters: $kinds (list of kind labels or null), $subtype (string or null), $skip, $limit (int).
// Template: {{FAMILY}} is the family of {{LABEL}} (a kind or that family), filled from graph/ontology.py only.
MATCH (n:{{FAMILY}}:{{LABEL}})
WHERE n.name IS NOT NULL
  AND ($kinds IS NULL OR any(label IN labels(n) WHERE label IN $kinds))
  AND ($subtype IS NULL OR n.kind = $subtype)
WITH n
ORDER BY n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
