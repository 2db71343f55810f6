// fold_ties: one page of the {{REL}} ties of the node {{N}}, as a subquery of the query that found {{N}}
//   (api/folding.py): what ties_out / ties_in / ties_both.cypher answer for one node, without a round trip.
// Answers: {{OUT}}, a map {ties, total}: `ties` up to ${{OUT}}_limit ties ordered by the other node's name and
//   id, then the tie's start date, each {tie, labels, node, folded} (`folded`: the answers of the fields folded
//   below the other node, in the order of the plan); `total` the number of such ties when ${{OUT}}_withTotal.
// Parameters: ${{OUT}}_limit (int, at least 1), ${{OUT}}_withTotal (bool).
// Template: MATCH the tie pattern from {{N}} through r to {{M}}, and {{REL}}, assembled by api/folding.py
//   from graph/ontology.py names only; {{N}}, {{M}}, {{OUT}} variable names it generates (queries.Slot);
//   NESTED and FOLDED the subqueries and result variables of the fields folded below {{M}}; TIE and NODE
//   `properties(r)` and `properties({{M}})`, or map projections of only the properties the request shows
//   (graph/store/queries.py's `projection`, ontology property names only): what is not shown is not sent.
CALL ({{N}}) {
  WITH {{N}}, CASE WHEN ${{OUT}}_withTotal THEN COUNT { MATCH {{MATCH}} } END AS total
  OPTIONAL MATCH {{MATCH}}
  WITH total, r, {{M}}
  ORDER BY {{M}}.name, {{M}}.id, r.start_date
  LIMIT ${{OUT}}_limit
  {{NESTED}}
  WITH total, collect(CASE WHEN r IS NOT NULL
                           THEN {tie: {{TIE}}, labels: labels({{M}}), node: {{NODE}}, folded: [{{FOLDED}}]}
                           END) AS ties
  RETURN {total: total, ties: ties} AS {{OUT}}
}
