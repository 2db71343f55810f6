// entity_list_count: how many nodes entity_list.cypher would list over all its pages.
// Answers: one row: the count of nodes labelled {{LABEL}}, carrying one of $kinds (if not null), whose `kind`
//   property is $subtype (if not null).
// Parameters: $kinds (list of kind labels or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py).
// Template: {{LABEL}} is a kind or family label, filled from graph/ontology.py only.
MATCH (n:{{LABEL}})
WHERE ($kinds IS NULL OR any(label IN labels(n) WHERE label IN $kinds))
  AND ($subtype IS NULL OR n.kind = $subtype)
  AND all(f IN $where WHERE CASE f.op WHEN '=' THEN n[f.p] = f.v WHEN '>' THEN n[f.p] > f.v
                                      WHEN '>=' THEN n[f.p] >= f.v WHEN '<' THEN n[f.p] < f.v
                                      ELSE n[f.p] <= f.v END)
RETURN count(n) AS total
