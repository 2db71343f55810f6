// ties_both: for each node of a DataLoader batch, one page of its {{REL}} ties either way (undirected ties are stored once), with {{OTHER}} nodes.
// Answers: one row per id found among nodes labelled {{SELF}}: the id; `ties`, up to $limit ties after skipping
//   $skip, ordered by the other node's name and id, then the tie's start date, each with the tie's properties
//   and the other node's labels and properties; and `total`, the number of such ties when $withTotal (else null).
//   With $asOf only ties valid at that date count (start_date empty or ≤ it, end_date empty or ≥ it).
//   Only ties whose properties meet $where (conditions [{p, op, v}] on tie properties, api/filters.py).
//   With $backward the order is reversed (the last ties first: a `last` page read from the end).
// Parameters: $ids (list of node ids), $asOf (date or null), $skip, $limit (int), $withTotal, $backward (bool),
//   $where (list).
// Template: {{SELF}}, {{REL}}, {{OTHER}} are a label, a relationship type and a label, from graph/ontology.py only.
UNWIND $ids AS id
MATCH (n:{{SELF}} {id: id})
CALL (n) {
  MATCH (n)-[r:{{REL}}]-(m:{{OTHER}})
  WHERE ($asOf IS NULL
     OR ((r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)))
    AND all(f IN $where WHERE CASE f.op WHEN '=' THEN r[f.p] = f.v WHEN '>' THEN r[f.p] > f.v
                                        WHEN '>=' THEN r[f.p] >= f.v WHEN '<' THEN r[f.p] < f.v
                                        ELSE r[f.p] <= f.v END)
  WITH r, m
  ORDER BY CASE WHEN $backward THEN m.name END DESC, CASE WHEN $backward THEN m.id END DESC,
           CASE WHEN $backward THEN r.start_date END DESC, m.name, m.id, r.start_date
  SKIP $skip LIMIT $limit
  RETURN collect({tie: properties(r), labels: labels(m), node: properties(m)}) AS ties
}
RETURN id, ties,
       CASE WHEN $withTotal THEN COUNT {
         MATCH (n)-[r:{{REL}}]-(m:{{OTHER}})
         WHERE ($asOf IS NULL
            OR ((r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)))
           AND all(f IN $where WHERE CASE f.op WHEN '=' THEN r[f.p] = f.v WHEN '>' THEN r[f.p] > f.v
                                               WHEN '>=' THEN r[f.p] >= f.v WHEN '<' THEN r[f.p] < f.v
                                               ELSE r[f.p] <= f.v END)
       } END AS total
