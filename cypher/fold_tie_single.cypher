// fold_tie_single: the one node the single-valued {{REL}} tie of {{N}} points to, as a subquery of the query
//   that found {{N}} (api/folding.py): what tie_single.cypher answers for one node, without a round trip.
// Answers: {{OUT}}, {labels, node, folded} of the target (the lowest id, should there be several), or null;
//   `folded` the answers of the fields folded below the target, in the order of the plan.
// Parameters: none of its own.
// Template: {{REL}}, {{OTHER}} a relationship type and a label from graph/ontology.py; {{N}}, {{M}}, {{OUT}}
//   variable names api/folding.py generates (queries.Slot); NESTED and FOLDED the subqueries and
//   result variables of the fields folded below {{M}}; NODE `properties({{M}})`, or a map projection of only
//   the properties the request shows (graph/store/queries.py's `projection`, ontology property names only).
CALL ({{N}}) {
  OPTIONAL MATCH ({{N}})-[:{{REL}}]->({{M}}:{{OTHER}})
  WITH {{M}}
  ORDER BY {{M}}.id
  LIMIT 1
  {{NESTED}}
  RETURN CASE WHEN {{M}} IS NULL THEN null
              ELSE {labels: labels({{M}}), node: {{NODE}}, folded: [{{FOLDED}}]} END AS {{OUT}}
}
