// entity_list_within_count: how many nodes entity_list_within.cypher would list over all its pages.
// Answers: one row: the count of distinct nodes labelled {{LABEL}} placed in the area $within or below it,
//   carrying one of $kinds (if not null), whose `kind` property is $subtype (if not null).
// Parameters: $within (Area id), $kinds (list of kind labels or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py).
// Template: {{LABEL}} and {{INWARD}} as in entity_list_within.cypher, from graph/ontology.py only.
MATCH (:Area {id: $within})<-[:WITHIN*0..]-{{INWARD}}(n:{{LABEL}})
WITH DISTINCT n
WHERE ($kinds IS NULL OR any(label IN labels(n) WHERE label IN $kinds))
  AND ($subtype IS NULL OR n.kind = $subtype)
  AND all(f IN $where WHERE CASE f.op WHEN '=' THEN n[f.p] = f.v WHEN '>' THEN n[f.p] > f.v
                                      WHEN '>=' THEN n[f.p] >= f.v WHEN '<' THEN n[f.p] < f.v
                                      ELSE n[f.p] <= f.v END)
RETURN count(n) AS total
