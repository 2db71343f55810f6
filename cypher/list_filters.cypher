// list_filters: the conditions a root list narrows its nodes n by, one a line, as the FILTERS of the
//   entity_list_* and entity_aggregate queries (api/filters.py `narrowing`). A line goes in only when the request
//   uses its parameter: a condition that is always true (`$kinds IS NULL OR …`) was still evaluated on every
//   candidate, 1.2 ms of a 10 ms full-text page of 2,600 matches.
// Answers: nothing by itself; each line is `AND <condition>`.
// Parameters: $kinds (list of kind labels), $subtype (string), $where (conditions on property values
//   [{p, op, v}], api/filters.py), each passed whether its line is used or not.
// Template: none.
AND any(label IN labels(n) WHERE label IN $kinds)
AND n.kind = $subtype
AND all(f IN $where WHERE CASE f.op WHEN '=' THEN n[f.p] = f.v WHEN '>' THEN n[f.p] > f.v WHEN '>=' THEN n[f.p] >= f.v WHEN '<' THEN n[f.p] < f.v ELSE n[f.p] <= f.v END)
