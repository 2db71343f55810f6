// entity_list: one page of the nodes of a kind or family, in a chosen order.
// Answers: up to $limit nodes labelled {{LABEL}} after skipping $skip, each with labels and properties; only
//   those carrying one of $kinds (if not null) and whose `kind` property is $subtype (if not null). Ordered by
//   name (then id), or with $sort = 'TIES' by number of relationships (most first), then name and id.
// Parameters: $kinds (list of kind labels or null), $subtype (string or null), $sort ('NAME' | 'TIES'),
//   $skip, $limit (int).
// Template: {{LABEL}} is a kind or family label, filled from graph/ontology.py only.
MATCH (n:{{LABEL}})
WHERE ($kinds IS NULL OR any(label IN labels(n) WHERE label IN $kinds))
  AND ($subtype IS NULL OR n.kind = $subtype)
WITH n
ORDER BY CASE WHEN $sort = 'TIES' THEN COUNT { (n)--() } ELSE 0 END DESC, n.name, n.id
SKIP $skip LIMIT $limit
RETURN labels(n) AS labels, properties(n) AS node
