// entity_list_text_within_count: how many nodes entity_list_text_within.cypher would list over all its pages.
// Answers: one row: the count of nodes labelled {{LABEL}} the full-text query $text finds that are placed in
//   the area $within or below it, carrying one of $kinds (if not null), whose `kind` is $subtype (if not null).
// Parameters: $text (Lucene query), $within (Area id), $kinds (list or null), $subtype (string or null),
//   $where (conditions on property values [{p, op, v}], api/filters.py).
// Template: {{LABEL}} and {{OUTWARD}} as in entity_list_text_within.cypher, from graph/ontology.py only.
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node AS n
WHERE n:{{LABEL}}
  AND ($kinds IS NULL OR any(label IN labels(n) WHERE label IN $kinds))
  AND ($subtype IS NULL OR n.kind = $subtype)
  AND all(f IN $where WHERE CASE f.op WHEN '=' THEN n[f.p] = f.v WHEN '>' THEN n[f.p] > f.v
                                      WHEN '>=' THEN n[f.p] >= f.v WHEN '<' THEN n[f.p] < f.v
                                      ELSE n[f.p] <= f.v END)
  AND EXISTS { (n){{OUTWARD}}-[:WITHIN*0..]->(:Area {id: $within}) }
RETURN count(n) AS total
